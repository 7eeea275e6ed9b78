package model

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
)

// The overlay's users, assets and allocations, and the name indexes over
// them.

func userID(u User) ID             { return u.ID }
func assetID(a Asset) ID           { return a.ID }
func allocationID(a Allocation) ID { return a.ID }

func (o *overlay) User(id ID) (User, error) {
	if u, ok, err := lookup(o.users, id); ok {
		return u, err
	}
	return o.base.User(id)
}

// UserByEmail: the email index holds emails as given (the domain
// normalizes them), so the overlay's does too.
func (o *overlay) UserByEmail(email string) (User, error) {
	if id, ok := o.userEmail[email]; ok {
		if u := o.users[id]; u != nil {
			return *u, nil
		}
	}
	u, err := o.base.UserByEmail(email)
	if err != nil {
		return u, err
	}
	if _, ok := o.users[u.ID]; ok {
		return User{}, ErrNotFound
	}
	return u, nil
}

func (o *overlay) Users(fn func(User) bool) error {
	return byID(o.base.Users, o.users, userID, fn)
}

// PutUser keeps the user as a store would: without Held.
func (o *overlay) PutUser(u *User) error {
	if u.ID == 0 {
		id, err := o.newID("user", func() (ID, error) {
			var n ID
			err := o.base.Users(func(u User) bool { n = max(n, u.ID); return true })
			return highestOf(o.users, n), err
		})
		if err != nil {
			return err
		}
		u.ID = id
	}
	old := ""
	if cur := o.users[u.ID]; cur != nil {
		old = cur.Email
	}
	rename(o.userEmail, old, u.Email, u.ID)
	v := *u
	v.Held = 0
	o.users[u.ID] = &v
	return nil
}

func (o *overlay) Asset(id ID) (Asset, error) {
	if a, ok, err := lookup(o.assets, id); ok {
		return a, err
	}
	return o.base.Asset(id)
}

func (o *overlay) AssetByName(name string) (Asset, error) {
	return byName(o.assets, o.assetName, name, o.base.AssetByName, assetID)
}

func (o *overlay) Assets(fn func(Asset) bool) error {
	return byID(o.base.Assets, o.assets, assetID, fn)
}

func (o *overlay) PutAsset(a *Asset) error {
	if a.ID == 0 {
		id, err := o.newID("asset", func() (ID, error) {
			var n ID
			err := o.base.Assets(func(a Asset) bool { n = max(n, a.ID); return true })
			return highestOf(o.assets, n), err
		})
		if err != nil {
			return err
		}
		a.ID = id
	}
	old := ""
	if cur := o.assets[a.ID]; cur != nil {
		old = nameKey(cur.Name)
	}
	rename(o.assetName, old, nameKey(a.Name), a.ID)
	v := *a
	o.assets[a.ID] = &v
	return nil
}

func (o *overlay) Allocation(id ID) (Allocation, error) {
	if a, ok, err := lookup(o.allocations, id); ok {
		return a, err
	}
	return o.base.Allocation(id)
}

func (o *overlay) AllocationByName(name string) (Allocation, error) {
	return byName(o.allocations, o.allocName, name, o.base.AllocationByName, allocationID)
}

func (o *overlay) Allocations() ([]Allocation, error) {
	base, err := o.base.Allocations()
	if err != nil {
		return nil, err
	}
	var out []Allocation
	err = byID(func(fn func(Allocation) bool) error {
		for _, a := range base {
			if !fn(a) {
				break
			}
		}
		return nil
	}, o.allocations, allocationID, func(a Allocation) bool { out = append(out, a); return true })
	return out, err
}

func (o *overlay) PutAllocation(a *Allocation) error {
	if a.ID == 0 {
		id, err := o.newID("allocation", func() (ID, error) {
			as, err := o.base.Allocations()
			var n ID
			for _, a := range as {
				n = max(n, a.ID)
			}
			return highestOf(o.allocations, n), err
		})
		if err != nil {
			return err
		}
		a.ID = id
	}
	old := ""
	if cur := o.allocations[a.ID]; cur != nil {
		old = nameKey(cur.Name)
	}
	rename(o.allocName, old, nameKey(a.Name), a.ID)
	v := *a
	v.MemberIDs = slices.Clone(a.MemberIDs)
	v.UserIDs = slices.Clone(a.UserIDs)
	v.Departments = slices.Clone(a.Departments)
	o.allocations[a.ID] = &v
	return nil
}

func (o *overlay) DeleteAllocation(id ID) error {
	a, err := o.Allocation(id)
	if err != nil {
		return err
	}
	if i, ok := o.allocName[nameKey(a.Name)]; ok && i == id {
		delete(o.allocName, nameKey(a.Name))
	}
	o.allocations[id] = nil
	return nil
}

// overlayNames is the overlay over a base that names holders from its
// indexes (NameIndex): it merges its own names into the base's order.
type overlayNames struct {
	*overlay
	ix NameIndex
}

// named is one entry of a name index: its sort key and what it hands out.
type named struct {
	key  string
	name []byte
	id   ID
}

// mergeNames merges a base name index with the overlay's entries for the
// records it holds (those of m), keyed as the base sorts them.
func mergeNames[T any](base func(func([]byte, ID) bool) error, m map[ID]*T, entry func(T) named, keyOf func([]byte) string, fn func([]byte, ID) bool) error {
	if len(m) == 0 {
		return base(fn)
	}
	var over []named
	for _, v := range m {
		if v != nil {
			over = append(over, entry(*v))
		}
	}
	slices.SortFunc(over, func(a, b named) int { return cmp.Compare(a.key, b.key) })
	return mergeSorted(func(f func(named) bool) error {
		return base(func(name []byte, id ID) bool { return f(named{keyOf(name), name, id}) })
	}, over, func(a, b named) bool { return a.key < b.key },
		func(b named) bool { _, ok := m[b.id]; return ok },
		func(n named) bool { return fn(n.name, n.id) })
}

func (o overlayNames) UserEmails(fn func(email []byte, id ID) bool) error {
	return mergeNames(o.ix.UserEmails, o.users, func(u User) named { return named{u.Email, []byte(u.Email), u.ID} },
		func(b []byte) string { return string(b) }, fn)
}

func (o overlayNames) AssetNames(fn func(name []byte, id ID) bool) error {
	return mergeNames(o.ix.AssetNames, o.assets, func(a Asset) named { return named{nameKey(a.Name), []byte(a.Name), a.ID} },
		func(b []byte) string { return strings.ToLower(string(bytes.TrimSpace(b))) }, fn)
}
