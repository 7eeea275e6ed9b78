package model_test

import (
	"github.com/seats/seats/model"
	"strings"
	"testing"
)

func TestOwnershipTransferRefusals(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.BulkAssign("", "Office", []string{"ana@example.com", "admin@example.com"}, false)
	w.must(err)
	_, err = w.svc.TerminateUser("", "ana@example.com", "2026-03-16")
	w.must(err)
	cases := []struct {
		actor, to string
		code      model.Code
	}{
		{"admin@example.com", "admin@example.com", model.CodeForbidden}, // only the owner gives it away
		{"vic@example.com", "admin@example.com", model.CodeForbidden},
		{"", "owner@example.com", model.CodeConflict},  // already the owner
		{"", "ben@example.com", model.CodeConflict},    // invited, holds nothing
		{"", "ext@partner.com", model.CodeConflict},    // external
		{"", "ana@example.com", model.CodeConflict},    // terminated
		{"", "nobody@example.com", model.CodeNotFound}, // no such user
		{"", "not an email", model.CodeInvalid},
	}
	for _, c := range cases {
		before := w.snapshot()
		err := w.svc.TransferOwnership(c.actor, c.to)
		if model.CodeOf(err) != c.code {
			t.Fatalf("%s → %s: %v, want %s", c.actor, c.to, err, c.code)
		}
		if w.snapshot() != before {
			t.Fatalf("%s → %s refused but changed the database", c.actor, c.to)
		}
	}
	w.must(w.svc.TransferOwnership("", "admin@example.com"))
	// The previous owner is now an admin and cannot give ownership away.
	if err := w.svc.TransferOwnership("owner@example.com", "owner@example.com"); model.CodeOf(err) != model.CodeForbidden {
		t.Fatalf("former owner transferred: %v", err)
	}
	if evs := w.eventsOf(model.EvOwnerTransferred); len(evs) != 1 || evs[0].From != "owner@example.com" || evs[0].To != "admin@example.com" {
		t.Fatalf("events %+v", evs)
	}
	w.check()
}

func (w *fxWorld) allocation(name string) model.AllocationStatus {
	w.t.Helper()
	as, err := w.svc.Allocations()
	w.must(err)
	for _, a := range as {
		if strings.EqualFold(a.Name, name) {
			return a
		}
	}
	w.t.Fatalf("no allocation %s in %+v", name, as)
	return model.AllocationStatus{}
}
