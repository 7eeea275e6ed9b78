package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// holder is a resolved assignee.
type holder struct {
	kind  AssigneeKind
	id    ID
	name  string
	user  *User
	asset *Asset
}

// resolveHolder finds who a license of p would go to, enforcing Rule 1's
// kind match and the user rules (externals and terminated users hold none).
func (o *op) resolveHolder(p Product, who string) (holder, error) {
	who = strings.TrimSpace(who)
	if who == "" {
		return holder{}, Invalidf("say who gets the license (an email or an asset name)")
	}
	switch p.Kind {
	case PerUser:
		if !strings.Contains(who, "@") {
			if _, err := o.tx.AssetByName(who); err == nil {
				return holder{}, Conflictf("%s is per-user: assign it to a user's email, not the asset %s", p.Name, who)
			}
		}
		u, err := o.userByEmail(who)
		if err != nil {
			return holder{}, err
		}
		switch {
		case u.Kind == KindExternal:
			return holder{}, Conflictf("%s is an external consultant: externals never consume licenses", u.Email)
		case u.State == StateTerminated:
			return holder{}, Conflictf("%s is terminated and cannot hold licenses", u.Email)
		case u.LastDay != "" && !DateOf(o.now).Time().Before(u.LastDay.Time()):
			return holder{}, Conflictf("%s's last work day is %s: cannot assign new licenses", u.Email, u.LastDay)
		}
		return holder{kind: AssigneeUser, id: u.ID, name: u.Email, user: &u}, nil
	case PerDevice:
		a, err := o.tx.AssetByName(who)
		if errors.Is(err, ErrNotFound) {
			if strings.Contains(who, "@") {
				return holder{}, Conflictf("%s is per-device: assign it to an asset, not the user %s", p.Name, who)
			}
			return holder{}, NotFoundf("no asset %q", who)
		}
		if err != nil {
			return holder{}, err
		}
		if err := inService(a); err != nil {
			return holder{}, err
		}
		return holder{kind: AssigneeAsset, id: a.ID, name: a.Name, asset: &a}, nil
	}
	return holder{}, Corruptf("product %s has unknown kind %q", p.Name, p.Kind)
}

// GrowQuote is returned by QuoteAssign: whether assigning needs the pool to
// grow (auto-grow products with no free seat), and what that costs now.
type GrowQuote struct {
	NeedsGrow bool  `json:"needs_grow"`
	Blocked   bool  `json:"blocked"`
	Quote     Quote `json:"quote"`
}

// Message is the one-line confirmation text for growing.
func (g GrowQuote) Message() string {
	q := g.Quote
	return fmt.Sprintf("no free license of %s: contracted will grow from %d to %d, due now %s %s", q.Product, q.From, q.To, q.Due.Gross.Format(q.Currency), q.Currency)
}

// QuoteAssign tells, before assigning, whether a seat is free and, if not,
// whether the product blocks or grows and at what price (Rule 3).
func (s *Service) QuoteAssign(product string) (GrowQuote, error) {
	var g GrowQuote
	err := s.view(func(o *op) error {
		p, err := o.productByName(product)
		if err != nil {
			return err
		}
		g, err = o.quoteAssign(p)
		return err
	})
	return g, err
}

func (o *op) quoteAssign(p Product) (GrowQuote, error) {
	plan, err := o.planAssign(p, 1)
	return GrowQuote{NeedsGrow: plan.NeedsGrow, Blocked: plan.Blocked, Quote: plan.Quote}, err
}

// Assign gives a free license of product to a user (email) or asset (name)
// and returns it. With no free seat a block product refuses; an auto-grow
// product grows by one only when grow is set (the caller has confirmed the
// quote), otherwise it returns a CodeConfirm error saying what would happen.
func (s *Service) Assign(actor, product, who string, grow bool) (License, error) {
	var l License
	err := s.update(actor, func(o *op) error {
		var err error
		l, err = o.assign(product, who, grow)
		return err
	})
	return l, err
}

// BulkAssign assigns one license of product to each assignee, all or nothing.
func (s *Service) BulkAssign(actor, product string, who []string, grow bool) ([]License, error) {
	var out []License
	err := s.update(actor, func(o *op) error {
		out = nil // a retried transaction starts over
		for _, w := range who {
			l, err := o.assign(product, w, grow)
			if err != nil {
				return fmt.Errorf("%s: %w", w, err)
			}
			out = append(out, l)
		}
		return nil
	})
	return out, err
}

func (o *op) assign(product, who string, grow bool) (License, error) {
	p, err := o.productByName(product)
	if err != nil {
		return License{}, err
	}
	h, err := o.resolveHolder(p, who)
	if err != nil {
		return License{}, err
	}
	return o.assignTo(p, h, grow, "")
}

func (o *op) assignTo(p Product, h holder, grow bool, note string) (License, error) {
	if held, err := o.tx.HeldOf(h.kind, h.id, p.ID); err == nil {
		return License{}, Conflictf("%s already holds %s of %s", h.name, held.Code(), p.Name)
	} else if !errors.Is(err, ErrNotFound) {
		return License{}, err
	}
	g, err := o.quoteAssign(p)
	if err != nil {
		return License{}, err
	}
	switch {
	case g.Blocked:
		return License{}, &Error{Code: CodeNoSeat, Msg: fmt.Sprintf("no free license of %s (%d contracted, all assigned): add licenses or unassign one first", p.Name, p.Contracted)}
	case g.NeedsGrow && !grow:
		return License{}, &Error{Code: CodeConfirm, Msg: g.Message()}
	case g.NeedsGrow:
		if err := o.growPool(&p, g.Quote.Count, g.Quote.Due, "auto-grow for "+h.name); err != nil {
			return License{}, err
		}
	}
	var l License
	found := false
	if err := o.tx.LicensesByStatus(p.ID, Available, time.Time{}, func(x License) bool {
		l, found = x, true
		return false
	}); err != nil {
		return License{}, err
	}
	if !found {
		return License{}, Corruptf("%s counts a free license but none is stored", p.Name)
	}
	l.Status, l.AssigneeKind, l.AssigneeID, l.AssignedAt, l.Since = Active, h.kind, h.id, o.now, o.now
	if err := o.tx.PutLicense(&l); err != nil {
		return License{}, err
	}
	e := Event{Kind: EvLicenseAssigned, ProductID: p.ID, Product: p.Name, LicenseID: l.ID, To: h.name, Note: note}
	return l, o.emitAssigned(h, e)
}

// Unassign frees a license and returns it (with the former holder's name).
// While a product is over its contracted count the freed seat is
// deactivated instead of becoming available.
func (s *Service) Unassign(actor, code string) (License, string, error) {
	var l License
	var from string
	err := s.update(actor, func(o *op) error {
		var err error
		l, from, err = o.unassignCode(code, "")
		return err
	})
	return l, from, err
}

// BulkUnassign frees several licenses, all or nothing.
func (s *Service) BulkUnassign(actor string, codes []string) ([]License, error) {
	var out []License
	err := s.update(actor, func(o *op) error {
		out = nil // a retried transaction starts over
		for _, c := range codes {
			l, _, err := o.unassignCode(c, "")
			if err != nil {
				return fmt.Errorf("%s: %w", c, err)
			}
			out = append(out, l)
		}
		return nil
	})
	return out, err
}

func (o *op) unassignCode(code, note string) (License, string, error) {
	l, err := o.license(code)
	if err != nil {
		return License{}, "", err
	}
	if l.Status != Active {
		return License{}, "", Conflictf("%s is %s, not assigned", l.Code(), l.Status)
	}
	return o.unassign(l, note)
}

func (o *op) unassign(l License, note string) (License, string, error) {
	p, err := o.product(l.ProductID)
	if err != nil {
		return License{}, "", err
	}
	c, err := o.tx.Counts(p.ID)
	if err != nil {
		return License{}, "", err
	}
	kind, id := l.AssigneeKind, l.AssigneeID
	from := o.assigneeName(kind, id)
	l.Status, l.AssigneeKind, l.AssigneeID, l.AssignedAt, l.Since = Available, NoAssignee, 0, time.Time{}, o.now
	over := c.Active+c.Available > p.Contracted
	if over {
		l.Status = Deactivated
	}
	if err := o.tx.PutLicense(&l); err != nil {
		return License{}, "", err
	}
	e := Event{Kind: EvLicenseUnassigned, ProductID: p.ID, Product: p.Name, LicenseID: l.ID, From: from, Note: note}
	switch kind {
	case AssigneeUser:
		u, err := o.tx.User(id)
		if err != nil {
			return License{}, "", Corruptf("holder of %s (user %d) is missing", l.Code(), id)
		}
		e.UserID, e.User = u.ID, u.Email
	case AssigneeAsset:
		e.AssetID, e.Asset = id, from
	}
	if err := o.emit(e); err != nil {
		return License{}, "", err
	}
	if over {
		if err := o.emit(Event{Kind: EvLicenseDeactivated, ProductID: p.ID, Product: p.Name, LicenseID: l.ID,
			From: "active", To: "deactivated", Note: "over contracted count"}); err != nil {
			return License{}, "", err
		}
	}
	return l, from, nil
}
