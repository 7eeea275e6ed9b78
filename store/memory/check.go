package memory

import (
	"fmt"

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

	entries, held := 0, 0
	for _, set := range d.byStatus {
		entries += set.Len()
	}
	for id, l := range d.licenses {
		if _, ok := d.products[l.ProductID]; !ok {
			badf("%s belongs to product %d, which does not exist", model.LicenseCode(id), l.ProductID)
		}
		if set := d.byStatus[statusOf{l.ProductID, l.Status}]; set == nil || set.rank(sinceID{l.Since, id}) == set.rank(sinceID{l.Since, id + 1}) {
			badf("%s is missing from its status index", model.LicenseCode(id))
		}
		if l.Status == model.Active {
			held++
			if d.heldOf[holding{holder{l.AssigneeKind, l.AssigneeID}, l.ProductID}] != id {
				badf("%s is missing from its holder's index", model.LicenseCode(id))
			}
		}
		if id > d.ids.Licenses {
			badf("%s lies above the license sequence %d", model.LicenseCode(id), d.ids.Licenses)
		}
	}
	if entries != len(d.licenses) || d.licenseIDs.Len() != len(d.licenses) {
		badf("%d licenses, %d status entries, %d IDs", len(d.licenses), entries, d.licenseIDs.Len())
	}
	if len(d.heldOf) != held {
		badf("%d active licenses, %d holder entries", held, len(d.heldOf))
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
	names("products", len(d.products), d.productName, func(id model.ID) (string, bool) { p, ok := d.products[id]; return nameKey(p.Name), ok })
	names("users", len(d.users), d.userEmail, func(id model.ID) (string, bool) { u, ok := d.users[id]; return u.Email, ok })
	names("assets", len(d.assets), d.assetName, func(id model.ID) (string, bool) { a, ok := d.assets[id]; return nameKey(a.Name), ok })
	names("allocations", len(d.allocations), d.allocName, func(id model.ID) (string, bool) {
		a, ok := d.allocations[id]
		return nameKey(a.Name), ok
	})
	if d.userIDs.Len() != len(d.users) || d.assetIDs.Len() != len(d.assets) {
		badf("%d users with %d IDs, %d assets with %d IDs", len(d.users), d.userIDs.Len(), len(d.assets), d.assetIDs.Len())
	}
	refs := 0
	for i, e := range d.events {
		if e.Seq != uint64(i)+1 {
			badf("event %d stands at %d", e.Seq, i+1)
		}
		refs += len(e.Refs())
	}
	n := 0
	for _, h := range d.history {
		n += len(h)
	}
	if n != refs {
		badf("the events name things %d times, the histories hold %d", refs, n)
	}
	return bad, nil
}
