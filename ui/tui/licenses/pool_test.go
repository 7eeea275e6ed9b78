package licenses

import (
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/tuitest"
)

func contracted(t *testing.T, w *tuitest.World, product string) model.ProductStatus {
	t.Helper()
	ps, err := w.Svc.Product(product)
	w.Must(err)
	return ps
}

func TestAddFormNeedsAgreement(t *testing.T) {
	w := tuitest.Standard(t)
	m := open(t, AddForm(w.Context(""), "Office"))
	press(t, m, "backspace")
	typeIn(t, m, "2")
	// Office: 10.00 net + 21 % monthly; 16 of 31 days left on 2026-03-16.
	mustContain(t, view(m.View()), "Contracted 3 → 5", "Due now 12.49 EUR", "net 10.32", "16 of 31 days", "2026-04-01",
		"I agree to the charge shown")

	if o := press(t, m, "ctrl+s"); o.closed {
		t.Fatal("added without the agreement")
	}
	mustContain(t, view(m.View()), "tick the box")
	if got := contracted(t, w, "Office").Contracted; got != 3 {
		t.Fatalf("contracted %d after a refused add", got)
	}

	press(t, m, " ") // the refusal focused the agreement
	d := press(t, m, "ctrl+s").done(t)
	if d.Err != nil || d.Status != "2 licenses added to Office (contracted 3 → 5), due now 12.49 EUR" {
		t.Fatalf("done %#v", d)
	}
	ps := contracted(t, w, "Office")
	if ps.Contracted != 5 || ps.Available != 4 {
		t.Fatalf("after add: %+v", ps.Counts)
	}
	if e := lastEvent(t, w, model.EvLicensesAdded); e.CountFrom != 3 || e.CountTo != 5 || e.Actor != "owner@example.com" {
		t.Fatalf("event %+v", e)
	}
	w.Check()
}

func TestAddFormRefusedForViewer(t *testing.T) {
	w := tuitest.Standard(t)
	m := open(t, AddForm(w.Context("vic@example.com"), "Office"))
	press(t, m, "tab", " ")
	if o := press(t, m, "ctrl+s"); o.closed {
		t.Fatal("a viewer added licenses")
	}
	mustContain(t, view(m.View()), "vic@example.com is a viewer")
	if got := contracted(t, w, "Office").Contracted; got != 3 {
		t.Fatalf("contracted %d", got)
	}
}

func TestAddFormCancel(t *testing.T) {
	w := tuitest.Standard(t)
	m := open(t, AddForm(w.Context(""), "Office"))
	o := press(t, m, "esc")
	if !o.closed {
		t.Fatal("esc did not close")
	}
	if got := contracted(t, w, "Office").Contracted; got != 3 {
		t.Fatalf("contracted %d", got)
	}
}

func TestRemoveFormSchedulesAfterConfirm(t *testing.T) {
	w := tuitest.Standard(t)
	ctx := w.Context("")
	m := open(t, RemoveForm(ctx, "Office"))
	mustContain(t, view(m.View()), "Contracted goes 3 → 2", "2026-04-01", "stays usable", "current invoice")

	// Submitting only checks; the confirmation comes next.
	next := press(t, m, "ctrl+s").next(t)
	if got := contracted(t, w, "Office").PendingRemoval; got != 0 {
		t.Fatalf("pending %d before confirming", got)
	}
	next.SetSize(120, 37)
	mustContain(t, view(next.View()), "Remove 1 license from Office?", "stay usable")

	d := press(t, next, "y").done(t)
	if d.Err != nil || d.Status != "1 license of Office scheduled for removal on 2026-04-01 (contracted 3 → 2)" {
		t.Fatalf("done %#v", d)
	}
	ps := contracted(t, w, "Office")
	if ps.PendingRemoval != 1 || ps.Contracted != 3 {
		t.Fatalf("after remove: contracted %d pending %d", ps.Contracted, ps.PendingRemoval)
	}
	lastEvent(t, w, model.EvRemovalScheduled)
	w.Check()
}

func TestRemoveFormCancelAtConfirm(t *testing.T) {
	w := tuitest.Standard(t)
	m := open(t, RemoveForm(w.Context(""), "Office"))
	next := press(t, m, "ctrl+s").next(t)
	if o := press(t, next, "n"); !o.closed {
		t.Fatal("n did not close the confirmation")
	}
	if got := contracted(t, w, "Office").PendingRemoval; got != 0 {
		t.Fatalf("pending %d after cancelling", got)
	}
}

func TestRemoveFormExplainsUnassignFirst(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.Assign("", "Office", "ben@example.com", false)
	w.Must(err)
	m := open(t, RemoveForm(w.Context(""), "Office"))
	press(t, m, "backspace")
	typeIn(t, m, "3")
	mustContain(t, view(m.View()), "unassign 2 first", "Even if assigned")
	if o := press(t, m, "ctrl+s"); o.closed {
		t.Fatal("submitted a refused removal")
	}
	// Forced, it says how many stay over and what follows.
	press(t, m, "tab", " ")
	mustContain(t, view(m.View()), "2 assigned licenses are more than the new count")
	next := press(t, m, "ctrl+s").next(t)
	press(t, next, "y").done(t)
	if got := contracted(t, w, "Office").PendingRemoval; got != 3 {
		t.Fatalf("pending %d", got)
	}
}

func TestRemoveFormNoBillingPeriodIsImmediate(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.CreateProduct("", model.Product{Name: "Perp", Contracted: 2, Period: model.NoBilling})
	w.Must(err)
	m := open(t, RemoveForm(w.Context(""), "Perp"))
	mustContain(t, view(m.View()), "no billing period", "at once")
	d := press(t, press(t, m, "ctrl+s").next(t), "y").done(t)
	if d.Status != "1 license removed from Perp (contracted 2 → 1)" {
		t.Fatalf("status %q", d.Status)
	}
	if got := contracted(t, w, "Perp").Contracted; got != 1 {
		t.Fatalf("contracted %d", got)
	}
}
