package users

import (
	"slices"
	"strings"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/form"
	"github.com/seats/seats/ui/tui/table"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestKeysByRowAndRole(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	cases := []struct {
		email string
		want  []string
	}{
		// The owner on an enabled member: everything.
		{"ana@example.com", []string{"enter", "n", "e", "a", "u", "t", "o"}},
		// An invited member: nothing to unassign, not owner material.
		{"ben@example.com", []string{"enter", "n", "e", "a", "t"}},
		// An external consultant never holds licenses.
		{"ext@partner.com", []string{"enter", "n", "e", "t"}},
		// The owner's own row: not terminable, not "make owner".
		{"owner@example.com", []string{"enter", "n", "e", "a"}},
	}
	for _, c := range cases {
		selectUser(t, h, c.email)
		for _, k := range []string{"enter", "n", "e", "a", "u", "t", "o"} {
			if got, want := h.Offers(k), slices.Contains(c.want, k); got != want {
				t.Errorf("%s: key %s offered %v, want %v (help %v)", c.email, k, got, want, h.HelpKeys())
			}
		}
		h.Press("esc") // clear the filter
	}
}

func TestViewerGetsNoActionKeys(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "vic@example.com", New)
	selectUser(t, h, "ana@example.com")
	h.Refuses("n", "e", "a", "u", "t", "o")
	if !h.Offers("enter") {
		t.Error("viewer cannot read history")
	}
	// Forced past the hidden keys, the domain still refuses.
	h.Run(common.Open(inviteForm(h.Ctx)))
	h.Type("new@example.com")
	for _, s := range []string{"New", "Person"} {
		h.Press("tab")
		h.Type(s)
	}
	h.Press("ctrl+s")
	if !strings.Contains(h.ModalView(), "only the owner and admins") {
		t.Fatalf("no refusal in the form:\n%s", h.ModalView())
	}
	if _, err := w.Svc.User("new@example.com"); err == nil {
		t.Fatal("a viewer invited a user")
	}
}

func TestEnterOpensHistory(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	selectUser(t, h, "ana@example.com")
	h.Press("enter")
	ana := w.User("ana@example.com")
	if len(h.History) != 1 || h.History[0].Ref != (model.Ref{Kind: model.RefUser, ID: ana.ID}) {
		t.Fatalf("history %+v", h.History)
	}
}

func TestInviteThroughTheForm(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	h.Press("n")
	v := tuitest.TopAs[*form.Model](h).Values()
	if v["role"] != "member" || v["kind"] != "employee" || v["email"] != "" {
		t.Fatalf("invite form starts with %v", v)
	}
	if strings.Contains(h.ModalView(), "owner") {
		t.Fatalf("the invite form offers the owner role:\n%s", h.ModalView())
	}
	h.Type("Cleo@Example.com")
	h.Press("tab")
	h.Type("Cleo")
	h.Press("tab")
	h.Type("Chen")
	h.Press("tab", "right") // role: member → viewer
	h.Press("tab")
	h.Type("Support")
	h.Press("tab", "enter") // kind stays employee; enter on the last field submits
	if h.Top() != nil {
		t.Fatalf("form still open:\n%s", h.ModalView())
	}
	u := w.User("cleo@example.com")
	if u.First != "Cleo" || u.Last != "Chen" || u.Role != model.RoleViewer || u.Department != "Support" || u.State != model.StateInvited {
		t.Fatalf("invited %+v", u)
	}
	if !w.HasEvent(model.Ref{Kind: model.RefUser, ID: u.ID}, model.EvUserInvited) {
		t.Fatal("no user.invited event")
	}
	if h.LastStatus() != "cleo@example.com invited" {
		t.Fatalf("status %q", h.LastStatus())
	}
	// The reload shows the new user.
	selectUser(t, h, "cleo@example.com")
	w.Check()
}

func TestInviteRefusedStaysOpen(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	h.Press("n")
	h.Type("ana@example.com")
	h.Press("tab")
	h.Type("Ana")
	h.Press("tab")
	h.Type("Again")
	h.Press("ctrl+s")
	if !strings.Contains(h.ModalView(), "already exists") {
		t.Fatalf("no domain error in the form:\n%s", h.ModalView())
	}
	h.Press("esc")
	if h.Top() != nil || h.LastStatus() != "cancelled" {
		t.Fatalf("esc left %T, status %q", h.Top(), h.LastStatus())
	}
}

func TestEditThroughTheForm(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	selectUser(t, h, "ben@example.com")
	h.Press("e")
	v := tuitest.TopAs[*form.Model](h).Values()
	if v["email"] != "ben@example.com" || v["first"] != "Ben" || v["department"] != "Sales" || v["role"] != "member" {
		t.Fatalf("edit form starts with %v", v)
	}
	h.Press("tab", "tab", "tab", "tab") // to department
	h.Clear()
	h.Type("Marketing")
	h.Press("ctrl+s")
	if u := w.User("ben@example.com"); u.Department != "Marketing" {
		t.Fatalf("department %q", u.Department)
	}
	if h.LastStatus() != "ben@example.com updated" {
		t.Fatalf("status %q", h.LastStatus())
	}
	// The owner's form has only the owner role: ownership moves by o.
	selectUser(t, h, "owner@example.com")
	h.Press("e")
	if !strings.Contains(h.ModalView(), "owner") || tuitest.TopAs[*form.Model](h).Values()["role"] != "owner" {
		t.Fatalf("owner's edit form:\n%s", h.ModalView())
	}
}

func TestAssignThroughTheForm(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	selectUser(t, h, "ben@example.com")
	h.Press("a")
	f, ok := h.Top().(*form.Model)
	if !ok {
		t.Fatalf("a opened %T", h.Top())
	}
	// Only per-user products: Antivirus goes to devices.
	if v := f.Values(); v["product"] != "Office" || strings.Contains(f.View(), "Antivirus") {
		t.Fatalf("assign form:\n%s", f.View())
	}
	if !strings.Contains(f.View(), "2 of 3 licenses of Office free") {
		t.Fatalf("no availability note:\n%s", f.View())
	}
	h.Press("enter")
	ls := w.Held("ben@example.com")
	if len(ls) != 1 || !strings.HasSuffix(h.LastStatus(), "(Office) assigned to ben@example.com") {
		t.Fatalf("held %v, status %q", ls, h.LastStatus())
	}
	if !w.HasEvent(model.Ref{Kind: model.RefLicense, ID: ls[0].ID}, model.EvLicenseAssigned) {
		t.Fatal("no license.assigned event")
	}
	w.Check()
}

func TestAssignAutoGrowSaysSoFirst(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.CreateProduct("", model.Product{Name: "CAD", Kind: model.PerUser, Contracted: 1,
		NetPrice: 3000, Period: model.Monthly, Policy: model.PolicyAutoGrow})
	w.Must(err)
	_, err = w.Svc.Assign("", "CAD", "ana@example.com", false)
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	selectUser(t, h, "ben@example.com")
	h.Press("a") // CAD sorts before Office
	if v := tuitest.TopAs[*form.Model](h).Values(); v["product"] != "CAD" {
		t.Fatalf("product %q", v["product"])
	}
	// The note arrives after the debounce; Run waited for it.
	if !strings.Contains(h.ModalView(), "grow from 1 to 2") {
		t.Fatalf("no growth note:\n%s", h.ModalView())
	}
	h.Press("enter")
	ps, err := w.Svc.Product("CAD")
	w.Must(err)
	if ps.Contracted != 2 || len(w.Held("ben@example.com")) != 1 {
		t.Fatalf("contracted %d", ps.Contracted)
	}
}

func TestAssignGrowsOnlyAfterTheQuoteWasShown(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.CreateProduct("", model.Product{Name: "CAD", Kind: model.PerUser, Contracted: 1,
		NetPrice: 3000, Period: model.Monthly, Policy: model.PolicyAutoGrow})
	w.Must(err)
	_, err = w.Svc.Assign("", "CAD", "ana@example.com", false)
	w.Must(err)
	ctx := w.Context("")
	// No Init: the note never ran, as when enter beats it.
	f := flows.AssignForm(ctx, "user", []string{"ben@example.com"}, []string{"CAD"}, "", nil)
	_, cmd := f.Update(tuitest.Key("enter"))
	for _, m := range tuitest.Messages(cmd, tuitest.Wait) {
		f.Update(m)
	}
	if !strings.Contains(f.View(), "press enter again") {
		t.Fatalf("first submit did not ask:\n%s", f.View())
	}
	if ps, _ := w.Svc.Product("CAD"); ps.Contracted != 1 {
		t.Fatal("grew before the quote was shown")
	}
	_, cmd = f.Update(tuitest.Key("enter"))
	for _, m := range tuitest.Messages(cmd, tuitest.Wait) {
		f.Update(m)
	}
	if ps, _ := w.Svc.Product("CAD"); ps.Contracted != 2 {
		t.Fatalf("second submit did not grow: %d\n%s", ps.Contracted, f.View())
	}
}

func TestAssignBlockedShowsTheDomainError(t *testing.T) {
	w := tuitest.Standard(t)
	for _, e := range []string{"ben@example.com", "admin@example.com"} {
		_, err := w.Svc.Assign("", "Office", e, false)
		w.Must(err)
	}
	_, err := w.Svc.InviteUser("", model.User{Email: "cleo@example.com", First: "Cleo", Last: "Chen"})
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	selectUser(t, h, "cleo@example.com")
	h.Press("a")
	if !strings.Contains(h.ModalView(), "does not grow") {
		t.Fatalf("no blocked note:\n%s", h.ModalView())
	}
	h.Press("enter")
	if !strings.Contains(h.ModalView(), "no free license of Office") {
		t.Fatalf("no domain refusal:\n%s", h.ModalView())
	}
}

func TestUnassignConfirmAndCancel(t *testing.T) {
	w := tuitest.Standard(t)
	code := w.Held("ana@example.com")[0].Code()
	h := tuitest.Load(t, w, "", New)
	selectUser(t, h, "ana@example.com")

	h.Press("u")
	if _, ok := h.Top().(*form.ConfirmModel); !ok || !strings.Contains(h.ModalView(), "Unassign "+code) {
		t.Fatalf("u opened %T:\n%s", h.Top(), h.ModalView())
	}
	h.Press("n")
	if h.Top() != nil || len(w.Held("ana@example.com")) != 1 {
		t.Fatal("cancel unassigned")
	}

	h.Press("u", "y")
	l, err := w.Svc.License(code)
	w.Must(err)
	if l.Status != model.Available || h.LastStatus() != code+" unassigned from ana@example.com" {
		t.Fatalf("status %v, line %q", l.Status, h.LastStatus())
	}
	if !w.HasEvent(model.Ref{Kind: model.RefLicense, ID: l.ID}, model.EvLicenseUnassigned) {
		t.Fatal("no license.unassigned event")
	}
	// The row now holds nothing: u is gone.
	if h.Offers("u") {
		t.Fatal("u still offered")
	}
}

func TestUnassignPicksOneOfSeveral(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.CreateProduct("", model.Product{Name: "CAD", Kind: model.PerUser, Contracted: 1, Policy: model.PolicyBlock, Period: model.NoBilling})
	w.Must(err)
	cad, err := w.Svc.Assign("", "CAD", "ana@example.com", false)
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	selectUser(t, h, "ana@example.com")
	h.Press("u")
	if _, ok := h.Top().(*form.Model); !ok {
		t.Fatalf("u opened %T", h.Top())
	}
	h.Press("down") // the second license, CAD's (IDs: Office's came first)
	if v := tuitest.TopAs[*form.Model](h).Values(); !strings.HasPrefix(v["license"], cad.Code()) {
		t.Fatalf("picked %q", v["license"])
	}
	h.Press("enter")
	if !strings.Contains(h.ModalView(), "Unassign "+cad.Code()+" (CAD)") {
		t.Fatalf("confirm:\n%s", h.ModalView())
	}
	h.Press("y")
	ls := w.Held("ana@example.com")
	if len(ls) != 1 || ls[0].ID == cad.ID {
		t.Fatalf("held %v", ls)
	}
}

func TestTerminateTodayReleasesEverything(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	selectUser(t, h, "ana@example.com")
	h.Press("t")
	if v := tuitest.TopAs[*form.Model](h).Values(); v["day"] != "2026-03-16" {
		t.Fatalf("last day starts at %q", v["day"])
	}
	if !strings.Contains(h.ModalView(), "released at once") {
		t.Fatalf("no release note:\n%s", h.ModalView())
	}
	h.Press("enter")
	c, ok := h.Top().(*form.ConfirmModel)
	if !ok || !strings.Contains(c.View(), "1 license (Office) released at once") {
		t.Fatalf("confirm %T:\n%s", h.Top(), h.ModalView())
	}
	h.Press("y")
	u := w.User("ana@example.com")
	if u.State != model.StateTerminated || len(w.Held("ana@example.com")) != 0 {
		t.Fatalf("state %s, held %d", u.State, len(w.Held("ana@example.com")))
	}
	if !w.HasEvent(model.Ref{Kind: model.RefUser, ID: u.ID}, model.EvUserTerminated) {
		t.Fatal("no user.terminated event")
	}
	if h.LastStatus() != "ana@example.com terminated; 1 license released" {
		t.Fatalf("status %q", h.LastStatus())
	}
	// Terminated users stay listed, and cannot be terminated twice.
	selectUser(t, h, "ana@example.com")
	if h.Offers("t") || h.Offers("a") {
		t.Fatalf("terminated row offers %v", h.HelpKeys())
	}
	if !strings.Contains(h.Tab.View(), "Terminated") {
		t.Fatal("no Terminated state on screen")
	}
	w.Check()
}

func TestTerminateLaterAndCancel(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	selectUser(t, h, "ana@example.com")

	h.Press("t", "enter", "esc") // cancel at the confirmation
	if u := w.User("ana@example.com"); u.State == model.StateTerminated || u.LastDay != "" {
		t.Fatalf("cancel terminated: %+v", u)
	}

	h.Press("t")
	h.Clear()
	h.Type("2026-13-01")
	h.Press("enter")
	if _, ok := h.Top().(*form.Model); !ok || !strings.Contains(h.ModalView(), "invalid date") {
		t.Fatalf("bad date got through: %T\n%s", h.Top(), h.ModalView())
	}
	h.Clear()
	h.Type("2026-04-30")
	if !strings.Contains(h.ModalView(), "released on 2026-04-30") {
		t.Fatalf("note:\n%s", h.ModalView())
	}
	h.Press("enter", "y")
	u := w.User("ana@example.com")
	if u.State == model.StateTerminated || u.LastDay != "2026-04-30" || len(w.Held("ana@example.com")) != 1 {
		t.Fatalf("scheduled termination: %+v", u)
	}
	if !strings.Contains(h.Tab.View(), "Leaving 2026-04-30") {
		t.Fatalf("no Leaving state:\n%s", h.Tab.View())
	}
}

func TestOwnershipTransferConfirmAndCancel(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	selectUser(t, h, "ana@example.com")
	h.Press("o")
	if !strings.Contains(h.ModalView(), "Make Ana Ruiz the account owner?") || !strings.Contains(h.ModalView(), "become an admin") {
		t.Fatalf("confirm:\n%s", h.ModalView())
	}
	h.Press("esc")
	if org, _ := w.Svc.Org(); org.OwnerID != w.User("owner@example.com").ID {
		t.Fatal("cancel transferred ownership")
	}

	h.Press("o", "y")
	ana := w.User("ana@example.com")
	org, err := w.Svc.Org()
	w.Must(err)
	if org.OwnerID != ana.ID || ana.Role != model.RoleOwner || w.User("owner@example.com").Role != model.RoleAdmin {
		t.Fatalf("owner %d, ana %s", org.OwnerID, ana.Role)
	}
	if !w.HasEvent(model.Ref{Kind: model.RefUser, ID: ana.ID}, model.EvOwnerTransferred) {
		t.Fatal("no owner.transferred event")
	}
	// Now an admin, the former owner is offered o nowhere.
	selectUser(t, h, "admin@example.com")
	if h.Offers("o") {
		t.Fatal("an admin is offered o")
	}
	selectUser(t, h, "ana@example.com")
	if !strings.Contains(h.Tab.View(), "Account Owner") {
		t.Fatalf("no Account Owner on screen:\n%s", h.Tab.View())
	}
}

func TestOwnerKeyOnlyForTheOwner(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "admin@example.com", New)
	selectUser(t, h, "ana@example.com")
	if h.Offers("o") {
		t.Fatal("admin offered o")
	}
	// Forced, the domain refuses.
	h.Run(common.Open(confirmOwner(h.Ctx, w.User("ana@example.com"))))
	h.Press("y")
	if len(h.Errs) != 1 || !strings.Contains(h.Errs[0].Error(), "only the account owner") {
		t.Fatalf("errs %v", h.Errs)
	}
}

func TestBulkAssignToMarkedUsers(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	for _, e := range []string{"admin@example.com", "ben@example.com"} {
		selectUser(t, h, e)
		h.Press(" ")
		h.Press("esc")
	}
	if !h.Offers("a") || !strings.Contains(h.ModalView()+h.Tab.Help().ShortHelp()[3].Help().Desc, "marked") {
		t.Fatalf("help %v", h.HelpKeys())
	}
	h.Press("a")
	if !strings.Contains(h.ModalView(), "Assign a license to 2 users") {
		t.Fatalf("form:\n%s", h.ModalView())
	}
	h.Press("enter")
	for _, e := range []string{"admin@example.com", "ben@example.com"} {
		if len(w.Held(e)) != 1 {
			t.Fatalf("%s holds nothing; status %q errs %v", e, h.LastStatus(), h.Errs)
		}
	}
	if len(h.Tab.(*Tab).Table.Marked()) != 0 {
		t.Fatal("marks kept after the bulk assign")
	}
	// And back: unassign Office from both, marked again.
	for _, e := range []string{"admin@example.com", "ben@example.com"} {
		selectUser(t, h, e)
		h.Press(" ")
		h.Press("esc")
	}
	h.Press("u", "enter")
	if !strings.Contains(h.ModalView(), "Unassign Office from 2 marked users?") {
		t.Fatalf("confirm:\n%s", h.ModalView())
	}
	h.Press("y")
	for _, e := range []string{"admin@example.com", "ben@example.com"} {
		if len(w.Held(e)) != 0 {
			t.Fatalf("%s still holds Office", e)
		}
	}
	w.Check()
}

func TestDetailsPaneListsTheSelectedUsersLicenses(t *testing.T) {
	w := tuitest.Standard(t)
	code := w.Held("ana@example.com")[0].Code()
	h := tuitest.Load(t, w, "", New)
	selectUser(t, h, "ana@example.com")
	view := h.Tab.View()
	if !strings.Contains(view, "Licenses of Ana Ruiz <ana@example.com>") || !strings.Contains(view, code+"  Office") {
		t.Fatalf("pane:\n%s", view)
	}
	selectUser(t, h, "ext@partner.com")
	if !strings.Contains(h.Tab.View(), "externals never hold licenses") {
		t.Fatalf("pane:\n%s", h.Tab.View())
	}
	tuitest.CheckFrame(t, h.Tab.View(), 120, 37)
}

func TestBulkUnassignOffersOnlyWhatTheMarkedHold(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.CreateProduct("", model.Product{Name: "Design", Kind: model.PerUser, Contracted: 2,
		NetPrice: 900, Period: model.Monthly, Policy: model.PolicyBlock})
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	// ben alone holds nothing: nothing to pick.
	selectUser(t, h, "ben@example.com")
	h.Press(" ", "u")
	if h.Top() != nil || !strings.Contains(h.LastStatus(), "No license held by the 1 marked user") {
		t.Fatalf("status %q, modal:\n%s", h.LastStatus(), h.ModalView())
	}
	// ana holds Office; ben holds nothing; nobody marked holds Design:
	// only Office is offered, with ana's license alone.
	selectUser(t, h, "ana@example.com")
	h.Press(" ", "esc")
	h.Press("u")
	h.Press("right")
	view := h.ModalView()
	if !strings.Contains(view, "Office") || strings.Contains(view, "Design") {
		t.Fatalf("picker offers more than Office:\n%s\nstatus %q errs %v", view, h.LastStatus(), h.Errs)
	}
	h.Press("enter")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Unassign Office from 2 marked users?", "The 1 license of Office")
	h.Press("y")
	if len(w.Held("ana@example.com")) != 0 {
		t.Fatalf("ana still holds Office; errs %v", h.Errs)
	}
	w.Check()
}

func TestMarkAllAndClearMarks(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	tab := h.Tab.(*Tab)
	if !h.Offers("*") || h.Offers("esc") {
		t.Fatalf("help %v", h.HelpKeys())
	}
	h.Press("*")
	if got, want := len(tab.Table.Marked()), tab.Table.Len(); got != want || got < 2 {
		t.Fatalf("%d of %d rows marked", got, want)
	}
	if h.Offers("*") || !h.Offers("esc") {
		t.Fatalf("help with every row marked %v", h.HelpKeys())
	}
	h.Press("esc")
	if n := len(tab.Table.Marked()); n != 0 {
		t.Fatalf("%d marks left after esc", n)
	}
	// Filtered: ctrl+a marks only the visible rows; esc clears the
	// filter first, the marks next.
	selectUser(t, h, "ben@example.com")
	h.Press("ctrl+a")
	if u := table.MarkedOf(tab.Table, tab.Data.users); len(u) != 1 || u[0].Email != "ben@example.com" {
		t.Fatalf("marked %v", u)
	}
	h.Press("esc")
	if tab.Table.Query() != "" || len(tab.Table.Marked()) != 1 {
		t.Fatalf("query %q, %d marked", tab.Table.Query(), len(tab.Table.Marked()))
	}
	h.Press("esc")
	if n := len(tab.Table.Marked()); n != 0 {
		t.Fatalf("%d marks left", n)
	}
}

func TestReinstateATerminatedUser(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.TerminateUser("", "ben@example.com", model.DateOf(w.Clock))
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	selectUser(t, h, "ana@example.com")
	if h.Offers("R") {
		t.Fatal("reinstate offered on an enabled user")
	}
	selectUser(t, h, "ben@example.com")
	if h.Offers("t") || !h.Offers("R") {
		t.Fatalf("help on a terminated user %v", h.HelpKeys())
	}
	h.Press("R")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Reinstate ben@example.com?", "The termination stays in the history")
	h.Press("y")
	if u := w.User("ben@example.com"); h.LastErr() != nil || u.State != model.StateDisabled {
		t.Fatalf("state %s, errs %v", u.State, h.Errs)
	}
	w.LastEvent(model.EvUserReinstated)
	w.Check()
}
