package model_test

import (
	"testing"

	"github.com/seats/seats/model"
)

func TestReinstateATerminatedUserKeepsTheHistory(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.Assign("", "Office", "ana@example.com", false)
	w.must(err)
	if _, err := w.svc.ReinstateUser("", "ana@example.com"); model.CodeOf(err) != model.CodeConflict {
		t.Fatalf("reinstated an enabled user: %v", err)
	}
	_, err = w.svc.TerminateUser("", "ana@example.com", model.DateOf(w.clock.now()))
	w.must(err)
	if _, err := w.svc.ReinstateUser("vic@example.com", "ana@example.com"); model.CodeOf(err) != model.CodeForbidden {
		t.Fatalf("a viewer reinstated: %v", err)
	}
	u, err := w.svc.ReinstateUser("", "ana@example.com")
	w.must(err)
	if u.State != model.StateDisabled || u.LastDay != "" || u.Held != 0 {
		t.Fatalf("reinstated %+v", u)
	}
	if len(w.eventsOf(model.EvUserTerminated)) != 1 || len(w.eventsOf(model.EvUserReinstated)) != 1 {
		t.Fatal("termination and reinstatement not both in the history")
	}
	// A license can be assigned again.
	_, err = w.svc.Assign("", "Office", "ana@example.com", false)
	w.must(err)
	if u, _ := w.svc.User("ana@example.com"); u.State != model.StateEnabled {
		t.Fatalf("after an assignment: %s", u.State)
	}
	w.check()
}
