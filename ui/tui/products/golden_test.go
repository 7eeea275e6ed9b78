package products

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/ui/tui/tuitest"
)

// harness gives the tab the area the root would (the terminal less the
// tab bar, status and help lines) and quits once the products are on screen.
type harness struct {
	tab   *Tab
	sized bool
}

func (h *harness) Init() tea.Cmd { return h.tab.Init() }

func (h *harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if s, ok := msg.(tea.WindowSizeMsg); ok {
		h.tab.SetSize(s.Width, s.Height-3)
		h.sized = true
		return h, h.quitWhenReady(nil)
	}
	_, cmd := h.tab.Update(msg)
	return h, h.quitWhenReady(cmd)
}

// quitWhenReady quits once the tab is sized and shows its rows (the size
// and the load arrive in either order).
func (h *harness) quitWhenReady(cmd tea.Cmd) tea.Cmd {
	if h.sized && h.tab.src != nil && !h.tab.table.Busy() {
		return tea.Batch(cmd, tea.Quit)
	}
	return cmd
}

func (h *harness) View() string { return h.tab.View() }

func run(t *testing.T, w *tuitest.World, email string, width, height int) *Tab {
	t.Helper()
	tm := teatest.NewTestModel(t, &harness{tab: New(w.Context(email)).(*Tab)}, teatest.WithInitialTermSize(width, height))
	return tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*harness).tab
}

func TestGolden(t *testing.T) {
	w := tuitest.Open(t)
	w.Must(demo.Generate(w.DB, w.Clock, demo.Options{}))
	for _, size := range []struct {
		name string
		w, h int
	}{{"120x40", 120, 40}, {"80x24", 80, 24}} {
		t.Run(size.name, func(t *testing.T) {
			tab := run(t, w, "", size.w, size.h)
			fits(t, tab.View(), size.w, size.h-3)
			teatest.RequireEqualOutput(t, []byte(tab.View()))
		})
		// Sorted by name, the last product selected.
		t.Run(size.name+"-sorted", func(t *testing.T) {
			tab := run(t, w, "", size.w, size.h)
			for _, k := range []string{"s", "G"} {
				feed(t, tab, func() tea.Msg { return keyMsg(k) })
			}
			fits(t, tab.View(), size.w, size.h-3)
			teatest.RequireEqualOutput(t, []byte(tab.View()))
		})
	}
}

// fits fails unless view is exactly h lines of at most w cells.
func fits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lipgloss.Width(l) > w {
			t.Errorf("line %d is %d wide, more than %d", i, lipgloss.Width(l), w)
		}
	}
}

func TestGoldenEmpty(t *testing.T) {
	tab := run(t, tuitest.Open(t), "", 80, 24)
	fits(t, tab.View(), 80, 21)
	teatest.RequireEqualOutput(t, []byte(tab.View()))
}
