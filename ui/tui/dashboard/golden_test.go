package dashboard

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

// harness gives the tab the area the root would (the terminal less the
// tab bar, status and help lines) and quits once everything has loaded.
type harness struct {
	tab              common.Tab
	invoice, trended bool
	wantAll          bool
}

func (h *harness) Init() tea.Cmd { return h.tab.Init() }

func (h *harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.tab.SetSize(msg.Width, msg.Height-3)
		return h, nil
	case invoiceMsg:
		h.invoice = true
	case trendMsg:
		h.trended = true
	}
	var cmd tea.Cmd
	h.tab, cmd = h.tab.Update(msg)
	m := h.tab.(*Model)
	if m.sum != nil && (!h.wantAll || h.invoice && h.trended) {
		return h, tea.Batch(cmd, tea.Quit)
	}
	return h, cmd
}

func (h *harness) View() string { return h.tab.View() }

func run(t *testing.T, w *tuitest.World, width, height int, wantAll bool) *harness {
	t.Helper()
	ctx := w.Context("")
	tm := teatest.NewTestModel(t, &harness{tab: New(ctx), wantAll: wantAll}, teatest.WithInitialTermSize(width, height))
	return tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*harness)
}

func TestGolden(t *testing.T) {
	w := demoWorld(t)
	for _, size := range []struct {
		name string
		w, h int
	}{{"120x40", 120, 40}, {"80x24", 80, 24}} {
		t.Run(size.name, func(t *testing.T) {
			h := run(t, w, size.w, size.h, true)
			teatest.RequireEqualOutput(t, []byte(h.View()))
		})
		t.Run(size.name+"-bottom", func(t *testing.T) {
			h := run(t, w, size.w, size.h, true)
			h.tab.Update(keyMsg("G"))
			teatest.RequireEqualOutput(t, []byte(h.View()))
		})
	}
}

func TestGoldenEmpty(t *testing.T) {
	w := tuitest.Open(t)
	h := run(t, w, 80, 24, false)
	teatest.RequireEqualOutput(t, []byte(h.View()))
}
