package memory

import (
	"cmp"
	"slices"
	"time"

	"github.com/seats/seats/model"
)

func (t *tx) Product(id model.ID) (model.Product, error) { return get(t.d.products, id) }

func get[T any](m map[model.ID]T, id model.ID) (T, error) {
	v, ok := m[id]
	if !ok {
		return v, model.ErrNotFound
	}
	return v, nil
}

func byName[T any](m map[model.ID]T, index map[string]model.ID, k string) (T, error) {
	id, ok := index[k]
	if !ok {
		var zero T
		return zero, model.ErrNotFound
	}
	return get(m, id)
}

func (t *tx) ProductByName(name string) (model.Product, error) {
	return byName(t.d.products, t.d.productName, nameKey(name))
}

func (t *tx) Products() ([]model.Product, error) {
	var out []model.Product
	for _, id := range sortedKeys(t.d.products) {
		out = append(out, t.d.products[id])
	}
	return out, nil
}

// sortedKeys is for the families of a handful of records.
func sortedKeys[T any](m map[model.ID]T) []model.ID {
	ids := make([]model.ID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func (t *tx) PutProduct(p *model.Product) error {
	return putNamed(t, t.d.products, t.d.productName, nil, &t.d.ids.Products, p, &p.ID, func(p model.Product) string { return nameKey(p.Name) }, nil)
}

// putNamed stores *v (as keep makes it, when not nil), giving it an ID
// when *id (v's) is 0, and moves its entry in its family's name index;
// ids, when not nil, lists the family's IDs.
func putNamed[T any](t *tx, m map[model.ID]T, index map[string]model.ID, ids *ordered[model.ID], seq *model.ID,
	v *T, id *model.ID, key func(T) string, keep func(T) T) error {
	if !t.writable {
		return errReadOnly
	}
	if key(*v) == "" {
		return errKeyRequired
	}
	old, had := m[*id]
	had = had && *id != 0
	t.nextID(seq, id)
	if err := t.rekey(index, key(old), key(*v), had, *id); err != nil {
		return err
	}
	stored := *v
	if keep != nil {
		stored = keep(stored)
	}
	setIn(t, m, *id, stored)
	if ids != nil {
		t.insert(ids, *id)
	}
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
		deleteIn(t, t.d.licenses, l.ID)
		if t.d.licenseIDs.remove(l.ID) {
			t.undo = append(t.undo, func() { t.d.licenseIDs.insert(l.ID) })
		}
	}
	t.unindex(t.d.productName, nameKey(p.Name))
	deleteIn(t, t.d.products, id)
	return nil
}

func (t *tx) License(id model.ID) (model.License, error) { return get(t.d.licenses, id) }

// PutLicense stores l and moves its status and holder entries from the
// license's previous version; the counters are the status sets' sizes.
func (t *tx) PutLicense(l *model.License) error {
	if !t.writable {
		return errReadOnly
	}
	old, had := t.d.licenses[l.ID]
	if had && l.ID != 0 {
		if old.ProductID != l.ProductID {
			return model.Corruptf("%s cannot move between products", model.LicenseCode(l.ID))
		}
		t.index(old, false)
	}
	t.nextID(&t.d.ids.Licenses, &l.ID)
	setIn(t, t.d.licenses, l.ID, *l)
	t.insert(t.d.licenseIDs, l.ID)
	t.index(*l, true)
	return nil
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
	h := holding{holder{l.AssigneeKind, l.AssigneeID}, l.ProductID}
	prev, had := t.d.heldOf[h]
	switch {
	case add:
		t.d.heldOf[h] = l.ID
	case had:
		delete(t.d.heldOf, h)
	default:
		return
	}
	ps := t.d.heldProducts[h.holder]
	t.undo = append(t.undo, func() {
		if had {
			t.d.heldOf[h] = prev
		} else {
			delete(t.d.heldOf, h)
		}
		t.d.heldProducts[h.holder] = ps
	})
	i, found := slices.BinarySearch(ps, h.product)
	switch {
	case add && !found:
		t.d.heldProducts[h.holder] = slices.Insert(slices.Clone(ps), i, h.product)
	case !add && found:
		rest := slices.Delete(slices.Clone(ps), i, i+1)
		if len(rest) == 0 {
			delete(t.d.heldProducts, h.holder)
		} else {
			t.d.heldProducts[h.holder] = rest
		}
	}
}

func (t *tx) LicensesByStatus(product model.ID, s model.Status, since time.Time, fn func(model.License) bool) error {
	set := t.d.byStatus[statusOf{product, s}]
	if set == nil {
		return nil
	}
	set.ascend(sinceID{since: since}, !since.IsZero(), func(e sinceID) bool { return fn(t.d.licenses[e.id]) })
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
	h := holder{kind, id}
	for _, p := range t.d.heldProducts[h] {
		if !fn(t.d.licenses[t.d.heldOf[holding{h, p}]]) {
			return nil
		}
	}
	return nil
}

func (t *tx) HeldOf(kind model.AssigneeKind, id model.ID, product model.ID) (model.License, error) {
	lid, ok := t.d.heldOf[holding{holder{kind, id}, product}]
	if !ok {
		return model.License{}, model.ErrNotFound
	}
	return t.License(lid)
}

func (t *tx) Licenses(from model.ID, fn func(model.License) bool) error {
	t.d.licenseIDs.ascend(from, true, func(id model.ID) bool { return fn(t.d.licenses[id]) })
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

func (t *tx) User(id model.ID) (model.User, error) { return get(t.d.users, id) }

func (t *tx) UserByEmail(email string) (model.User, error) {
	return byName(t.d.users, t.d.userEmail, email)
}

func (t *tx) Users(fn func(model.User) bool) error {
	t.d.userIDs.ascend(0, false, func(id model.ID) bool { return fn(t.d.users[id]) })
	return nil
}

// PutUser stores the user without Held, which the domain settles.
func (t *tx) PutUser(u *model.User) error {
	return putNamed(t, t.d.users, t.d.userEmail, t.d.userIDs, &t.d.ids.Users, u, &u.ID, func(u model.User) string { return u.Email },
		func(u model.User) model.User { u.Held = 0; return u })
}

func (t *tx) Asset(id model.ID) (model.Asset, error) { return get(t.d.assets, id) }

func (t *tx) AssetByName(name string) (model.Asset, error) {
	return byName(t.d.assets, t.d.assetName, nameKey(name))
}

func (t *tx) Assets(fn func(model.Asset) bool) error {
	t.d.assetIDs.ascend(0, false, func(id model.ID) bool { return fn(t.d.assets[id]) })
	return nil
}

func (t *tx) PutAsset(a *model.Asset) error {
	return putNamed(t, t.d.assets, t.d.assetName, t.d.assetIDs, &t.d.ids.Assets, a, &a.ID, func(a model.Asset) string { return nameKey(a.Name) }, nil)
}

// An allocation's slices are its own: a caller changing the one it put or
// read does not change the stored one.
func cloneAllocation(a model.Allocation) model.Allocation {
	a.UserIDs, a.Departments, a.MemberIDs = slices.Clone(a.UserIDs), slices.Clone(a.Departments), slices.Clone(a.MemberIDs)
	return a
}

func (t *tx) Allocation(id model.ID) (model.Allocation, error) {
	a, err := get(t.d.allocations, id)
	return cloneAllocation(a), err
}

func (t *tx) AllocationByName(name string) (model.Allocation, error) {
	a, err := byName(t.d.allocations, t.d.allocName, nameKey(name))
	return cloneAllocation(a), err
}

func (t *tx) Allocations() ([]model.Allocation, error) {
	var out []model.Allocation
	for _, id := range sortedKeys(t.d.allocations) {
		out = append(out, cloneAllocation(t.d.allocations[id]))
	}
	return out, nil
}

func (t *tx) PutAllocation(a *model.Allocation) error {
	return putNamed(t, t.d.allocations, t.d.allocName, nil, &t.d.ids.Allocations, a, &a.ID,
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
	deleteIn(t, t.d.allocations, id)
	return nil
}

func (t *tx) PutScheduled(s *model.Scheduled) error {
	if !t.writable {
		return errReadOnly
	}
	t.nextID(&t.d.ids.Scheduled, &s.ID)
	setIn(t, t.d.schedule, s.ID, *s)
	return nil
}

// Schedule lists by At, then ID; it holds a handful of changes.
func (t *tx) Schedule(fn func(model.Scheduled) bool) error {
	all := make([]model.Scheduled, 0, len(t.d.schedule))
	for _, s := range t.d.schedule {
		all = append(all, s)
	}
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
	deleteIn(t, t.d.schedule, id)
	return nil
}

func (t *tx) AppendEvent(e *model.Event) error {
	if !t.writable {
		return errReadOnly
	}
	if next := uint64(len(t.d.events)) + 1; e.Seq != next {
		return model.Corruptf("event %d appended where %d is next", e.Seq, next)
	}
	refs := e.Refs()
	t.d.events = append(t.d.events, *e)
	for _, r := range refs {
		t.d.history[r] = append(t.d.history[r], e.Seq)
	}
	t.undo = append(t.undo, func() {
		t.d.events = t.d.events[:len(t.d.events)-1]
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

func (t *tx) LastSeq() (uint64, error) { return uint64(len(t.d.events)), nil }

func (t *tx) Event(seq uint64) (model.Event, error) {
	if seq == 0 || seq > uint64(len(t.d.events)) {
		return model.Event{}, model.ErrNotFound
	}
	return t.d.events[seq-1], nil
}

func (t *tx) Events(from uint64, reverse bool, fn func(model.Event) bool) error {
	n := uint64(len(t.d.events))
	if !reverse {
		for seq := max(from, 1); seq <= n; seq++ {
			if !fn(t.d.events[seq-1]) {
				return nil
			}
		}
		return nil
	}
	if from == 0 || from > n {
		from = n
	}
	for seq := from; seq >= 1; seq-- {
		if !fn(t.d.events[seq-1]) {
			return nil
		}
	}
	return nil
}

func (t *tx) EventsAbout(ref model.Ref, fn func(model.Event) bool) error {
	for _, seq := range t.d.history[ref] {
		if !fn(t.d.events[seq-1]) {
			return nil
		}
	}
	return nil
}

func (t *tx) EventsAboutNewestFirst(ref model.Ref, fn func(model.Event) bool) error {
	h := t.d.history[ref]
	for i := len(h) - 1; i >= 0; i-- {
		if !fn(t.d.events[h[i]-1]) {
			return nil
		}
	}
	return nil
}
