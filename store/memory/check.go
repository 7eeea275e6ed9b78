package memory

import (
	"fmt"
	"slices"

	"github.com/seats/seats/model"
)

// Check verifies that every index and sequence follows the records, as
// the disk stores' checks do (model/storetest's state machine runs it):
// one line per violation.
func (s *Store) Check() ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	d := &s.d
	var bad []string
	badf := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }

	entries, active, holdings := 0, 0, 0
	for _, set := range d.byStatus {
		entries += set.Len()
	}
	for _, hs := range d.held {
		hs.ascend(0, func(h []held) bool { holdings += len(h); return true })
	}
	d.licenses.ascend(0, func(l model.License) bool {
		if _, ok := d.products.get(l.ProductID); !ok {
			badf("%s belongs to product %d, which does not exist", l.Code(), l.ProductID)
		}
		if set := d.byStatus[statusOf{l.ProductID, l.Status}]; set == nil || set.rank(sinceID{l.Since, l.ID}) == set.rank(sinceID{l.Since, l.ID + 1}) {
			badf("%s is missing from its status index", l.Code())
		}
		if l.Status == model.Active {
			active++
			hs, _ := d.holdings(l.AssigneeKind).get(l.AssigneeID)
			if !slices.Contains(hs, held{l.ProductID, l.ID}) {
				badf("%s is missing from its holder's index", l.Code())
			}
		}
		if l.ID > d.ids.Licenses {
			badf("%s lies above the license sequence %d", l.Code(), d.ids.Licenses)
		}
		return true
	})
	if entries != d.licenses.n {
		badf("%d licenses, %d status entries", d.licenses.n, entries)
	}
	if holdings != active {
		badf("%d active licenses, %d holder entries", active, holdings)
	}
	names := func(family string, n int, index map[string]model.ID, key func(model.ID) (string, bool)) {
		if len(index) != n {
			badf("%d %s, %d index entries", n, family, len(index))
		}
		for k, id := range index {
			if name, ok := key(id); !ok || name != k {
				badf("the %s index names %q for %d, which is not so", family, k, id)
			}
		}
	}
	names("products", d.products.n, d.productName, func(id model.ID) (string, bool) { p, ok := d.products.get(id); return nameKey(p.Name), ok })
	names("users", d.users.n, d.userEmail, func(id model.ID) (string, bool) { u, ok := d.users.get(id); return u.Email, ok })
	names("assets", d.assets.n, d.assetName, func(id model.ID) (string, bool) { a, ok := d.assets.get(id); return nameKey(a.Name), ok })
	names("allocations", d.allocations.n, d.allocName, func(id model.ID) (string, bool) {
		a, ok := d.allocations.get(id)
		return nameKey(a.Name), ok
	})
	refs, seq := 0, uint64(0)
	d.events.ascend(0, func(e model.Event) bool {
		if seq++; e.Seq != seq {
			badf("event %d stands at %d", e.Seq, seq)
		}
		refs += len(e.Refs())
		return true
	})
	n := 0
	for _, h := range d.history {
		n += len(h)
	}
	if n != refs {
		badf("the events name things %d times, the histories hold %d", refs, n)
	}
	return bad, nil
}
