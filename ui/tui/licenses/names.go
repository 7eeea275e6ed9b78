package licenses

import (
	"cmp"
	"slices"
	"strings"

	"github.com/seats/seats/model"
)

// nameIndex is one load's product, user and asset names, lower-cased once:
// every query scans all of them (a third of a million users at a million
// licenses), so they are also joined into one string that a single
// strings.Index pass searches at memory speed.
type nameIndex struct {
	products, users, assets nameList
}

type nameList struct {
	ids []model.ID
	low []string
	top model.ID // the largest ID
	// blob is low joined by sep; starts[i] is where low[i] begins in it.
	blob   string
	starts []int
}

// sep cannot occur in a name (the domain refuses control characters).
const sep = "\x00"

func newNameIndex(n model.Names) *nameIndex {
	return &nameIndex{products: newNameList(n.Products), users: newNameList(n.Users), assets: newNameList(n.Assets)}
}

func newNameList(m map[model.ID]string) nameList {
	l := nameList{ids: make([]model.ID, 0, len(m)), low: make([]string, 0, len(m)), starts: make([]int, 0, len(m))}
	var b strings.Builder
	for id, name := range m {
		low := strings.ToLower(name)
		l.ids = append(l.ids, id)
		l.low = append(l.low, low)
		l.top = max(l.top, id)
		l.starts = append(l.starts, b.Len())
		b.WriteString(low)
		b.WriteString(sep)
	}
	l.blob = b.String()
	return l
}

// matching is the set of IDs whose name contains w (lower case).
func (l *nameList) matching(w string) idSet {
	s := idSet{top: l.top}
	if w == "" || strings.Contains(w, sep) {
		return s
	}
	for at := 0; at < len(l.blob); {
		j := strings.Index(l.blob[at:], w)
		if j < 0 {
			break
		}
		// The name holding the hit: the last one starting at or before it.
		i, found := slices.BinarySearch(l.starts, at+j)
		if !found {
			i--
		}
		s.add(l.ids[i])
		at = l.starts[i] + len(l.low[i]) + len(sep) // on to the next name
	}
	return s
}

// maxDense bounds the tables indexed by ID: beyond it a map is cheaper.
// IDs come from per-bucket sequences, so this is only for damaged data.
const maxDense = 1 << 22

// idSet is a set of record IDs: a slice indexed by ID, so a lookup in the
// pass over the licenses is one bounds check. It allocates on the first add.
type idSet struct {
	top    model.ID
	dense  []bool
	sparse map[model.ID]bool
}

func (s *idSet) add(id model.ID) {
	switch {
	case s.dense == nil && s.sparse == nil && s.top < maxDense:
		s.dense = make([]bool, s.top+1)
	case s.dense == nil && s.sparse == nil:
		s.sparse = map[model.ID]bool{}
	}
	if s.dense != nil {
		s.dense[id] = true
	} else {
		s.sparse[id] = true
	}
}

func (s *idSet) contains(id model.ID) bool {
	switch {
	case s.dense != nil:
		return id < model.ID(len(s.dense)) && s.dense[id]
	case s.sparse != nil:
		return s.sparse[id]
	}
	return false // most sets are empty: no hashing for them
}

func (s *idSet) empty() bool { return s.dense == nil && s.sparse == nil }

// idRanks maps IDs to their names' alphabetical rank (noKey when unknown).
type idRanks struct {
	dense  []uint32
	sparse map[model.ID]uint32
}

func (r *idRanks) get(id model.ID) uint32 {
	if r.dense != nil {
		if id < model.ID(len(r.dense)) {
			return r.dense[id]
		}
		return noKey
	}
	if k, ok := r.sparse[id]; ok {
		return k
	}
	return noKey
}

// rankLists ranks the names of several lists in one alphabet (users and
// assets share the assignee column); equal names share a rank.
func rankLists(lists ...*nameList) []idRanks {
	var all []string
	for _, l := range lists {
		all = append(all, l.low...)
	}
	slices.SortFunc(all, cmp.Compare)
	all = slices.Compact(all)
	out := make([]idRanks, len(lists))
	for i, l := range lists {
		r := &out[i]
		if l.top < maxDense {
			r.dense = make([]uint32, l.top+1)
			for j := range r.dense {
				r.dense[j] = noKey
			}
		} else {
			r.sparse = make(map[model.ID]uint32, len(l.ids))
		}
		for j, id := range l.ids {
			k, _ := slices.BinarySearch(all, l.low[j])
			if r.dense != nil {
				r.dense[id] = uint32(k)
			} else {
				r.sparse[id] = uint32(k)
			}
		}
	}
	return out
}
