package model

import (
	"errors"
	"slices"
	"strings"
)

func (o *op) validateAsset(a *Asset) error {
	var err error
	if a.Name, err = cleanText(a.Name, "asset name", 100); err != nil {
		return err
	}
	if a.Name == "" {
		return Invalidf("an asset name is required")
	}
	if strings.Contains(a.Name, "@") || strings.Contains(a.Name, "\n") {
		return Invalidf("asset name %q must be one line without @", a.Name)
	}
	if _, ok := ParseLicenseCode(a.Name); ok {
		return Invalidf("asset name %q could be mistaken for a license ID", a.Name)
	}
	for _, f := range []struct {
		v    *string
		what string
	}{{&a.Inventory, "inventory number"}, {&a.Serial, "serial number"}, {&a.Type, "type"}, {&a.Location, "location"}} {
		if *f.v, err = cleanText(*f.v, f.what, 200); err != nil {
			return err
		}
	}
	other, err := o.tx.AssetByName(a.Name)
	if err == nil && other.ID != a.ID {
		return Conflictf("an asset named %q already exists", other.Name)
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return nil
}

// setOwner links an asset to a person by email ("" unlinks).
func (o *op) setOwner(a *Asset, email *string) error {
	if email == nil {
		return nil
	}
	if strings.TrimSpace(*email) == "" {
		a.OwnerID = 0
		return nil
	}
	u, err := o.userByEmail(*email)
	if err != nil {
		return err
	}
	a.OwnerID = u.ID
	return nil
}

// CreateAsset adds an asset, optionally linked to the person it belongs to.
func (s *Service) CreateAsset(actor string, a Asset, ownerEmail string) (Asset, error) {
	err := s.update(actor, func(o *op) error {
		a.ID, a.Created, a.OwnerID = 0, o.now, 0
		if err := o.setOwner(&a, &ownerEmail); err != nil {
			return err
		}
		if err := o.validateAsset(&a); err != nil {
			return err
		}
		if err := o.tx.PutAsset(&a); err != nil {
			return err
		}
		return o.emit(Event{Kind: EvAssetCreated, AssetID: a.ID, Asset: a.Name, UserID: a.OwnerID, To: o.assigneeName(AssigneeUser, a.OwnerID)})
	})
	return a, err
}

// EditAsset applies edit to the asset's current record; ownerEmail, when
// not nil, relinks it ("" unlinks). Per-device licenses stay with the asset
// when it changes hands: they belong to the device, not the person.
func (s *Service) EditAsset(actor, name string, edit func(*Asset) error, ownerEmail *string) (Asset, error) {
	var a Asset
	err := s.update(actor, func(o *op) error {
		cur, err := o.assetByName(name)
		if err != nil {
			return err
		}
		a = cur
		if edit != nil {
			if err := edit(&a); err != nil {
				return err
			}
		}
		a.ID, a.Created = cur.ID, cur.Created
		if err := o.setOwner(&a, ownerEmail); err != nil {
			return err
		}
		if err := o.validateAsset(&a); err != nil {
			return err
		}
		var f, t []string
		add := func(name, x, y string) {
			if x != y {
				f, t = append(f, name+"="+x), append(t, name+"="+y)
			}
		}
		add("name", cur.Name, a.Name)
		add("inventory", cur.Inventory, a.Inventory)
		add("serial", cur.Serial, a.Serial)
		add("type", cur.Type, a.Type)
		add("location", cur.Location, a.Location)
		add("owner", o.assigneeName(AssigneeUser, cur.OwnerID), o.assigneeName(AssigneeUser, a.OwnerID))
		if len(f) == 0 {
			a = cur
			return unchanged(cur.Name)
		}
		if err := o.tx.PutAsset(&a); err != nil {
			return err
		}
		return o.emit(Event{Kind: EvAssetUpdated, AssetID: a.ID, Asset: a.Name, UserID: a.OwnerID, From: strings.Join(f, " "), To: strings.Join(t, " ")})
	})
	return a, err
}

// EditOrg changes the organization's settings.
func (s *Service) EditOrg(actor string, edit func(*Org) error) (Org, error) {
	var org Org
	err := s.update(actor, func(o *op) error {
		cur := o.org
		org = cur
		if err := edit(&org); err != nil {
			return err
		}
		org.OwnerID, org.InvoicedAt = cur.OwnerID, cur.InvoicedAt
		var err error
		if org.Name, err = cleanText(org.Name, "organization name", 100); err != nil {
			return err
		}
		if org.Name == "" {
			return Invalidf("an organization name is required")
		}
		if org.Currency, err = ParseCurrency(org.Currency); err != nil {
			return err
		}
		if org.AnchorDay < 1 || org.AnchorDay > 28 {
			return Invalidf("billing anchor day must be from 1 to 28, not %d", org.AnchorDay)
		}
		if org.ExpiryWarningDays < 1 || org.ExpiryWarningDays > 365 {
			return Invalidf("expiry warning window must be from 1 to 365 days, not %d", org.ExpiryWarningDays)
		}
		if org == cur {
			org = cur
			return unchanged("the organization")
		}
		o.org = org
		if err := o.saveOrg(); err != nil {
			return err
		}
		return o.emit(Event{Kind: EvOrgUpdated, From: orgLine(cur), To: orgLine(org)})
	})
	return org, err
}

func orgLine(o Org) string {
	return strings.Join([]string{o.Name, o.Currency, "anchor", itoa(o.AnchorDay), "window", itoa(o.ExpiryWarningDays)}, " ")
}

// Candidates lists who could be given a license of product now, by the
// same rules Assign applies (the product's kind, externals, terminated
// users and a passed last day, retired assets, one license of a product
// per holder): user emails for a per-user product, asset names for a
// per-device one, sorted by CompareNames. Pickers offer these; Assign still
// refuses on its own.
func (s *Service) Candidates(product string) ([]string, error) {
	var out []string
	err := s.view(func(o *op) error {
		out = nil // a store may run this again
		p, err := o.productByName(product)
		if err != nil {
			return err
		}
		var names []string
		switch p.Kind {
		case PerDevice:
			err = o.tx.Assets(func(a Asset) bool { names = append(names, a.Name); return true })
		default:
			err = o.tx.Users(func(u User) bool { names = append(names, u.Email); return true })
		}
		if err != nil {
			return err
		}
		for _, n := range names {
			h, err := o.resolveHolder(p, n)
			if err != nil {
				if c := CodeOf(err); c == CodeConflict || c == CodeNotFound {
					continue
				}
				return err
			}
			if _, err := o.tx.HeldOf(h.kind, h.id, p.ID); err == nil {
				continue
			} else if !errors.Is(err, ErrNotFound) {
				return err
			}
			out = append(out, n)
		}
		// A picker lists them as a person looks for them, not in the
		// order they were created: by email or asset name.
		slices.SortStableFunc(out, CompareNames)
		return nil
	})
	return out, err
}

// InService reports whether the asset is in use, not retired.
func (a Asset) InService() bool { return a.Retired.IsZero() }

// inService refuses a retired asset as a license holder.
func inService(a Asset) error {
	if a.InService() {
		return nil
	}
	return Conflictf("%s was retired on %s: a retired asset is kept for its history and holds no licenses", a.Name, DateOf(a.Retired))
}

// RetireAsset takes an asset out of service: it stays, with its history,
// but holds no licenses and is no longer offered for assignment. An asset
// that still holds licenses is refused, naming them: unassign them first.
func (s *Service) RetireAsset(actor, name string) (Asset, error) {
	var a Asset
	err := s.update(actor, func(o *op) error {
		var err error
		if a, err = o.assetByName(name); err != nil {
			return err
		}
		if err := o.canRetire(a); err != nil {
			return err
		}
		a.Retired = o.now
		if err := o.tx.PutAsset(&a); err != nil {
			return err
		}
		return o.emit(Event{Kind: EvAssetRetired, AssetID: a.ID, Asset: a.Name, UserID: a.OwnerID, From: "in service", To: "retired"})
	})
	return a, err
}

// CheckRetireAsset says, without changing anything, why RetireAsset would
// refuse the asset now (nil when it would not, the actor's role aside), so
// an interface asks to confirm only what can be done.
func (s *Service) CheckRetireAsset(name string) error {
	return s.view(func(o *op) error {
		a, err := o.assetByName(name)
		if err != nil {
			return err
		}
		return o.canRetire(a)
	})
}

// canRetire refuses a retired asset and one that holds licenses.
func (o *op) canRetire(a Asset) error {
	if !a.InService() {
		return Conflictf("%s is already retired (since %s)", a.Name, DateOf(a.Retired))
	}
	held, err := o.heldNames(AssigneeAsset, a.ID)
	if err != nil {
		return err
	}
	if len(held) > 0 {
		return Conflictf("%s still holds %s: unassign them before retiring it", a.Name, strings.Join(held, ", "))
	}
	return nil
}

// heldNames lists the licenses a holder holds as "CODE (Product)".
func (o *op) heldNames(kind AssigneeKind, id ID) ([]string, error) {
	var ls []License
	if err := o.tx.HeldBy(kind, id, func(l License) bool { ls = append(ls, l); return true }); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		p, err := o.tx.Product(l.ProductID)
		if err != nil {
			return nil, err
		}
		out = append(out, l.Code()+" ("+p.Name+")")
	}
	return out, nil
}
