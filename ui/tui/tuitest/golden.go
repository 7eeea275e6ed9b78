package tuitest

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/ui/tui/common"
)

// Sizes are the tab areas of 120×40 and 80×24 terminals (the root takes
// three lines: the tab bar, the status line, the help bar).
var Sizes = []struct {
	Name          string
	Width, Height int
}{{"120x40", 120, 37}, {"80x24", 80, 21}}

// Until says when a golden's screen is complete.
type Until struct {
	text  string
	ready func(common.Tab) bool
}

// Shows is complete once text is on screen.
func Shows(text string) Until { return Until{text: text} }

// When is complete once ready says the tab is (for what is not on
// screen, such as a load below the fold); it reads the tab in its Update.
func When(ready func(common.Tab) bool) Until { return Until{ready: ready} }

// root is a tab alone on a terminal, for teatest. With ready set, it quits
// once the tab is sized and ready says it is (the size and the loads
// arrive in any order).
type root struct {
	tab   common.Tab
	ready func(common.Tab) bool
	sized bool
}

func (r *root) Init() tea.Cmd { return r.tab.Init() }

func (r *root) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		r.tab.SetSize(ws.Width, ws.Height)
		r.sized = true
	} else {
		r.tab, cmd = r.tab.Update(msg)
	}
	if r.ready != nil && r.sized && r.ready(r.tab) {
		return r, tea.Batch(cmd, tea.Quit)
	}
	return r, cmd
}

func (r *root) View() string { return r.tab.View() }

// GoldenAt runs a new tab of w (as the owner) in a width×height terminal
// under teatest until its screen is complete, checks its frame, and
// compares its final view with testdata/<test>.golden (go test -update
// rewrites it).
func GoldenAt(t *testing.T, w *World, newTab func(*common.Context) common.Tab, width, height int, until Until) {
	t.Helper()
	ctx := w.Context("")
	ctx.Width, ctx.Height = width, height
	tm := teatest.NewTestModel(t, &root{tab: newTab(ctx), ready: until.ready}, teatest.WithInitialTermSize(width, height))
	var r *root
	if until.ready == nil {
		WaitFor(t, tm, until.text)
		r = Final[*root](t, tm)
	} else {
		r = tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*root)
	}
	view := r.View()
	CheckFrame(t, view, width, height)
	teatest.RequireEqualOutput(t, []byte(view))
}

// GoldenSizes runs GoldenAt at each of Sizes, as subtests named by size.
func GoldenSizes(t *testing.T, w *World, newTab func(*common.Context) common.Tab, until Until) {
	for _, s := range Sizes {
		t.Run(s.Name, func(t *testing.T) { GoldenAt(t, w, newTab, s.Width, s.Height, until) })
	}
}

// GoldenKeys loads a new tab of w (as the owner) at each of Sizes, presses
// keys, and compares the view with the golden of a subtest named by size
// and suffix ("120x40-sorted").
func GoldenKeys(t *testing.T, w *World, newTab func(*common.Context) common.Tab, suffix string, keys ...string) {
	for _, s := range Sizes {
		t.Run(s.Name+suffix, func(t *testing.T) {
			h := New(t, w, "", newTab, s.Width, s.Height)
			h.Press(keys...)
			view := h.Tab.View()
			CheckFrame(t, view, s.Width, s.Height)
			teatest.RequireEqualOutput(t, []byte(view))
		})
	}
}

// CheckFrame fails when view is not exactly height lines of at most width cells.
func CheckFrame(t testing.TB, view string, width, height int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != height {
		t.Errorf("view has %d lines, want %d", len(lines), height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d wide (> %d): %q", i, w, width, l)
		}
	}
}

// Look logs a new tab of world's database at each of Sizes after each
// group of keys, for a person to read with go test -v; without -v it
// skips (the goldens check the same screens).
func Look(t *testing.T, world func(testing.TB) *World, newTab func(*common.Context) common.Tab, keys ...[]string) {
	if !testing.Verbose() {
		t.Skip("for reading with -v")
	}
	w := world(t)
	for _, s := range Sizes {
		h := New(t, w, "", newTab, s.Width, s.Height)
		for _, k := range keys {
			h.Press(k...)
			view := h.Tab.View()
			CheckFrame(t, view, s.Width, s.Height)
			t.Logf("%s after %v (help %v)\n%s", s.Name, k, h.HelpKeys(), view)
		}
	}
}
