package model_test

import (
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// A store keeps users as put; what a user holds, and so whether they are
// enabled or disabled, is the domain's to work out from the holder index,
// on every path a user is read by, over due changes too.
func TestUsersAreSettledFromTheLicensesTheyHold(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.BulkAssign("", "Office", []string{"ana@example.com", "owner@example.com"}, false)
	w.must(err)
	// Stale states behind the domain's back: ana and the owner hold a
	// license but are stored disabled, ben holds none but is stored enabled.
	w.must(w.db.Update(func(tx model.Tx) error {
		for email, st := range map[string]model.UserState{"ana@example.com": model.StateDisabled, "owner@example.com": model.StateDisabled, "ben@example.com": model.StateEnabled} {
			u, err := tx.UserByEmail(email)
			if err != nil {
				return err
			}
			u.State = st
			if err := tx.PutUser(&u); err != nil {
				return err
			}
		}
		return nil
	}))
	w.must(w.db.View(func(tx model.Tx) error {
		u, err := tx.UserByEmail("ana@example.com")
		if err == nil && (u.State != model.StateDisabled || u.Held != 0) {
			t.Fatalf("precondition: the store settled ana itself: %+v", u)
		}
		return err
	}))
	want := map[string]struct {
		state model.UserState
		held  int
	}{
		"ana@example.com":   {model.StateEnabled, 1},
		"owner@example.com": {model.StateEnabled, 1},
		"ben@example.com":   {model.StateDisabled, 0},
		"vic@example.com":   {model.StateInvited, 0},
	}
	check := func(when string) {
		t.Helper()
		users, err := w.svc.Users()
		w.must(err)
		seen := 0
		for _, u := range users {
			if x, ok := want[u.Email]; ok {
				seen++
				if u.State != x.state || u.Held != x.held {
					t.Fatalf("%s: Users lists %s %s holding %d, want %s holding %d", when, u.Email, u.State, u.Held, x.state, x.held)
				}
			}
		}
		if seen != len(want) {
			t.Fatalf("%s: Users lists %d of %d users", when, seen, len(want))
		}
		for email, x := range want {
			u, err := w.svc.User(email) // by email
			w.must(err)
			if u.State != x.state || u.Held != x.held {
				t.Fatalf("%s: User(%s) is %s holding %d", when, email, u.State, u.Held)
			}
		}
		owner, err := w.svc.ResolveActor("") // by the owner's ID
		w.must(err)
		if owner.State != model.StateEnabled || owner.Held != 1 {
			t.Fatalf("%s: the owner is %s holding %d", when, owner.State, owner.Held)
		}
	}
	check("as stored")
	// Over an overlay: a reduction falls due and is shown, not recorded.
	_, err = w.svc.AddLicenses("", "Office", 1)
	w.must(err)
	_, err = w.svc.RemoveLicenses("", "Office", 1, false)
	w.must(err)
	w.clock.set(2026, time.April, 2)
	if n, err := w.svc.DueNotRecorded(); err != nil || n != 1 {
		t.Fatalf("due: %d, %v", n, err)
	}
	check("over due changes")
	// The domain's checker counts held licenses from the same settling.
	w.check()
}
