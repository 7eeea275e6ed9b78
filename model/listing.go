package model

import (
	"cmp"
	"errors"
	"slices"
	"strings"
)

// Named is a record's ID with the name a listing shows for it.
type Named struct {
	ID   ID
	Name string
}

// Directory names everything a license can refer to: every product, every
// user (by email) and every asset, each list in the order of its
// lower-cased names.
type Directory struct {
	Products, Users, Assets []Named
}

// Names is the directory as lookup tables.
func (d Directory) Names() Names {
	n := Names{Products: make(map[ID]string, len(d.Products)), Users: make(map[ID]string, len(d.Users)),
		Assets: make(map[ID]string, len(d.Assets))}
	for _, p := range d.Products {
		n.Products[p.ID] = p.Name
	}
	for _, u := range d.Users {
		n.Users[u.ID] = u.Name
	}
	for _, a := range d.Assets {
		n.Assets[a.ID] = a.Name
	}
	return n
}

// NameIndex is what a Tx offers, besides Tx, to name holders from its
// indexes instead of decoding every user and asset record; both iterate in
// the order of the lower-cased names, and a name is valid only until fn
// returns. Package store implements it; another Tx still works, through
// the records.
type NameIndex interface {
	UserEmails(fn func(email []byte, id ID) bool) error
	AssetNames(fn func(name []byte, id ID) bool) error
}

// EachLicense hands fn every license matching f, in the order Licenses
// lists them, until fn returns false, without holding them: a caller that
// keeps its own compact rows never holds a million Licenses. Before the
// first license, start (when not nil) gets the Directory and how many
// licenses the kept counters say will come (to size for; 0 when a holder
// narrows the listing). All of it is one read transaction.
func (s *Service) EachLicense(f LicenseFilter, start func(d Directory, size int), fn func(License) bool) error {
	return s.view(func(o *op) error {
		if start != nil {
			d, err := o.directory()
			if err != nil {
				return err
			}
			size := 0
			if f.Holder == "" {
				if size, err = o.countLicenses(f); err != nil {
					return err
				}
			}
			start(d, size)
		}
		return o.eachLicense(f, fn)
	})
}

// directory reads the names from the store's indexes where it can.
func (o *op) directory() (Directory, error) {
	var d Directory
	ps, err := o.tx.Products()
	if err != nil {
		return d, err
	}
	d.Products = make([]Named, len(ps))
	for i, p := range ps {
		d.Products[i] = Named{p.ID, p.Name}
	}
	sortNamed(d.Products)
	if ix, ok := o.tx.(NameIndex); ok {
		var users, assets namedBuffer
		if err := ix.UserEmails(users.add); err != nil {
			return d, err
		}
		if err := ix.AssetNames(assets.add); err != nil {
			return d, err
		}
		d.Users, d.Assets = users.list(), assets.list()
		return d, nil
	}
	if err := o.tx.Users(func(u User) bool { d.Users = append(d.Users, Named{u.ID, u.Email}); return true }); err != nil {
		return d, err
	}
	if err := o.tx.Assets(func(a Asset) bool { d.Assets = append(d.Assets, Named{a.ID, a.Name}); return true }); err != nil {
		return d, err
	}
	sortNamed(d.Users)
	sortNamed(d.Assets)
	return d, nil
}

// namedBuffer gathers names into one string: a third of a million small
// strings cost more to allocate, and to collect, than to read.
type namedBuffer struct {
	ids  []ID
	ends []int
	buf  strings.Builder
}

func (b *namedBuffer) add(name []byte, id ID) bool {
	// Grow doubles the builder; append alone would grow it by a quarter
	// at a time, allocating about five times the names' size on the way.
	b.buf.Grow(len(name))
	b.buf.Write(name)
	b.ids, b.ends = append(b.ids, id), append(b.ends, b.buf.Len())
	return true
}

func (b *namedBuffer) list() []Named {
	all := b.buf.String()
	out := make([]Named, len(b.ids))
	start := 0
	for i, id := range b.ids {
		out[i] = Named{id, all[start:b.ends[i]]}
		start = b.ends[i]
	}
	return out
}

func sortNamed(ns []Named) {
	slices.SortStableFunc(ns, func(a, b Named) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
}

// countLicenses adds up the kept counters of the licenses f can match,
// reading no license.
func (o *op) countLicenses(f LicenseFilter) (int, error) {
	var ps []Product
	if f.Product != "" {
		p, err := o.productByName(f.Product)
		if err != nil {
			return 0, err
		}
		ps = []Product{p}
	} else {
		var err error
		if ps, err = o.tx.Products(); err != nil {
			return 0, err
		}
	}
	n := 0
	for _, p := range ps {
		c, err := o.tx.Counts(p.ID)
		if err != nil {
			return 0, err
		}
		switch f.Status {
		case 0:
			n += c.Available + c.Active + c.Deactivated
		case Available:
			n += c.Available
		case Active:
			n += c.Active
		case Deactivated:
			n += c.Deactivated
		}
	}
	return n, nil
}

// LicensePage is the start of the whole license listing (ID order) with
// the names it shows, and how many licenses the whole listing holds (by
// the kept counters): what a screen draws while the rest loads behind.
type LicensePage struct {
	Licenses []License
	// Directory holds every product, and of users and assets only those
	// the page names.
	Directory Directory
	Total     int
}

// HoldersByID is what a Tx may offer, besides Tx, to read several users
// and assets at once (a server: in one round trip). Users come as stored
// (unsettled), in any order; an ID without its record is left out.
type HoldersByID interface {
	HoldersByID(users, assets []ID, user func(User), asset func(Asset)) error
}

// FirstLicenses reads the first n licenses of the whole listing, in one
// read transaction that reads no other license: a million-license
// listing shows its first screen without waiting for the rest.
func (s *Service) FirstLicenses(n int) (LicensePage, error) {
	var pg LicensePage
	err := s.view(func(o *op) error {
		pg = LicensePage{}
		total, err := o.countLicenses(LicenseFilter{})
		if err != nil {
			return err
		}
		pg.Total = total
		pg.Licenses = make([]License, 0, max(min(n, total), 0))
		if n > 0 {
			if err := o.eachLicense(LicenseFilter{}, func(l License) bool {
				pg.Licenses = append(pg.Licenses, l)
				return len(pg.Licenses) < n
			}); err != nil {
				return err
			}
		}
		pg.Directory, err = o.pageDirectory(pg.Licenses)
		return err
	})
	return pg, err
}

// pageDirectory names every product and the holders of ls. A name needs
// no settling, so users are read as stored (at once where the store can).
func (o *op) pageDirectory(ls []License) (Directory, error) {
	var d Directory
	ps, err := o.tx.Products()
	if err != nil {
		return d, err
	}
	for _, p := range ps {
		d.Products = append(d.Products, Named{p.ID, p.Name})
	}
	seen := map[Ref]bool{}
	var userIDs, assetIDs []ID
	for _, l := range ls {
		r := Ref{Kind: RefUser, ID: l.AssigneeID}
		if l.AssigneeKind == AssigneeAsset {
			r.Kind = RefAsset
		}
		if l.AssigneeKind == NoAssignee || seen[r] {
			continue
		}
		seen[r] = true
		if r.Kind == RefUser {
			userIDs = append(userIDs, r.ID)
		} else {
			assetIDs = append(assetIDs, r.ID)
		}
	}
	user := func(u User) { d.Users = append(d.Users, Named{u.ID, u.Email}) }
	asset := func(a Asset) { d.Assets = append(d.Assets, Named{a.ID, a.Name}) }
	raw := unsettled(o.tx)
	if many, ok := raw.(HoldersByID); ok {
		if err := many.HoldersByID(userIDs, assetIDs, user, asset); err != nil {
			return d, err
		}
	} else {
		for _, id := range userIDs {
			if err := found(raw.User(id))(user); err != nil {
				return d, err
			}
		}
		for _, id := range assetIDs {
			if err := found(raw.Asset(id))(asset); err != nil {
				return d, err
			}
		}
	}
	sortNamed(d.Products)
	sortNamed(d.Users)
	sortNamed(d.Assets)
	return d, nil
}

// unsettled is the Tx under the domain's settling wrapper.
func unsettled(tx Tx) Tx {
	switch t := tx.(type) {
	case settledTx:
		return t.Tx
	case settledNames:
		return t.Tx
	}
	return tx
}

// found hands a record read by ID to keep, unless it is not there; any
// other error is returned.
func found[T any](v T, err error) func(keep func(T)) error {
	return func(keep func(T)) error {
		switch {
		case err == nil:
			keep(v)
		case !errors.Is(err, ErrNotFound):
			return err
		}
		return nil
	}
}
