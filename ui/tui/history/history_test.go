package history

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

// open is the modal for ref as email sees it in a w × h tab area, loaded.
func open(t *testing.T, w *tuitest.World, email string, ref model.Ref, title string, width, height int) *Model {
	t.Helper()
	ctx := w.Context(email)
	ctx.Width, ctx.Height = width, height
	m := New(ctx, ref, title).(*Model)
	for _, msg := range tuitest.Messages(m.Init(), 5*time.Second) {
		m.Update(msg)
	}
	if !m.loaded {
		t.Fatal("history did not load")
	}
	return m
}

func licenseOf(t *testing.T, w *tuitest.World, holder string) model.License {
	t.Helper()
	ls, _, err := w.Svc.Licenses(model.LicenseFilter{Holder: holder})
	w.Must(err)
	if len(ls) == 0 {
		t.Fatalf("%s holds no license", holder)
	}
	return ls[0]
}

func TestLicenseAssignedAndUnassignedListsBoth(t *testing.T) {
	w := tuitest.Standard(t)
	l := licenseOf(t, w, "ana@example.com")
	w.Clock = w.Clock.Add(2 * time.Hour)
	_, _, err := w.Svc.Unassign("", l.Code())
	w.Must(err)

	m := open(t, w, "", model.Ref{Kind: model.RefLicense, ID: l.ID}, l.Code(), 120, 37)
	view := m.View()
	t.Logf("\n%s", view)
	if !strings.Contains(view, "History of "+l.Code()) {
		t.Error("no title")
	}
	assigned := strings.Index(view, "license.assigned")
	unassigned := strings.Index(view, "license.unassigned")
	if assigned < 0 || unassigned < 0 || assigned > unassigned {
		t.Fatalf("want assigned then unassigned, oldest first:\n%s", view)
	}
	for _, want := range []string{"to ana@example.com", "from ana@example.com", "licenses.added", "2026-03-16 09:00", "2026-03-16 11:00"} {
		if !strings.Contains(view, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(view, l.Code()+" Office") || strings.Contains(view, "Office ·") {
		t.Error("the license's own code or product repeats on its rows")
	}
	w.Check()
}

func TestProductShowsLicenseCountHistory(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.AddLicenses("", "Office", 2)
	w.Must(err)
	p, err := w.Svc.Product("Office")
	w.Must(err)
	m := open(t, w, "", model.Ref{Kind: model.RefProduct, ID: p.ID}, "Office", 80, 21)
	view := m.View()
	t.Logf("\n%s", view)
	for _, want := range []string{"contracted 0 → 3", "contracted 3 → 5", "due ", " EUR", "product.created"} {
		if !strings.Contains(view, want) {
			t.Errorf("missing %q", want)
		}
	}
}

func TestEmptyHistorySaysSo(t *testing.T) {
	w := tuitest.Standard(t)
	m := open(t, w, "", model.Ref{Kind: model.RefAllocation, ID: 99}, "Nobody's allocation", 80, 21)
	if v := m.View(); !strings.Contains(v, "No events about Nobody's allocation yet.") {
		t.Fatalf("empty history:\n%s", v)
	}
}

func TestMissingLicenseShowsTheError(t *testing.T) {
	w := tuitest.Standard(t)
	m := open(t, w, "", model.Ref{Kind: model.RefLicense, ID: 999}, model.LicenseCode(999), 80, 21)
	if v := m.View(); !strings.Contains(v, "no license LIC-000999") {
		t.Fatalf("error not shown:\n%s", v)
	}
}

func TestLoadingUntilLoaded(t *testing.T) {
	w := tuitest.Standard(t)
	m := New(w.Context(""), model.Ref{Kind: model.RefUser, ID: 1}, "History of owner@example.com")
	if v := m.View(); !strings.Contains(v, "loading…") || strings.Contains(v, "History of History") {
		t.Fatalf("before loading:\n%s", v)
	}
	// Another modal's events are not this one's.
	m.Update(loadedMsg{id: 0, events: []model.Event{{Kind: "x"}}})
	if !strings.Contains(m.View(), "loading…") {
		t.Fatal("took another modal's events")
	}
}

func TestViewerSeesHistory(t *testing.T) {
	w := tuitest.Standard(t)
	u, err := w.Svc.User("ana@example.com")
	w.Must(err)
	m := open(t, w, "vic@example.com", model.Ref{Kind: model.RefUser, ID: u.ID}, u.Email, 80, 21)
	if v := m.View(); !strings.Contains(v, "user.invited") || !strings.Contains(v, "license.assigned") {
		t.Fatalf("viewer's history:\n%s", v)
	}
}

func closes(t *testing.T, cmd tea.Cmd) bool {
	t.Helper()
	msgs := tuitest.Messages(cmd, time.Second)
	if len(msgs) != 1 {
		return false
	}
	c, ok := msgs[0].(common.CloseModalMsg)
	return ok && c.Then == nil
}

func TestCloseKeys(t *testing.T) {
	w := tuitest.Standard(t)
	for _, k := range []string{"esc", "q", "enter"} {
		m := open(t, w, "", model.Ref{Kind: model.RefUser, ID: 1}, "owner@example.com", 80, 21)
		if _, cmd := m.Update(tuitest.Key(k)); !closes(t, cmd) {
			t.Errorf("%s does not close", k)
		}
	}
	// n is a confirmation's cancel, not a history key.
	m := open(t, w, "", model.Ref{Kind: model.RefUser, ID: 1}, "owner@example.com", 80, 21)
	if _, cmd := m.Update(tuitest.Key("n")); cmd != nil {
		t.Error("n does something")
	}
}

// TestScrollKeys uses a tall history in a short box.
func TestScrollKeys(t *testing.T) {
	w := tuitest.DemoAtNow(t)
	owner, err := w.Svc.ResolveActor("")
	w.Must(err)
	m := open(t, w, "", model.Ref{Kind: model.RefUser, ID: owner.ID}, owner.Email, 80, 8)
	total, page := m.vp.TotalLineCount(), m.vp.Height
	if total <= page {
		t.Fatalf("history of %d lines fits %d: nothing to scroll", total, page)
	}
	steps := []struct {
		key  string
		want int
	}{
		{"j", 1}, {"down", 2}, {"k", 1}, {"up", 0}, {"k", 0},
		{"pgdown", page}, {"pgup", 0},
		{"G", total - page}, {"j", total - page}, {"g", 0},
		{"end", total - page}, {"home", 0},
	}
	for _, s := range steps {
		m.Update(tuitest.Key(s.key))
		if m.vp.YOffset != s.want {
			t.Fatalf("after %s offset %d, want %d", s.key, m.vp.YOffset, s.want)
		}
	}
	if !strings.Contains(m.View(), "lines 1–") {
		t.Error("no position line")
	}
	if got := helpKeys(m); got != "↓/j ↑/k pgdn pgup g G esc/q" {
		t.Errorf("help %q", got)
	}
	if v := m.View(); len(strings.Split(v, "\n")) > 8 {
		t.Errorf("box taller than the area:\n%s", v)
	}
}

func TestNothingToScrollShowsOnlyClose(t *testing.T) {
	w := tuitest.Standard(t)
	m := open(t, w, "", model.Ref{Kind: model.RefUser, ID: 1}, "owner@example.com", 120, 37)
	if got := helpKeys(m); got != "esc/q" {
		t.Errorf("help %q", got)
	}
	m.Update(tuitest.Key("j"))
	m.Update(tuitest.Key("G"))
	if m.vp.YOffset != 0 {
		t.Error("scrolled with nothing to scroll")
	}
}

func helpKeys(m *Model) string { return strings.Join(tuitest.KeysOf(m.Help()), " ") }

func TestResizeFitsTheArea(t *testing.T) {
	w := tuitest.Standard(t)
	m := open(t, w, "", model.Ref{Kind: model.RefLicense, ID: licenseOf(t, w, "ana@example.com").ID}, "LIC-000001", 120, 37)
	for _, size := range [][2]int{{200, 50}, {120, 37}, {80, 21}, {50, 10}, {30, 6}} {
		m.SetSize(size[0], size[1])
		lines := strings.Split(m.View(), "\n")
		if len(lines) > size[1] {
			t.Errorf("%v: %d lines", size, len(lines))
		}
		for _, l := range lines {
			if lipgloss.Width(l) > min(size[0], MaxWidth) {
				t.Errorf("%v: line of %d cells: %q", size, lipgloss.Width(l), l)
			}
		}
	}
}

func TestGolden(t *testing.T) {
	w := tuitest.DemoAtNow(t)
	p, err := w.Svc.Product("JetBrains All Products Pack")
	w.Must(err)
	for _, s := range tuitest.Sizes {
		t.Run(s.Name, func(t *testing.T) {
			m := New(w.Context(""), model.Ref{Kind: model.RefProduct, ID: p.ID}, p.Name)
			tm := teatest.NewTestModel(t, &tuitest.ModalRoot{Modal: m}, teatest.WithInitialTermSize(s.Width, s.Height))
			tuitest.WaitFor(t, tm, "product.created")
			teatest.RequireEqualOutput(t, []byte(tuitest.Final[*tuitest.ModalRoot](t, tm).View()))
		})
	}
}

// TestColourFits: styles add escape codes, never cells.
func TestColourFits(t *testing.T) {
	w := tuitest.Standard(t)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	ctx := w.Context("")
	ctx.Styles = common.NewStyles(r)
	ctx.Width, ctx.Height = 80, 21
	m := New(ctx, model.Ref{Kind: model.RefUser, ID: 3}, "ana@example.com")
	for _, msg := range tuitest.Messages(m.Init(), 5*time.Second) {
		m.Update(msg)
	}
	v := m.View()
	if !strings.Contains(v, "\x1b[") || !strings.Contains(v, "license.assigned") {
		t.Fatalf("view:\n%s", v)
	}
	for _, l := range strings.Split(v, "\n") {
		if lipgloss.Width(l) > 80 {
			t.Errorf("line of %d cells", lipgloss.Width(l))
		}
	}
}
