package model_test

import (
	"slices"
	"strings"
	"testing"
	"time"

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

func TestReturnARetiredAssetToServiceOffersItAgainAndKeepsItsHistory(t *testing.T) {
	w := fxStandard(t)
	if _, err := w.svc.ReturnAssetToService("", "LAPTOP-1"); model.CodeOf(err) != model.CodeConflict {
		t.Fatalf("an asset in service was returned to service: %v", err)
	}
	_, err := w.svc.RetireAsset("", "LAPTOP-1")
	w.must(err)
	before := w.snapshot()
	for _, who := range []string{"vic@example.com", "ana@example.com"} {
		if _, err := w.svc.ReturnAssetToService(who, "LAPTOP-1"); model.CodeOf(err) != model.CodeForbidden {
			t.Fatalf("%s returned an asset to service: %v", who, err)
		}
	}
	if w.snapshot() != before {
		t.Fatal("a refused return changed the data")
	}
	a, err := w.svc.ReturnAssetToService("", "LAPTOP-1")
	w.must(err)
	if !a.InService() {
		t.Fatalf("returned %+v", a)
	}
	if got, _ := w.svc.Asset("LAPTOP-1"); !got.InService() {
		t.Fatal("the return was not stored")
	}
	// Both events stay in its history, the retirement first.
	retired, returned := w.eventsOf(model.EvAssetRetired), w.eventsOf(model.EvAssetReturned)
	if len(retired) != 1 || len(returned) != 1 || returned[0].Seq < retired[0].Seq || returned[0].To != "in service" {
		t.Fatalf("events: retired %+v, returned %+v", retired, returned)
	}
	who, err := w.svc.Candidates("Antivirus")
	w.must(err)
	if !slices.Contains(who, "LAPTOP-1") {
		t.Fatalf("a returned asset is not offered: %v", who)
	}
	_, err = w.svc.Assign("", "Antivirus", "LAPTOP-1", false)
	w.must(err)
	w.check()
}

func TestAssetActionsFollowTheRoleAndTheAssetsState(t *testing.T) {
	inService, retired := model.Asset{Name: "A"}, model.Asset{Name: "B", Retired: time.Now()}
	admin := model.User{ID: 2, Email: "admin@example.com", Role: model.RoleAdmin}
	viewer := model.User{ID: 3, Email: "vic@example.com", Role: model.RoleViewer}
	member := model.User{ID: 4, Email: "ana@example.com", Role: model.RoleMember}
	if got := model.AssetActionsOf(admin, inService); !got.Retire || got.ReturnToService || !got.Assign || !got.Edit {
		t.Fatalf("admin on an asset in service: %+v", got)
	}
	if got := model.AssetActionsOf(admin, retired); got.Retire || !got.ReturnToService || got.Assign {
		t.Fatalf("admin on a retired asset: %+v", got)
	}
	for _, u := range []model.User{viewer, member} {
		if got := model.AssetActionsOf(u, retired); got != (model.AssetActions{}) {
			t.Fatalf("%s may %+v", u.Role, got)
		}
	}
}
