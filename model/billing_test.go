package model_test

import (
	"testing"
	"time"

	"github.com/seats/seats/model"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// The spec's example, through the service: 3 licenses at 10.00 net, VAT
// 21 %, on 16 March of a monthly cycle starting 1 March.
func TestProrationSpecExample(t *testing.T) {
	w := fxStandard(t) // clock: 2026-03-16 09:00, Office 10.00 net, 21 % VAT, monthly, 3 seats
	q, err := w.svc.QuoteAdd("Office", 3)
	w.must(err)
	want := model.Amount{Net: 1548, VAT: 325, Gross: 1873}
	if q.Due != want || q.Days != 31 || q.DaysLeft != 16 || q.CycleStart != "2026-03-01" || q.CycleEnd != "2026-04-01" {
		t.Fatalf("quote %+v, want due %+v over 16 of 31 days", q, want)
	}
	got, err := w.svc.AddLicenses("", "Office", 3)
	w.must(err)
	if got.Due != want || got.From != 3 || got.To != 6 {
		t.Fatalf("add %+v", got)
	}
	_, evs, err := w.svc.History("Office")
	w.must(err)
	if last := evs[len(evs)-1]; last.Kind != model.EvLicensesAdded || last.Amount != 1873 || last.CountFrom != 3 || last.CountTo != 6 {
		t.Fatalf("recorded %+v", last)
	}
	w.check()
}

func TestCycleBoundaries(t *testing.T) {
	monthly := model.Product{Period: model.Monthly}
	cases := []struct {
		name       string
		anchor     int
		p          model.Product
		now        time.Time
		start, end time.Time
		days, left int
	}{
		{"first day of a 31-day month", 1, monthly, day(2026, 3, 1).Add(23 * time.Hour), day(2026, 3, 1), day(2026, 4, 1), 31, 31},
		{"last day of a 31-day month", 1, monthly, day(2026, 3, 31).Add(23*time.Hour + 59*time.Minute), day(2026, 3, 1), day(2026, 4, 1), 31, 1},
		{"midnight starts the next cycle", 1, monthly, day(2026, 4, 1), day(2026, 4, 1), day(2026, 5, 1), 30, 30},
		{"30-day month", 1, monthly, day(2026, 4, 15), day(2026, 4, 1), day(2026, 5, 1), 30, 16},
		{"28-day February", 1, monthly, day(2026, 2, 28), day(2026, 2, 1), day(2026, 3, 1), 28, 1},
		{"29-day February of a leap year", 1, monthly, day(2028, 2, 29), day(2028, 2, 1), day(2028, 3, 1), 29, 1},
		{"anchor 28, before the anchor", 28, monthly, day(2026, 2, 27), day(2026, 1, 28), day(2026, 2, 28), 31, 1},
		{"anchor 28, on the anchor", 28, monthly, day(2026, 2, 28), day(2026, 2, 28), day(2026, 3, 28), 28, 28},
		{"anchor 28 across a leap February", 28, monthly, day(2028, 3, 27), day(2028, 2, 28), day(2028, 3, 28), 29, 1},
		{"anchor 28 across the year end", 28, monthly, day(2027, 1, 5), day(2026, 12, 28), day(2027, 1, 28), 31, 23},
		{"yearly across a leap day", 1, model.Product{Period: model.Yearly, Purchased: "2027-03-10"}, day(2028, 2, 29), day(2027, 3, 1), day(2028, 3, 1), 366, 1},
		{"yearly without a leap day", 1, model.Product{Period: model.Yearly, Purchased: "2025-03-10"}, day(2028, 3, 1), day(2028, 3, 1), day(2029, 3, 1), 365, 365},
		{"yearly without a purchase date starts in January", 28, model.Product{Period: model.Yearly}, day(2028, 1, 27), day(2027, 1, 28), day(2028, 1, 28), 365, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cyc, ok := model.CycleAt(model.Org{AnchorDay: c.anchor}, c.p, c.now)
			if !ok {
				t.Fatal("no cycle")
			}
			if !cyc.Start.Equal(c.start) || !cyc.End.Equal(c.end) {
				t.Fatalf("cycle %s–%s, want %s–%s", cyc.Start, cyc.End, c.start, c.end)
			}
			if cyc.Days() != c.days || cyc.DaysLeft(c.now) != c.left {
				t.Fatalf("days %d left %d, want %d and %d", cyc.Days(), cyc.DaysLeft(c.now), c.days, c.left)
			}
		})
	}
	if _, ok := model.CycleAt(model.Org{AnchorDay: 1}, model.Product{Period: model.NoBilling}, day(2026, 3, 1)); ok {
		t.Fatal("a product without a billing period has a cycle")
	}
}

func TestProrateRounding(t *testing.T) {
	march := model.Cycle{Start: day(2026, 3, 1), End: day(2026, 4, 1)}   // 31 days
	april := model.Cycle{Start: day(2026, 4, 1), End: day(2026, 5, 1)}   // 30 days
	feb := model.Cycle{Start: day(2026, 2, 1), End: day(2026, 3, 1)}     // 28 days
	leapFeb := model.Cycle{Start: day(2028, 2, 1), End: day(2028, 3, 1)} // 29 days
	leapYear := model.Cycle{Start: day(2027, 3, 1), End: day(2028, 3, 1)}
	cases := []struct {
		name string
		n    int
		unit model.Money
		vat  int
		c    model.Cycle
		now  time.Time
		want model.Amount
	}{
		{"spec example", 3, 1000, 2100, march, day(2026, 3, 16), model.Amount{Net: 1548, VAT: 325, Gross: 1873}},
		{"first day is the full price", 3, 1000, 2100, march, day(2026, 3, 1), model.Amount{Net: 3000, VAT: 630, Gross: 3630}},
		{"last day is one day", 1, 3100, 0, march, day(2026, 3, 31), model.Amount{Net: 100, VAT: 0, Gross: 100}},
		{"after the cycle nothing is due", 1, 3100, 0, march, day(2026, 4, 1), model.Amount{}},
		{"28-day month, last day", 1, 2800, 0, feb, day(2026, 2, 28), model.Amount{Net: 100, Gross: 100}},
		{"29-day month, last day", 1, 2900, 0, leapFeb, day(2028, 2, 29), model.Amount{Net: 100, Gross: 100}},
		{"30-day month, half", 1, 1000, 0, april, day(2026, 4, 16), model.Amount{Net: 500, Gross: 500}},
		{"half a minor unit rounds up", 1, 15, 0, april, day(2026, 4, 30), model.Amount{Net: 1, Gross: 1}},
		{"one and a half round up to two", 1, 45, 0, april, day(2026, 4, 30), model.Amount{Net: 2, Gross: 2}},
		{"just under half rounds down", 1, 14, 0, april, day(2026, 4, 30), model.Amount{Net: 0, Gross: 0}},
		{"half a minor unit of VAT rounds up", 1, 1500, 100, april, day(2026, 4, 1), model.Amount{Net: 1500, VAT: 15, Gross: 1515}},
		{"VAT 21 % of 0.50 is 0.105, rounds to 0.11", 1, 50, 2100, april, day(2026, 4, 1), model.Amount{Net: 50, VAT: 11, Gross: 61}},
		{"fractional VAT 5.5 %", 1, 1000, 550, april, day(2026, 4, 1), model.Amount{Net: 1000, VAT: 55, Gross: 1055}},
		{"fractional VAT 2.5 % on 0.20 is exactly half", 1, 20, 250, april, day(2026, 4, 1), model.Amount{Net: 20, VAT: 1, Gross: 21}},
		{"fractional VAT 7.7 %", 3, 1000, 770, march, day(2026, 3, 16), model.Amount{Net: 1548, VAT: 119, Gross: 1667}},
		{"0 % VAT", 3, 1000, 0, march, day(2026, 3, 16), model.Amount{Net: 1548, VAT: 0, Gross: 1548}},
		{"yearly cycle across a leap day, on the leap day", 1, 36600, 0, leapYear, day(2028, 2, 29), model.Amount{Net: 100, Gross: 100}},
		{"yearly cycle across a leap day, half way", 2, 36600, 0, leapYear, day(2027, 8, 31), model.Amount{Net: 36600, Gross: 36600}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := model.Prorate(c.n, c.unit, c.vat, c.c, c.now.Add(13*time.Hour)); got != c.want {
				t.Fatalf("prorate = %+v, want %+v", got, c.want)
			}
		})
	}
}

// Anchor day 28 through the service: a quote on 27 February covers one day
// of a 31-day cycle; on 28 February a new 28-day cycle begins.
func TestQuoteFollowsTheAnchorDay(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.EditOrg("", func(o *model.Org) error { o.AnchorDay = 28; return nil })
	w.must(err)
	w.clock.set(2026, time.February, 27)
	q, err := w.svc.QuoteAdd("Office", 31)
	w.must(err)
	if q.Days != 31 || q.DaysLeft != 1 || q.Due.Net != 1000 || q.CycleStart != "2026-01-28" {
		t.Fatalf("27 Feb quote %+v", q)
	}
	w.clock.set(2026, time.February, 28)
	q, err = w.svc.QuoteAdd("Office", 1)
	w.must(err)
	if q.Days != 28 || q.DaysLeft != 28 || q.Due.Net != 1000 || q.CycleEnd != "2026-03-28" {
		t.Fatalf("28 Feb quote %+v", q)
	}
	// A product without a billing period costs nothing now. (Back to the
	// fixture's present: nothing is recorded before the newest event.)
	w.clock.set(2026, time.March, 17)
	_, err = w.svc.EditProduct("", "Office", func(p *model.Product) error { p.Period = model.NoBilling; return nil })
	w.must(err)
	q, err = w.svc.QuoteAdd("Office", 1)
	w.must(err)
	if q.Due != (model.Amount{}) || q.CycleStart != "" {
		t.Fatalf("unbilled quote %+v", q)
	}
}
