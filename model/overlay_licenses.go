package model

import (
	"cmp"
	"errors"
	"slices"
	"time"
)

// The overlay's licenses: its versions hide the base's, a deleted
// product hides all of its licenses, and the counters and index counts
// are the base's corrected by the difference each overlay version makes.

// hidden reports whether the overlay hides the base's version of l.
func (o *overlay) hidden(l License) bool {
	if o.dropped[l.ProductID] {
		return true
	}
	_, ok := o.licenses[l.ID]
	return ok
}

func (o *overlay) License(id ID) (License, error) {
	if l, ok := o.licenses[id]; ok {
		return l, nil
	}
	l, err := o.base.License(id)
	if err == nil && o.dropped[l.ProductID] {
		return License{}, ErrNotFound
	}
	return l, err
}

func (o *overlay) PutLicense(l *License) error {
	if l.ID == 0 {
		id, err := o.newID("license", o.highestLicense)
		if err != nil {
			return err
		}
		l.ID = id
	}
	cur, held := o.licenses[l.ID]
	if !held {
		b, err := o.License(l.ID)
		switch {
		case err == nil:
			o.baseLicense[l.ID] = &b
			cur, held = b, true
		case errors.Is(err, ErrNotFound):
			o.baseLicense[l.ID] = nil
		default:
			return err
		}
		o.byProduct[l.ProductID] = append(o.byProduct[l.ProductID], l.ID)
	}
	if held && cur.ProductID != l.ProductID {
		return Corruptf("%s cannot move between products", LicenseCode(l.ID))
	}
	if _, ok := o.licenses[l.ID]; ok {
		o.unholder(cur)
	}
	o.licenses[l.ID] = *l
	if l.Status == Active {
		k := holderKey{l.AssigneeKind, l.AssigneeID}
		if o.byHolder[k] == nil {
			o.byHolder[k] = map[ID]bool{}
		}
		o.byHolder[k][l.ID] = true
	}
	return nil
}

// unholder removes an overlay version from the overlay's holder index.
func (o *overlay) unholder(l License) {
	if l.Status != Active {
		return
	}
	k := holderKey{l.AssigneeKind, l.AssigneeID}
	delete(o.byHolder[k], l.ID)
	if len(o.byHolder[k]) == 0 {
		delete(o.byHolder, k)
	}
}

// highestLicense finds the base's highest license ID by bisecting on
// whether any license lies at or above an ID: a few dozen short seeks
// rather than a walk over every license.
func (o *overlay) highestLicense() (ID, error) {
	exists := func(from ID) (bool, error) {
		found := false
		err := o.base.Licenses(from, func(License) bool { found = true; return false })
		return found, err
	}
	lo, hi := ID(0), ID(1)<<62 // lo: a license at or above it (or 0); hi: none
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, err := exists(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	for id := range o.licenses {
		lo = max(lo, id)
	}
	return lo, nil
}

// sinceOrder is the status index's order: oldest Since first, then ID.
func sinceOrder(a, b License) int {
	if c := a.Since.Compare(b.Since); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

func (o *overlay) LicensesByStatus(product ID, s Status, since time.Time, fn func(License) bool) error {
	if o.dropped[product] {
		return nil
	}
	var over []License
	for _, id := range o.byProduct[product] {
		if l, ok := o.licenses[id]; ok && l.ProductID == product && l.Status == s && (since.IsZero() || !l.Since.Before(since)) {
			over = append(over, l)
		}
	}
	slices.SortFunc(over, sinceOrder)
	return mergeSorted(func(f func(License) bool) error { return o.base.LicensesByStatus(product, s, since, f) },
		over, func(a, b License) bool { return sinceOrder(a, b) < 0 }, o.hidden, fn)
}

func (o *overlay) CountByStatus(product ID, s Status, from, to time.Time) (int, error) {
	if o.dropped[product] {
		return 0, nil
	}
	n, err := o.base.CountByStatus(product, s, from, to)
	if err != nil {
		return 0, err
	}
	in := func(l License) bool {
		return l.ProductID == product && l.Status == s && !l.Since.Before(from) && (to.IsZero() || l.Since.Before(to))
	}
	for _, id := range o.byProduct[product] {
		l, ok := o.licenses[id]
		if !ok {
			continue
		}
		if b := o.baseLicense[id]; b != nil && in(*b) {
			n--
		}
		if in(l) {
			n++
		}
	}
	return n, nil
}

func (o *overlay) Counts(product ID) (Counts, error) {
	if o.dropped[product] {
		return Counts{}, nil
	}
	c, err := o.base.Counts(product)
	if err != nil {
		return c, err
	}
	for _, id := range o.byProduct[product] {
		l, ok := o.licenses[id]
		if !ok {
			continue
		}
		if b := o.baseLicense[id]; b != nil {
			c.Add(b.Status, -1)
		}
		c.Add(l.Status, 1)
	}
	return c, nil
}

// HeldBy lists a holder's licenses by product: a holder holds at most one
// per product, so both sides together are a handful.
func (o *overlay) HeldBy(kind AssigneeKind, id ID, fn func(License) bool) error {
	var all []License
	if err := o.base.HeldBy(kind, id, func(l License) bool {
		if !o.hidden(l) {
			all = append(all, l)
		}
		return true
	}); err != nil {
		return err
	}
	for lid := range o.byHolder[holderKey{kind, id}] {
		all = append(all, o.licenses[lid])
	}
	slices.SortFunc(all, func(a, b License) int {
		return cmp.Or(cmp.Compare(a.ProductID, b.ProductID), cmp.Compare(a.ID, b.ID))
	})
	for _, l := range all {
		if !fn(l) {
			return nil
		}
	}
	return nil
}

func (o *overlay) HeldOf(kind AssigneeKind, id ID, product ID) (License, error) {
	for lid := range o.byHolder[holderKey{kind, id}] {
		if l := o.licenses[lid]; l.ProductID == product {
			return l, nil
		}
	}
	l, err := o.base.HeldOf(kind, id, product)
	if err == nil && o.hidden(l) {
		return License{}, ErrNotFound
	}
	return l, err
}

func (o *overlay) Licenses(from ID, fn func(License) bool) error {
	over := make([]License, 0, len(o.licenses))
	for id, l := range o.licenses {
		if id >= from {
			over = append(over, l)
		}
	}
	slices.SortFunc(over, func(a, b License) int { return cmp.Compare(a.ID, b.ID) })
	return mergeSorted(func(f func(License) bool) error { return o.base.Licenses(from, f) },
		over, func(a, b License) bool { return a.ID < b.ID }, o.hidden, fn)
}
