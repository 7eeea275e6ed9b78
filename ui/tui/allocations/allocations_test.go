package allocations

import (
	"strings"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
	"github.com/seats/seats/ui/tui/tuitest"
	"github.com/seats/seats/ui/tui/users"
)

func allocation(t *testing.T, w *tuitest.World, name string) (model.AllocationStatus, bool) {
	t.Helper()
	as, err := w.Svc.Allocations()
	w.Must(err)
	for _, a := range as {
		if a.Name == name {
			return a, true
		}
	}
	return model.AllocationStatus{}, false
}

// withAllocation is the standard organization with "Sales seats": two
// Office seats for the Sales department.
func withAllocation(t *testing.T) *tuitest.World {
	t.Helper()
	w := tuitest.Standard(t)
	_, err := w.Svc.CreateAllocation("", model.Allocation{Name: "Sales seats", Quantity: 2, Departments: []string{"Sales"}}, "Office", nil)
	w.Must(err)
	return w
}

func TestKeysByViewAndRole(t *testing.T) {
	w := withAllocation(t)
	h := tuitest.Load(t, w, "", New)
	for k, want := range map[string]bool{"enter": true, "n": true, "e": true, "d": true, "v": true} {
		if h.Offers(k) != want {
			t.Errorf("key %s offered %v (help %v)", k, !want, h.HelpKeys())
		}
	}
	h.Press("enter")
	a, _ := allocation(t, w, "Sales seats")
	if len(h.History) != 1 || h.History[0].Ref != (model.Ref{Kind: model.RefAllocation, ID: a.ID}) {
		t.Fatalf("history %+v", h.History)
	}
	// The usage views have no rows to act on.
	h.Press("v")
	if !strings.Contains(h.Tab.View(), "ana@example.com") {
		t.Fatalf("by user:\n%s", h.Tab.View())
	}
	for k, want := range map[string]bool{"enter": false, "e": false, "d": false, "n": true, "v": true} {
		if h.Offers(k) != want {
			t.Errorf("by user: key %s offered %v", k, !want)
		}
	}

	v := tuitest.Load(t, w, "vic@example.com", New)
	v.Refuses("n", "e", "d")
	if !v.Offers("enter") || !v.Offers("v") {
		t.Fatalf("viewer help %v", v.HelpKeys())
	}
	// Forced, the domain refuses.
	v.Run(common.Open(confirmDelete(v.Ctx, a)))
	v.Press("y")
	if len(v.Errs) != 1 || !strings.Contains(v.Errs[0].Error(), "only the owner and admins") {
		t.Fatalf("errs %v", v.Errs)
	}
	if _, ok := allocation(t, w, "Sales seats"); !ok {
		t.Fatal("a viewer deleted an allocation")
	}
}

func TestViewsCycle(t *testing.T) {
	w := withAllocation(t)
	h := tuitest.Load(t, w, "", New)
	want := []string{"ana@example.com", "Sales", "Antivirus", "Sales seats"}
	for i, text := range want {
		h.Press("v")
		if got := h.Tab.(*Tab).view; got != view((i+1)%int(numViews)) {
			t.Fatalf("view %d after %d presses", got, i+1)
		}
		if !strings.Contains(h.Tab.View(), text) {
			t.Fatalf("view %s lacks %q:\n%s", viewNames[h.Tab.(*Tab).view], text, h.Tab.View())
		}
		tuitest.CheckFrame(t, h.Tab.View(), 120, 37)
	}
}

// TestRuleHandsOutLicenses creates an allocation with a rule through the
// form, then invites a matching user through the users tab's form: the
// rule gives them a license at once.
func TestRuleHandsOutLicenses(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	h.Press("n")
	v := tuitest.TopAs[*form.Model](h).Values()
	if v["product"] != "Office" || v["rule_role"] != anyRole || v["rule"] != "" {
		t.Fatalf("new form %v", v)
	}
	h.Type("Support seats")
	h.Press("tab", "tab") // product: Office, the only per-user product
	h.Type("2")
	h.Press("tab", "tab", "tab") // users, departments empty
	h.Press(" ")                 // rule on
	h.Press("tab")
	h.Type("Support")
	h.Press("tab", "right", "right", "right") // any → owner → admin → member
	if v := tuitest.TopAs[*form.Model](h).Values(); v["rule_role"] != "member" || !v.Bool("rule") {
		t.Fatalf("values %v", v)
	}
	h.Press("enter")
	if h.Top() != nil {
		t.Fatalf("form still open:\n%s", h.ModalView())
	}
	a, ok := allocation(t, w, "Support seats")
	if !ok || !a.Rule || a.RuleDepartment != "Support" || a.RuleRole != model.RoleMember || a.Quantity != 2 || a.Product != "Office" {
		t.Fatalf("created %+v", a)
	}
	if h.LastStatus() != "allocation Support seats created: 2 of Office" {
		t.Fatalf("status %q", h.LastStatus())
	}

	u := tuitest.Load(t, w, "", users.New)
	u.Press("n")
	u.Type("sam@example.com")
	u.Press("tab")
	u.Type("Sam")
	u.Press("tab")
	u.Type("Stone")
	u.Press("tab", "tab")
	u.Type("Support")
	u.Press("ctrl+s")
	ls, _, err := w.Svc.Licenses(model.LicenseFilter{Holder: "sam@example.com", Status: model.Active})
	w.Must(err)
	if len(ls) != 1 || !strings.Contains(u.LastStatus(), "allocation rules gave them 1 license") {
		t.Fatalf("sam holds %d; status %q", len(ls), u.LastStatus())
	}
	// Back here, the allocation counts them.
	h.Send(common.DataChangedMsg{})
	if !strings.Contains(h.Tab.View(), "sam@example.com") {
		t.Fatalf("pane lacks the new member:\n%s", h.Tab.View())
	}
	w.Check()
}

func TestEditThroughTheForm(t *testing.T) {
	w := withAllocation(t)
	h := tuitest.Load(t, w, "", New)
	h.Press("e")
	v := tuitest.TopAs[*form.Model](h).Values()
	if v["name"] != "Sales seats" || v["quantity"] != "2" || v["departments"] != "Sales" || v["product"] != "Office" {
		t.Fatalf("edit form %v", v)
	}
	h.Press("tab", "tab") // quantity
	h.Clear()
	h.Type("3")
	h.Press("tab")
	h.Type("adm") // the users picker narrows to admin@example.com
	h.Press("space")
	h.Press("ctrl+s")
	a, _ := allocation(t, w, "Sales seats")
	if a.Quantity != 3 || len(a.Users) != 1 || a.Users[0] != "admin@example.com" {
		t.Fatalf("edited %+v", a)
	}
	// A bad quantity is caught in the form.
	h.Press("e", "tab", "tab")
	h.Clear()
	h.Type("0")
	h.Press("ctrl+s")
	if !strings.Contains(h.ModalView(), "whole number of seats") {
		t.Fatalf("form:\n%s", h.ModalView())
	}
	w.Check()
}

func TestDeleteConfirmAndCancel(t *testing.T) {
	w := withAllocation(t)
	h := tuitest.Load(t, w, "", New)
	h.Press("d")
	if !strings.Contains(h.ModalView(), "Delete allocation Sales seats?") || !strings.Contains(h.ModalView(), "cannot be undone") {
		t.Fatalf("confirm:\n%s", h.ModalView())
	}
	h.Press("n")
	if _, ok := allocation(t, w, "Sales seats"); !ok {
		t.Fatal("cancel deleted")
	}
	h.Press("d", "y")
	if _, ok := allocation(t, w, "Sales seats"); ok {
		t.Fatal("not deleted")
	}
	if h.LastStatus() != "allocation Sales seats deleted" {
		t.Fatalf("status %q", h.LastStatus())
	}
	evs, err := w.Svc.Activity(0, 1)
	w.Must(err)
	if evs[0].Kind != model.EvAllocationDeleted {
		t.Fatalf("last event %s", evs[0].Kind)
	}
	if !strings.Contains(h.Tab.View(), "No allocations yet") {
		t.Fatalf("view:\n%s", h.Tab.View())
	}
}

func TestConflictsAreMarked(t *testing.T) {
	w := withAllocation(t)
	_, err := w.Svc.CreateAllocation("", model.Allocation{Name: "Ana's seat", Quantity: 1}, "Office", []string{"ana@example.com"})
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	view := h.Tab.View()
	for _, s := range []string{"! Sales seats", "! Ana's seat", "Shares members with Ana's seat"} {
		if !strings.Contains(view, s) {
			t.Fatalf("no %q:\n%s", s, view)
		}
	}
}
