package model

import (
	"errors"
	"fmt"
)

// ImportAssign gives a license of product to who (an email or asset name)
// the way an import does. A free seat is taken when there is one.
// Otherwise the license is recorded beyond the contracted count,
// whatever the product's policy: the file says what the organization
// already holds, so refusing it would lose a fact. Nothing is bought or
// billed. Rule 2 allows the overage after an import, and the status
// raises the overage alert until licenses are added or unassigned.
// over says whether the license went over the count.
func (s *Service) ImportAssign(actor, product, who string) (l License, over bool, err error) {
	err = s.update(actor, func(o *op) error {
		l, over = License{}, false // a retried transaction starts over
		p, err := o.productByName(product)
		if err != nil {
			return err
		}
		h, err := o.resolveHolder(p, who)
		if err != nil {
			return err
		}
		c, err := o.tx.Counts(p.ID)
		if err != nil {
			return err
		}
		if c.Available > 0 {
			l, err = o.assignTo(p, h, false, "")
			return err
		}
		over = true
		l, err = o.assignOver(p, h, c)
		return err
	})
	return l, over, err
}

// assignOver creates a license of p already assigned to h, beyond the
// contracted count; its event names it as the range it created, as
// growPool's do, and says why.
func (o *op) assignOver(p Product, h holder, c Counts) (License, error) {
	if held, err := o.tx.HeldOf(h.kind, h.id, p.ID); err == nil {
		return License{}, Conflictf("%s already holds %s of %s", h.name, held.Code(), p.Name)
	} else if !errors.Is(err, ErrNotFound) {
		return License{}, err
	}
	if err := checkSeats(c.Active+1, "assigned count"); err != nil {
		return License{}, err
	}
	last, err := o.tx.LastSeq()
	if err != nil {
		return License{}, err
	}
	l := License{ProductID: p.ID, Status: Active, AssigneeKind: h.kind, AssigneeID: h.id,
		Created: o.now, AssignedAt: o.now, Since: o.now, CreatedSeq: last + 1}
	if err := o.tx.PutLicense(&l); err != nil {
		return License{}, err
	}
	e := Event{Kind: EvLicenseAssigned, ProductID: p.ID, Product: p.Name, LicenseID: l.ID, To: h.name,
		FirstLicense: l.ID, LastLicense: l.ID,
		Note: fmt.Sprintf("imported over the contracted count: %d assigned, %d contracted", c.Active+1, p.Contracted)}
	return l, o.emitAssigned(h, e)
}

// emitAssigned records a license assigned to h: the event names the
// holder, and a user's first license enables them. Enabled and disabled
// follow from the holder index (User.Settle), so only the first license
// ever changes the stored user.
func (o *op) emitAssigned(h holder, e Event) error {
	if h.user != nil {
		u := *h.user
		if u.State == StateInvited {
			u.State = StateEnabled
			if err := o.tx.PutUser(&u); err != nil {
				return err
			}
		}
		e.UserID, e.User = u.ID, u.Email
	} else {
		e.AssetID, e.Asset = h.id, h.name
	}
	return o.emit(e)
}
