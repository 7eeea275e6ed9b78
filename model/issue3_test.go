package model_test

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/storetest"
	"github.com/seats/seats/store"
)

// eventsOf lists every event of a kind, oldest first.
func (w *fxWorld) eventsOf(kind string) []model.Event {
	w.t.Helper()
	var out []model.Event
	w.must(w.svc.Events(0, func(e model.Event) bool {
		if e.Kind == kind {
			out = append(out, e)
		}
		return true
	}))
	return out
}

func (w *fxWorld) product(name string) model.ProductStatus {
	w.t.Helper()
	ps, err := w.svc.Product(name)
	w.must(err)
	return ps
}

func (w *fxWorld) user(email string) model.User {
	w.t.Helper()
	u, err := w.svc.User(email)
	w.must(err)
	return u
}

// A reduction and a termination fall due while nothing happens; the store
// is closed and reopened (a restart) in between; the next operations apply
// each exactly once, recorded at its own boundary time.
func TestDueChangesApplyOnceAtTheirBoundaryAcrossRestarts(t *testing.T) {
	w := fxStandard(t) // 2026-03-16 09:00
	_, err := w.svc.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com"}, false)
	w.must(err)
	_, err = w.svc.AddLicenses("", "Office", 2)
	w.must(err)
	r, err := w.svc.RemoveLicenses("", "Office", 1, false)
	w.must(err)
	if !r.Effective.Equal(day(2026, 4, 1)) || r.From != 4 || r.To != 3 {
		t.Fatalf("removal %+v", r)
	}
	term, err := w.svc.TerminateUser("", "ben@example.com", "2026-03-25")
	w.must(err)
	if term.Immediate {
		t.Fatal("a future last day was applied at once")
	}
	// Before the boundaries nothing changes: the seats stay usable and billed.
	ps := w.product("Office")
	if ps.Contracted != 4 || ps.PendingRemoval != 1 || ps.Active != 2 {
		t.Fatalf("before the boundaries %+v", ps)
	}
	if u := w.user("ben@example.com"); u.State != model.StateEnabled || u.Held != 1 {
		t.Fatalf("ben before his last day %+v", u)
	}

	// Both fall due between two operations, with a restart in between.
	w.clock.set(2026, time.April, 3)
	w.reopen()
	_, err = w.svc.AddLicenses("", "Antivirus", 1) // the first operation after the boundaries
	w.must(err)
	w.reopen()
	_, err = w.svc.Status()
	w.must(err)
	_, err = w.svc.AddLicenses("", "Antivirus", 1)
	w.must(err)

	terms := w.eventsOf(model.EvUserTerminated)
	if len(terms) != 1 || !terms[0].Time.Equal(day(2026, 3, 25)) || terms[0].User != "ben@example.com" || terms[0].Actor != model.SystemActor {
		t.Fatalf("termination events %+v", terms)
	}
	removed := w.eventsOf(model.EvLicensesRemoved)
	if len(removed) != 1 || !removed[0].Time.Equal(day(2026, 4, 1)) || removed[0].CountFrom != 4 || removed[0].CountTo != 3 {
		t.Fatalf("removal events %+v", removed)
	}
	ps = w.product("Office")
	if ps.Contracted != 3 || ps.PendingRemoval != 0 || ps.Active != 1 || ps.Available != 2 || ps.Deactivated != 1 {
		t.Fatalf("after the boundaries %+v", ps)
	}
	if u := w.user("ben@example.com"); u.State != model.StateTerminated || u.Held != 0 || u.LastDay != "2026-03-25" {
		t.Fatalf("ben after his last day %+v", u)
	}
	if sc, _ := w.svc.Scheduled(); len(sc) != 0 {
		t.Fatalf("still scheduled: %+v", sc)
	}
	w.check()
}

// A read alone (no write operation) applies what fell due, once, and a
// later write does not apply it again.
func TestDueChangesApplyOnRead(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.RemoveLicenses("", "Office", 1, false)
	w.must(err)
	w.clock.t = day(2026, time.April, 1) // exactly the boundary
	w.reopen()
	sum, err := w.svc.Status()
	w.must(err)
	if sum.Products[0].Contracted != 1 || sum.PendingRemoval != 0 {
		t.Fatalf("status after the boundary %+v", sum.Products[0])
	}
	w.reopen()
	_, err = w.svc.AddLicenses("", "Office", 1)
	w.must(err)
	if n := len(w.eventsOf(model.EvLicensesRemoved)); n != 1 {
		t.Fatalf("reduction applied %d times", n)
	}
	w.check()
}

// Termination with reduce-on-termination: the freed seat leaves the pool
// at the cycle end, scheduled when the last day is reached, even when both
// dates pass before anyone looks.
func TestTerminationReducesOnTermination(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.EditProduct("", "Office", func(p *model.Product) error { p.ReduceOnTermination = true; return nil })
	w.must(err)
	_, err = w.svc.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com"}, false)
	w.must(err)

	// Today: released at once, the reduction waits for the cycle end.
	term, err := w.svc.TerminateUser("", "ana@example.com", "2026-03-16")
	w.must(err)
	if !term.Immediate || len(term.Released) != 1 {
		t.Fatalf("termination %+v", term)
	}
	ps := w.product("Office")
	if ps.Contracted != 2 || ps.PendingRemoval != 1 || ps.Active != 1 {
		t.Fatalf("after terminating ana %+v", ps)
	}
	// A future last day whose reduction falls due in the same gap.
	_, err = w.svc.TerminateUser("", "ben@example.com", "2026-03-30")
	w.must(err)
	w.clock.set(2026, time.April, 2)
	w.reopen()
	sum, err := w.svc.Status()
	w.must(err)
	if p := sum.Products[0]; p.Contracted != 0 || p.PendingRemoval != 0 || p.Active != 0 {
		t.Fatalf("after both last days and the cycle end %+v", p)
	}
	removed := w.eventsOf(model.EvLicensesRemoved)
	if len(removed) != 2 {
		t.Fatalf("reductions %+v", removed)
	}
	for _, e := range removed {
		if !e.Time.Equal(day(2026, 4, 1)) {
			t.Fatalf("reduction recorded at %s", e.Time)
		}
	}
	if u := w.user("ana@example.com"); u.State != model.StateTerminated {
		t.Fatalf("ana %+v", u)
	}
	// Terminated users stay listed, with their history whole.
	_, evs, err := w.svc.History("ben@example.com")
	w.must(err)
	kinds := []string{}
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
	}
	if got := strings.Join(kinds, ","); got != "user.invited,license.assigned,user.termination_scheduled,license.unassigned,user.terminated" {
		t.Fatalf("ben's history %s", got)
	}
	w.check()
}

func TestOwnershipTransferRefusals(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.BulkAssign("", "Office", []string{"ana@example.com", "admin@example.com"}, false)
	w.must(err)
	_, err = w.svc.TerminateUser("", "ana@example.com", "2026-03-16")
	w.must(err)
	cases := []struct {
		actor, to string
		code      model.Code
	}{
		{"admin@example.com", "admin@example.com", model.CodeForbidden}, // only the owner gives it away
		{"vic@example.com", "admin@example.com", model.CodeForbidden},
		{"", "owner@example.com", model.CodeConflict},  // already the owner
		{"", "ben@example.com", model.CodeConflict},    // invited, holds nothing
		{"", "ext@partner.com", model.CodeConflict},    // external
		{"", "ana@example.com", model.CodeConflict},    // terminated
		{"", "nobody@example.com", model.CodeNotFound}, // no such user
		{"", "not an email", model.CodeInvalid},
	}
	for _, c := range cases {
		before := w.snapshot()
		err := w.svc.TransferOwnership(c.actor, c.to)
		if model.CodeOf(err) != c.code {
			t.Fatalf("%s → %s: %v, want %s", c.actor, c.to, err, c.code)
		}
		if w.snapshot() != before {
			t.Fatalf("%s → %s refused but changed the database", c.actor, c.to)
		}
	}
	w.must(w.svc.TransferOwnership("", "admin@example.com"))
	// The previous owner is now an admin and cannot give ownership away.
	if err := w.svc.TransferOwnership("owner@example.com", "owner@example.com"); model.CodeOf(err) != model.CodeForbidden {
		t.Fatalf("former owner transferred: %v", err)
	}
	if evs := w.eventsOf(model.EvOwnerTransferred); len(evs) != 1 || evs[0].From != "owner@example.com" || evs[0].To != "admin@example.com" {
		t.Fatalf("events %+v", evs)
	}
	w.check()
}

func (w *fxWorld) allocation(name string) model.AllocationStatus {
	w.t.Helper()
	as, err := w.svc.Allocations()
	w.must(err)
	for _, a := range as {
		if strings.EqualFold(a.Name, name) {
			return a
		}
	}
	w.t.Fatalf("no allocation %s in %+v", name, as)
	return model.AllocationStatus{}
}

func TestAllocationValidationRefusesAndChangesNothing(t *testing.T) {
	cases := []struct {
		name     string
		a        model.Allocation
		product  string
		users    []string
		code     model.Code
		contains string
	}{
		{"duplicate name in another case", model.Allocation{Name: "SALES TEAM", Quantity: 1, Departments: []string{"IT"}}, "Office", nil, model.CodeConflict, "already exists"},
		{"no name", model.Allocation{Quantity: 1, Departments: []string{"IT"}}, "Office", nil, model.CodeInvalid, "name is required"},
		{"zero quantity", model.Allocation{Name: "X", Quantity: 0, Departments: []string{"IT"}}, "Office", nil, model.CodeInvalid, "positive"},
		{"negative quantity", model.Allocation{Name: "X", Quantity: -2, Departments: []string{"IT"}}, "Office", nil, model.CodeInvalid, "positive"},
		{"unknown product", model.Allocation{Name: "X", Quantity: 1, Departments: []string{"IT"}}, "Nope", nil, model.CodeNotFound, "Nope"},
		{"per-device product", model.Allocation{Name: "X", Quantity: 1, Departments: []string{"IT"}}, "Antivirus", nil, model.CodeConflict, "per-device"},
		{"unknown user", model.Allocation{Name: "X", Quantity: 1}, "Office", []string{"nobody@example.com"}, model.CodeNotFound, "nobody@example.com"},
		{"external user", model.Allocation{Name: "X", Quantity: 1}, "Office", []string{"ext@partner.com"}, model.CodeConflict, "external"},
		{"invalid rule role", model.Allocation{Name: "X", Quantity: 1, Rule: true, RuleRole: "boss"}, "Office", nil, model.CodeInvalid, "role"},
		{"rule without department or role", model.Allocation{Name: "X", Quantity: 1, Rule: true}, "Office", []string{"ana@example.com"}, model.CodeInvalid, "department or a role"},
		{"no members and no rule", model.Allocation{Name: "X", Quantity: 1}, "Office", nil, model.CodeInvalid, "members"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := fxStandard(t)
			_, err := w.svc.CreateAllocation("", model.Allocation{Name: "Sales team", Quantity: 1, Departments: []string{"Sales"}}, "Office", nil)
			w.must(err)
			before := w.snapshot()
			_, err = w.svc.CreateAllocation("", c.a, c.product, c.users)
			if model.CodeOf(err) != c.code || !strings.Contains(err.Error(), c.contains) {
				t.Fatalf("got %v (%s), want %s containing %q", err, model.CodeOf(err), c.code, c.contains)
			}
			if w.snapshot() != before {
				t.Fatal("a refused allocation changed the database")
			}
		})
	}
	// Only owner and admin may manage allocations.
	w := fxStandard(t)
	_, err := w.svc.CreateAllocation("ana@example.com", model.Allocation{Name: "X", Quantity: 1, Departments: []string{"IT"}}, "Office", nil)
	if model.CodeOf(err) != model.CodeForbidden {
		t.Fatalf("member created an allocation: %v", err)
	}
}

func TestAllocationLifecycle(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.AddLicenses("", "Office", 3) // 5 seats
	w.must(err)
	_, err = w.svc.BulkAssign("", "Office", []string{"ana@example.com", "admin@example.com"}, false)
	w.must(err)
	a, err := w.svc.CreateAllocation("admin@example.com", model.Allocation{Name: "Sales", Quantity: 2, Departments: []string{"sales", "Sales"}},
		"office", []string{"ADMIN@example.com", "admin@example.com"})
	w.must(err)
	if len(a.Departments) != 1 || len(a.UserIDs) != 1 || a.ProductID == 0 {
		t.Fatalf("duplicates kept: %+v", a)
	}
	st := w.allocation("sales")
	// Members: admin directly, ana and ben by department; the external and
	// the viewer are not members. Used: admin and ana hold Office.
	if strings.Join(st.Members, ",") != "admin@example.com,ana@example.com,ben@example.com" || st.Used != 2 || st.Product != "Office" ||
		strings.Join(st.Users, ",") != "admin@example.com" || st.Conflict() {
		t.Fatalf("status %+v", st)
	}

	users := []string{"vic@example.com"}
	product := "Office"
	_, err = w.svc.EditAllocation("", "Sales", func(a *model.Allocation) error {
		a.Name, a.Quantity, a.Departments = "Sales EU", 4, nil
		return nil
	}, &product, &users)
	w.must(err)
	st = w.allocation("Sales EU")
	if st.Quantity != 4 || strings.Join(st.Members, ",") != "vic@example.com" || st.Used != 0 {
		t.Fatalf("after edit %+v", st)
	}
	// An edit that changes nothing records nothing; a refused edit keeps the record.
	last, _ := w.svc.LastSeq()
	_, err = w.svc.EditAllocation("", "Sales EU", nil, nil, nil)
	if !model.IsUnchanged(err) {
		t.Fatalf("an empty edit: %v, want CodeUnchanged", err)
	}
	if now, _ := w.svc.LastSeq(); now != last {
		t.Fatal("an empty edit wrote an event")
	}
	before := w.snapshot()
	_, err = w.svc.EditAllocation("", "Sales EU", func(a *model.Allocation) error { a.Quantity = 0; return nil }, nil, nil)
	if model.CodeOf(err) != model.CodeInvalid || w.snapshot() != before {
		t.Fatalf("zero quantity edit: %v", err)
	}

	w.must(w.svc.DeleteAllocation("", "sales eu"))
	if err := w.svc.DeleteAllocation("", "Sales EU"); model.CodeOf(err) != model.CodeNotFound {
		t.Fatalf("deleted twice: %v", err)
	}
	var kinds []string
	for _, k := range []string{model.EvAllocationCreated, model.EvAllocationUpdated, model.EvAllocationDeleted} {
		for _, e := range w.eventsOf(k) {
			if e.AllocationID != a.ID || e.ProductID == 0 || e.Product != "Office" {
				t.Fatalf("event %+v", e)
			}
			kinds = append(kinds, e.Kind)
		}
	}
	if len(kinds) != 3 {
		t.Fatalf("events %v", kinds)
	}
	// The allocation's history stays readable by ID after deletion.
	evs, err := w.svc.HistoryOf(model.Ref{Kind: model.RefAllocation, ID: a.ID})
	w.must(err)
	if len(evs) != 3 {
		t.Fatalf("history %+v", evs)
	}
	w.check()
}

// A product with allocations cannot become per-device: its allocations
// (and their rules) reserve seats for people.
func TestProductWithAllocationsKeepsItsKind(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.CreateAllocation("", model.Allocation{Name: "Sales", Quantity: 1, Departments: []string{"Sales"}, Rule: true}, "Office", nil)
	w.must(err)
	before := w.snapshot()
	_, err = w.svc.EditProduct("", "Office", func(p *model.Product) error { p.Kind = model.PerDevice; return nil })
	if model.CodeOf(err) != model.CodeConflict || !strings.Contains(err.Error(), "Sales") || w.snapshot() != before {
		t.Fatalf("kind change with allocations: %v", err)
	}
	w.must(w.svc.DeleteAllocation("", "Sales"))
	_, err = w.svc.EditProduct("", "Office", func(p *model.Product) error { p.Kind = model.PerDevice; return nil })
	w.must(err)
	w.check()
}

func TestDeletingAProductDeletesItsAllocations(t *testing.T) {
	w := fxStandard(t)
	a, err := w.svc.CreateAllocation("", model.Allocation{Name: "Sales", Quantity: 1, Departments: []string{"Sales"}}, "Office", nil)
	w.must(err)
	w.must(w.svc.DeleteProduct("", "Office"))
	as, err := w.svc.Allocations()
	w.must(err)
	if len(as) != 0 {
		t.Fatalf("allocations survived: %+v", as)
	}
	del := w.eventsOf(model.EvAllocationDeleted)
	if len(del) != 1 || del[0].AllocationID != a.ID {
		t.Fatalf("deletion events %+v", del)
	}
	w.check()
}

func TestRuleAssignsOnInviteAndEdit(t *testing.T) {
	w := fxStandard(t) // Office: 2 seats, block
	_, err := w.svc.CreateAllocation("", model.Allocation{Name: "Design", Quantity: 5, Departments: []string{"Design"}, Rule: true}, "Office", nil)
	w.must(err)
	if a := w.allocation("Design"); a.RuleDepartment != "Design" {
		t.Fatalf("the rule did not take the department: %+v", a)
	}
	// Inviting a matching user assigns in the same operation.
	u, err := w.svc.InviteUser("", model.User{Email: "dora@example.com", First: "Dora", Last: "D", Department: "design"})
	w.must(err)
	if u.State != model.StateEnabled || u.Held != 1 {
		t.Fatalf("invited %+v", u)
	}
	as := w.eventsOf(model.EvLicenseAssigned)
	if len(as) != 1 || as[0].User != "dora@example.com" || as[0].Note != "rule Design" || as[0].Actor != "owner@example.com" {
		t.Fatalf("assignment %+v", as)
	}
	// A non-matching user and an external get nothing.
	_, err = w.svc.InviteUser("", model.User{Email: "sam@example.com", First: "Sam", Last: "S", Department: "Sales"})
	w.must(err)
	_, err = w.svc.InviteUser("", model.User{Email: "xd@partner.com", First: "X", Last: "D", Department: "Design", Kind: model.KindExternal})
	w.must(err)
	if n := len(w.eventsOf(model.EvLicenseAssigned)); n != 1 {
		t.Fatalf("%d assignments", n)
	}
	// Editing a user into the department assigns.
	_, err = w.svc.EditUser("", "ben@example.com", func(u *model.User) error { u.Department = "Design"; return nil })
	w.must(err)
	if u := w.user("ben@example.com"); u.Held != 1 {
		t.Fatalf("ben after moving to Design %+v", u)
	}
	// Now the pool is full: the next match is invited, but the rule records why it could not assign.
	u, err = w.svc.InviteUser("", model.User{Email: "dan@example.com", First: "Dan", Last: "D", Department: "Design"})
	w.must(err)
	if u.Held != 0 || u.State != model.StateInvited {
		t.Fatalf("dan %+v", u)
	}
	skips := w.eventsOf(model.EvRuleSkipped)
	if len(skips) != 1 || skips[0].User != "dan@example.com" || skips[0].Product != "Office" || skips[0].AllocationID == 0 ||
		!strings.Contains(skips[0].Note, "no free license") {
		t.Fatalf("skips %+v", skips)
	}
	// An auto-grow product does not grow on its own.
	_, err = w.svc.EditProduct("", "Office", func(p *model.Product) error { p.Policy = model.PolicyAutoGrow; return nil })
	w.must(err)
	_, err = w.svc.EditUser("", "dan@example.com", func(u *model.User) error { u.First = "Daniel"; return nil })
	w.must(err)
	if ps := w.product("Office"); ps.Contracted != 2 {
		t.Fatalf("a rule grew the pool: %+v", ps)
	}
	skips = w.eventsOf(model.EvRuleSkipped)
	if len(skips) != 2 || !strings.Contains(skips[1].Note, "auto-grow") {
		t.Fatalf("skips %+v", skips)
	}
	w.check()
}

func TestRuleByRoleAndDepartment(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.AddLicenses("", "Office", 5)
	w.must(err)
	_, err = w.svc.CreateAllocation("", model.Allocation{Name: "IT admins", Quantity: 3, Rule: true, RuleDepartment: "IT", RuleRole: model.RoleAdmin}, "Office", nil)
	w.must(err)
	_, err = w.svc.InviteUser("", model.User{Email: "m@example.com", First: "M", Last: "M", Department: "IT", Role: model.RoleMember})
	w.must(err)
	_, err = w.svc.InviteUser("", model.User{Email: "a@example.com", First: "A", Last: "A", Department: "Sales", Role: model.RoleAdmin})
	w.must(err)
	if n := len(w.eventsOf(model.EvLicenseAssigned)); n != 0 {
		t.Fatalf("%d assignments for half matches", n)
	}
	_, err = w.svc.EditUser("", "m@example.com", func(u *model.User) error { u.Role = model.RoleAdmin; return nil })
	w.must(err)
	if u := w.user("m@example.com"); u.Held != 1 {
		t.Fatalf("full match %+v", u)
	}
	// The rule's users are its members.
	if a := w.allocation("IT admins"); strings.Join(a.Members, ",") != "admin@example.com,m@example.com" || a.Used != 1 {
		t.Fatalf("members %+v", a)
	}
	w.check()
}

// Invoice figures worked out by hand (fixture: 2026-03-16; Office 10.00
// net, 21 % VAT, monthly, 2 seats; Antivirus 5.00 net, no VAT, yearly
// from January, 1 seat; both created today as their initial contract).
func TestInvoiceFiguresByHand(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.AddLicenses("admin@example.com", "Office", 3) // 16 of 31 days: 15.48 + 3.25
	w.must(err)
	_, err = w.svc.RemoveLicenses("", "Office", 1, false) // at 1 April
	w.must(err)
	_, err = w.svc.CreateProduct("", model.Product{Name: "Perpetual CAD", Contracted: 4, NetPrice: 99900, Period: model.NoBilling})
	w.must(err)

	inv, err := w.svc.Invoice()
	w.must(err)
	if len(inv.Lines) != 3 || inv.Currency != "EUR" || !inv.Since.Equal(day(2026, 3, 1)) {
		t.Fatalf("invoice %+v", inv)
	}
	office, av, cad := inv.Lines[0], inv.Lines[1], inv.Lines[2]
	if office.Product != "Office" || office.BaseCount != 2 || office.Base != (model.Amount{Net: 2000, VAT: 420, Gross: 2420}) ||
		office.CycleStart != "2026-03-01" || office.CycleEnd != "2026-04-01" {
		t.Fatalf("office base %+v", office)
	}
	if len(office.Additions) != 1 || office.Additions[0].Count != 3 || office.Additions[0].DaysLeft != 16 ||
		office.Additions[0].Due != (model.Amount{Net: 1548, VAT: 325, Gross: 1873}) || office.Additions[0].Actor != "admin@example.com" {
		t.Fatalf("office additions %+v", office.Additions)
	}
	if office.Current != (model.Amount{Net: 3548, VAT: 745, Gross: 4293}) {
		t.Fatalf("office current %+v", office.Current)
	}
	if len(office.Reductions) != 1 || office.Reductions[0].Count != 1 || !office.Reductions[0].At.Equal(day(2026, 4, 1)) {
		t.Fatalf("office reductions %+v", office.Reductions)
	}
	if office.NextCount != 4 || office.Next != (model.Amount{Net: 4000, VAT: 840, Gross: 4840}) {
		t.Fatalf("office next %+v", office)
	}
	if av.BaseCount != 1 || av.Base != (model.Amount{Net: 500, Gross: 500}) || av.Next != av.Base || av.CycleStart != "2026-01-01" {
		t.Fatalf("antivirus %+v", av)
	}
	if cad.Base != (model.Amount{}) || cad.Next != (model.Amount{}) || cad.Contracted != 4 {
		t.Fatalf("a product without a billing period is charged: %+v", cad)
	}
	if inv.Base != (model.Amount{Net: 2500, VAT: 420, Gross: 2920}) || inv.Added != (model.Amount{Net: 1548, VAT: 325, Gross: 1873}) ||
		inv.Current != (model.Amount{Net: 4048, VAT: 745, Gross: 4793}) || inv.Next != (model.Amount{Net: 4500, VAT: 840, Gross: 5340}) {
		t.Fatalf("totals base %+v added %+v current %+v next %+v", inv.Base, inv.Added, inv.Current, inv.Next)
	}
	var changes []string
	for _, c := range inv.Changes {
		changes = append(changes, c.Product+" "+itoa(c.From)+"→"+itoa(c.To)+" "+c.Actor)
	}
	if got := strings.Join(changes, "; "); got != "Office 0→2 owner@example.com; Antivirus 0→1 owner@example.com; Office 2→5 admin@example.com; Perpetual CAD 0→4 owner@example.com" {
		t.Fatalf("changes %s", got)
	}

	// Next cycle: the reduction took effect at the boundary, the base is
	// the new count, and the March changes are before this invoice period.
	w.clock.set(2026, time.April, 2)
	inv, err = w.svc.Invoice()
	w.must(err)
	office = inv.Lines[0]
	if office.BaseCount != 4 || office.Base.Net != 4000 || len(office.Additions) != 0 || len(office.Reductions) != 0 || office.Next.Net != 4000 {
		t.Fatalf("april office %+v", office)
	}
	if len(inv.Changes) != 1 || inv.Changes[0].From != 5 || inv.Changes[0].To != 4 || inv.Changes[0].Actor != model.SystemActor ||
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
	if office.BaseCount != 4 || len(office.Additions) != 1 || office.Additions[0].Due.Net != 1000 || office.Current.Net != 5000 || office.Next.Net != 5000 {
		t.Fatalf("may office %+v", office)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestUsageByUserDepartmentAndProduct(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.AddLicenses("", "Office", 2) // 4 seats at 10.00
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
		got = append(got, r.Key+":"+itoa(r.Users)+"/"+itoa(r.Licenses)+"/"+r.MonthlyCost.Format())
	}
	// (none): owner and viewer (the external never counts); IT: admin; Sales: ana and ben.
	if s := strings.Join(got, " "); s != "(none):2/0/0.00 IT:1/1/10.00 Sales:2/3/30.00" {
		t.Fatalf("by department %s", s)
	}

	rows, err = w.svc.Usage("PRODUCT")
	w.must(err)
	got = nil
	for _, r := range rows {
		got = append(got, r.Key+":"+itoa(r.Licenses)+"/"+itoa(r.Contracted)+"/"+strconv.FormatFloat(r.Utilization, 'f', 1, 64)+"/"+r.MonthlyCost.Format())
	}
	// Antivirus 5.00 a year is 0.42 a month; CAD 2 × 10.00; Office 4 × 10.00.
	if s := strings.Join(got, " "); s != "Antivirus:1/1/100.0/0.42 CAD:1/2/50.0/20.00 Office:3/4/75.0/40.00" {
		t.Fatalf("by product %s", s)
	}
	if _, err := w.svc.Usage("team"); model.CodeOf(err) != model.CodeInvalid {
		t.Fatalf("unknown grouping: %v", err)
	}
}

// TestRandomOperationsWithAllocations runs the foundation's state machine
// with allocations, rules and the issue 3 reads added, while the clock
// moves forward: every refusal leaves the file unchanged, reads never fail
// unexpectedly, and the invariant checker (which also replays every
// product's count-change events) holds throughout, as does what
// allocations promise.
func TestRandomOperationsWithAllocations(t *testing.T) {
	seed := *smSeed
	if seed == 0 {
		seed = 20261125
	}
	t.Logf("seed %d", seed)
	db, err := store.Open(filepath.Join(t.TempDir(), "sm.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.StateMachine(t, db, seed, *smOps/2, storetest.Extension{
		Ops:   allocationOps,
		Check: func(svc *model.Service) { checkAllocations(t, svc) },
	})
	byRule, skips := 0, 0
	err = model.NewService(db, nil).Events(0, func(e model.Event) bool {
		switch {
		case e.Kind == model.EvLicenseAssigned && strings.HasPrefix(e.Note, "rule "):
			byRule++
		case e.Kind == model.EvRuleSkipped:
			skips++
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if byRule == 0 {
		t.Error("no rule ever assigned a license")
	}
	t.Logf("rule assignments %d, skips %d", byRule, skips)
}

// allocationOps are the state machine's operations on allocations,
// products' settings, the organization and the issue 3 reads.
func allocationOps(m storetest.Machine) []storetest.Op {
	s, rng := m.Service(), m.Rand()
	var allocs []string
	nAlloc := 0
	depts := []string{"Sales", "IT", "Ops", "Legal"}
	return []storetest.Op{
		{Name: "create-allocation", Weight: 8, Run: func(a string) error {
			nAlloc++
			name := fmt.Sprintf("Alloc %d", nAlloc)
			al := model.Allocation{Name: name, Quantity: 1 + rng.IntN(3), Rule: rng.IntN(2) == 0}
			if rng.IntN(10) == 0 {
				al.Quantity = 0
			}
			if rng.IntN(2) == 0 {
				al.Departments = []string{m.Pick(depts)}
			}
			if al.Rule && rng.IntN(2) == 0 {
				al.RuleRole = storetest.Pick(rng, []model.Role{model.RoleAdmin, model.RoleMember, "boss"})
			}
			var users []string
			for range rng.IntN(3) {
				users = append(users, m.Email())
			}
			_, err := s.CreateAllocation(a, al, m.Product(), users)
			if err == nil {
				allocs = append(allocs, name)
			}
			return err
		}},
		{Name: "edit-allocation", Weight: 3, Run: func(a string) error {
			users := []string{m.Email()}
			var up *[]string
			if rng.IntN(2) == 0 {
				up = &users
			}
			_, err := s.EditAllocation(a, m.Pick(allocs), func(al *model.Allocation) error {
				al.Quantity += rng.IntN(3) - 1
				al.Rule = rng.IntN(2) == 0
				return nil
			}, nil, up)
			return err
		}},
		{Name: "delete-allocation", Weight: 1, Run: func(a string) error { return s.DeleteAllocation(a, m.Pick(allocs)) }},
		{Name: "edit-product", Weight: 2, Run: func(a string) error {
			_, err := s.EditProduct(a, m.Product(), func(p *model.Product) error {
				switch rng.IntN(4) {
				case 0:
					p.Kind = storetest.Pick(rng, []model.AssignKind{model.PerUser, model.PerDevice})
				case 1:
					p.Policy = storetest.Pick(rng, []model.Policy{model.PolicyBlock, model.PolicyAutoGrow})
				case 2:
					p.ReduceOnTermination = !p.ReduceOnTermination
				default:
					p.Period = storetest.Pick(rng, []model.Period{model.Monthly, model.Yearly, model.NoBilling})
				}
				return nil
			})
			return err
		}},
		{Name: "org", Weight: 1, Run: func(a string) error {
			_, err := s.EditOrg(a, func(o *model.Org) error { o.AnchorDay = 1 + rng.IntN(28); return nil })
			return err
		}},
		{Name: "reads", Weight: 3, Run: func(string) error {
			if _, err := s.Invoice(); err != nil {
				return err
			}
			if _, err := s.Usage(m.Pick([]string{"user", "department", "product"})); err != nil {
				return err
			}
			if _, err := s.Allocations(); err != nil {
				return err
			}
			_, err := s.Status()
			return err
		}},
	}
}

// checkAllocations verifies what allocations promise: every allocation
// names an existing per-user product, a positive quantity, and users that
// exist; the usage it reports matches the licenses its members hold.
func checkAllocations(t *testing.T, svc *model.Service) {
	t.Helper()
	as, err := svc.Allocations()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		ps, err := svc.Product(a.Product)
		if err != nil || ps.ID != a.ProductID || ps.Kind != model.PerUser {
			t.Fatalf("allocation %s names product %d (%q): %v", a.Name, a.ProductID, a.Product, err)
		}
		if a.Quantity <= 0 || len(a.Users) != len(a.UserIDs) {
			t.Fatalf("allocation %+v", a)
		}
		used := 0
		for _, m := range a.Members {
			ls, _, err := svc.Licenses(model.LicenseFilter{Product: a.Product, Holder: m})
			if err != nil {
				t.Fatal(err)
			}
			used += len(ls)
		}
		if used != a.Used {
			t.Fatalf("allocation %s reports %d used, its members hold %d", a.Name, a.Used, used)
		}
	}
}
