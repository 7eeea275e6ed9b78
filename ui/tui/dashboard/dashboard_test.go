package dashboard

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

// text is the whole laid-out dashboard (not only the visible part) with
// runs of spaces and line breaks folded, so wrapped sentences read whole.
func text(tab common.Tab) string {
	return regexp.MustCompile(`\s+`).ReplaceAllString(strings.Join(tab.(*Model).document().lines, "\n"), " ")
}

func TestShowsEveryAlertCriticalFirst(t *testing.T) {
	w := tuitest.DemoAtNow(t)
	sum, err := w.Svc.Status()
	w.Must(err)
	kinds := map[string]bool{}
	for _, a := range sum.Alerts {
		kinds[a.Kind] = true
	}
	for _, k := range []string{model.AlertOverage, model.AlertExpired, model.AlertExpiring, model.AlertSupportEnding,
		model.AlertReductionBelow, model.AlertIdle, model.AlertAllocConflict, model.AlertAllocOverQuantity} {
		if !kinds[k] {
			t.Errorf("the demo has no %s alert to show", k)
		}
	}
	for _, size := range [][2]int{{120, 37}, {80, 21}} {
		tab := loaded(t, w, "", size[0], size[1])
		all := text(tab)
		last := -1
		for _, a := range sum.Alerts {
			i := strings.Index(all, a.Message)
			if i < 0 {
				t.Errorf("%v: alert %s missing: %s", size, a.Kind, a.Message)
				continue
			}
			if i < last {
				t.Errorf("%v: alert %s out of order", size, a.Kind)
			}
			last = i
		}
		if !regexp.MustCompile(`!! \d+ critical · ! \d+ warning · i \d+ info`).MatchString(all) {
			t.Errorf("%v: no counts by severity", size)
		}
		// Severity reads without colour.
		for sev, marker := range map[model.Severity]string{model.Critical: "!! ", model.Warning: "! ", model.Info: "i "} {
			for _, a := range sum.Alerts {
				if a.Severity == sev && !strings.Contains(all, marker) {
					t.Errorf("%v: no %q marker", size, marker)
				}
			}
		}
		// The first screen answers "is anything wrong?": every critical
		// alert and the whole product table are on it.
		first := regexp.MustCompile(`\s+`).ReplaceAllString(tab.View(), " ")
		for _, a := range sum.Alerts {
			if a.Severity == model.Critical && !strings.Contains(first, a.Message) {
				t.Errorf("%v: critical alert below the first screen: %s", size, a.Message)
			}
		}
		deactivated := 0
		for _, p := range sum.Products {
			deactivated += p.DeactivatedThisCycle
		}
		totals := fmt.Sprintf("All products %d %d %d %d %d", sum.Contracted, sum.Assigned, sum.Available, deactivated, sum.PendingRemoval)
		lastProduct := sum.Products[len(sum.Products)-1].Name[:12]
		if !strings.Contains(first, totals) || !strings.Contains(first, lastProduct) {
			t.Errorf("%v: product table not on the first screen:\n%s", size, tab.View())
		}
	}
}

func TestTotalsAndProductRows(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loaded(t, w, "", 120, 37)
	all := text(tab)
	for _, want := range []string{
		"Product Contracted Assigned Available Deactivated this cycle Pending removal Utilization",
		"All products 5 1 4 0 0 █████░",
		"░ 20%",
		"Office 3 1 2 0 0 ████████░",
		"░ 33%",
		"Antivirus 2 0 2 0 0 ░░░░░",
		"░ 0%",
		"No alerts: nothing needs attention.",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%s", want, tab.View())
		}
	}
}

func TestPendingRemovalAndDeactivatedThisCycle(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.RemoveLicenses("", "Office", 1, false)
	w.Must(err)
	// A product with no billing period shrinks at once, deactivating a seat.
	_, err = w.Svc.CreateProduct("", model.Product{Name: "CAD", Kind: model.PerUser, Contracted: 4, Period: model.NoBilling, Policy: model.PolicyBlock})
	w.Must(err)
	_, err = w.Svc.RemoveLicenses("", "CAD", 3, false)
	w.Must(err)
	all := text(loaded(t, w, "", 120, 37))
	for _, want := range []string{"Office 3 1 2 0 1", "CAD 1 0 1 3 0", "All products 6 1 5 3 1"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in %s", want, all)
		}
	}
}

func TestInvoicePreview(t *testing.T) {
	w := tuitest.Standard(t)
	w.Clock = w.Clock.Add(24 * time.Hour)
	_, err := w.Svc.AddLicenses("admin@example.com", "Office", 2)
	w.Must(err)
	_, err = w.Svc.RemoveLicenses("", "Office", 1, false)
	w.Must(err)
	inv, err := w.Svc.Invoice()
	w.Must(err)
	all := text(loaded(t, w, "", 80, 21))
	line := inv.Lines[0]
	// Each period's totals, summed here from the lines.
	var month, year model.PeriodTotal
	for _, l := range inv.Lines {
		t := &month
		if l.Period == model.Yearly {
			t = &year
		}
		t.Base, t.Added, t.Current, t.Next = t.Base.Add(l.Base), t.Added.Add(l.Added), t.Current.Add(l.Current), t.Next.Add(l.Next)
	}
	for _, want := range []string{
		"Invoice preview · net EUR per product",
		"Product This cycle Added Removing Next cycle",
		"Office " + line.Base.Net.Format("EUR") + " " + line.Added.Net.Format("EUR") + " −1 on 04-01 " + line.Next.Net.Format("EUR"),
		"Total EUR Base Added This cycle Next cycle",
		// One row per billing period: a month's and a year's charges are
		// never one total.
		"Monthly, net " + month.Base.Net.Format("EUR") + " " + month.Added.Net.Format("EUR") + " " + month.Current.Net.Format("EUR") + " " + month.Next.Net.Format("EUR"),
		"Monthly, gross " + month.Base.Gross.Format("EUR") + " " + month.Added.Gross.Format("EUR") + " " + month.Current.Gross.Format("EUR") + " " + month.Next.Gross.Format("EUR"),
		"Yearly, net " + year.Base.Net.Format("EUR") + " " + year.Added.Net.Format("EUR") + " " + year.Current.Net.Format("EUR") + " " + year.Next.Net.Format("EUR"),
		"License-count changes since 2026-03-01",
		"03-17 09:00 Office 3 → 5 admin@example.com",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in %s", want, all)
		}
	}
	if line.Added.Net == 0 {
		t.Fatal("no prorated addition to show")
	}
}

// TestTrendReplaysAssignments assigns and unassigns on known days and
// reads the per-day counts back from the chart's data.
func TestTrendReplaysAssignments(t *testing.T) {
	w := tuitest.Open(t)
	at := func(daysAgo int) { w.Clock = tuitest.Now.AddDate(0, 0, -daysAgo) }
	at(60)
	for _, email := range []string{"owner@example.com", "ana@example.com", "ben@example.com"} {
		_, err := w.Svc.InviteUser("", model.User{Email: email, First: "X", Last: "Y"})
		w.Must(err)
	}
	_, err := w.Svc.CreateProduct("", model.Product{Name: "CAD", Kind: model.PerUser, Contracted: 3, Period: model.Monthly, NetPrice: 100, Policy: model.PolicyBlock})
	w.Must(err)
	at(40)
	ana, err := w.Svc.Assign("", "CAD", "ana@example.com", false)
	w.Must(err)
	at(20)
	_, err = w.Svc.Assign("", "CAD", "ben@example.com", false)
	w.Must(err)
	at(10)
	_, _, err = w.Svc.Unassign("", ana.Code())
	w.Must(err)
	at(0)

	m := loaded(t, w, "", 120, 37).(*Model)
	if m.trend == nil {
		t.Fatal("no trend")
	}
	days := m.trend.Days
	if len(days) != 90 || !m.trend.First.Equal(time.Date(2025, 12, 17, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("window %d days from %s", len(days), m.trend.First)
	}
	for i, v := range days {
		ago := 89 - i
		want := 0
		switch {
		case ago <= 10:
			want = 1
		case ago <= 20:
			want = 2
		case ago <= 40:
			want = 1
		}
		if v != want {
			t.Errorf("%d days ago: %d assigned, want %d", ago, v, want)
		}
	}
	all := text(m)
	if !strings.Contains(all, "now 1 · low 0 · peak 2 · 90 days ago 0") || !strings.Contains(all, "2025-12-17") {
		t.Errorf("trend caption: %s", all)
	}
	if !strings.ContainsAny(all, "▁▂▃▄▅▆▇█") {
		t.Error("no chart")
	}
}

// TestTrendCountsAFreedOverageSeatOnce: unassigning during an overage
// writes an unassigned and a deactivated event for the same seat.
func TestTrendCountsAFreedOverageSeatOnce(t *testing.T) {
	w := tuitest.Open(t)
	w.Clock = tuitest.Now.AddDate(0, 0, -5)
	invite(t, w, "owner@example.com", model.RoleOwner)
	invite(t, w, "ana@example.com", model.RoleMember)
	invite(t, w, "ben@example.com", model.RoleMember)
	_, err := w.Svc.CreateProduct("", model.Product{Name: "CAD", Kind: model.PerUser, Contracted: 2, Period: model.NoBilling, Policy: model.PolicyBlock})
	w.Must(err)
	_, err = w.Svc.Assign("", "CAD", "ana@example.com", false)
	w.Must(err)
	ben, err := w.Svc.Assign("", "CAD", "ben@example.com", false)
	w.Must(err)
	_, err = w.Svc.RemoveLicenses("", "CAD", 1, true)
	w.Must(err)
	w.Clock = tuitest.Now.AddDate(0, 0, -2)
	_, _, err = w.Svc.Unassign("", ben.Code())
	w.Must(err)
	w.Clock = tuitest.Now
	_, hist, err := w.Svc.History(ben.Code())
	w.Must(err)
	if k := hist[len(hist)-1]; k.Kind != model.EvLicenseDeactivated || k.From != "active" {
		t.Fatalf("want the seat deactivated from active, got %+v", k)
	}

	days := loaded(t, w, "", 120, 37).(*Model).trend.Days
	for ago, want := range map[int]int{0: 1, 1: 1, 2: 1, 3: 2, 4: 2, 5: 2, 6: 0} {
		if got := days[89-ago]; got != want {
			t.Errorf("%d days ago: %d assigned, want %d", ago, got, want)
		}
	}
}

func invite(t *testing.T, w *tuitest.World, email string, role model.Role) {
	t.Helper()
	_, err := w.Svc.InviteUser("", model.User{Email: email, First: "Test", Last: "User", Role: role})
	w.Must(err)
}

func TestEmptyDatabaseSaysHowToStart(t *testing.T) {
	w := tuitest.Open(t)
	for _, size := range [][2]int{{120, 37}, {80, 21}} {
		tab := loaded(t, w, "", size[0], size[1])
		all := text(tab)
		for _, want := range []string{"No products yet", "press 5 (Products), then n", "press 3 (Users), then n", "seats import products FILE.csv", "seats demo"} {
			if !strings.Contains(all, want) {
				t.Errorf("%v: missing %q in %s", size, want, all)
			}
		}
		checkSize(t, tab, size[0], size[1])
	}
}

func TestViewerWithoutProductsIsToldWhoCanStart(t *testing.T) {
	w := tuitest.Open(t)
	invite(t, w, "owner@example.com", model.RoleOwner)
	invite(t, w, "vic@example.com", model.RoleViewer)
	all := text(loaded(t, w, "vic@example.com", 80, 21))
	if !strings.Contains(all, "An owner or admin can create them") || strings.Contains(all, "then n") {
		t.Errorf("viewer: %s", all)
	}
}

func TestLoadingThenStatusFirst(t *testing.T) {
	w := tuitest.Standard(t)
	ctx := w.Context("")
	tab := New(ctx)
	if !strings.Contains(tab.View(), "loading…") {
		t.Fatal("no loading line")
	}
	// Init reads the summary alone; the invoice and trend follow it.
	msgs := tuitest.Messages(tab.Init(), 5*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("init yields %d messages", len(msgs))
	}
	if _, ok := msgs[0].(statusMsg); !ok {
		t.Fatalf("init yields %T", msgs[0])
	}
	tab, next := tab.Update(msgs[0])
	v := tab.View()
	if !strings.Contains(v, "Office") || !strings.Contains(v, "loading…") {
		t.Fatalf("summary first, the rest loading:\n%s", v)
	}
	var gotInvoice, gotTrend bool
	for _, msg := range tuitest.Messages(next, 5*time.Second) {
		switch msg.(type) {
		case invoiceMsg:
			gotInvoice = true
		case trendMsg:
			gotTrend = true
		}
	}
	if !gotInvoice || !gotTrend {
		t.Fatalf("after the summary: invoice %v, trend %v", gotInvoice, gotTrend)
	}
}

func TestIgnoresOtherTabsAndStaleResults(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loaded(t, w, "", 120, 37)
	m := tab.(*Model)
	before := tab.View()
	for _, msg := range []tea.Msg{
		statusMsg{id: m.id + 1000, gen: m.gen, err: model.Invalidf("not mine")},
		statusMsg{id: m.id, gen: m.gen - 1, err: model.Invalidf("stale")},
		invoiceMsg{id: m.id, gen: m.gen + 1, err: model.Invalidf("future")},
		trendMsg{id: m.id + 1000, gen: m.gen, err: model.Invalidf("not mine")},
	} {
		if _, cmd := tab.Update(msg); cmd != nil {
			t.Errorf("%T answered with a command", msg)
		}
	}
	if tab.View() != before {
		t.Error("a foreign or stale result changed the view")
	}
}

func TestReloadsOnDataChangedKeepingScroll(t *testing.T) {
	w := tuitest.DemoAtNow(t)
	h := tuitest.New(t, w, "", New, 80, 21)
	tab, m := h.Tab, h.Tab.(*Model)
	h.Press("j", "j")
	_, err := w.Svc.AddLicenses("", "Microsoft 365 E3", 10)
	w.Must(err)
	h.Send(common.DataChangedMsg{Seq: 1})
	if m.vp.YOffset != 2 {
		t.Errorf("scroll reset to %d", m.vp.YOffset)
	}
	if !strings.Contains(text(tab), "Microsoft 365 E3 160 142 18") {
		t.Errorf("not reloaded: %s", text(tab))
	}
	if m.inv == nil || m.trend == nil {
		t.Error("invoice or trend not reloaded")
	}
}

func TestScrollKeys(t *testing.T) {
	w := tuitest.DemoAtNow(t)
	tab := loaded(t, w, "", 80, 21)
	m := tab.(*Model)
	total, page := m.vp.TotalLineCount(), m.vp.Height
	if page != 20 || total <= page {
		t.Fatalf("%d lines in a %d-line viewport", total, page)
	}
	for _, s := range []struct {
		key  string
		want int
	}{
		{"j", 1}, {"down", 2}, {"k", 1}, {"up", 0}, {"k", 0},
		{"pgdown", page}, {"pgup", 0}, {"ctrl+f", page}, {"ctrl+b", 0},
		{"G", total - page}, {"j", total - page}, {"g", 0}, {"end", total - page}, {"home", 0},
	} {
		var msg tea.KeyMsg
		switch s.key {
		case "ctrl+f":
			msg = tea.KeyMsg{Type: tea.KeyCtrlF}
		case "ctrl+b":
			msg = tea.KeyMsg{Type: tea.KeyCtrlB}
		case "home":
			msg = tea.KeyMsg{Type: tea.KeyHome}
		case "end":
			msg = tea.KeyMsg{Type: tea.KeyEnd}
		default:
			msg = tuitest.Key(s.key)
		}
		tab.Update(msg)
		if m.vp.YOffset != s.want {
			t.Fatalf("after %s: offset %d, want %d", s.key, m.vp.YOffset, s.want)
		}
		checkSize(t, tab, 80, 21)
	}
	tab.Update(tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if m.vp.YOffset == 0 {
		t.Error("the mouse wheel does not scroll")
	}
	if got := helpKeys(tab); got != "↓/j ↑/k pgdn pgup g G" {
		t.Errorf("help %q", got)
	}
	tab.Update(tuitest.Key("g"))
	if v := tab.View(); !strings.Contains(v, "↓ ") || !strings.Contains(v, "(more alerts, invoice, trend)") {
		t.Errorf("no scroll hint:\n%s", v)
	}
}

// TestNoActionKeys: the dashboard changes nothing, for anyone, and scroll
// keys are left out of help when everything fits.
func TestNoActionKeys(t *testing.T) {
	w := tuitest.Open(t)
	for _, email := range []string{"", "vic@example.com"} {
		if email != "" {
			invite(t, w, "owner@example.com", model.RoleOwner)
			invite(t, w, "vic@example.com", model.RoleViewer)
		}
		tab := loaded(t, w, email, 120, 37)
		if got := helpKeys(tab); got != "" {
			t.Errorf("%q: help %q with nothing to scroll", email, got)
		}
		for _, k := range []string{"enter", "a", "u", "+", "-", "n", "e", "d", "t", "o", "r", " ", "/", "s", "S", "j", "G"} {
			if _, cmd := tab.Update(tuitest.Key(k)); cmd != nil {
				t.Errorf("%q: key %q returns a command", email, k)
			}
		}
		if tab.Capturing() {
			t.Error("captures keys")
		}
		if tab.Title() != "Dashboard" {
			t.Error(tab.Title())
		}
	}
}

func TestEverySizeFits(t *testing.T) {
	w := tuitest.DemoAtNow(t)
	tab := loaded(t, w, "", 120, 37)
	for _, size := range [][2]int{{200, 60}, {120, 37}, {100, 30}, {80, 21}, {60, 15}, {40, 8}, {20, 3}} {
		tab.SetSize(size[0], size[1])
		checkSize(t, tab, size[0], size[1])
		tab.Update(tuitest.Key("G"))
		checkSize(t, tab, size[0], size[1])
	}
}

func checkSize(t *testing.T, tab common.Tab, width, height int) {
	t.Helper()
	lines := strings.Split(tab.View(), "\n")
	if len(lines) != height {
		t.Errorf("%d×%d: %d lines", width, height, len(lines))
	}
	for _, l := range lines {
		if lipgloss.Width(l) > width {
			t.Errorf("%d×%d: line of %d cells: %q", width, height, lipgloss.Width(l), l)
		}
	}
}

func helpKeys(tab common.Tab) string {
	var keys []string
	for _, b := range tab.Help().ShortHelp() {
		if b.Enabled() {
			keys = append(keys, b.Help().Key)
		}
	}
	return strings.Join(keys, " ")
}

// TestColourFits: styles add escape codes, never cells.
func TestColourFits(t *testing.T) {
	w := tuitest.DemoAtNow(t)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	for _, size := range [][2]int{{120, 37}, {80, 21}} {
		h := tuitest.New(t, w, "", nil, size[0], size[1])
		h.Ctx.Styles = common.NewStyles(r)
		h.Show(New(h.Ctx))
		tab := h.Tab
		if !strings.Contains(tab.View(), "\x1b[") {
			t.Fatal("no colour")
		}
		checkSize(t, tab, size[0], size[1])
		tab.Update(tuitest.Key("G"))
		checkSize(t, tab, size[0], size[1])
		plain := ansi.Strip(tab.View())
		tab.(*Model).ctx.Styles = common.NewStyles(nil)
		tab.SetSize(size[0], size[1])
		if ansi.Strip(tab.View()) != plain {
			t.Errorf("%v: colour changes the layout", size)
		}
	}
}

func TestFailedReloadKeepsTheLastSummary(t *testing.T) {
	w := tuitest.Standard(t)
	tab := loaded(t, w, "", 80, 21)
	m := tab.(*Model)
	m.gen++
	tab.Update(statusMsg{id: m.id, gen: m.gen, err: model.Invalidf("database is locked")})
	all := text(tab)
	if !strings.Contains(all, "Could not read the summary: database is locked") || !strings.Contains(all, "Office 3 1 2") {
		t.Fatalf("after a failed reload: %s", all)
	}
	fresh := New(w.Context("")).(*Model)
	fresh.Update(statusMsg{id: fresh.id, gen: fresh.gen, err: model.Invalidf("database is locked")})
	if v := fresh.View(); !strings.Contains(v, "database is locked") || strings.Contains(v, "loading") {
		t.Fatalf("failed first load:\n%s", v)
	}
}
