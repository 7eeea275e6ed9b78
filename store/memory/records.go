package memory

import (
	"cmp"
	"slices"
	"time"

	"github.com/seats/seats/model"
)

func (t *tx) Product(id model.ID) (model.Product, error) { return find(t.d.products, id) }

func find[T any](r *table[T], id model.ID) (T, error) {
	v, ok := r.get(id)
	if !ok {
		return v, model.ErrNotFound
	}
	return v, nil
}

// byName reads the record a name index names.
func byName[T any](r *table[T], index map[string]model.ID, k string) (T, error) {
	id, ok := index[k]
	if !ok {
		var zero T
		return zero, model.ErrNotFound
	}
	return find(r, id)
}

func (t *tx) ProductByName(name string) (model.Product, error) {
	return byName(t.d.products, t.d.productName, nameKey(name))
}

func (t *tx) Products() ([]model.Product, error) { return all(t.d.products, nil), nil }

// all lists a table's records in ID order, as keep makes them (nil: as
// they are).
func all[T any](r *table[T], keep func(T) T) []T {
	var out []T
	r.ascend(0, func(v T) bool {
		if keep != nil {
			v = keep(v)
		}
		out = append(out, v)
		return true
	})
	return out
}

func (t *tx) PutProduct(p *model.Product) error {
	return putNamed(t, t.d.products, t.d.productName, &t.d.ids.Products, p, &p.ID, func(p model.Product) string { return nameKey(p.Name) }, nil)
}

// putNamed stores *v (as keep makes it, when not nil), giving it an ID
// when *id (v's) is 0, and moves its entry in its family's name index.
func putNamed[T any](t *tx, r *table[T], index map[string]model.ID, seq *model.ID,
	v *T, id *model.ID, key func(T) string, keep func(T) T) error {
	if !t.writable {
		return errReadOnly
	}
	if key(*v) == "" {
		return errKeyRequired
	}
	old, had := r.get(*id)
	had = had && *id != 0
	t.nextID(seq, id)
	if err := t.rekey(index, key(old), key(*v), had, *id); err != nil {
		return err
	}
	stored := *v
	if keep != nil {
		stored = keep(stored)
	}
	put(t, r, *id, stored)
	return nil
}

// DeleteProduct removes the product with its licenses, their index
// entries and its counters; the events about them stay.
func (t *tx) DeleteProduct(id model.ID) error {
	if !t.writable {
		return errReadOnly
	}
	p, err := t.Product(id)
	if err != nil {
		return err
	}
	var doomed []model.License
	for _, s := range []model.Status{model.Available, model.Active, model.Deactivated} {
		if err := t.LicensesByStatus(id, s, time.Time{}, func(l model.License) bool { doomed = append(doomed, l); return true }); err != nil {
			return err
		}
	}
	for _, l := range doomed {
		t.index(l, false)
		drop(t, t.d.licenses, l.ID)
	}
	t.unindex(t.d.productName, nameKey(p.Name))
	drop(t, t.d.products, id)
	return nil
}

func (t *tx) License(id model.ID) (model.License, error) { return find(t.d.licenses, id) }

// PutLicense stores l and moves its status and holder entries from the
// license's previous version; the counters are the status sets' sizes.
func (t *tx) PutLicense(l *model.License) error {
	if !t.writable {
		return errReadOnly
	}
	old, had := t.d.licenses.get(l.ID)
	if had && l.ID != 0 {
		if old.ProductID != l.ProductID {
			return model.Corruptf("%s cannot move between products", model.LicenseCode(l.ID))
		}
		t.index(old, false)
	}
	t.nextID(&t.d.ids.Licenses, &l.ID)
	put(t, t.d.licenses, l.ID, *l)
	t.index(*l, true)
	return nil
}

// held is one entry of a holder's index: the license it holds of a
// product.
type held struct{ product, license model.ID }

// holdings is the holder index of one kind of holder, by holder ID.
func (d *data) holdings(kind model.AssigneeKind) *table[[]held] {
	h := d.held[kind]
	if h == nil {
		h = newTable[[]held]()
		d.held[kind] = h
	}
	return h
}

// index adds or removes l's status and holder entries.
func (t *tx) index(l model.License, add bool) {
	k := statusOf{l.ProductID, l.Status}
	set := t.d.byStatus[k]
	if set == nil {
		set = newOrdered(bySince)
		t.d.byStatus[k] = set
	}
	e := sinceID{l.Since, l.ID}
	if add {
		if set.insert(e) {
			t.undo = append(t.undo, func() { set.remove(e) })
		}
	} else if set.remove(e) {
		t.undo = append(t.undo, func() { set.insert(e) })
	}
	if l.Status != model.Active {
		return
	}
	// A holder holds a license of a product once: putting another
	// replaces the entry, and removing one removes the product's entry.
	hs := t.d.holdings(l.AssigneeKind)
	cur, _ := hs.get(l.AssigneeID)
	i, found := slices.BinarySearchFunc(cur, l.ProductID, func(h held, p model.ID) int { return cmp.Compare(h.product, p) })
	var next []held
	switch {
	case add && found:
		next = slices.Clone(cur)
		next[i].license = l.ID
	case add:
		next = slices.Insert(slices.Clone(cur), i, held{l.ProductID, l.ID})
	case found:
		next = slices.Delete(slices.Clone(cur), i, i+1)
	default:
		return
	}
	if len(next) == 0 {
		drop(t, hs, l.AssigneeID)
	} else {
		put(t, hs, l.AssigneeID, next)
	}
}

func (t *tx) LicensesByStatus(product model.ID, s model.Status, since time.Time, fn func(model.License) bool) error {
	set := t.d.byStatus[statusOf{product, s}]
	if set == nil {
		return nil
	}
	set.ascend(sinceID{since: since}, !since.IsZero(), func(e sinceID) bool { l, _ := t.d.licenses.get(e.id); return fn(l) })
	return nil
}

func (t *tx) CountByStatus(product model.ID, s model.Status, from, to time.Time) (int, error) {
	set := t.d.byStatus[statusOf{product, s}]
	if set == nil {
		return 0, nil
	}
	end := set.Len()
	if !to.IsZero() {
		end = set.rank(sinceID{since: to})
	}
	begin := 0
	if !from.IsZero() {
		begin = set.rank(sinceID{since: from})
	}
	return max(0, end-begin), nil
}

func (t *tx) HeldBy(kind model.AssigneeKind, id model.ID, fn func(model.License) bool) error {
	hs, _ := t.d.holdings(kind).get(id)
	for _, h := range hs {
		if l, _ := t.d.licenses.get(h.license); !fn(l) {
			return nil
		}
	}
	return nil
}

func (t *tx) HeldOf(kind model.AssigneeKind, id model.ID, product model.ID) (model.License, error) {
	hs, _ := t.d.holdings(kind).get(id)
	for _, h := range hs {
		if h.product == product {
			return t.License(h.license)
		}
	}
	return model.License{}, model.ErrNotFound
}

func (t *tx) Licenses(from model.ID, fn func(model.License) bool) error {
	t.d.licenses.ascend(from, fn)
	return nil
}

func (t *tx) Counts(product model.ID) (model.Counts, error) {
	n := func(s model.Status) int {
		if set := t.d.byStatus[statusOf{product, s}]; set != nil {
			return set.Len()
		}
		return 0
	}
	return model.Counts{Available: n(model.Available), Active: n(model.Active), Deactivated: n(model.Deactivated)}, nil
}

func (t *tx) User(id model.ID) (model.User, error) { return find(t.d.users, id) }

func (t *tx) UserByEmail(email string) (model.User, error) {
	return byName(t.d.users, t.d.userEmail, email)
}

func (t *tx) Users(fn func(model.User) bool) error {
	t.d.users.ascend(0, fn)
	return nil
}

// PutUser stores the user without Held, which the domain settles.
func (t *tx) PutUser(u *model.User) error {
	return putNamed(t, t.d.users, t.d.userEmail, &t.d.ids.Users, u, &u.ID, func(u model.User) string { return u.Email },
		func(u model.User) model.User { u.Held = 0; return u })
}

func (t *tx) Asset(id model.ID) (model.Asset, error) { return find(t.d.assets, id) }

func (t *tx) AssetByName(name string) (model.Asset, error) {
	return byName(t.d.assets, t.d.assetName, nameKey(name))
}

func (t *tx) Assets(fn func(model.Asset) bool) error {
	t.d.assets.ascend(0, fn)
	return nil
}

func (t *tx) PutAsset(a *model.Asset) error {
	return putNamed(t, t.d.assets, t.d.assetName, &t.d.ids.Assets, a, &a.ID, func(a model.Asset) string { return nameKey(a.Name) }, nil)
}

// An allocation's slices are its own: a caller changing the one it put or
// read does not change the stored one.
func cloneAllocation(a model.Allocation) model.Allocation {
	a.UserIDs, a.Departments, a.MemberIDs = slices.Clone(a.UserIDs), slices.Clone(a.Departments), slices.Clone(a.MemberIDs)
	return a
}

func (t *tx) Allocation(id model.ID) (model.Allocation, error) {
	a, err := find(t.d.allocations, id)
	return cloneAllocation(a), err
}

func (t *tx) AllocationByName(name string) (model.Allocation, error) {
	a, err := byName(t.d.allocations, t.d.allocName, nameKey(name))
	return cloneAllocation(a), err
}

func (t *tx) Allocations() ([]model.Allocation, error) {
	return all(t.d.allocations, cloneAllocation), nil
}

func (t *tx) PutAllocation(a *model.Allocation) error {
	return putNamed(t, t.d.allocations, t.d.allocName, &t.d.ids.Allocations, a, &a.ID,
		func(a model.Allocation) string { return nameKey(a.Name) }, cloneAllocation)
}

func (t *tx) DeleteAllocation(id model.ID) error {
	if !t.writable {
		return errReadOnly
	}
	a, err := t.Allocation(id)
	if err != nil {
		return err
	}
	t.unindex(t.d.allocName, nameKey(a.Name))
	drop(t, t.d.allocations, id)
	return nil
}

func (t *tx) PutScheduled(s *model.Scheduled) error {
	if !t.writable {
		return errReadOnly
	}
	t.nextID(&t.d.ids.Scheduled, &s.ID)
	put(t, t.d.schedule, s.ID, *s)
	return nil
}

// Schedule lists by At, then ID; it holds a handful of changes.
func (t *tx) Schedule(fn func(model.Scheduled) bool) error {
	all := all(t.d.schedule, nil)
	slices.SortFunc(all, func(a, b model.Scheduled) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID)) })
	for _, s := range all {
		if !fn(s) {
			return nil
		}
	}
	return nil
}

func (t *tx) DeleteScheduled(id model.ID) error {
	if !t.writable {
		return errReadOnly
	}
	drop(t, t.d.schedule, id)
	return nil
}

func (t *tx) AppendEvent(e *model.Event) error {
	if !t.writable {
		return errReadOnly
	}
	if next := uint64(t.d.events.n) + 1; e.Seq != next {
		return model.Corruptf("event %d appended where %d is next", e.Seq, next)
	}
	refs := e.Refs()
	put(t, t.d.events, e.Seq, *e)
	for _, r := range refs {
		t.d.history[r] = append(t.d.history[r], e.Seq)
	}
	t.undo = append(t.undo, func() {
		for _, r := range refs {
			h := t.d.history[r]
			if h = h[:len(h)-1]; len(h) == 0 {
				delete(t.d.history, r)
			} else {
				t.d.history[r] = h
			}
		}
	})
	return nil
}

func (t *tx) LastSeq() (uint64, error) { return uint64(t.d.events.n), nil }

func (t *tx) Event(seq uint64) (model.Event, error) { return find(t.d.events, seq) }

func (t *tx) Events(from uint64, reverse bool, fn func(model.Event) bool) error {
	if !reverse {
		t.d.events.ascend(max(from, 1), fn)
		return nil
	}
	if n := uint64(t.d.events.n); from == 0 || from > n {
		from = n
	}
	for seq := from; seq >= 1; seq-- {
		if e, _ := t.d.events.get(seq); !fn(e) {
			return nil
		}
	}
	return nil
}

func (t *tx) EventsAbout(ref model.Ref, fn func(model.Event) bool) error {
	for _, seq := range t.d.history[ref] {
		if e, _ := t.d.events.get(seq); !fn(e) {
			return nil
		}
	}
	return nil
}

func (t *tx) EventsAboutNewestFirst(ref model.Ref, fn func(model.Event) bool) error {
	h := t.d.history[ref]
	for i := len(h) - 1; i >= 0; i-- {
		if e, _ := t.d.events.get(h[i]); !fn(e) {
			return nil
		}
	}
	return nil
}
