package model_test

import (
	"github.com/seats/seats/model"
	"strings"
	"testing"
)

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
	_, err := w.svc.AddLicenses("", "Office", 3) // 6 seats
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
	w := fxStandard(t) // Office: 3 seats, block
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
	// The third match takes the last seat.
	u, err = w.svc.InviteUser("", model.User{Email: "dan@example.com", First: "Dan", Last: "D", Department: "Design"})
	w.must(err)
	if u.Held != 1 {
		t.Fatalf("dan on the last seat %+v", u)
	}
	// Now the pool is full: the next match is invited, but the rule records why it could not assign.
	u, err = w.svc.InviteUser("", model.User{Email: "dee@example.com", First: "Dee", Last: "D", Department: "Design"})
	w.must(err)
	if u.Held != 0 || u.State != model.StateInvited {
		t.Fatalf("dee %+v", u)
	}
	skips := w.eventsOf(model.EvRuleSkipped)
	if len(skips) != 1 || skips[0].User != "dee@example.com" || skips[0].Product != "Office" || skips[0].AllocationID == 0 ||
		!strings.Contains(skips[0].Note, "no free license") {
		t.Fatalf("skips %+v", skips)
	}
	// An auto-grow product does not grow on its own.
	_, err = w.svc.EditProduct("", "Office", func(p *model.Product) error { p.Policy = model.PolicyAutoGrow; return nil })
	w.must(err)
	_, err = w.svc.EditUser("", "dee@example.com", func(u *model.User) error { u.First = "Deborah"; return nil })
	w.must(err)
	if ps := w.product("Office"); ps.Contracted != 3 {
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
