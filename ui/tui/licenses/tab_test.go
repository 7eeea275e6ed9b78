package licenses

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

// loadTab builds the tab for email and feeds it its first load.
func loadTab(t *testing.T, w *tuitest.World, email string) *Tab {
	t.Helper()
	tab := New(w.Context(email)).(*Tab)
	feed(t, tab, tab.Init())
	if tab.src == nil {
		t.Fatalf("not loaded: %v", tab.err)
	}
	return tab
}

// feed runs cmd and gives the tab every message it produced (and those
// its answers produce), as the root would; it returns what the tab sent
// up to the root instead (modals to open, history, status).
func feed(t *testing.T, tab *Tab, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var up []tea.Msg
	queue := tuitest.Messages(cmd, wait)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		switch msg.(type) {
		case common.OpenModalMsg, common.HistoryMsg, common.StatusMsg, common.ActionDoneMsg:
			up = append(up, msg)
			continue
		}
		_, c := tab.Update(msg)
		queue = append(queue, tuitest.Messages(c, wait)...)
	}
	return up
}

// hit presses a key on the tab and returns what it sent up.
func hit(t *testing.T, tab *Tab, k string) []tea.Msg {
	t.Helper()
	_, cmd := tab.Update(keyMsg(k))
	return feed(t, tab, cmd)
}

// modalOf presses k and returns the modal it opens.
func modalOf(t *testing.T, tab *Tab, k string) common.Modal {
	t.Helper()
	up := hit(t, tab, k)
	if len(up) != 1 {
		t.Fatalf("%q sent %#v, want one modal", k, up)
	}
	m, ok := up[0].(common.OpenModalMsg)
	if !ok {
		t.Fatalf("%q sent %#v, want a modal", k, up[0])
	}
	return open(t, m.Modal)
}

// reload is what the root does after an action: every tab reloads.
func reload(t *testing.T, tab *Tab) {
	t.Helper()
	_, cmd := tab.Update(common.DataChangedMsg{})
	feed(t, tab, cmd)
}

// goTo moves the cursor to the license code.
func goTo(t *testing.T, tab *Tab, code string) {
	t.Helper()
	hit(t, tab, "g")
	for range tab.src.Len() + 1 {
		if l, ok := tab.selected(); ok && l.Code() == code {
			return
		}
		hit(t, tab, "down")
	}
	t.Fatalf("%s not found", code)
}

func helpKeys(tab *Tab) string {
	var ks []string
	for _, b := range tab.Help().ShortHelp() {
		ks = append(ks, b.Help().Key)
	}
	return " " + strings.Join(ks, " ") + " "
}

func license(t *testing.T, w *tuitest.World, code string) model.License {
	t.Helper()
	l, err := w.Svc.License(code)
	w.Must(err)
	return l
}

func TestLoadShowsEveryLicense(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "")
	if tab.src.Len() != 5 {
		t.Fatalf("%d licenses", tab.src.Len())
	}
	tab.SetSize(120, 37)
	v := tab.View()
	for _, s := range []string{"LIC-000001", "Office", "active", "ana@example.com", "2026-03-16 09:00", "Antivirus", "available"} {
		if !strings.Contains(v, s) {
			t.Fatalf("%q not in\n%s", s, v)
		}
	}
}

func TestKeysByRowAndRole(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "")
	goTo(t, tab, "LIC-000001") // active
	if got := helpKeys(tab); !strings.Contains(got, " enter a u + - ") {
		t.Fatalf("owner on an active row: %s", got)
	}
	goTo(t, tab, "LIC-000002") // available: nothing to unassign
	if got := helpKeys(tab); strings.Contains(got, " u ") || !strings.Contains(got, " a ") {
		t.Fatalf("owner on a free row: %s", got)
	}
	if up := hit(t, tab, "u"); len(up) != 0 {
		t.Fatalf("u on a free row sent %#v", up)
	}

	for _, who := range []string{"vic@example.com", "ana@example.com"} {
		v := loadTab(t, w, who)
		goTo(t, v, "LIC-000001")
		if got := helpKeys(v); strings.Contains(got, " a ") || strings.Contains(got, " u ") ||
			strings.Contains(got, " + ") || strings.Contains(got, " - ") || !strings.Contains(got, " enter ") {
			t.Fatalf("%s sees %s", who, got)
		}
		for _, k := range []string{"a", "u", "+", "-"} {
			if up := hit(t, v, k); len(up) != 0 {
				t.Fatalf("%s pressing %q sent %#v", who, k, up)
			}
		}
	}
}

func TestEnterOpensHistory(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "")
	goTo(t, tab, "LIC-000003")
	up := hit(t, tab, "enter")
	h, ok := up[0].(common.HistoryMsg)
	if len(up) != 1 || !ok || h.Ref != (model.Ref{Kind: model.RefLicense, ID: 3}) || h.Title != "LIC-000003" {
		t.Fatalf("enter sent %#v", up)
	}
}

func TestAssignThroughForm(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "")
	goTo(t, tab, "LIC-000002") // a free Office seat: Office is preselected
	m := modalOf(t, tab, "a")
	mustContain(t, view(m.View()), "Assign a license", "Product ◂ Office ▸", "Assignee", "2 of 3 free")
	press(t, m, "tab")
	typeIn(t, m, "ben@example.com")
	d := press(t, m, "ctrl+s").done(t)
	if d.Err != nil || !strings.HasSuffix(d.Status, "of Office assigned to ben@example.com") {
		t.Fatalf("done %#v", d)
	}
	ls, _, err := w.Svc.Licenses(model.LicenseFilter{Holder: "ben@example.com"})
	w.Must(err)
	if len(ls) != 1 || ls[0].Status != model.Active {
		t.Fatalf("ben holds %+v", ls)
	}
	if e := lastEvent(t, w, model.EvLicenseAssigned); e.User != "ben@example.com" || e.LicenseID != ls[0].ID {
		t.Fatalf("event %+v", e)
	}
	reload(t, tab)
	goTo(t, tab, ls[0].Code())
	if !strings.Contains(tab.View(), "ben@example.com") {
		t.Fatal("reload does not show the assignment")
	}
	w.Check()
}

func TestAssignAutoGrowNeedsAgreement(t *testing.T) {
	w := tuitest.Standard(t)
	for _, a := range []string{"PC-2", "PC-3", "PC-4"} {
		_, err := w.Svc.CreateAsset("", model.Asset{Name: a}, "")
		w.Must(err)
	}
	for _, a := range []string{"PC-2", "PC-3"} {
		_, err := w.Svc.Assign("", "Antivirus", a, false)
		w.Must(err)
	}
	tab := loadTab(t, w, "")
	goTo(t, tab, "LIC-000004") // an Antivirus license
	m := modalOf(t, tab, "a")
	// Antivirus: 5.00 yearly from January 1: 291 of 365 days left.
	mustContain(t, view(m.View()), "◂ Antivirus ▸", "contracted will grow from 2 to 3, due now 3.99 EUR")
	press(t, m, "tab")
	typeIn(t, m, "PC-4")
	if o := press(t, m, "ctrl+s"); o.closed {
		t.Fatal("grew without the agreement")
	}
	mustContain(t, view(m.View()), "contracted will grow from 2 to 3", "tick \"Grow if none free\"")
	if ps := contracted(t, w, "Antivirus"); ps.Contracted != 2 {
		t.Fatalf("contracted %d", ps.Contracted)
	}
	press(t, m, "tab", " ")
	press(t, m, "ctrl+s").done(t)
	if ps := contracted(t, w, "Antivirus"); ps.Contracted != 3 || ps.Active != 3 {
		t.Fatalf("after grow %+v %+v", ps.Contracted, ps.Counts)
	}
	w.Check()
}

func TestAssignBlockedShowsDomainError(t *testing.T) {
	w := tuitest.Standard(t)
	for _, u := range []string{"ben@example.com", "admin@example.com"} {
		_, err := w.Svc.Assign("", "Office", u, false)
		w.Must(err)
	}
	tab := loadTab(t, w, "")
	goTo(t, tab, "LIC-000001")
	m := modalOf(t, tab, "a")
	mustContain(t, view(m.View()), "No free license of Office (3 contracted, all assigned)")
	press(t, m, "tab")
	typeIn(t, m, "owner@example.com")
	press(t, m, "tab", " ") // even agreeing to grow: Office blocks
	if o := press(t, m, "ctrl+s"); o.closed {
		t.Fatal("assigned past a block product's count")
	}
	mustContain(t, view(m.View()), "no free license of Office (3 contracted, all assigned): add licenses or unassign one first")
}

func TestUnassignConfirmAndCancel(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "")
	goTo(t, tab, "LIC-000001")

	m := modalOf(t, tab, "u")
	mustContain(t, view(m.View()), "Unassign LIC-000001 from ana@example.com?")
	if o := press(t, m, "n"); !o.closed {
		t.Fatal("n did not cancel")
	}
	if l := license(t, w, "LIC-000001"); l.Status != model.Active {
		t.Fatalf("cancelled, yet %s", l.Status)
	}

	m = modalOf(t, tab, "u")
	d := press(t, m, "y").done(t)
	if d.Err != nil || d.Status != "LIC-000001 unassigned from ana@example.com" {
		t.Fatalf("done %#v", d)
	}
	if l := license(t, w, "LIC-000001"); l.Status != model.Available {
		t.Fatalf("after unassign %s", l.Status)
	}
	if e := lastEvent(t, w, model.EvLicenseUnassigned); e.LicenseID != 1 || e.From != "ana@example.com" {
		t.Fatalf("event %+v", e)
	}
	reload(t, tab)
	if got := helpKeys(tab); strings.Contains(got, " u ") {
		t.Fatalf("u still offered on a freed license: %s", got)
	}
	w.Check()
}

func TestBulkUnassignMarked(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.Assign("", "Office", "ben@example.com", false)
	w.Must(err)
	tab := loadTab(t, w, "")
	goTo(t, tab, "LIC-000001")
	hit(t, tab, " ")
	goTo(t, tab, "LIC-000002")
	hit(t, tab, " ")
	goTo(t, tab, "LIC-000003") // free: marked, but nothing to unassign
	hit(t, tab, " ")
	if got := helpKeys(tab); !strings.Contains(got, " u ") {
		t.Fatalf("u not offered with marks: %s", got)
	}
	m := modalOf(t, tab, "u")
	mustContain(t, view(m.View()), "Unassign 2 marked licenses?", "LIC-000001, LIC-000002")
	d := press(t, m, "y").done(t)
	if d.Err != nil || d.Status != "2 licenses unassigned" {
		t.Fatalf("done %#v", d)
	}
	for _, c := range []string{"LIC-000001", "LIC-000002"} {
		if l := license(t, w, c); l.Status != model.Available {
			t.Fatalf("%s is %s", c, l.Status)
		}
	}
	reload(t, tab)
	if n := len(tab.table.Marked()); n != 0 {
		t.Fatalf("%d marks left after the bulk unassign", n)
	}
	w.Check()
}

func TestPoolKeysOpenTheRowsProduct(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "")
	goTo(t, tab, "LIC-000005")
	mustContain(t, view(modalOf(t, tab, "+").View()), "Add licenses to Antivirus", "I agree to the charge shown")
	mustContain(t, view(modalOf(t, tab, "-").View()), "Remove licenses from Antivirus", "Even if assigned")
}

func TestViewerForcedActionsRefusedByDomain(t *testing.T) {
	w := tuitest.Standard(t)
	ctx := w.Context("vic@example.com")
	d := press(t, open(t, unassignConfirm(ctx, "LIC-000001", "Office", "ana@example.com")), "y").done(t)
	if model.CodeOf(d.Err) != model.CodeForbidden {
		t.Fatalf("viewer unassign: %#v", d)
	}
	if l := license(t, w, "LIC-000001"); l.Status != model.Active {
		t.Fatalf("viewer freed a license")
	}
	d = press(t, open(t, bulkUnassignConfirm(ctx, []string{"LIC-000001"})), "y").done(t)
	if model.CodeOf(d.Err) != model.CodeForbidden {
		t.Fatalf("viewer bulk unassign: %#v", d)
	}
	m := open(t, assignForm(ctx, []string{"Office"}, "Office"))
	press(t, m, "tab")
	typeIn(t, m, "ben@example.com")
	if o := press(t, m, "ctrl+s"); o.closed {
		t.Fatal("viewer assigned")
	}
	mustContain(t, view(m.View()), "vic@example.com is a viewer")
}

func TestFilterKeepsTyping(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "")
	hit(t, tab, "/")
	if !tab.Capturing() {
		t.Fatal("not capturing while filtering")
	}
	for _, r := range "anti" {
		hit(t, tab, string(r))
	}
	// Action keys are text while filtering.
	if up := hit(t, tab, "a"); len(up) != 0 {
		t.Fatalf("a while filtering sent %#v", up)
	}
}
