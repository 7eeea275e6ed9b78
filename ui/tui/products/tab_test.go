package products

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/history"
	"github.com/seats/seats/ui/tui/tuitest"
)

func loadTab(t *testing.T, w *tuitest.World, email string) *Tab {
	t.Helper()
	tab := New(w.Context(email)).(*Tab)
	feed(t, tab, tab.Init())
	if tab.src == nil {
		t.Fatalf("not loaded: %v", tab.err)
	}
	return tab
}

// feed plays the root: it gives the tab the messages of cmd (and of its
// answers) and returns what the tab sent up instead.
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

func hit(t *testing.T, tab *Tab, k string) []tea.Msg {
	t.Helper()
	_, cmd := tab.Update(keyMsg(k))
	return feed(t, tab, cmd)
}

func modalOf(t *testing.T, tab *Tab, k string) common.Modal {
	t.Helper()
	up := hit(t, tab, k)
	m, ok := common.OpenModalMsg{}, false
	if len(up) == 1 {
		m, ok = up[0].(common.OpenModalMsg)
	}
	if !ok {
		t.Fatalf("%q sent %#v, want one modal", k, up)
	}
	return open(t, m.Modal)
}

func reload(t *testing.T, tab *Tab) {
	t.Helper()
	_, cmd := tab.Update(common.DataChangedMsg{})
	feed(t, tab, cmd)
}

func goTo(t *testing.T, tab *Tab, name string) {
	t.Helper()
	hit(t, tab, "g")
	for range tab.src.Len() + 1 {
		if p, ok := tab.selected(); ok && p.Name == name {
			return
		}
		hit(t, tab, "down")
	}
	t.Fatalf("%s not found", name)
}

func helpKeys(tab *Tab) string {
	var ks []string
	for _, b := range tab.Help().ShortHelp() {
		ks = append(ks, b.Help().Key)
	}
	return " " + strings.Join(ks, " ") + " "
}

func product(t *testing.T, w *tuitest.World, name string) model.ProductStatus {
	t.Helper()
	ps, err := w.Svc.Product(name)
	w.Must(err)
	return ps
}

func TestLoadShowsProductsAndDetails(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "")
	tab.SetSize(120, 37)
	goTo(t, tab, "Office")
	v := ansi.Strip(tab.View())
	for _, s := range []string{"Office", "Antivirus", "per-user", "12.10", "contracted 3", "assigned 1", "available 2",
		"10.00 net + 21 % VAT = 12.10 EUR per license, monthly", "keys ••••••••"} {
		if !strings.Contains(v, s) {
			t.Fatalf("%q not in\n%s", s, v)
		}
	}
	if strings.Contains(v, "AAAA-BBBB") {
		t.Fatal("keys shown unrevealed")
	}
	if n := strings.Count(v, "\n") + 1; n != 37 {
		t.Fatalf("view is %d lines, want 37", n)
	}
}

func TestKeysByRole(t *testing.T) {
	w := tuitest.Standard(t)
	for _, c := range []struct {
		who       string
		want, not []string
	}{
		{"", []string{"enter", "n", "e", "d", "+", "-", "r"}, nil},
		{"admin@example.com", []string{"enter", "n", "e", "d", "+", "-", "r"}, nil},
		{"vic@example.com", []string{"enter"}, []string{"n", "e", "d", "+", "-", "r"}},
		{"ana@example.com", []string{"enter"}, []string{"n", "e", "d", "+", "-", "r"}},
	} {
		tab := loadTab(t, w, c.who)
		goTo(t, tab, "Office")
		got := helpKeys(tab)
		for _, k := range c.want {
			if !strings.Contains(got, " "+k+" ") {
				t.Errorf("%q: %s missing from %s", c.who, k, got)
			}
		}
		for _, k := range c.not {
			if strings.Contains(got, " "+k+" ") {
				t.Errorf("%q: %s offered in %s", c.who, k, got)
			}
			if up := hit(t, tab, k); len(up) != 0 {
				t.Errorf("%q pressing %s sent %#v", c.who, k, up)
			}
		}
	}
	// Antivirus has no keys: nothing to reveal.
	tab := loadTab(t, w, "")
	goTo(t, tab, "Antivirus")
	if got := helpKeys(tab); strings.Contains(got, " r ") {
		t.Errorf("r offered without keys: %s", got)
	}
}

func TestRevealKeysForAdminsOnly(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "admin@example.com")
	tab.SetSize(120, 37)
	goTo(t, tab, "Office")
	hit(t, tab, "r")
	if v := tab.View(); !strings.Contains(v, "AAAA-BBBB") {
		t.Fatalf("r did not reveal:\n%s", v)
	}
	if got := helpKeys(tab); !strings.Contains(got, " r ") {
		t.Fatalf("help %s", got)
	}
	hit(t, tab, "r")
	if strings.Contains(tab.View(), "AAAA-BBBB") {
		t.Fatal("second r did not hide")
	}
	hit(t, tab, "r")
	goTo(t, tab, "Antivirus")
	goTo(t, tab, "Office")
	if strings.Contains(tab.View(), "AAAA-BBBB") {
		t.Fatal("moving away did not mask")
	}
	hit(t, tab, "r")
	reload(t, tab)
	if strings.Contains(tab.View(), "AAAA-BBBB") {
		t.Fatal("reloading did not mask")
	}

	viewer := loadTab(t, w, "vic@example.com")
	viewer.SetSize(120, 37)
	goTo(t, viewer, "Office")
	hit(t, viewer, "r")
	if strings.Contains(viewer.View(), "AAAA-BBBB") {
		t.Fatal("a viewer revealed the keys")
	}
}

func TestEnterOpensProductHistory(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "")
	goTo(t, tab, "Antivirus")
	up := hit(t, tab, "enter")
	ps := product(t, w, "Antivirus")
	if h, ok := up[0].(common.HistoryMsg); len(up) != 1 || !ok || h.Ref != (model.Ref{Kind: model.RefProduct, ID: ps.ID}) {
		t.Fatalf("enter sent %#v", up)
	}
}

// fieldsUntil tabs from the first field to the one labelled label.
func focus(t *testing.T, m common.Modal, label string) {
	t.Helper()
	for range 30 {
		if strings.Contains(ansi.Strip(m.View()), "› "+label) {
			return
		}
		press(t, m, "tab")
	}
	t.Fatalf("no field %q in\n%s", label, ansi.Strip(m.View()))
}

// set replaces the value of the text field labelled label.
func set(t *testing.T, m common.Modal, label, value string) {
	t.Helper()
	focus(t, m, label)
	for range 40 {
		press(t, m, "backspace")
	}
	typeIn(t, m, value)
}

func TestCreateProductThroughForm(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "")
	m := modalOf(t, tab, "n")
	mustContain(t, view(m.View()), "New product", "Name", "Software", "Vendor", "License type")
	set(t, m, "Name", "Figma")
	set(t, m, "Vendor", "Figma Inc.")
	set(t, m, "License type", "Subscription")
	focus(t, m, "Kind")
	press(t, m, "right") // per-device
	set(t, m, "Contracted", "4")
	focus(t, m, "Billing period")
	press(t, m, "right") // yearly
	set(t, m, "Net unit price", "12.345")
	mustContain(t, view(m.View()), "invalid amount")
	set(t, m, "Net unit price", "15.50")
	set(t, m, "VAT %", "19")
	set(t, m, "Expires", "2027-02-30")
	mustContain(t, view(m.View()), "invalid date")
	set(t, m, "Expires", "2027-02-28")
	set(t, m, "License keys", "FIG-SECRET")
	focus(t, m, "Overage policy")
	press(t, m, "right") // auto-grow
	focus(t, m, "Reduce on termination")
	press(t, m, " ")
	d := press(t, m, "ctrl+s").done(t)
	if d.Err != nil || d.Status != "Figma created with 4 licenses" {
		t.Fatalf("done %#v", d)
	}
	p := product(t, w, "Figma")
	if p.Vendor != "Figma Inc." || p.LicenseType != "Subscription" || p.Kind != model.PerDevice || p.Contracted != 4 ||
		p.Period != model.Yearly || p.NetPrice != 1550 || p.VATBasis != 1900 || p.Expires != "2027-02-28" ||
		p.Keys != "FIG-SECRET" || p.Policy != model.PolicyAutoGrow || !p.ReduceOnTermination || p.Available != 4 {
		t.Fatalf("created %+v", p)
	}
	lastEvent(t, w, model.EvProductCreated)
	w.Check()
}

func TestCreateProductDomainRefusal(t *testing.T) {
	w := tuitest.Standard(t)
	m := open(t, newForm(w.Context("")))
	typeIn(t, m, "Office")
	if o := press(t, m, "ctrl+s"); o.closed {
		t.Fatal("created a duplicate")
	}
	mustContain(t, view(m.View()), `a product named "Office" already exists`)
}

func TestEditProductThroughForm(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "")
	goTo(t, tab, "Office")
	m := modalOf(t, tab, "e")
	v := view(m.View())
	mustContain(t, v, "Edit Office", "Name Office")
	if strings.Contains(v, "Contracted") {
		t.Fatal("edit offers the contracted count: it changes only with + and -")
	}
	set(t, m, "Vendor", "Microsoft")
	set(t, m, "VAT %", "5.5")
	d := press(t, m, "ctrl+s").done(t)
	if d.Err != nil || d.Status != "Office saved" {
		t.Fatalf("done %#v", d)
	}
	p := product(t, w, "Office")
	if p.Vendor != "Microsoft" || p.VATBasis != 550 || p.NetPrice != 1000 || p.Keys != "AAAA-BBBB" || p.Contracted != 3 {
		t.Fatalf("edited %+v", p)
	}
	if e := lastEvent(t, w, model.EvProductUpdated); !strings.Contains(e.To, "vendor=Microsoft") || strings.Contains(e.To, "AAAA") {
		t.Fatalf("event %+v", e)
	}
	w.Check()
}

func TestDeleteProductConfirmCancelAndRefusal(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "")
	goTo(t, tab, "Antivirus")
	m := modalOf(t, tab, "d")
	mustContain(t, view(m.View()), "Delete Antivirus?", "all its licenses (2) for good", "cannot be undone")
	if o := press(t, m, "n"); !o.closed {
		t.Fatal("n did not cancel")
	}
	product(t, w, "Antivirus")

	d := press(t, modalOf(t, tab, "d"), "y").done(t)
	if d.Err != nil || d.Status != "Antivirus deleted" {
		t.Fatalf("done %#v", d)
	}
	if _, err := w.Svc.Product("Antivirus"); model.CodeOf(err) != model.CodeNotFound {
		t.Fatalf("still there: %v", err)
	}
	lastEvent(t, w, model.EvProductDeleted)

	// Office has an active license: the domain refuses, the root shows why.
	reload(t, tab)
	goTo(t, tab, "Office")
	d = press(t, modalOf(t, tab, "d"), "y").done(t)
	if model.CodeOf(d.Err) != model.CodeConflict || !strings.Contains(d.Err.Error(), "unassign them before deleting") {
		t.Fatalf("done %#v", d)
	}
	product(t, w, "Office")
	w.Check()
}

func TestPoolFormsAreShared(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loadTab(t, w, "")
	goTo(t, tab, "Office")
	add := modalOf(t, tab, "+")
	mustContain(t, view(add.View()), "Add licenses to Office", "Due now", "I agree to the charge shown")
	press(t, add, "tab", " ")
	press(t, add, "ctrl+s").done(t)
	if p := product(t, w, "Office"); p.Contracted != 4 {
		t.Fatalf("contracted %d", p.Contracted)
	}
	// The product's history (enter) shows the count change.
	h := hit(t, tab, "enter")[0].(common.HistoryMsg)
	mustContain(t, view(open(t, history.New(tab.ctx, h.Ref, h.Title)).View()), "contracted 3 → 4")

	rm := modalOf(t, tab, "-")
	mustContain(t, view(rm.View()), "Remove licenses from Office", "2026-04-01")
	press(t, press(t, rm, "ctrl+s").next(t), "y").done(t)
	if p := product(t, w, "Office"); p.PendingRemoval != 1 || p.Contracted != 4 {
		t.Fatalf("after remove: contracted %d pending %d", p.Contracted, p.PendingRemoval)
	}
	reload(t, tab)
	tab.SetSize(120, 37)
	goTo(t, tab, "Office")
	if !strings.Contains(ansi.Strip(tab.View()), "1 to be removed at the cycle end") {
		t.Fatalf("pending removal not shown:\n%s", ansi.Strip(tab.View()))
	}
	w.Check()
}

func TestViewerForcedProductActionsRefused(t *testing.T) {
	w := tuitest.Standard(t)
	ctx := w.Context("vic@example.com")
	ps := product(t, w, "Antivirus")
	d := press(t, open(t, deleteConfirm(ctx, ps)), "y").done(t)
	if model.CodeOf(d.Err) != model.CodeForbidden {
		t.Fatalf("viewer delete: %#v", d)
	}
	m := open(t, editForm(ctx, ps.Product))
	set(t, m, "Vendor", "X")
	if o := press(t, m, "ctrl+s"); o.closed {
		t.Fatal("viewer edited")
	}
	mustContain(t, view(m.View()), "vic@example.com is a viewer")
	if p := product(t, w, "Antivirus"); p.Vendor != "" {
		t.Fatalf("vendor %q", p.Vendor)
	}
}
