package model_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/seats/seats/model"
)

func TestRetireAnAssetKeepsItsHistoryAndOffersItNoMore(t *testing.T) {
	w := fxStandard(t)
	l, err := w.svc.Assign("", "Antivirus", "LAPTOP-1", false)
	w.must(err)
	// Holding a license, it cannot be retired, and the refusal names it.
	_, err = w.svc.RetireAsset("", "LAPTOP-1")
	if model.CodeOf(err) != model.CodeConflict || !strings.Contains(err.Error(), l.Code()+" (Antivirus)") {
		t.Fatalf("retired an asset holding %s: %v", l.Code(), err)
	}
	if err := w.svc.CheckRetireAsset("LAPTOP-1"); model.CodeOf(err) != model.CodeConflict {
		t.Fatalf("check says %v", err)
	}
	if _, err := w.svc.RetireAsset("vic@example.com", "LAPTOP-1"); model.CodeOf(err) != model.CodeForbidden {
		t.Fatalf("a viewer retired: %v", err)
	}
	_, _, err = w.svc.Unassign("", l.Code())
	w.must(err)
	w.must(w.svc.CheckRetireAsset("LAPTOP-1"))
	a, err := w.svc.RetireAsset("", "LAPTOP-1")
	w.must(err)
	if a.InService() || !a.Retired.Equal(w.clock.now()) {
		t.Fatalf("retired %+v", a)
	}
	if got, _ := w.svc.Asset("LAPTOP-1"); got.InService() {
		t.Fatal("retirement not stored")
	}
	if len(w.eventsOf(model.EvAssetRetired)) != 1 {
		t.Fatal("no asset.retired event")
	}
	// No longer offered, and refused when named.
	who, err := w.svc.Candidates("Antivirus")
	w.must(err)
	if slices.Contains(who, "LAPTOP-1") {
		t.Fatalf("candidates %v offer a retired asset", who)
	}
	if _, err := w.svc.Assign("", "Antivirus", "LAPTOP-1", false); model.CodeOf(err) != model.CodeConflict || !strings.Contains(err.Error(), "retired") {
		t.Fatalf("assigned to a retired asset: %v", err)
	}
	if _, err := w.svc.RetireAsset("", "LAPTOP-1"); model.CodeOf(err) != model.CodeConflict {
		t.Fatalf("retired twice: %v", err)
	}
	w.check()
}

func TestCandidatesFollowTheAssignRules(t *testing.T) {
	w := fxStandard(t)
	who, err := w.svc.Candidates("Office")
	w.must(err)
	if len(who) == 0 || slices.ContainsFunc(who, func(s string) bool { return !strings.Contains(s, "@") }) {
		t.Fatalf("per-user candidates %v", who)
	}
	held, err := w.svc.Candidates("Antivirus")
	w.must(err)
	if !slices.Equal(held, []string{"LAPTOP-1"}) {
		t.Fatalf("per-device candidates %v", held)
	}
	_, err = w.svc.Assign("", "Antivirus", "LAPTOP-1", false)
	w.must(err)
	if after, _ := w.svc.Candidates("Antivirus"); len(after) != 0 {
		t.Fatalf("a holder is offered again: %v", after)
	}
}
