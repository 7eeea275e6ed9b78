package flows

import (
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
	"github.com/seats/seats/ui/tui/tuitest"
)

func addForm(product string) func(*common.Context) common.Modal {
	return func(ctx *common.Context) common.Modal { return AddForm(ctx, product) }
}

func removeForm(product string) func(*common.Context) common.Modal {
	return func(ctx *common.Context) common.Modal { return RemoveForm(ctx, product) }
}

func TestAddFormNeedsAgreement(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.NewModal(t, w, "", addForm("Office"))
	h.Press("backspace")
	h.Type("2")
	// Office: 10.00 net + 21 % monthly; 16 of 31 days left on 2026-03-16.
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Contracted 3 → 5", "Due now 12.49 EUR", "net 10.32", "16 of 31 days", "2026-04-01",
		"I agree to the charge shown")

	if h.Press("ctrl+s"); h.Top() == nil {
		t.Fatal("added without the agreement")
	}
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "tick the box")
	if got := w.Product("Office").Contracted; got != 3 {
		t.Fatalf("contracted %d after a refused add", got)
	}

	h.Press(" ") // the refusal focused the agreement
	h.Press("ctrl+s")
	if h.Top() != nil || h.LastStatus() != "2 licenses added to Office (contracted 3 → 5), due now 12.49 EUR" {
		t.Fatalf("status %q, errs %v", h.LastStatus(), h.Errs)
	}
	ps := w.Product("Office")
	if ps.Contracted != 5 || ps.Available != 4 {
		t.Fatalf("after add: %+v", ps.Counts)
	}
	if e := w.LastEvent(model.EvLicensesAdded); e.CountFrom != 3 || e.CountTo != 5 || e.Actor != "owner@example.com" {
		t.Fatalf("event %+v", e)
	}
	w.Check()
}

func TestAddFormRefusedForViewer(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.NewModal(t, w, "vic@example.com", addForm("Office"))
	h.Press("tab", " ")
	if h.Press("ctrl+s"); h.Top() == nil {
		t.Fatal("a viewer added licenses")
	}
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "vic@example.com is a viewer")
	if got := w.Product("Office").Contracted; got != 3 {
		t.Fatalf("contracted %d", got)
	}
}

func TestAddFormCancel(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.NewModal(t, w, "", addForm("Office"))
	if h.Press("esc"); h.Top() != nil {
		t.Fatal("esc did not close")
	}
	if got := w.Product("Office").Contracted; got != 3 {
		t.Fatalf("contracted %d", got)
	}
}

func TestRemoveFormSchedulesAfterConfirm(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.NewModal(t, w, "", removeForm("Office"))
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Contracted goes 3 → 2", "2026-04-01", "stays usable", "current invoice")

	// Submitting only checks; the confirmation comes next.
	h.Press("ctrl+s")
	tuitest.TopAs[*form.ConfirmModel](h)
	if got := w.Product("Office").PendingRemoval; got != 0 {
		t.Fatalf("pending %d before confirming", got)
	}
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Remove 1 license from Office?", "stay usable")

	h.Press("y")
	if h.Top() != nil || h.LastStatus() != "1 license of Office scheduled for removal on 2026-04-01 (contracted 3 → 2)" {
		t.Fatalf("status %q, errs %v", h.LastStatus(), h.Errs)
	}
	ps := w.Product("Office")
	if ps.PendingRemoval != 1 || ps.Contracted != 3 {
		t.Fatalf("after remove: contracted %d pending %d", ps.Contracted, ps.PendingRemoval)
	}
	w.LastEvent(model.EvRemovalScheduled)
	w.Check()
}

func TestRemoveFormCancelAtConfirm(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.NewModal(t, w, "", removeForm("Office"))
	h.Press("ctrl+s")
	tuitest.TopAs[*form.ConfirmModel](h)
	if h.Press("n"); h.Top() != nil {
		t.Fatal("n did not close the confirmation")
	}
	if got := w.Product("Office").PendingRemoval; got != 0 {
		t.Fatalf("pending %d after cancelling", got)
	}
}

func TestRemoveFormExplainsUnassignFirst(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.Assign("", "Office", "ben@example.com", false)
	w.Must(err)
	h := tuitest.NewModal(t, w, "", removeForm("Office"))
	h.Press("backspace")
	h.Type("3")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "unassign 2 first", "Even if assigned")
	if h.Press("ctrl+s"); tuitest.TopAs[*form.Model](h) == nil {
		t.Fatal("submitted a refused removal")
	}
	// Forced, it says how many stay over and what follows.
	h.Press("tab", " ")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "2 assigned licenses are more than the new count")
	h.Press("ctrl+s")
	tuitest.TopAs[*form.ConfirmModel](h)
	h.Press("y")
	if got := w.Product("Office").PendingRemoval; h.Top() != nil || got != 3 {
		t.Fatalf("pending %d", got)
	}
}

func TestRemoveFormNoBillingPeriodIsImmediate(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.CreateProduct("", model.Product{Name: "Perp", Contracted: 2, Period: model.NoBilling})
	w.Must(err)
	h := tuitest.NewModal(t, w, "", removeForm("Perp"))
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "no billing period", "at once")
	h.Press("ctrl+s", "y")
	if h.LastStatus() != "1 license removed from Perp (contracted 2 → 1)" {
		t.Fatalf("status %q", h.LastStatus())
	}
	if got := w.Product("Perp").Contracted; got != 1 {
		t.Fatalf("contracted %d", got)
	}
}
