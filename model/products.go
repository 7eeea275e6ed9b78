package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// cleanText trims a free-text field and refuses control characters, which
// would break a terminal table or a CSV line.
func cleanText(s, what string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > max {
		return "", Invalidf("%s is too long (%d characters, at most %d)", what, len(s), max)
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' {
			return "", Invalidf("%s contains a control character", what)
		}
	}
	return s, nil
}

// validateProduct normalizes and checks every field of a product.
func validateProduct(p *Product, currency string) error {
	var err error
	if p.Name, err = cleanText(p.Name, "product name", 100); err != nil {
		return err
	}
	if p.Name == "" {
		return Invalidf("a product name is required")
	}
	if strings.ContainsAny(p.Name, "\n") {
		return Invalidf("product name must be one line")
	}
	if _, ok := ParseLicenseCode(p.Name); ok || strings.Contains(p.Name, "@") {
		return Invalidf("product name %q could be mistaken for a license ID or email", p.Name)
	}
	for _, f := range []struct {
		v    *string
		what string
	}{{&p.Software, "software"}, {&p.Vendor, "vendor"}, {&p.LicenseType, "license type"}, {&p.Invoice, "invoice number"},
		{&p.Serial, "serial number"}, {&p.Inventory, "inventory number"}, {&p.OrgUnit, "organization unit"}, {&p.Location, "location"}} {
		if *f.v, err = cleanText(*f.v, f.what, 200); err != nil {
			return err
		}
	}
	if p.Keys, err = cleanText(p.Keys, "license keys", 10000); err != nil {
		return err
	}
	if p.Notes, err = cleanText(p.Notes, "notes", 10000); err != nil {
		return err
	}
	if p.Kind == "" {
		p.Kind = PerUser
	}
	if _, err := ParseKind(string(p.Kind)); err != nil {
		return err
	}
	if p.Period == "" {
		p.Period = Monthly
	}
	if p.Period, err = ParsePeriod(string(p.Period)); err != nil {
		return err
	}
	if p.Policy == "" {
		p.Policy = PolicyBlock
	}
	if p.Policy, err = ParsePolicy(string(p.Policy)); err != nil {
		return err
	}
	if p.NetPrice < 0 {
		return Invalidf("price cannot be negative")
	}
	if p.NetPrice > MaxPrice {
		return Invalidf("price %s %s is over the maximum of %s %s", p.NetPrice.Format(currency), currency, MaxPrice.Format(currency), currency)
	}
	if p.VATBasis < 0 || p.VATBasis > 100_00 {
		return Invalidf("VAT must be between 0 and 100 %%")
	}
	if p.Contracted < 0 {
		return Invalidf("contracted count cannot be negative")
	}
	if err := checkSeats(p.Contracted, "contracted count"); err != nil {
		return err
	}
	for _, d := range []struct {
		v    *Date
		what string
	}{{&p.Purchased, "purchase date"}, {&p.Expires, "expiration date"}, {&p.SupportUntil, "support-until date"}} {
		v, err := ParseDate(string(*d.v))
		if err != nil {
			return Invalidf("invalid %s %q (want YYYY-MM-DD, from %s to %s)", d.what, *d.v, DateOf(MinTime), DateOf(MaxTime.Add(-time.Nanosecond)))
		}
		*d.v = v
	}
	if p.Purchased != "" && p.Expires != "" && p.Expires < p.Purchased {
		return Invalidf("expiration date %s is before purchase date %s", p.Expires, p.Purchased)
	}
	return nil
}

func (o *op) nameFree(name string, self ID) error {
	other, err := o.tx.ProductByName(name)
	if err == nil && other.ID != self {
		return Conflictf("a product named %q already exists", other.Name)
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return nil
}

// CreateProduct adds a product with p.Contracted licenses, all available.
func (s *Service) CreateProduct(actor string, in Product) (Product, error) {
	var p Product
	err := s.update(actor, func(o *op) error {
		p = in // a retried transaction starts from what was asked
		n := p.Contracted
		if err := validateProduct(&p, o.org.Currency); err != nil {
			return err
		}
		if n > MaxSeatChange {
			return Invalidf("contracted count %d is over the maximum of %d for a new product (add the rest with 'licenses add', up to %d at a time)", n, MaxSeatChange, MaxSeatChange)
		}
		if err := checkAmount(p, n, o.org.Currency); err != nil {
			return err
		}
		if err := o.nameFree(p.Name, 0); err != nil {
			return err
		}
		p.ID, p.Contracted, p.PendingRemoval, p.Created = 0, 0, 0, o.now
		if err := o.tx.PutProduct(&p); err != nil {
			return err
		}
		if err := o.emit(Event{Kind: EvProductCreated, ProductID: p.ID, Product: p.Name,
			Note: fmt.Sprintf("%s, %s, %s", p.Kind, p.Period, p.Policy)}); err != nil {
			return err
		}
		if n > 0 {
			return o.growPool(&p, n, Amount{}, NoteInitialContract)
		}
		return nil
	})
	return p, err
}

// protectedProductFields are changed only by their own operations.
func keepProtected(dst *Product, cur Product) {
	dst.ID, dst.Contracted, dst.PendingRemoval, dst.Created = cur.ID, cur.Contracted, cur.PendingRemoval, cur.Created
}

// EditProduct applies edit to the product's current record inside the
// transaction (no lost updates between admins), then validates it. The
// contracted count changes only through AddLicenses/RemoveLicenses.
func (s *Service) EditProduct(actor, name string, edit func(*Product) error) (Product, error) {
	var p Product
	err := s.update(actor, func(o *op) error {
		cur, err := o.productByName(name)
		if err != nil {
			return err
		}
		p = cur
		if err := edit(&p); err != nil {
			return err
		}
		keepProtected(&p, cur)
		if p.Keys == KeysMask {
			p.Keys = cur.Keys // handed back as read: kept
		}
		if err := validateProduct(&p, o.org.Currency); err != nil {
			return err
		}
		if p.NetPrice != cur.NetPrice {
			if err := checkAmount(p, p.Contracted, o.org.Currency); err != nil {
				return err
			}
		}
		if err := o.nameFree(p.Name, p.ID); err != nil {
			return err
		}
		if p.Kind != cur.Kind {
			c, err := o.tx.Counts(p.ID)
			if err != nil {
				return err
			}
			if c.Active > 0 {
				return Conflictf("%s has %d assigned licenses: unassign them before changing it to %s", cur.Name, c.Active, p.Kind)
			}
			if err := o.beforeKindChange(cur); err != nil {
				return err
			}
		}
		from, to := diffProduct(cur, p, o.org.Currency)
		if from == "" && to == "" {
			p = cur
			return unchanged(cur.Name)
		}
		if err := o.tx.PutProduct(&p); err != nil {
			return err
		}
		return o.emit(Event{Kind: EvProductUpdated, ProductID: p.ID, Product: p.Name, From: from, To: to})
	})
	return p, err
}

// diffProduct summarizes changed fields as "field=value" lists; keys are
// secret, so only the fact that they changed is recorded.
func diffProduct(a, b Product, currency string) (from, to string) {
	var f, t []string
	add := func(name, x, y string) {
		if x != y {
			f, t = append(f, name+"="+x), append(t, name+"="+y)
		}
	}
	add("name", a.Name, b.Name)
	add("software", a.Software, b.Software)
	add("vendor", a.Vendor, b.Vendor)
	add("type", a.LicenseType, b.LicenseType)
	add("kind", string(a.Kind), string(b.Kind))
	add("period", string(a.Period), string(b.Period))
	add("price", a.NetPrice.Format(currency), b.NetPrice.Format(currency))
	add("vat", FormatVAT(a.VATBasis), FormatVAT(b.VATBasis))
	add("purchased", string(a.Purchased), string(b.Purchased))
	add("expires", string(a.Expires), string(b.Expires))
	add("support", string(a.SupportUntil), string(b.SupportUntil))
	add("invoice", a.Invoice, b.Invoice)
	add("serial", a.Serial, b.Serial)
	add("inventory", a.Inventory, b.Inventory)
	add("unit", a.OrgUnit, b.OrgUnit)
	add("location", a.Location, b.Location)
	add("policy", string(a.Policy), string(b.Policy))
	add("reduce_on_termination", fmt.Sprint(a.ReduceOnTermination), fmt.Sprint(b.ReduceOnTermination))
	add("notes", a.Notes, b.Notes)
	if a.Keys != b.Keys {
		f, t = append(f, "keys=(secret)"), append(t, "keys=(changed)")
	}
	return strings.Join(f, " "), strings.Join(t, " ")
}

// DeleteProduct removes a product and its licenses for good (Rule 8). The
// interface confirms first; the domain refuses while licenses are assigned.
func (s *Service) DeleteProduct(actor, name string) error {
	return s.update(actor, func(o *op) error {
		p, c, err := o.deletableProduct(name)
		if err != nil {
			return err
		}
		if err := o.dropSchedules(func(sc Scheduled) bool { return sc.ProductID == p.ID }); err != nil {
			return err
		}
		if err := o.beforeProductDelete(p); err != nil {
			return err
		}
		if err := o.tx.DeleteProduct(p.ID); err != nil {
			return err
		}
		return o.emit(Event{Kind: EvProductDeleted, ProductID: p.ID, Product: p.Name,
			CountFrom: p.Contracted, Note: fmt.Sprintf("%d licenses deleted", c.Available+c.Active+c.Deactivated)})
	})
}

// ProductDeletable says whether the product called name can be deleted
// now: nil when it can, else the refusal DeleteProduct would give (a
// conflict saying why). Screens ask it before offering a confirmation.
func (s *Service) ProductDeletable(name string) error {
	return s.view(func(o *op) error {
		_, _, err := o.deletableProduct(name)
		return err
	})
}

// deletableProduct is the product called name and its counts when it can
// be deleted now, else why not.
func (o *op) deletableProduct(name string) (Product, Counts, error) {
	p, err := o.productByName(name)
	if err != nil {
		return Product{}, Counts{}, err
	}
	c, err := o.tx.Counts(p.ID)
	if err != nil {
		return Product{}, Counts{}, err
	}
	if c.Active > 0 {
		return Product{}, Counts{}, Conflictf("%s cannot be deleted: %s assigned; unassign them before deleting it", p.Name, plural(c.Active, "license is", "licenses are"))
	}
	return p, c, nil
}

// QuoteAdd tells what adding n licenses to a product would cost now.
func (s *Service) QuoteAdd(name string, n int) (Quote, error) {
	var q Quote
	err := s.view(func(o *op) error {
		if err := positive(n, "number of licenses"); err != nil {
			return err
		}
		p, err := o.productByName(name)
		if err != nil {
			return err
		}
		if err := checkAddition(p, n, o.org.Currency); err != nil {
			return err
		}
		q = quote(o.org, p, n, o.now)
		return nil
	})
	return q, err
}

// AddLicenses grows a product's pool by n seats now; the amount due is the
// prorated price for the rest of the current cycle (Rule 4).
func (s *Service) AddLicenses(actor, name string, n int) (Quote, error) {
	var q Quote
	err := s.update(actor, func(o *op) error {
		if err := positive(n, "number of licenses"); err != nil {
			return err
		}
		p, err := o.productByName(name)
		if err != nil {
			return err
		}
		if err := checkAddition(p, n, o.org.Currency); err != nil {
			return err
		}
		q = quote(o.org, p, n, o.now)
		return o.growPool(&p, n, q.Due, "")
	})
	return q, err
}

// checkAddition bounds adding n licenses to p: at most MaxSeatChange at
// once, and the sum within MaxSeats and MaxAmount.
func checkAddition(p Product, n int, currency string) error {
	if err := checkSeatChange(n, "number of licenses"); err != nil {
		return err
	}
	return checkGrowth(p, p.Contracted+n, currency)
}

// growPool creates n available licenses and raises the contracted count,
// recording one event for the whole range.
func (o *op) growPool(p *Product, n int, due Amount, note string) error {
	last, err := o.tx.LastSeq()
	if err != nil {
		return err
	}
	seq := last + 1
	c, err := o.tx.Counts(p.ID)
	if err != nil {
		return err
	}
	// During an overage the first seats added only cover licenses that are
	// already assigned; only the rest become new, free licenses.
	rows := n - min(n, max(0, c.Active-p.Contracted))
	var first, lastID ID
	for i := 0; i < rows; i++ {
		l := License{ProductID: p.ID, Status: Available, Created: o.now, Since: o.now, CreatedSeq: seq}
		if err := o.tx.PutLicense(&l); err != nil {
			return err
		}
		if first == 0 {
			first = l.ID
		}
		lastID = l.ID
	}
	from := p.Contracted
	p.Contracted += n
	if err := o.tx.PutProduct(p); err != nil {
		return err
	}
	e := Event{Kind: EvLicensesAdded, Time: o.now, Actor: o.actorName(), ProductID: p.ID, Product: p.Name,
		CountFrom: from, CountTo: p.Contracted, FirstLicense: first, LastLicense: lastID, Amount: due.Gross, Note: note}
	if err := o.appendEvent(&e); err != nil {
		return err
	}
	if e.Seq != seq {
		return Corruptf("event sequence out of step (%d, expected %d)", e.Seq, seq)
	}
	return nil
}

// Removal tells what a license removal does and when.
type Removal struct {
	Product   string    `json:"product"`
	Count     int       `json:"count"`
	From      int       `json:"from"`
	To        int       `json:"to"`
	Effective time.Time `json:"effective"`
	Immediate bool      `json:"immediate"`
	// MustUnassign is how many assigned licenses exceed the new count
	// (non-zero only with force).
	MustUnassign int `json:"must_unassign,omitempty"`
}

// PlanRemoval tells what removing n licenses would do, or why it is refused.
func (s *Service) PlanRemoval(name string, n int, force bool) (Removal, error) {
	var r Removal
	err := s.view(func(o *op) error {
		p, err := o.productByName(name)
		if err != nil {
			return err
		}
		r, err = o.planRemoval(p, n, force)
		return err
	})
	return r, err
}

func (o *op) planRemoval(p Product, n int, force bool) (Removal, error) {
	if err := positive(n, "number of licenses"); err != nil {
		return Removal{}, err
	}
	if err := checkSeatChange(n, "number of licenses"); err != nil {
		return Removal{}, err
	}
	c, err := o.tx.Counts(p.ID)
	if err != nil {
		return Removal{}, err
	}
	remaining := p.Contracted - p.PendingRemoval
	if n > remaining {
		return Removal{}, Conflictf("%s has %d licenses not already scheduled for removal: cannot remove %d", p.Name, remaining, n)
	}
	r := Removal{Product: p.Name, Count: n, From: remaining, To: remaining - n}
	if excess := c.Active - r.To; excess > 0 {
		if !force {
			return Removal{}, Conflictf("removing %d would leave %d assigned licenses on %d contracted: unassign %d first", n, c.Active, r.To, excess)
		}
		r.MustUnassign = excess
	}
	if cyc, ok := CycleAt(o.org, p, o.now); ok {
		r.Effective = cyc.End
	} else {
		r.Effective, r.Immediate = o.now, true
	}
	return r, nil
}

// RemoveLicenses takes n seats out of the pool at the end of the current
// cycle (at once for products with no billing period). Until then they stay
// usable and billed. It refuses to leave more assigned than contracted,
// naming how many must be unassigned first, unless force, which raises an
// alert until resolved.
func (s *Service) RemoveLicenses(actor, name string, n int, force bool) (Removal, error) {
	var r Removal
	err := s.update(actor, func(o *op) error {
		p, err := o.productByName(name)
		if err != nil {
			return err
		}
		if r, err = o.planRemoval(p, n, force); err != nil {
			return err
		}
		if r.Immediate {
			return o.shrinkPool(&p, n, false, "")
		}
		p.PendingRemoval += n
		if err := o.tx.PutProduct(&p); err != nil {
			return err
		}
		if err := o.tx.PutScheduled(&Scheduled{At: r.Effective, Kind: ScheduleReduce, ProductID: p.ID, Count: n, ActorID: o.actor.ID, Force: force}); err != nil {
			return err
		}
		return o.emit(Event{Kind: EvRemovalScheduled, ProductID: p.ID, Product: p.Name, CountFrom: r.From, CountTo: r.To,
			Note: "takes effect " + DateOf(r.Effective).String()})
	})
	return r, err
}

func (d Date) String() string { return string(d) }

// shrinkPool lowers the contracted count by n now, deactivating free seats
// (oldest free first). Assigned seats are never taken: any excess stays as
// an overage until unassigned, and each unassigned seat is deactivated.
func (o *op) shrinkPool(p *Product, n int, scheduled bool, note string) error {
	from := p.Contracted
	p.Contracted -= n
	if scheduled {
		p.PendingRemoval -= n
		if p.PendingRemoval < 0 {
			p.PendingRemoval = 0
		}
	}
	if err := o.tx.PutProduct(p); err != nil {
		return err
	}
	if err := o.emit(Event{Kind: EvLicensesRemoved, ProductID: p.ID, Product: p.Name, CountFrom: from, CountTo: p.Contracted, Note: note}); err != nil {
		return err
	}
	// The free seats are taken a chunk at a time (a deactivated one is no
	// longer free, so each pass starts over at the oldest free one): a
	// large reduction never holds all of its licenses in memory.
	const chunk = 1024
	for left := n; left > 0; {
		free := make([]License, 0, min(left, chunk))
		if err := o.tx.LicensesByStatus(p.ID, Available, time.Time{}, func(l License) bool {
			free = append(free, l)
			return len(free) < cap(free)
		}); err != nil {
			return err
		}
		for _, l := range free {
			l.Status, l.Since = Deactivated, o.now
			if err := o.tx.PutLicense(&l); err != nil {
				return err
			}
			if err := o.emit(Event{Kind: EvLicenseDeactivated, ProductID: p.ID, Product: p.Name, LicenseID: l.ID, From: "available", To: "deactivated"}); err != nil {
				return err
			}
		}
		if len(free) < cap(free) {
			return nil // fewer free than removed: the rest stay an overage
		}
		left -= len(free)
	}
	return nil
}

// applyDue applies every scheduled change due by now, each recorded at its
// own boundary time and exactly once (the schedule entry is deleted in the
// same transaction).
//
// Changes are applied one at a time, earliest first, re-reading the
// schedule after each: applying one may schedule another that is already
// due (a termination on its last day schedules a reduce-on-termination for
// a cycle end that may also have passed), and it must not wait for the
// next operation.
func (o *op) applyDue() error {
	now := o.now
	defer func() { o.now = now }()
	for {
		var sc Scheduled
		found := false
		if err := o.tx.Schedule(func(s Scheduled) bool {
			sc, found = s, !s.At.After(now)
			return false
		}); err != nil {
			return err
		}
		if !found {
			return nil
		}
		o.now = sc.At
		if err := o.applyScheduled(sc); err != nil {
			return err
		}
		if err := o.tx.DeleteScheduled(sc.ID); err != nil {
			return err
		}
	}
}

func (o *op) applyScheduled(sc Scheduled) error {
	switch sc.Kind {
	case ScheduleReduce:
		p, err := o.tx.Product(sc.ProductID)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		n := sc.Count
		if n > p.Contracted {
			n = p.Contracted
		}
		return o.shrinkPool(&p, n, true, "scheduled reduction")
	case ScheduleTerminate:
		return o.releaseUser(sc.UserID, "last work day")
	}
	return Corruptf("unknown scheduled change %q", sc.Kind)
}

// dropSchedules removes scheduled changes matching keep==true.
func (o *op) dropSchedules(match func(Scheduled) bool) error {
	var ids []ID
	if err := o.tx.Schedule(func(sc Scheduled) bool {
		if match(sc) {
			ids = append(ids, sc.ID)
		}
		return true
	}); err != nil {
		return err
	}
	for _, id := range ids {
		if err := o.tx.DeleteScheduled(id); err != nil {
			return err
		}
	}
	return nil
}
