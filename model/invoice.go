package model

import (
	"cmp"
	"slices"
	"time"
)

// NoteInitialContract marks the licenses.added event that creates a
// product's first seats: they are the contract the product started with,
// billed as part of the base charge, not as a prorated addition.
const NoteInitialContract = "initial contract"

// Addition is seats added during the current cycle, with what they cost
// for the rest of it.
type Addition struct {
	Time  time.Time `json:"time"`
	Actor string    `json:"actor"`
	Count int       `json:"count"`
	From  int       `json:"from"`
	To    int       `json:"to"`
	// DaysLeft of Days in the cycle were charged.
	DaysLeft int    `json:"days_left"`
	Due      Amount `json:"due"`
}

// Reduction is a scheduled drop in a product's contracted count.
type Reduction struct {
	At    time.Time `json:"at"`
	Count int       `json:"count"`
}

// CountChange is one change of a product's contracted count.
type CountChange struct {
	Seq     uint64    `json:"seq"`
	Time    time.Time `json:"time"`
	Product string    `json:"product"`
	From    int       `json:"from"`
	To      int       `json:"to"`
	Actor   string    `json:"actor"`
	Note    string    `json:"note,omitempty"`
}

// InvoiceLine is one product on the invoice preview.
type InvoiceLine struct {
	Product  string `json:"product"`
	Period   Period `json:"period"`
	UnitNet  Money  `json:"unit_net"`
	VATBasis int    `json:"vat_basis"`
	// CycleStart/CycleEnd bound the current cycle (empty with no billing period).
	CycleStart Date `json:"cycle_start,omitempty"`
	CycleEnd   Date `json:"cycle_end,omitempty"`
	// BaseCount seats were contracted when the cycle began (plus a product's
	// initial contract made during it); Base is their full-cycle charge.
	BaseCount  int         `json:"base_count"`
	Base       Amount      `json:"base"`
	Additions  []Addition  `json:"additions"`
	Added      Amount      `json:"added"`
	Current    Amount      `json:"current"`
	Reductions []Reduction `json:"reductions"`
	// NextCount is contracted minus pending removals; Next its charge for
	// the next cycle.
	Contracted     int    `json:"contracted"`
	PendingRemoval int    `json:"pending_removal"`
	NextCount      int    `json:"next_count"`
	Next           Amount `json:"next"`
}

// Invoice is the invoice preview: per product and in total, the current
// cycle's base charge, its prorated additions, the scheduled reductions and
// the next cycle's projection, and every license-count change since the
// previous invoice.
type Invoice struct {
	Currency string        `json:"currency"`
	Now      time.Time     `json:"now"`
	Since    time.Time     `json:"since"`
	Lines    []InvoiceLine `json:"lines"`
	// ByPeriod totals each billing period's products on their own cycle
	// (monthly products for the month, yearly ones for the year), in that
	// order; Base, Added, Current and Next add every period together.
	ByPeriod []PeriodTotal `json:"by_period"`
	Base     Amount        `json:"base"`
	Added    Amount        `json:"added"`
	Current  Amount        `json:"current"`
	Next     Amount        `json:"next"`
	Changes  []CountChange `json:"changes"`
	// Recommendations are the idle licenses worth removing (as in status).
	Recommendations []Recommendation `json:"recommendations"`
}

// PeriodTotal is the invoice's total for the products of one billing
// period.
type PeriodTotal struct {
	Period  Period `json:"period"`
	Base    Amount `json:"base"`
	Added   Amount `json:"added"`
	Current Amount `json:"current"`
	Next    Amount `json:"next"`
}

func (t *PeriodTotal) add(l InvoiceLine) {
	t.Base, t.Added = t.Base.Add(l.Base), t.Added.Add(l.Added)
	t.Current, t.Next = t.Current.Add(l.Current), t.Next.Add(l.Next)
}

// Invoice computes the invoice preview from each product's record, its
// scheduled reductions and its own product-level events; it never scans
// licenses or the whole event log.
func (s *Service) Invoice() (Invoice, error) {
	var inv Invoice
	err := s.view(func(o *op) error {
		var err error
		inv, err = o.invoice()
		return err
	})
	return inv, err
}

// invoiceSince is when the previous invoice was issued; without one, the
// start of the current monthly cycle.
func invoiceSince(org Org, now time.Time) time.Time {
	if !org.InvoicedAt.IsZero() {
		return org.InvoicedAt
	}
	c, _ := CycleAt(org, Product{Period: Monthly}, now)
	return c.Start
}

func (o *op) invoice() (Invoice, error) {
	inv := Invoice{Currency: o.org.Currency, Now: o.now, Since: invoiceSince(o.org, o.now), Lines: []InvoiceLine{}, Changes: []CountChange{}}
	products, err := o.tx.Products()
	if err != nil {
		return inv, err
	}
	reductions := map[ID][]Reduction{}
	if err := o.tx.Schedule(func(sc Scheduled) bool {
		if sc.Kind == ScheduleReduce {
			reductions[sc.ProductID] = append(reductions[sc.ProductID], Reduction{At: sc.At, Count: sc.Count})
		}
		return true
	}); err != nil {
		return inv, err
	}
	byPeriod := []PeriodTotal{{Period: Monthly}, {Period: Yearly}}
	periodsSeen := map[Period]bool{}
	for _, p := range products {
		periodsSeen[p.Period] = true
		line, changes, err := o.invoiceLine(p, inv.Since)
		if err != nil {
			return inv, err
		}
		line.Reductions = reductions[p.ID]
		if line.Reductions == nil {
			line.Reductions = []Reduction{}
		}
		inv.Lines = append(inv.Lines, line)
		inv.Changes = append(inv.Changes, changes...)
		inv.Base = inv.Base.Add(line.Base)
		inv.Added = inv.Added.Add(line.Added)
		inv.Current = inv.Current.Add(line.Current)
		inv.Next = inv.Next.Add(line.Next)
		for i := range byPeriod {
			if byPeriod[i].Period == line.Period {
				byPeriod[i].add(line)
			}
		}
	}
	inv.ByPeriod = []PeriodTotal{}
	for _, t := range byPeriod {
		if periodsSeen[t.Period] {
			inv.ByPeriod = append(inv.ByPeriod, t)
		}
	}
	slices.SortStableFunc(inv.Changes, func(a, b CountChange) int { return cmp.Compare(a.Seq, b.Seq) })
	sum, err := o.status()
	inv.Recommendations = sum.Recommendations
	return inv, err
}

// invoiceLine reads one product's count changes. The base count is the
// current count with this cycle's additions taken back out (they are billed
// prorated instead) and any reduction after the cycle began put back (it
// was still billed for the cycle); reductions applied exactly at the
// boundary belong to the new cycle.
func (o *op) invoiceLine(p Product, since time.Time) (InvoiceLine, []CountChange, error) {
	line := InvoiceLine{Product: p.Name, Period: p.Period, UnitNet: p.NetPrice, VATBasis: p.VATBasis,
		Contracted: p.Contracted, PendingRemoval: p.PendingRemoval, Additions: []Addition{}}
	line.NextCount = max(0, p.Contracted-p.PendingRemoval)
	cyc, billed := CycleAt(o.org, p, o.now)
	if billed {
		line.CycleStart, line.CycleEnd = DateOf(cyc.Start), DateOf(cyc.End)
	}
	var changes []CountChange
	base := p.Contracted
	// Only changes since the previous invoice or the cycle start count:
	// walk back to there (with a day's slack for a clock set back) instead
	// of decoding the product's whole history.
	cutoff := since
	if billed && cyc.Start.Before(cutoff) {
		cutoff = cyc.Start
	}
	cutoff = cutoff.Add(-24 * time.Hour)
	err := o.tx.EventsAboutNewestFirst(Ref{RefProduct, p.ID}, func(e Event) bool {
		if e.Time.Before(cutoff) {
			return false
		}
		if !e.ChangesCount() {
			return true
		}
		if !e.Time.Before(since) {
			changes = append(changes, CountChange{Seq: e.Seq, Time: e.Time, Product: p.Name, From: e.CountFrom, To: e.CountTo, Actor: e.Actor, Note: e.Note})
		}
		if !billed || e.Time.Before(cyc.Start) {
			return true
		}
		delta := e.CountTo - e.CountFrom
		switch {
		case e.Kind == EvLicensesAdded && e.Note == NoteInitialContract:
			// part of the base
		case e.Kind == EvLicensesAdded:
			base -= delta
			a := Addition{Time: e.Time, Actor: e.Actor, Count: delta, From: e.CountFrom, To: e.CountTo,
				DaysLeft: cyc.DaysLeft(e.Time), Due: Prorate(delta, p.NetPrice, p.VATBasis, cyc, e.Time)}
			line.Additions = append(line.Additions, a)
			line.Added = line.Added.Add(a.Due)
		case e.Time.After(cyc.Start):
			base -= delta
		}
		return true
	})
	if err != nil {
		return line, nil, err
	}
	slices.Reverse(line.Additions)
	if !billed {
		return line, changes, nil
	}
	line.BaseCount = max(0, base)
	line.Base = AmountOf(Money(int64(line.BaseCount)*int64(p.NetPrice)), p.VATBasis)
	line.Current = line.Base.Add(line.Added)
	line.Next = AmountOf(Money(int64(line.NextCount)*int64(p.NetPrice)), p.VATBasis)
	return line, changes, nil
}
