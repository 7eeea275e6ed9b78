package model_test

import (
	"github.com/seats/seats/model"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Invoice figures worked out by hand (fixture: 2026-03-16; Office 10.00
// net, 21 % VAT, monthly, 3 seats; Antivirus 5.00 net, no VAT, yearly
// from January, 2 seats; both created today as their initial contract).
func TestInvoiceFiguresByHand(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.AddLicenses("admin@example.com", "Office", 3) // 16 of 31 days: 15.48 + 3.25
	w.must(err)
	_, err = w.svc.RemoveLicenses("", "Office", 1, false) // 6 → 5 at 1 April
	w.must(err)
	_, err = w.svc.CreateProduct("", model.Product{Name: "Perpetual CAD", Contracted: 4, NetPrice: 99900, Period: model.NoBilling})
	w.must(err)

	inv, err := w.svc.Invoice()
	w.must(err)
	if len(inv.Lines) != 3 || inv.Currency != "EUR" || !inv.Since.Equal(day(2026, 3, 1)) {
		t.Fatalf("invoice %+v", inv)
	}
	office, av, cad := inv.Lines[0], inv.Lines[1], inv.Lines[2]
	if office.Product != "Office" || office.BaseCount != 3 || office.Base != (model.Amount{Net: 3000, VAT: 630, Gross: 3630}) ||
		office.CycleStart != "2026-03-01" || office.CycleEnd != "2026-04-01" {
		t.Fatalf("office base %+v", office)
	}
	if len(office.Additions) != 1 || office.Additions[0].Count != 3 || office.Additions[0].DaysLeft != 16 ||
		office.Additions[0].Due != (model.Amount{Net: 1548, VAT: 325, Gross: 1873}) || office.Additions[0].Actor != "admin@example.com" {
		t.Fatalf("office additions %+v", office.Additions)
	}
	if office.Current != (model.Amount{Net: 4548, VAT: 955, Gross: 5503}) { // base + addition
		t.Fatalf("office current %+v", office.Current)
	}
	if len(office.Reductions) != 1 || office.Reductions[0].Count != 1 || !office.Reductions[0].At.Equal(day(2026, 4, 1)) {
		t.Fatalf("office reductions %+v", office.Reductions)
	}
	if office.NextCount != 5 || office.Next != (model.Amount{Net: 5000, VAT: 1050, Gross: 6050}) {
		t.Fatalf("office next %+v", office)
	}
	if av.BaseCount != 2 || av.Base != (model.Amount{Net: 1000, Gross: 1000}) || av.Next != av.Base || av.CycleStart != "2026-01-01" {
		t.Fatalf("antivirus %+v", av)
	}
	if cad.Base != (model.Amount{}) || cad.Next != (model.Amount{}) || cad.Contracted != 4 {
		t.Fatalf("a product without a billing period is charged: %+v", cad)
	}
	// Totals are Office's and Antivirus's lines added up (CAD costs nothing).
	if inv.Base != (model.Amount{Net: 4000, VAT: 630, Gross: 4630}) || inv.Added != (model.Amount{Net: 1548, VAT: 325, Gross: 1873}) ||
		inv.Current != (model.Amount{Net: 5548, VAT: 955, Gross: 6503}) || inv.Next != (model.Amount{Net: 6000, VAT: 1050, Gross: 7050}) {
		t.Fatalf("totals base %+v added %+v current %+v next %+v", inv.Base, inv.Added, inv.Current, inv.Next)
	}
	var changes []string
	for _, c := range inv.Changes {
		changes = append(changes, c.Product+" "+itoa(c.From)+"→"+itoa(c.To)+" "+c.Actor)
	}
	if got := strings.Join(changes, "; "); got != "Office 0→3 owner@example.com; Antivirus 0→2 owner@example.com; Office 3→6 admin@example.com; Perpetual CAD 0→4 owner@example.com" {
		t.Fatalf("changes %s", got)
	}

	// Next cycle: the reduction took effect at the boundary, the base is
	// the new count, and the March changes are before this invoice period.
	w.clock.set(2026, time.April, 2)
	inv, err = w.svc.Invoice()
	w.must(err)
	office = inv.Lines[0]
	if office.BaseCount != 5 || office.Base.Net != 5000 || len(office.Additions) != 0 || len(office.Reductions) != 0 || office.Next.Net != 5000 {
		t.Fatalf("april office %+v", office)
	}
	if len(inv.Changes) != 1 || inv.Changes[0].From != 6 || inv.Changes[0].To != 5 || inv.Changes[0].Actor != model.SystemActor ||
		!inv.Changes[0].Time.Equal(day(2026, 4, 1)) {
		t.Fatalf("april changes %+v", inv.Changes)
	}
	// An addition on the first day of a cycle is charged the full cycle.
	w.clock.t = day(2026, 5, 1).Add(8 * time.Hour)
	_, err = w.svc.AddLicenses("", "Office", 1)
	w.must(err)
	inv, err = w.svc.Invoice()
	w.must(err)
	office = inv.Lines[0]
	if office.BaseCount != 5 || len(office.Additions) != 1 || office.Additions[0].Due.Net != 1000 || office.Current.Net != 6000 || office.Next.Net != 6000 {
		t.Fatalf("may office %+v", office)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestUsageByUserDepartmentAndProduct(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.AddLicenses("", "Office", 2) // 5 seats at 10.00
	w.must(err)
	_, err = w.svc.CreateProduct("", model.Product{Name: "CAD", Contracted: 2, NetPrice: 12000, Period: model.Yearly}) // 10.00 a month
	w.must(err)
	_, err = w.svc.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com", "admin@example.com"}, false)
	w.must(err)
	_, err = w.svc.Assign("", "CAD", "ana@example.com", false)
	w.must(err)
	_, err = w.svc.Assign("", "Antivirus", "LAPTOP-1", false)
	w.must(err)

	rows, err := w.svc.Usage("user")
	w.must(err)
	byKey := map[string]model.UsageRow{}
	for _, r := range rows {
		byKey[r.Key] = r
	}
	if r := byKey["ana@example.com"]; r.Licenses != 2 || r.MonthlyCost != 2000 || r.Department != "Sales" || r.Name != "Ana Ruiz" {
		t.Fatalf("ana %+v", r)
	}
	if r := byKey["vic@example.com"]; r.Licenses != 0 || r.MonthlyCost != 0 {
		t.Fatalf("vic %+v", r)
	}
	if len(rows) != 6 {
		t.Fatalf("%d user rows", len(rows))
	}

	rows, err = w.svc.Usage("department")
	w.must(err)
	var got []string
	for _, r := range rows {
		got = append(got, r.Key+":"+itoa(r.Users)+"/"+itoa(r.Licenses)+"/"+r.MonthlyCost.Format("EUR"))
	}
	// (none): owner and viewer (the external never counts); IT: admin; Sales: ana and ben.
	if s := strings.Join(got, " "); s != "(none):2/0/0.00 IT:1/1/10.00 Sales:2/3/30.00" {
		t.Fatalf("by department %s", s)
	}

	rows, err = w.svc.Usage("PRODUCT")
	w.must(err)
	got = nil
	for _, r := range rows {
		got = append(got, r.Key+":"+itoa(r.Licenses)+"/"+itoa(r.Contracted)+"/"+strconv.FormatFloat(r.Utilization, 'f', 1, 64)+"/"+r.MonthlyCost.Format("EUR"))
	}
	// Antivirus 5.00 a year is 0.42 a month, × 2 seats; CAD 2 × 10.00; Office 5 × 10.00.
	if s := strings.Join(got, " "); s != "Antivirus:1/2/50.0/0.84 CAD:1/2/50.0/20.00 Office:3/5/60.0/50.00" {
		t.Fatalf("by product %s", s)
	}
	if _, err := w.svc.Usage("team"); model.CodeOf(err) != model.CodeInvalid {
		t.Fatalf("unknown grouping: %v", err)
	}
}
