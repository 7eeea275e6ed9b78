package model

import "time"

// Cycle is one billing cycle of a product: [Start, End) in whole days (UTC).
type Cycle struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Days is the number of days in the cycle.
func (c Cycle) Days() int { return int(c.End.Sub(c.Start).Hours()/24 + 0.5) }

// DaysLeft counts the days from now's date (inclusive) to the cycle's end (exclusive).
func (c Cycle) DaysLeft(now time.Time) int {
	d := DateOf(now).Time()
	if d.Before(c.Start) {
		return c.Days()
	}
	if !d.Before(c.End) {
		return 0
	}
	return int(c.End.Sub(d).Hours()/24 + 0.5)
}

// anchorDay clamps the organization's anchor day to 1–28.
func anchorDay(org Org) int {
	if org.AnchorDay < 1 || org.AnchorDay > 28 {
		return 1
	}
	return org.AnchorDay
}

// CycleAt returns the billing cycle of a period containing now. Monthly
// cycles start on the anchor day of every month; yearly cycles on the anchor
// day of the product's purchase month (January without a purchase date).
// ok is false for products with no billing period.
func CycleAt(org Org, p Product, now time.Time) (Cycle, bool) {
	day := anchorDay(org)
	d := DateOf(now).Time()
	switch p.Period {
	case Monthly:
		start := time.Date(d.Year(), d.Month(), day, 0, 0, 0, 0, time.UTC)
		if start.After(d) {
			start = start.AddDate(0, -1, 0)
		}
		return Cycle{Start: start, End: start.AddDate(0, 1, 0)}, true
	case Yearly:
		month := time.January
		if t := p.Purchased.Time(); !t.IsZero() {
			month = t.Month()
		}
		start := time.Date(d.Year(), month, day, 0, 0, 0, 0, time.UTC)
		if start.After(d) {
			start = start.AddDate(-1, 0, 0)
		}
		return Cycle{Start: start, End: start.AddDate(1, 0, 0)}, true
	}
	return Cycle{}, false
}

// Amount is a net amount with its VAT and gross.
type Amount struct {
	Net   Money `json:"net"`
	VAT   Money `json:"vat"`
	Gross Money `json:"gross"`
}

// AmountOf computes VAT and gross for a net amount.
func AmountOf(net Money, vatBasis int) Amount {
	v := VATOf(net, vatBasis)
	return Amount{Net: net, VAT: v, Gross: net + v}
}

// Add sums two amounts.
func (a Amount) Add(b Amount) Amount {
	return Amount{Net: a.Net + b.Net, VAT: a.VAT + b.VAT, Gross: a.Gross + b.Gross}
}

// Prorate is what n more seats cost now for the rest of the cycle:
// round_half_up(n × unit × R / D), VAT rounded half up on that.
func Prorate(n int, unit Money, vatBasis int, c Cycle, now time.Time) Amount {
	days := c.Days()
	if days <= 0 || n <= 0 {
		return Amount{}
	}
	net := RoundDiv(int64(n)*int64(unit)*int64(c.DaysLeft(now)), int64(days))
	return AmountOf(Money(net), vatBasis)
}

// Quote tells what adding seats to a product means before it happens.
type Quote struct {
	Product  string `json:"product"`
	Count    int    `json:"count"`
	From     int    `json:"from"`
	To       int    `json:"to"`
	Currency string `json:"currency"`
	Period   Period `json:"period"`
	// CycleStart/CycleEnd bound the current cycle (empty with no billing period).
	CycleStart Date   `json:"cycle_start,omitempty"`
	CycleEnd   Date   `json:"cycle_end,omitempty"`
	Days       int    `json:"days"`
	DaysLeft   int    `json:"days_left"`
	Due        Amount `json:"due"`
}

func quote(org Org, p Product, n int, now time.Time) Quote {
	q := Quote{Product: p.Name, Count: n, From: p.Contracted, To: p.Contracted + n, Currency: org.Currency, Period: p.Period}
	if c, ok := CycleAt(org, p, now); ok {
		q.CycleStart, q.CycleEnd = DateOf(c.Start), DateOf(c.End)
		q.Days, q.DaysLeft = c.Days(), c.DaysLeft(now)
		q.Due = Prorate(n, p.NetPrice, p.VATBasis, c, now)
	}
	return q
}
