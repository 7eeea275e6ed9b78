package activity

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

// open is the tab as email sees it, with pages of page events (0: the
// usual size), loaded, in a 120×37 area under a harness.
func open(t *testing.T, w *tuitest.World, email string, page int) (*tuitest.Harness, *Model) {
	t.Helper()
	h := tuitest.New(t, w, email, nil, 120, 37)
	m := New(h.Ctx).(*Model)
	if page > 0 {
		m.page, m.near = page, 2
	}
	h.Show(m)
	if !m.loaded {
		t.Fatal("not loaded")
	}
	return h, m
}

func seqs(m *Model) []uint64 {
	var out []uint64
	for _, r := range m.src.rows {
		out = append(out, r.seq)
	}
	return out
}

func newestFirst(t *testing.T, w *tuitest.World) []uint64 {
	t.Helper()
	events, err := w.Svc.Activity(0, 0)
	w.Must(err)
	var out []uint64
	for _, e := range events {
		out = append(out, e.Seq)
	}
	return out
}

func TestLoadsNewestFirstWithEveryColumn(t *testing.T) {
	w := tuitest.Standard(t)
	_, m := open(t, w, "", 0)
	if want := newestFirst(t, w); !slices.Equal(seqs(m), want) {
		t.Fatalf("rows %v, want %v", seqs(m), want)
	}
	e, err := w.Svc.Event(m.src.rows[0].seq)
	w.Must(err)
	if e.Kind != model.EvLicenseAssigned {
		t.Fatalf("newest event is %s", e.Kind)
	}
	want := []string{"12", "2026-03-16 09:00", "owner@example.com", "license.assigned", "LIC-000001 Office", "to ana@example.com"}
	for c, cell := range want {
		if got := m.src.Cell(0, c); got != cell {
			t.Errorf("column %d: %q, want %q", c, got, cell)
		}
	}
	if f := m.footer(); f != "all 12 events loaded" {
		t.Errorf("footer %q", f)
	}
	if m.Title() != "Activity" || m.Capturing() {
		t.Error("title or capturing")
	}
}

func TestLoadsOlderPagesNearTheEnd(t *testing.T) {
	w := tuitest.Standard(t)
	h, m := open(t, w, "", 5)
	if len(m.src.rows) != 5 || m.complete() {
		t.Fatalf("first page: %v", seqs(m))
	}
	if f := m.footer(); f != "newest 5 of 12 events loaded · older load as you scroll" {
		t.Errorf("footer %q", f)
	}
	h.Press("j")
	if len(m.src.rows) != 5 {
		t.Fatal("loaded before nearing the end")
	}
	for range 20 {
		h.Press("j")
	}
	if want := newestFirst(t, w); !slices.Equal(seqs(m), want) {
		t.Fatalf("rows %v, want %v", seqs(m), want)
	}
	if !m.complete() {
		t.Fatal("not complete")
	}
	if _, cmd := m.Update(tuitest.Key("j")); cmd != nil {
		if msgs := tuitest.Messages(cmd, time.Second); len(msgs) > 0 {
			t.Fatalf("loads past the oldest event: %v", msgs)
		}
	}
}

// TestFilterSearchesOlderAtTheEnd: a filter covers the loaded pages; a
// move down at the end of its results loads the next page.
func TestFilterSearchesOlderAtTheEnd(t *testing.T) {
	w := tuitest.Standard(t)
	h, m := open(t, w, "", 5)
	h.Press("/")
	if !m.Capturing() {
		t.Fatal("not capturing while typing a filter")
	}
	for _, r := range "INVITED" {
		h.Press(string(r))
	}
	h.Press("enter")
	if m.Capturing() || m.tbl.Query() != "INVITED" {
		t.Fatalf("filter %q capturing %v", m.tbl.Query(), m.Capturing())
	}
	before := m.tbl.Len()
	for range 10 {
		h.Press("j")
	}
	if m.tbl.Len() <= before || m.tbl.Len() != 6 {
		t.Fatalf("matches %d then %d, want all 6 invitations", before, m.tbl.Len())
	}
	if v := m.View(); !strings.Contains(v, "/INVITED  6 of 12") {
		t.Errorf("status lines:\n%s", v)
	}
}

func TestDataChangedAddsNewEventsOnce(t *testing.T) {
	w := tuitest.Standard(t)
	h, m := open(t, w, "", 0)
	_, err := w.Svc.Assign("", "Office", "ben@example.com", false)
	w.Must(err)
	// Two changes noticed before either load answers: the loads overlap.
	_, c1 := m.Update(common.DataChangedMsg{})
	_, c2 := m.Update(common.DataChangedMsg{})
	h.Run(tea.Batch(c1, c2))
	if want := newestFirst(t, w); !slices.Equal(seqs(m), want) {
		t.Fatalf("rows %v, want %v", seqs(m), want)
	}
	if m.src.rows[0].change != "to ben@example.com" {
		t.Errorf("newest row %+v", m.src.rows[0])
	}
}

func TestTooManyChangesReloadTheNewestPage(t *testing.T) {
	w := tuitest.Standard(t)
	h, m := open(t, w, "", 5)
	gen := m.gen
	// An older page asked for before the reset must not join the new rows.
	var stale tea.Cmd
	for stale == nil {
		_, stale = m.Update(tuitest.Key("j"))
	}
	for _, email := range []string{"a1@example.com", "a2@example.com", "a3@example.com", "a4@example.com", "a5@example.com", "a6@example.com"} {
		_, err := w.Svc.InviteUser("", model.User{Email: email, First: "A", Last: "B"})
		w.Must(err)
	}
	_, cmd := m.Update(common.DataChangedMsg{})
	h.Run(cmd)
	if m.gen == gen {
		t.Fatal("no reset")
	}
	h.Run(stale)
	if want := newestFirst(t, w)[:5]; !slices.Equal(seqs(m), want) {
		t.Fatalf("rows %v, want %v", seqs(m), want)
	}
}

func TestIgnoresOtherTabsPages(t *testing.T) {
	w := tuitest.Standard(t)
	_, m := open(t, w, "", 0)
	before := seqs(m)
	for _, msg := range []pageMsg{
		{id: m.id + 100, gen: m.gen, events: []model.Event{{Seq: 99}}},
		{id: m.id, gen: m.gen + 1, events: []model.Event{{Seq: 99}}},
		{id: m.id, gen: m.gen, older: true, before: 12345, events: []model.Event{{Seq: 1}}},
	} {
		m.Update(msg)
	}
	if !slices.Equal(seqs(m), before) {
		t.Fatalf("rows %v, want %v", seqs(m), before)
	}
}

// TestEnterOpensTheMainSubjectsHistory walks the log and checks what
// enter opens on each kind of event, for the owner and a viewer alike.
func TestEnterOpensTheMainSubjectsHistory(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.EditOrg("", func(o *model.Org) error { o.Name = "Acme"; return nil })
	w.Must(err)
	ana, err := w.Svc.User("ana@example.com")
	w.Must(err)
	office, err := w.Svc.Product("Office")
	w.Must(err)
	laptop, err := w.Svc.Asset("LAPTOP-1")
	w.Must(err)
	want := map[string]common.HistoryMsg{
		model.EvLicenseAssigned: {Ref: model.Ref{Kind: model.RefLicense, ID: 1}, Title: "LIC-000001"},
		model.EvProductCreated:  {Ref: model.Ref{Kind: model.RefProduct, ID: office.ID}, Title: "Office"},
		model.EvAssetCreated:    {Ref: model.Ref{Kind: model.RefAsset, ID: laptop.ID}, Title: "LAPTOP-1"},
	}
	for _, email := range []string{"", "vic@example.com"} {
		h, m := open(t, w, email, 0)
		for i, r := range m.src.rows {
			if i > 0 {
				h.Press("j")
			}
			if sel, _ := m.tbl.Selected(); sel != i {
				t.Fatalf("cursor on %d, want %d", sel, i)
			}
			help := helpKeys(m)
			_, cmd := m.Update(tuitest.Key("enter"))
			msgs := tuitest.Messages(cmd, time.Second)
			switch {
			case r.kind == model.EvOrgUpdated:
				if len(msgs) != 0 || strings.Contains(help, "enter") {
					t.Errorf("%s: enter opens %v, help %q", r.kind, msgs, help)
				}
				continue
			case len(msgs) != 1 || !strings.HasPrefix(help, "enter"):
				t.Errorf("%s: enter yields %v, help %q", r.kind, msgs, help)
				continue
			}
			got := msgs[0].(common.HistoryMsg)
			if r.kind == model.EvUserInvited && r.title == ana.Email && got != (common.HistoryMsg{Ref: model.Ref{Kind: model.RefUser, ID: ana.ID}, Title: ana.Email}) {
				t.Errorf("invitation of ana opens %+v", got)
			}
			if exp, ok := want[r.kind]; ok && (r.kind != model.EvProductCreated || r.subject == "Office") && got != exp {
				t.Errorf("%s opens %+v, want %+v", r.kind, got, exp)
			}
		}
	}
}

func TestSpaceMarksNothing(t *testing.T) {
	w := tuitest.Standard(t)
	_, m := open(t, w, "", 0)
	if _, cmd := m.Update(tuitest.Key("space")); cmd != nil {
		t.Error("space does something")
	}
	if len(m.tbl.Marked()) != 0 {
		t.Error("space marked a row")
	}
	if strings.Contains(helpKeys(m), "space") {
		t.Error("help offers marking")
	}
}

func TestEmptyLog(t *testing.T) {
	w := tuitest.Open(t)
	_, m := open(t, w, "", 0)
	if v := m.View(); !strings.Contains(v, "No events yet") {
		t.Fatalf("empty log:\n%s", v)
	}
	if _, cmd := m.Update(tuitest.Key("enter")); cmd != nil {
		t.Error("enter on nothing")
	}
}

func TestLoadingLine(t *testing.T) {
	w := tuitest.Standard(t)
	m := New(w.Context(""))
	if v := m.View(); !strings.Contains(v, "loading…") || len(strings.Split(v, "\n")) != 37 {
		t.Fatalf("before loading:\n%s", v)
	}
}

func helpKeys(m *Model) string { return strings.Join(tuitest.KeysOf(m.Help()), " ") }
