package flows_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/tuitest"
)

// TestAssignToGolden: the licenses tab's assign form at 80×24 picks the
// holder from a filterable list and shows the auto-grow quote the shared
// flow confirms.
func TestAssignToGolden(t *testing.T) {
	w := tuitest.Standard(t)
	var who []string
	for _, a := range []string{"PC-2", "PC-3", "PC-4", "PC-10", "PC-11", "PC-12", "PC-13", "PC-14"} {
		_, err := w.Svc.CreateAsset("", model.Asset{Name: a}, "")
		w.Must(err)
		who = append(who, a)
	}
	for _, a := range []string{"PC-2", "PC-3"} {
		_, err := w.Svc.Assign("", "Antivirus", a, false)
		w.Must(err)
	}
	cands, err := w.Svc.Candidates("Antivirus")
	w.Must(err)
	if strings.Join(cands, ",") != "LAPTOP-1,PC-4,PC-10,PC-11,PC-12,PC-13,PC-14" {
		t.Fatalf("candidates %v (of %v)", cands, who)
	}
	m := flows.AssignToForm(w.Context(""), "Antivirus", "asset", cands)
	tm := teatest.NewTestModel(t, &tuitest.ModalRoot{Modal: m}, teatest.WithInitialTermSize(80, 24))
	tm.Type("pc-1")
	tm.Send(tuitest.Key("down"))
	tuitest.WaitFor(t, tm, "submitting confirms")
	got := tuitest.Final[*tuitest.ModalRoot](t, tm)
	if v := m.Values(); v["who"] != "PC-11" {
		t.Fatalf("picked %v", v)
	}
	teatest.RequireEqualOutput(t, []byte(got.View()))
}

// TestBlockProductNeverOffersToGrow: with no free seat, a block product's
// assign form says it does not grow, and enter is refused by the domain.
func TestBlockProductNeverOffersToGrow(t *testing.T) {
	w := tuitest.Standard(t)
	for _, u := range []string{"ben@example.com", "admin@example.com"} {
		_, err := w.Svc.Assign("", "Office", u, false)
		w.Must(err)
	}
	for _, build := range []func(h *tuitest.Harness){
		func(h *tuitest.Harness) {
			h.Open(flows.AssignToForm(h.Ctx, "Office", "user", []string{"owner@example.com"}))
		},
		func(h *tuitest.Harness) {
			h.Open(flows.AssignForm(h.Ctx, "user", []string{"owner@example.com"}, []string{"Office"}, "", nil))
		},
	} {
		h := tuitest.New(t, w, "", nil, 80, 24)
		build(h)
		v := tuitest.Flat(h.ModalView())
		if !strings.Contains(v, "does not grow") || strings.Contains(v, "submitting confirms") {
			t.Fatalf("block product form:\n%s", v)
		}
		h.Press("enter")
		if h.Top() == nil || w.Product("Office").Contracted != 3 {
			t.Fatalf("a block product grew: %+v", w.Product("Office").Counts)
		}
		tuitest.Contains(t, tuitest.Flat(h.ModalView()), "no free license of Office")
	}
}
