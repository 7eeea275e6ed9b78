package model

import "time"

// License keys are secret in the domain, not only on screen: every read
// (Status, Product, and so every listing, export and JSON built on them)
// returns KeysMask in their place, whoever asks. The keys themselves come
// only from RevealKeys and ProductsWithKeys, which refuse anyone but the
// owner and admins and record who saw which product's keys, and when, as
// a write: a refused reveal writes nothing.

// Reveal is one product's license keys as revealed to an actor, with the
// event that recorded it.
type Reveal struct {
	Product string
	Keys    string
	Seq     uint64 // the EvKeysRevealed event
	Time    time.Time
}

// canSeeKeys is who may reveal or export license keys: the owner and
// admins, whatever else a role may do some day.
func canSeeKeys(u User) error {
	if u.Role != RoleOwner && u.Role != RoleAdmin {
		return Forbiddenf("%s is a %s: only the owner and admins can see license keys", u.Email, u.Role)
	}
	return nil
}

// CanSeeKeys tells an interface whether to offer revealing keys; the
// domain refuses on its own.
func CanSeeKeys(u User) bool { return u.ID == 0 || canSeeKeys(u) == nil }

// RevealKeys returns a product's license keys to actor (owner or admin) and
// records the reveal (EvKeysRevealed: who, which product, when) in the same
// transaction. A product without keys reveals nothing and records nothing.
func (s *Service) RevealKeys(actor, product string) (Reveal, error) {
	var r Reveal
	err := s.updateAs(actor, canSeeKeys, func(o *op) error {
		p, err := o.productByName(product)
		if err != nil {
			return err
		}
		if p.Keys == "" {
			return NotFoundf("%s has no license keys", p.Name)
		}
		if err := o.revealed(p, "revealed"); err != nil {
			return err
		}
		r = Reveal{Product: p.Name, Keys: p.Keys, Seq: o.head.seq, Time: o.now}
		return nil
	})
	if err != nil {
		return Reveal{}, err
	}
	return r, nil
}

// ProductsWithKeys is Status's products with their license keys, for an
// export or a listing asked for with keys: the owner and admins only, and
// each product whose keys it returns gets its EvKeysRevealed event, all in
// one transaction.
func (s *Service) ProductsWithKeys(actor string) (Summary, error) {
	var sum Summary
	err := s.updateAs(actor, canSeeKeys, func(o *op) error {
		var err error
		if sum, err = o.status(); err != nil {
			return err
		}
		for _, p := range sum.Products {
			if p.Keys == "" {
				continue
			}
			if err := o.revealed(p.Product, "exported"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	return sum, nil
}

// revealed records that the actor saw p's keys (how: "revealed",
// "exported"); the event never holds the keys.
func (o *op) revealed(p Product, how string) error {
	return o.emit(Event{Kind: EvKeysRevealed, ProductID: p.ID, Product: p.Name, Note: "license keys " + how})
}

// maskKeys puts KeysMask in place of every product's keys.
func maskKeys(ps []ProductStatus) {
	for i := range ps {
		ps[i].Keys = ps[i].MaskedKeys()
	}
}

// unchanged is an edit's answer when the result equals the record; the
// edit returns the record as it is with it.
func unchanged(what string) error {
	return Unchangedf("no changes: %s is as it was", what)
}
