package activity

import (
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

func (m *Model) selectedSeq(t *testing.T) uint64 {
	t.Helper()
	r, ok := m.selected()
	if !ok {
		t.Fatal("nothing selected")
	}
	return r.seq
}

// TestTableKeys drives the table's keys through the tab: moving, paging,
// sorting and filtering, each seen through the selected event.
func TestTableKeys(t *testing.T) {
	w := tuitest.Standard(t)
	m := open(t, w, "", 0)
	m.SetSize(120, 8) // a page of 5 rows
	steps := []struct {
		key  tea.KeyMsg
		want uint64
	}{
		{press("j"), 11}, {press("down"), 10}, {press("k"), 11}, {tea.KeyMsg{Type: tea.KeyUp}, 12},
		{tea.KeyMsg{Type: tea.KeyPgDown}, 7}, {tea.KeyMsg{Type: tea.KeyPgUp}, 12},
		{press("G"), 1}, {press("g"), 12}, {tea.KeyMsg{Type: tea.KeyEnd}, 1}, {tea.KeyMsg{Type: tea.KeyHome}, 12},
	}
	for _, s := range steps {
		m.press(t, s.key.String())
		if got := m.selectedSeq(t); got != s.want {
			t.Fatalf("after %s: event %d, want %d", s.key, got, s.want)
		}
	}
	// s sorts by the first column (oldest first), S reverses it.
	m.press(t, "s")
	m.press(t, "g")
	if col, rev := m.tbl.SortColumn(); col != colSeq || rev || m.selectedSeq(t) != 1 {
		t.Fatalf("sorted by %d reverse %v, top %d", col, rev, m.selectedSeq(t))
	}
	m.press(t, "S")
	m.press(t, "g")
	if _, rev := m.tbl.SortColumn(); !rev || m.selectedSeq(t) != 12 {
		t.Fatalf("reversed %v, top %d", rev, m.selectedSeq(t))
	}
	// / filters as you type; enter keeps it, esc clears it.
	m.press(t, "/")
	for _, r := range "antivirus" {
		m.press(t, string(r))
	}
	if !m.Capturing() || !strings.Contains(helpKeys(m), "enter") || strings.Contains(helpKeys(m), "history") {
		t.Fatalf("while typing: capturing %v, help %q", m.Capturing(), helpKeys(m))
	}
	m.press(t, "enter")
	if m.Capturing() || m.tbl.Len() != 2 {
		t.Fatalf("kept filter: capturing %v, %d rows", m.Capturing(), m.tbl.Len())
	}
	m.press(t, "esc")
	if m.tbl.Query() != "" || m.tbl.Len() != 12 {
		t.Fatalf("cleared filter: %q, %d rows", m.tbl.Query(), m.tbl.Len())
	}
	// The mouse wheel scrolls the table.
	top := m.selectedSeq(t)
	m.Update(tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress, Y: 3})
	if m.selectedSeq(t) == top {
		t.Error("the wheel does not move")
	}
}

func TestHelpKeys(t *testing.T) {
	w := tuitest.Standard(t)
	for _, email := range []string{"", "vic@example.com"} {
		m := open(t, w, email, 0)
		if got := helpKeys(m); got != "enter ↑/k ↓/j pgup pgdn g G / s" {
			t.Errorf("%q: help %q", email, got)
		}
	}
}

func TestEverySizeFits(t *testing.T) {
	w := tuitest.Open(t)
	w.Must(demo.Generate(w.DB, w.Clock, demo.Options{}))
	m := open(t, w, "", 0)
	for _, size := range [][2]int{{200, 60}, {120, 37}, {80, 21}, {60, 10}, {30, 4}} {
		m.SetSize(size[0], size[1])
		checkSize(t, m.View(), size[0], size[1])
	}
	// Before loading, and with colour.
	ctx := w.Context("")
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	ctx.Styles = common.NewStyles(r)
	fresh := New(ctx).(*Model)
	checkSize(t, fresh.View(), 120, 37)
	feed(t, fresh, fresh.Init())
	if v := fresh.View(); !strings.Contains(v, "\x1b[") {
		t.Error("no colour")
	}
	checkSize(t, fresh.View(), 120, 37)
}

func checkSize(t *testing.T, view string, width, height int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != height {
		t.Errorf("%d×%d: %d lines", width, height, len(lines))
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > width {
			t.Errorf("%d×%d: line of %d cells: %q", width, height, ansi.StringWidth(l), l)
		}
	}
}

// harness gives the tab the root's area and quits once the log is loaded.
type harness struct{ tab *Model }

func (h *harness) Init() tea.Cmd { return h.tab.Init() }

func (h *harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		h.tab.SetSize(ws.Width, ws.Height-3)
		return h, nil
	}
	_, cmd := h.tab.Update(msg)
	if h.tab.loaded && !h.tab.tbl.Busy() {
		return h, tea.Batch(cmd, tea.Quit)
	}
	return h, cmd
}

func (h *harness) View() string { return h.tab.View() }

func TestGolden(t *testing.T) {
	w := tuitest.Open(t)
	w.Must(demo.Generate(w.DB, w.Clock, demo.Options{}))
	for _, size := range []struct {
		name string
		w, h int
	}{{"120x40", 120, 40}, {"80x24", 80, 24}} {
		t.Run(size.name, func(t *testing.T) {
			tm := teatest.NewTestModel(t, &harness{tab: New(w.Context("")).(*Model)}, teatest.WithInitialTermSize(size.w, size.h))
			h := tm.FinalModel(t).(*harness)
			teatest.RequireEqualOutput(t, []byte(h.View()))
		})
	}
}
