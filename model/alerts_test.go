package model_test

import (
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// alerts returns the current alerts of one kind.
func (w *fxWorld) alerts(kind string) []model.Alert {
	w.t.Helper()
	sum, err := w.svc.Status()
	w.must(err)
	var out []model.Alert
	for _, a := range sum.Alerts {
		if a.Kind == kind {
			out = append(out, a)
		}
	}
	return out
}

// expectAlert fails unless exactly one alert of kind is present, with the
// severity given and a message containing every part.
func (w *fxWorld) expectAlert(kind string, sev model.Severity, parts ...string) model.Alert {
	w.t.Helper()
	as := w.alerts(kind)
	if len(as) != 1 {
		w.t.Fatalf("want one %s alert, got %+v", kind, as)
	}
	if as[0].Severity != sev {
		w.t.Fatalf("%s alert is %s, want %s", kind, as[0].Severity, sev)
	}
	for _, p := range parts {
		if !strings.Contains(as[0].Message, p) {
			w.t.Fatalf("%s alert %q lacks %q", kind, as[0].Message, p)
		}
	}
	return as[0]
}

func (w *fxWorld) expectNoAlert(kind string) {
	w.t.Helper()
	if as := w.alerts(kind); len(as) != 0 {
		w.t.Fatalf("want no %s alert, got %+v", kind, as)
	}
}

func (w *fxWorld) edit(product string, fn func(p *model.Product)) {
	w.t.Helper()
	_, err := w.svc.EditProduct("", product, func(p *model.Product) error { fn(p); return nil })
	w.must(err)
}

func (w *fxWorld) assign(product string, who ...string) {
	w.t.Helper()
	_, err := w.svc.BulkAssign("", product, who, false)
	w.must(err)
}

func (w *fxWorld) unassignFrom(product, who string) {
	w.t.Helper()
	ls, _, err := w.svc.Licenses(model.LicenseFilter{Product: product, Holder: who})
	w.must(err)
	if len(ls) != 1 {
		w.t.Fatalf("%s holds %d of %s", who, len(ls), product)
	}
	_, _, err = w.svc.Unassign("", ls[0].Code())
	w.must(err)
}

func TestAlertOverage(t *testing.T) {
	w := fxStandard(t) // Office: 3 contracted
	w.assign("Office", "ana@example.com", "ben@example.com")
	_, err := w.svc.RemoveLicenses("", "Office", 2, true) // 3 → 1 at the cycle end, under the 2 assigned
	w.must(err)
	w.expectNoAlert(model.AlertOverage) // not before the cycle ends
	w.clock.set(2026, time.April, 1)
	w.expectAlert(model.AlertOverage, model.Critical, "Office", "2 assigned", "1 contracted")
	sum, _ := w.svc.Status()
	if !sum.HasCritical() {
		t.Fatal("overage is not critical")
	}
	w.unassignFrom("Office", "ben@example.com")
	w.expectNoAlert(model.AlertOverage)
	w.check()
}

func TestAlertReductionBelowAssigned(t *testing.T) {
	w := fxStandard(t) // Office: 3 contracted
	w.assign("Office", "ana@example.com", "ben@example.com")
	_, err := w.svc.RemoveLicenses("", "Office", 2, true) // 3 → 1, one fewer than the 2 assigned
	w.must(err)
	w.expectAlert(model.AlertReductionBelow, model.Critical, "Office", "reduction to 1", "2 assigned", "unassign 1")
	w.unassignFrom("Office", "ana@example.com")
	w.expectNoAlert(model.AlertReductionBelow)
	sum, _ := w.svc.Status()
	if sum.HasCritical() {
		t.Fatalf("still critical: %+v", sum.Alerts)
	}
	w.check()
}

func TestAlertExpiredWithActiveLicenses(t *testing.T) {
	w := fxStandard(t)
	w.edit("Office", func(p *model.Product) { p.Expires = "2026-03-10" })
	w.expectNoAlert(model.AlertExpired) // expired, but nothing assigned
	w.assign("Office", "ana@example.com")
	w.expectAlert(model.AlertExpired, model.Critical, "Office", "2026-03-10", "1 licenses")
	w.unassignFrom("Office", "ana@example.com")
	w.expectNoAlert(model.AlertExpired)
	// Resolved the other way: the contract is renewed.
	w.assign("Office", "ben@example.com")
	w.expectAlert(model.AlertExpired, model.Critical)
	w.edit("Office", func(p *model.Product) { p.Expires = "2027-03-10" })
	w.expectNoAlert(model.AlertExpired)
	w.expectNoAlert(model.AlertExpiring)
}

func TestAlertExpiringWithinTheOrgWindow(t *testing.T) {
	w := fxStandard(t) // 2026-03-16, window 30 days
	w.edit("Office", func(p *model.Product) { p.Expires = "2026-04-15" })
	w.expectAlert(model.AlertExpiring, model.Warning, "Office", "2026-04-15", "in 30 days")
	w.edit("Office", func(p *model.Product) { p.Expires = "2026-04-16" })
	w.expectNoAlert(model.AlertExpiring) // 31 days: outside the window
	_, err := w.svc.EditOrg("", func(o *model.Org) error { o.ExpiryWarningDays = 60; return nil })
	w.must(err)
	w.expectAlert(model.AlertExpiring, model.Warning, "in 31 days")
	w.edit("Office", func(p *model.Product) { p.Expires = "2026-12-31" })
	w.expectNoAlert(model.AlertExpiring)
}

func TestAlertSupportEnding(t *testing.T) {
	w := fxStandard(t)
	w.edit("Antivirus", func(p *model.Product) { p.SupportUntil = "2026-03-20" })
	w.expectAlert(model.AlertSupportEnding, model.Warning, "Antivirus", "2026-03-20", "in 4 days")
	_, err := w.svc.EditOrg("", func(o *model.Org) error { o.ExpiryWarningDays = 3; return nil })
	w.must(err)
	w.expectNoAlert(model.AlertSupportEnding) // the window is the org's setting
	_, err = w.svc.EditOrg("", func(o *model.Org) error { o.ExpiryWarningDays = 30; return nil })
	w.must(err)
	w.expectAlert(model.AlertSupportEnding, model.Warning)
	w.edit("Antivirus", func(p *model.Product) { p.SupportUntil = "2027-03-20" })
	w.expectNoAlert(model.AlertSupportEnding)
	// Once support has ended the warning stops: there is nothing left to prepare for.
	w.edit("Antivirus", func(p *model.Product) { p.SupportUntil = "2026-03-01" })
	w.expectNoAlert(model.AlertSupportEnding)
}

func TestAlertIdleLicensesWithTheirMonthlyCost(t *testing.T) {
	w := fxStandard(t) // Office: 3 free seats since 2026-03-16 09:00 at 10.00 a month
	// Antivirus's 2 seats are both taken, so Office is the only idle product.
	_, err := w.svc.CreateAsset("", model.Asset{Name: "LAPTOP-2"}, "ben@example.com")
	w.must(err)
	w.assign("Antivirus", "LAPTOP-1", "LAPTOP-2")
	w.clock.t = time.Date(2026, time.April, 15, 8, 59, 0, 0, time.UTC)
	w.expectNoAlert(model.AlertIdle) // 29 days 23 hours
	w.clock.t = time.Date(2026, time.April, 15, 9, 0, 0, 0, time.UTC)
	a := w.expectAlert(model.AlertIdle, model.Info, "Office", "3 licenses", "30.00 EUR a month")
	if a.Amount != 3000 {
		t.Fatalf("idle cost %d", a.Amount)
	}
	w.assign("Office", "ana@example.com")
	if a := w.expectAlert(model.AlertIdle, model.Info, "2 licenses idle", "20.00 EUR"); a.Amount != 2000 {
		t.Fatalf("after one assignment %+v", a)
	}
	w.assign("Office", "ben@example.com")
	if a := w.expectAlert(model.AlertIdle, model.Info, "1 license idle", "10.00 EUR"); a.Amount != 1000 {
		t.Fatalf("after two assignments %+v", a)
	}
	w.assign("Office", "admin@example.com")
	w.expectNoAlert(model.AlertIdle)
	// A seat freed today is not idle, however old the license.
	w.unassignFrom("Office", "admin@example.com")
	w.expectNoAlert(model.AlertIdle)
	w.check()
}

func (w *fxWorld) allocate(name string, qty int, product string, users []string, depts ...string) {
	w.t.Helper()
	_, err := w.svc.CreateAllocation("", model.Allocation{Name: name, Quantity: qty, Departments: depts}, product, users)
	w.must(err)
}

func TestAlertAllocationConflictSharedMember(t *testing.T) {
	w := fxStandard(t)
	w.allocate("Sales", 1, "Office", nil, "Sales")
	w.allocate("Ana's", 1, "Office", []string{"ana@example.com"})
	a := w.expectAlert(model.AlertAllocConflict, model.Warning, "ana@example.com", "Sales", "Ana's")
	if a.Product != "Office" {
		t.Fatalf("alert %+v", a)
	}
	if st := w.allocation("Sales"); strings.Join(st.ConflictWith, ",") != "Ana's" {
		t.Fatalf("conflict not marked: %+v", st)
	}
	// Ana moves out of Sales: no longer covered twice.
	_, err := w.svc.EditUser("", "ana@example.com", func(u *model.User) error { u.Department = "Marketing"; return nil })
	w.must(err)
	w.expectNoAlert(model.AlertAllocConflict)
	if st := w.allocation("Sales"); st.Conflict() {
		t.Fatalf("conflict still marked: %+v", st)
	}
	// Back in Sales, then resolved by editing the direct membership.
	_, err = w.svc.EditUser("", "ana@example.com", func(u *model.User) error { u.Department = "Sales"; return nil })
	w.must(err)
	w.expectAlert(model.AlertAllocConflict, model.Warning)
	users := []string{"admin@example.com"}
	_, err = w.svc.EditAllocation("", "Ana's", nil, nil, &users)
	w.must(err)
	w.expectNoAlert(model.AlertAllocConflict)
	// Allocations of different products never conflict.
	_, err = w.svc.CreateProduct("", model.Product{Name: "CAD", Contracted: 5})
	w.must(err)
	w.allocate("CAD Sales", 1, "CAD", nil, "Sales")
	w.expectNoAlert(model.AlertAllocConflict)
}

func TestAlertAllocationConflictOverContracted(t *testing.T) {
	w := fxStandard(t) // Office: 3 contracted
	w.allocate("IT", 1, "Office", nil, "IT")
	w.allocate("Sales", 2, "Office", nil, "Sales")
	w.expectNoAlert(model.AlertAllocConflict) // 3 of 3
	_, err := w.svc.EditAllocation("", "Sales", func(a *model.Allocation) error { a.Quantity = 3; return nil }, nil, nil)
	w.must(err)
	w.expectAlert(model.AlertAllocConflict, model.Warning, "Office", "reserve 4", "only 3 are contracted", "IT 1", "Sales 3")
	_, err = w.svc.AddLicenses("", "Office", 1)
	w.must(err)
	w.expectNoAlert(model.AlertAllocConflict) // 4 of 4
	// And back: deleting seats' worth of allocation resolves it too.
	_, err = w.svc.EditAllocation("", "IT", func(a *model.Allocation) error { a.Quantity = 5; return nil }, nil, nil)
	w.must(err)
	w.expectAlert(model.AlertAllocConflict, model.Warning, "reserve 8") // IT 5 + Sales 3 on 4
	w.must(w.svc.DeleteAllocation("", "IT"))
	w.expectNoAlert(model.AlertAllocConflict)
}

func TestAlertAllocationOverQuantity(t *testing.T) {
	w := fxStandard(t)
	w.allocate("Sales", 1, "Office", nil, "Sales")
	w.assign("Office", "ana@example.com")
	w.expectNoAlert(model.AlertAllocOverQuantity) // 1 of 1
	w.assign("Office", "ben@example.com")
	w.expectAlert(model.AlertAllocOverQuantity, model.Warning, "Office", "Sales", "2 members", "quantity of 1")
	w.unassignFrom("Office", "ben@example.com")
	w.expectNoAlert(model.AlertAllocOverQuantity)
	// Resolved by raising the quantity instead.
	w.assign("Office", "ben@example.com")
	w.expectAlert(model.AlertAllocOverQuantity, model.Warning)
	_, err := w.svc.EditAllocation("", "Sales", func(a *model.Allocation) error { a.Quantity = 2; return nil }, nil, nil)
	w.must(err)
	w.expectNoAlert(model.AlertAllocOverQuantity)
	// A terminated member no longer counts (their licenses are released anyway).
	_, err = w.svc.EditAllocation("", "Sales", func(a *model.Allocation) error { a.Quantity = 1; return nil }, nil, nil)
	w.must(err)
	w.expectAlert(model.AlertAllocOverQuantity, model.Warning)
	_, err = w.svc.TerminateUser("", "ben@example.com", "2026-03-16")
	w.must(err)
	w.expectNoAlert(model.AlertAllocOverQuantity)
	w.check()
}
