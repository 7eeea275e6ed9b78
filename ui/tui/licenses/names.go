package licenses

import (
	"cmp"
	"slices"
	"strings"

	"github.com/seats/seats/model"
)

// nameIndex is one load's product, user and asset names. Rows name them by
// position in these lists, so every table built over names is a slice as
// long as the list, whatever the IDs.
type nameIndex struct {
	products, users, assets nameList
}

// nameList is one kind of name. Every query scans all of them (a third of
// a million users at a million licenses), so the lower-cased names are
// joined into one string that a single strings.Index pass searches at
// memory speed.
type nameList struct {
	n int
	// shown is the names as the directory gives them; nil when each is
	// its lower-cased self (emails), which blob then holds already.
	shown []string
	// blob is the lower-cased names, each followed by sep; name i's
	// begins at starts[i], and starts ends with len(blob).
	blob   string
	starts []int
}

// sep cannot occur in a name (the domain refuses control characters).
const sep = "\x00"

// noPos is a row's position for a name it does not have (no assignee) or
// that the load does not know.
const noPos = ^uint32(0)

func newNameList(ns []model.Named) nameList {
	l := nameList{n: len(ns), starts: make([]int, 0, len(ns)+1)}
	size := 0
	for _, n := range ns {
		size += len(n.Name) + len(sep)
	}
	var b strings.Builder
	b.Grow(size)
	lower := true
	for _, n := range ns {
		low := strings.ToLower(n.Name)
		lower = lower && low == n.Name
		l.starts = append(l.starts, b.Len())
		b.WriteString(low)
		b.WriteString(sep)
	}
	l.starts = append(l.starts, b.Len())
	l.blob = b.String()
	if !lower {
		l.shown = make([]string, len(ns))
		for i, n := range ns {
			l.shown[i] = n.Name
		}
	}
	return l
}

func (l *nameList) len() int { return l.n }

// low is name i lower-cased.
func (l *nameList) low(i int) string { return l.blob[l.starts[i] : l.starts[i+1]-len(sep)] }

// name is the name at pos as shown ("" for noPos).
func (l *nameList) name(pos uint32) string {
	switch {
	case int64(pos) >= int64(l.n):
		return ""
	case l.shown == nil:
		return l.low(int(pos))
	}
	return l.shown[pos]
}

// matching is the set of names that contain w (lower case).
func (l *nameList) matching(w string) posSet {
	s := posSet{n: l.len()}
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
		s.add(i)
		at = l.starts[i+1] // on to the next name
	}
	return s
}

// order lists the positions in alphabetical order of the lower-cased
// names; nil when they are in that order already, as the directory reads
// them from the store's name indexes.
func (l *nameList) order() []int {
	sorted := true
	for i := 1; i < l.len() && sorted; i++ {
		sorted = l.low(i-1) <= l.low(i)
	}
	if sorted {
		return nil
	}
	o := make([]int, l.len())
	for i := range o {
		o[i] = i
	}
	slices.SortStableFunc(o, func(a, b int) int { return cmp.Compare(l.low(a), l.low(b)) })
	return o
}

// posSet is a set of positions in one name list. It allocates on the
// first add; a lookup in the pass over the licenses is one bounds check.
type posSet struct {
	n  int
	in []bool
}

func (s *posSet) add(i int) {
	if s.in == nil {
		s.in = make([]bool, s.n)
	}
	s.in[i] = true
}

func (s *posSet) contains(pos uint32) bool { return int64(pos) < int64(len(s.in)) && s.in[pos] }

func (s *posSet) empty() bool { return s.in == nil }

// maxDense bounds the tables indexed by ID: beyond it a map is cheaper.
// IDs come from per-bucket sequences, so this is only for damaged data.
const maxDense = 1 << 22

// positions finds names by ID while a load's rows are built.
type positions struct {
	dense  []uint32
	sparse map[model.ID]uint32
}

func newPositions(ns []model.Named) positions {
	top := model.ID(0)
	for _, n := range ns {
		top = max(top, n.ID)
	}
	var p positions
	if top < maxDense {
		p.dense = make([]uint32, top+1)
		for i := range p.dense {
			p.dense[i] = noPos
		}
	} else {
		p.sparse = make(map[model.ID]uint32, len(ns))
	}
	for i, n := range ns {
		if p.dense != nil {
			p.dense[n.ID] = uint32(i)
		} else {
			p.sparse[n.ID] = uint32(i)
		}
	}
	return p
}

func (p *positions) of(id model.ID) uint32 {
	if p.dense != nil {
		if id < model.ID(len(p.dense)) {
			return p.dense[id]
		}
		return noPos
	}
	if i, ok := p.sparse[id]; ok {
		return i
	}
	return noPos
}

// rankLists ranks the names of several lists in one alphabet (users and
// assets share the assignee column); equal names share a rank. The lists
// come sorted from the directory, so ranking is one merge.
func rankLists(lists ...*nameList) [][]uint32 {
	orders := make([][]int, len(lists))
	out := make([][]uint32, len(lists))
	for i, l := range lists {
		orders[i] = l.order()
		out[i] = make([]uint32, l.len())
	}
	at := func(i, k int) int {
		if orders[i] == nil {
			return k
		}
		return orders[i][k]
	}
	heads := make([]int, len(lists))
	rank, prev, first := uint32(0), "", true
	for {
		best, low := -1, ""
		for i, l := range lists {
			if heads[i] < l.len() {
				if s := l.low(at(i, heads[i])); best < 0 || s < low {
					best, low = i, s
				}
			}
		}
		if best < 0 {
			return out
		}
		if !first && low != prev {
			rank++
		}
		first, prev = false, low
		out[best][at(best, heads[best])] = rank
		heads[best]++
	}
}
