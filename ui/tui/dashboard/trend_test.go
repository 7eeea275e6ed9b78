package dashboard

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

// TestTrendReloadAddsNewEvents: after changes, the reloaded trend (built
// from the previous one and the new events) equals a full replay.
func TestTrendReloadAddsNewEvents(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.CreateProduct("", model.Product{Name: "CAD", Kind: model.PerUser, Contracted: 2, Period: model.NoBilling, Policy: model.PolicyBlock})
	w.Must(err)
	h := tuitest.New(t, w, "", New, 120, 37)
	m := h.Tab.(*Model)
	loadedSeq := m.trend.Seq

	w.Clock = w.Clock.Add(time.Hour)
	_, err = w.Svc.Assign("", "CAD", "ana@example.com", false)
	w.Must(err)
	ben, err := w.Svc.Assign("", "CAD", "ben@example.com", false)
	w.Must(err)
	// An overage seat freed: unassigned and deactivated, counted once.
	_, err = w.Svc.RemoveLicenses("", "CAD", 1, true)
	w.Must(err)
	_, _, err = w.Svc.Unassign("", ben.Code())
	w.Must(err)

	h.Send(common.DataChangedMsg{})
	seq, err := w.Svc.LastSeq()
	w.Must(err)
	full, err := replayAll(w.Svc, 2, seq, w.Clock)
	w.Must(err)
	if !slices.Equal(m.trend.Days, full.Days) || m.trend.Seq != seq || seq == loadedSeq {
		t.Fatalf("reloaded %v at %d\nfull     %v at %d", m.trend.Days, m.trend.Seq, full.Days, seq)
	}
	if m.trend.Days[89] != 2 || m.trend.Days[88] != 0 {
		t.Fatalf("trend %v", m.trend.Days)
	}
}

func TestExtendAddsOnlyNewerEvents(t *testing.T) {
	w := tuitest.Standard(t)
	seq, err := w.Svc.LastSeq()
	w.Must(err)
	prev, err := replayAll(w.Svc, 1, seq, w.Clock)
	w.Must(err)
	_, err = w.Svc.Assign("", "Office", "ben@example.com", false)
	w.Must(err)
	now, err := w.Svc.LastSeq()
	w.Must(err)

	got, ok, err := extend(w.Svc, prev, now, 2)
	w.Must(err)
	if !ok || got.Days[89] != 2 || got.Days[88] != 0 || got.Seq != now {
		t.Fatalf("extended: ok %v, %v", ok, got)
	}
	// A sum that does not come out at the assigned count is refused, and
	// the load replays the whole window instead.
	if _, ok, _ := extend(w.Svc, prev, now, 5); ok {
		t.Fatal("a wrong sum was accepted")
	}
	msg := loadTrend(w.Svc, 1, 1, &prev, 2, now, w.Clock)().(trendMsg)
	if msg.err != nil || msg.trend.Days[89] != 2 {
		t.Fatalf("load with a previous trend: %+v", msg)
	}
	// A new day moves the window: a full replay.
	next := loadTrend(w.Svc, 1, 1, &prev, 2, now, w.Clock.AddDate(0, 0, 1))().(trendMsg)
	if !next.trend.First.Equal(prev.First.AddDate(0, 0, 1)) || next.trend.Days[88] != 2 || next.trend.Days[87] != 0 {
		t.Fatalf("next day: %+v", next.trend)
	}
}

func TestChartFitsAndScales(t *testing.T) {
	days := make([]int, 90)
	for i := range days {
		days[i] = 10 + i/10 // 10 … 18
	}
	tr := trend{Days: days, First: time.Date(2025, 12, 17, 0, 0, 0, 0, time.UTC)}
	for _, size := range [][2]int{{200, 8}, {94, 5}, {60, 3}, {20, 1}} {
		lines := tr.chart(size[0], size[1])
		if len(lines) != size[1]+1 {
			t.Errorf("%v: %d lines", size, len(lines))
		}
		for _, l := range lines {
			if ansi.StringWidth(l) > size[0] {
				t.Errorf("%v: %q too wide", size, l)
			}
		}
	}
	lines := tr.chart(94, 2)
	if !strings.HasPrefix(lines[0], "18 ") || !strings.HasPrefix(lines[1], "10 ") {
		t.Errorf("labels: %q", lines)
	}
	// One column a day when it fits: the first is the low, the last the peak.
	bottom := []rune(strings.TrimPrefix(lines[1], "10 "))
	top := []rune(strings.TrimPrefix(lines[0], "18 "))
	if len(bottom) != 90 || bottom[0] != '▁' || top[0] != ' ' || top[89] != '█' {
		t.Errorf("columns: %q / %q", string(top), string(bottom))
	}
	if !strings.Contains(lines[2], "2025-12-17") || !strings.HasSuffix(lines[2], "2026-03-16") {
		t.Errorf("axis %q", lines[2])
	}
	flat := trend{Days: make([]int, 90), First: tr.First}.chart(94, 3)
	if strings.ContainsAny(flat[0]+flat[1], "▁▂▃▄▅▆▇█") || !strings.Contains(flat[2], "▁▁▁") {
		t.Errorf("a flat trend is a line on the bottom: %q", flat)
	}
}
