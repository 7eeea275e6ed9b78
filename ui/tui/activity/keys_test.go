package activity

import (
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
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
	h, m := open(t, w, "", 0)
	m.SetSize(120, 8) // a page of 5 rows
	steps := []struct {
		key  tea.KeyMsg
		want uint64
	}{
		{tuitest.Key("j"), 11}, {tuitest.Key("down"), 10}, {tuitest.Key("k"), 11}, {tea.KeyMsg{Type: tea.KeyUp}, 12},
		{tea.KeyMsg{Type: tea.KeyPgDown}, 7}, {tea.KeyMsg{Type: tea.KeyPgUp}, 12},
		{tuitest.Key("G"), 1}, {tuitest.Key("g"), 12}, {tea.KeyMsg{Type: tea.KeyEnd}, 1}, {tea.KeyMsg{Type: tea.KeyHome}, 12},
	}
	for _, s := range steps {
		h.Press(s.key.String())
		if got := m.selectedSeq(t); got != s.want {
			t.Fatalf("after %s: event %d, want %d", s.key, got, s.want)
		}
	}
	// s sorts by the first column (oldest first), S reverses it.
	h.Press("s")
	h.Press("g")
	if col, rev := m.tbl.SortColumn(); col != colSeq || rev || m.selectedSeq(t) != 1 {
		t.Fatalf("sorted by %d reverse %v, top %d", col, rev, m.selectedSeq(t))
	}
	h.Press("S")
	h.Press("g")
	if _, rev := m.tbl.SortColumn(); !rev || m.selectedSeq(t) != 12 {
		t.Fatalf("reversed %v, top %d", rev, m.selectedSeq(t))
	}
	// / filters as you type; enter keeps it, esc clears it.
	h.Press("/")
	for _, r := range "antivirus" {
		h.Press(string(r))
	}
	if !m.Capturing() || !strings.Contains(helpKeys(m), "enter") || strings.Contains(helpKeys(m), "history") {
		t.Fatalf("while typing: capturing %v, help %q", m.Capturing(), helpKeys(m))
	}
	h.Press("enter")
	if m.Capturing() || m.tbl.Len() != 2 {
		t.Fatalf("kept filter: capturing %v, %d rows", m.Capturing(), m.tbl.Len())
	}
	h.Press("esc")
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
		_, m := open(t, w, email, 0)
		if got := helpKeys(m); got != "enter ↑/k ↓/j pgup pgdn g G / s" {
			t.Errorf("%q: help %q", email, got)
		}
	}
}

func TestEverySizeFits(t *testing.T) {
	w := tuitest.DemoAtNow(t)
	_, m := open(t, w, "", 0)
	for _, size := range [][2]int{{200, 60}, {120, 37}, {80, 21}, {60, 10}, {30, 4}} {
		m.SetSize(size[0], size[1])
		tuitest.CheckFrame(t, m.View(), size[0], size[1])
	}
	// Before loading, and with colour.
	h := tuitest.New(t, w, "", nil, 120, 37)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	h.Ctx.Styles = common.NewStyles(r)
	fresh := New(h.Ctx).(*Model)
	tuitest.CheckFrame(t, fresh.View(), 120, 37)
	h.Show(fresh)
	if v := fresh.View(); !strings.Contains(v, "\x1b[") {
		t.Error("no colour")
	}
	tuitest.CheckFrame(t, fresh.View(), 120, 37)
}

func TestGolden(t *testing.T) {
	tuitest.GoldenSizes(t, tuitest.DemoAtNow(t), New, tuitest.When(func(tab common.Tab) bool {
		m := tab.(*Model)
		return m.loaded && !m.tbl.Busy()
	}))
}
