package model_test

import (
	"github.com/seats/seats/model"
	"strings"
	"testing"
	"time"
)

// eventsOf lists every event of a kind, oldest first.
func (w *fxWorld) eventsOf(kind string) []model.Event {
	w.t.Helper()
	var out []model.Event
	w.must(w.svc.Events(0, func(e model.Event) bool {
		if e.Kind == kind {
			out = append(out, e)
		}
		return true
	}))
	return out
}

func (w *fxWorld) product(name string) model.ProductStatus {
	w.t.Helper()
	ps, err := w.svc.Product(name)
	w.must(err)
	return ps
}

func (w *fxWorld) user(email string) model.User {
	w.t.Helper()
	u, err := w.svc.User(email)
	w.must(err)
	return u
}

// A reduction and a termination fall due while nothing happens; the store
// is closed and reopened (a restart) in between; the next operations apply
// each exactly once, recorded at its own boundary time.
func TestDueChangesApplyOnceAtTheirBoundaryAcrossRestarts(t *testing.T) {
	w := fxStandard(t) // 2026-03-16 09:00
	_, err := w.svc.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com"}, false)
	w.must(err)
	_, err = w.svc.AddLicenses("", "Office", 2)
	w.must(err)
	r, err := w.svc.RemoveLicenses("", "Office", 1, false)
	w.must(err)
	if !r.Effective.Equal(day(2026, 4, 1)) || r.From != 5 || r.To != 4 { // 3 seats + 2
		t.Fatalf("removal %+v", r)
	}
	term, err := w.svc.TerminateUser("", "ben@example.com", "2026-03-25")
	w.must(err)
	if term.Immediate {
		t.Fatal("a future last day was applied at once")
	}
	// Before the boundaries nothing changes: the seats stay usable and billed.
	ps := w.product("Office")
	if ps.Contracted != 5 || ps.PendingRemoval != 1 || ps.Active != 2 {
		t.Fatalf("before the boundaries %+v", ps)
	}
	if u := w.user("ben@example.com"); u.State != model.StateEnabled || u.Held != 1 {
		t.Fatalf("ben before his last day %+v", u)
	}

	// Both fall due between two operations, with a restart in between.
	w.clock.set(2026, time.April, 3)
	w.reopen()
	_, err = w.svc.AddLicenses("", "Antivirus", 1) // the first operation after the boundaries
	w.must(err)
	w.reopen()
	_, err = w.svc.Status()
	w.must(err)
	_, err = w.svc.AddLicenses("", "Antivirus", 1)
	w.must(err)

	terms := w.eventsOf(model.EvUserTerminated)
	if len(terms) != 1 || !terms[0].Time.Equal(day(2026, 3, 25)) || terms[0].User != "ben@example.com" || terms[0].Actor != model.SystemActor {
		t.Fatalf("termination events %+v", terms)
	}
	removed := w.eventsOf(model.EvLicensesRemoved)
	if len(removed) != 1 || !removed[0].Time.Equal(day(2026, 4, 1)) || removed[0].CountFrom != 5 || removed[0].CountTo != 4 {
		t.Fatalf("removal events %+v", removed)
	}
	ps = w.product("Office")
	// The removal deactivated one of the 5 licenses; ben's freed seat is free again.
	if ps.Contracted != 4 || ps.PendingRemoval != 0 || ps.Active != 1 || ps.Available != 3 || ps.Deactivated != 1 {
		t.Fatalf("after the boundaries %+v", ps)
	}
	if u := w.user("ben@example.com"); u.State != model.StateTerminated || u.Held != 0 || u.LastDay != "2026-03-25" {
		t.Fatalf("ben after his last day %+v", u)
	}
	if sc, _ := w.svc.Scheduled(); len(sc) != 0 {
		t.Fatalf("still scheduled: %+v", sc)
	}
	w.check()
}

// A read alone (no write operation) applies what fell due, once, and a
// later write does not apply it again.
func TestDueChangesApplyOnRead(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.RemoveLicenses("", "Office", 1, false)
	w.must(err)
	w.clock.t = day(2026, time.April, 1) // exactly the boundary
	w.reopen()
	sum, err := w.svc.Status()
	w.must(err)
	if sum.Products[0].Contracted != 2 || sum.PendingRemoval != 0 { // 3 − 1
		t.Fatalf("status after the boundary %+v", sum.Products[0])
	}
	w.reopen()
	_, err = w.svc.AddLicenses("", "Office", 1)
	w.must(err)
	if n := len(w.eventsOf(model.EvLicensesRemoved)); n != 1 {
		t.Fatalf("reduction applied %d times", n)
	}
	w.check()
}

// Termination with reduce-on-termination: the freed seat leaves the pool
// at the cycle end, scheduled when the last day is reached, even when both
// dates pass before anyone looks.
func TestTerminationReducesOnTermination(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.EditProduct("", "Office", func(p *model.Product) error { p.ReduceOnTermination = true; return nil })
	w.must(err)
	_, err = w.svc.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com"}, false)
	w.must(err)

	// Today: released at once, the reduction waits for the cycle end.
	term, err := w.svc.TerminateUser("", "ana@example.com", "2026-03-16")
	w.must(err)
	if !term.Immediate || len(term.Released) != 1 {
		t.Fatalf("termination %+v", term)
	}
	ps := w.product("Office")
	if ps.Contracted != 3 || ps.PendingRemoval != 1 || ps.Active != 1 {
		t.Fatalf("after terminating ana %+v", ps)
	}
	// A future last day whose reduction falls due in the same gap.
	_, err = w.svc.TerminateUser("", "ben@example.com", "2026-03-30")
	w.must(err)
	w.clock.set(2026, time.April, 2)
	w.reopen()
	sum, err := w.svc.Status()
	w.must(err)
	// Both freed seats left; the third, never assigned, stays.
	if p := sum.Products[0]; p.Contracted != 1 || p.PendingRemoval != 0 || p.Active != 0 {
		t.Fatalf("after both last days and the cycle end %+v", p)
	}
	removed := w.eventsOf(model.EvLicensesRemoved)
	if len(removed) != 2 {
		t.Fatalf("reductions %+v", removed)
	}
	for _, e := range removed {
		if !e.Time.Equal(day(2026, 4, 1)) {
			t.Fatalf("reduction recorded at %s", e.Time)
		}
	}
	if u := w.user("ana@example.com"); u.State != model.StateTerminated {
		t.Fatalf("ana %+v", u)
	}
	// Terminated users stay listed, with their history whole.
	_, evs, err := w.svc.History("ben@example.com")
	w.must(err)
	kinds := []string{}
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
	}
	if got := strings.Join(kinds, ","); got != "user.invited,license.assigned,user.termination_scheduled,license.unassigned,user.terminated" {
		t.Fatalf("ben's history %s", got)
	}
	w.check()
}
