package products

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/history"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestLoadShowsProductsAndDetails(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "Office")
	v := ansi.Strip(h.Tab.View())
	tuitest.Contains(t, v, "Office", "Antivirus", "per-user", "12.10", "contracted 3", "assigned 1", "available 2",
		"10.00 net + 21 % VAT = 12.10 EUR per license, monthly", "keys ••••••••")
	if strings.Contains(v, "AAAA-BBBB") {
		t.Fatal("keys shown unrevealed")
	}
	if n := strings.Count(v, "\n") + 1; n != 37 {
		t.Fatalf("view is %d lines, want 37", n)
	}
}

func TestKeysByRole(t *testing.T) {
	w := tuitest.Standard(t)
	for _, c := range []struct {
		who       string
		want, not []string
	}{
		{"", []string{"enter", "n", "e", "d", "+", "-", "r"}, nil},
		{"admin@example.com", []string{"enter", "n", "e", "d", "+", "-", "r"}, nil},
		{"vic@example.com", []string{"enter"}, []string{"n", "e", "d", "+", "-", "r"}},
		{"ana@example.com", []string{"enter"}, []string{"n", "e", "d", "+", "-", "r"}},
	} {
		h := tuitest.Load(t, w, c.who, New)
		goTo(t, h, "Office")
		for _, k := range c.want {
			if !h.Offers(k) {
				t.Errorf("%q: %s missing from %v", c.who, k, h.HelpKeys())
			}
		}
		h.Refuses(c.not...)
	}
	// Antivirus has no keys: nothing to reveal.
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "Antivirus")
	if h.Offers("r") {
		t.Errorf("r offered without keys: %v", h.HelpKeys())
	}
}

func TestRevealKeysForAdminsOnly(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "admin@example.com", New)
	goTo(t, h, "Office")
	h.Press("r")
	if v := h.Tab.View(); !strings.Contains(v, "AAAA-BBBB") {
		t.Fatalf("r did not reveal:\n%s", v)
	}
	if !h.Offers("r") {
		t.Fatalf("help %v", h.HelpKeys())
	}
	h.Press("r")
	if strings.Contains(h.Tab.View(), "AAAA-BBBB") {
		t.Fatal("second r did not hide")
	}
	h.Press("r")
	goTo(t, h, "Antivirus")
	goTo(t, h, "Office")
	if strings.Contains(h.Tab.View(), "AAAA-BBBB") {
		t.Fatal("moving away did not mask")
	}
	h.Press("r")
	h.Send(common.DataChangedMsg{})
	if strings.Contains(h.Tab.View(), "AAAA-BBBB") {
		t.Fatal("reloading did not mask")
	}

	viewer := tuitest.Load(t, w, "vic@example.com", New)
	goTo(t, viewer, "Office")
	viewer.Press("r")
	if strings.Contains(viewer.Tab.View(), "AAAA-BBBB") {
		t.Fatal("a viewer revealed the keys")
	}
}

func TestEnterOpensProductHistory(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "Antivirus")
	h.Press("enter")
	ps := w.Product("Antivirus")
	if len(h.History) != 1 || h.History[0].Ref != (model.Ref{Kind: model.RefProduct, ID: ps.ID}) {
		t.Fatalf("history %+v", h.History)
	}
}

func TestCreateProductThroughForm(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	h.Press("n")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "New product", "Name", "Software", "Vendor", "License type")
	set(t, h, "Name", "Figma")
	set(t, h, "Vendor", "Figma Inc.")
	set(t, h, "License type", "Subscription")
	focus(t, h, "Assignment")
	h.Press("right") // per-device
	set(t, h, "Contracted", "4")
	focus(t, h, "Billing period")
	h.Press("right") // yearly
	set(t, h, "Net unit price", "12.345")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "invalid amount")
	set(t, h, "Net unit price", "15.50")
	set(t, h, "VAT %", "19")
	set(t, h, "Expires", "2027-02-30")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "invalid date")
	set(t, h, "Expires", "2027-02-28")
	set(t, h, "License keys", "FIG-SECRET")
	focus(t, h, "Overage policy")
	h.Press("right") // auto-grow
	focus(t, h, "Reduce on termination")
	h.Press(" ", "ctrl+s")
	if h.Top() != nil || h.LastStatus() != "Figma created with 4 licenses" {
		t.Fatalf("status %q, errs %v", h.LastStatus(), h.Errs)
	}
	p := w.Product("Figma")
	if p.Vendor != "Figma Inc." || p.LicenseType != "Subscription" || p.Kind != model.PerDevice || p.Contracted != 4 ||
		p.Period != model.Yearly || p.NetPrice != 1550 || p.VATBasis != 1900 || p.Expires != "2027-02-28" ||
		storedKeys(t, w, "Figma") != "FIG-SECRET" || p.Policy != model.PolicyAutoGrow || !p.ReduceOnTermination || p.Available != 4 {
		t.Fatalf("created %+v", p)
	}
	w.LastEvent(model.EvProductCreated)
	w.Check()
}

func TestCreateProductDomainRefusal(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.NewModal(t, w, "", func(ctx *common.Context) common.Modal { return newForm(ctx, "EUR") })
	h.Type("Office")
	if h.Press("ctrl+s"); h.Top() == nil {
		t.Fatal("created a duplicate")
	}
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), `a product named "Office" already exists`)
}

func TestEditProductThroughForm(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "Office")
	h.Press("e")
	v := tuitest.Flat(h.ModalView())
	tuitest.Contains(t, v, "Edit Office", "Name Office")
	if strings.Contains(v, "Contracted") {
		t.Fatal("edit offers the contracted count: it changes only with + and -")
	}
	set(t, h, "Vendor", "Microsoft")
	set(t, h, "VAT %", "5.5")
	h.Press("ctrl+s")
	if h.Top() != nil || h.LastStatus() != "Office saved" {
		t.Fatalf("status %q, errs %v", h.LastStatus(), h.Errs)
	}
	p := w.Product("Office")
	if p.Vendor != "Microsoft" || p.VATBasis != 550 || p.NetPrice != 1000 || storedKeys(t, w, "Office") != "AAAA-BBBB" || p.Contracted != 3 {
		t.Fatalf("edited %+v", p)
	}
	if e := w.LastEvent(model.EvProductUpdated); !strings.Contains(e.To, "vendor=Microsoft") || strings.Contains(e.To, "AAAA") {
		t.Fatalf("event %+v", e)
	}
	w.Check()
}

func TestDeleteProductConfirmCancelAndRefusal(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "Antivirus")
	h.Press("d")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Delete Antivirus?", "all its licenses (2) for good", "cannot be undone")
	if h.Press("n"); h.Top() != nil {
		t.Fatal("n did not cancel")
	}
	w.Product("Antivirus")

	h.Press("d", "y")
	if h.LastErr() != nil || h.LastStatus() != "Antivirus deleted" {
		t.Fatalf("status %q, errs %v", h.LastStatus(), h.Errs)
	}
	if _, err := w.Svc.Product("Antivirus"); model.CodeOf(err) != model.CodeNotFound {
		t.Fatalf("still there: %v", err)
	}
	w.LastEvent(model.EvProductDeleted)

	// Office has an active license: the domain says why it cannot be
	// deleted, and no confirmation offers Yes.
	goTo(t, h, "Office")
	h.Press("d")
	if h.Top() != nil {
		t.Fatalf("a confirmation for what cannot be deleted:\n%s", h.ModalView())
	}
	if err := h.LastErr(); model.CodeOf(err) != model.CodeConflict || !strings.Contains(err.Error(), "Office cannot be deleted: 1 license is assigned") {
		t.Fatalf("errs %v", h.Errs)
	}
	w.Product("Office")
	w.Check()
}

func TestPoolFormsAreShared(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "Office")
	h.Press("+")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Add licenses to Office", "Due now", "I agree to the charge shown")
	h.Press("tab", " ", "ctrl+s")
	if p := w.Product("Office"); h.Top() != nil || p.Contracted != 4 {
		t.Fatalf("contracted %d", p.Contracted)
	}
	// The product's history (enter) shows the count change.
	h.Press("enter")
	ref := h.History[len(h.History)-1]
	h.Open(history.New(h.Ctx, ref.Ref, ref.Title))
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "contracted 3 → 4")
	h.Press("esc")

	h.Press("-")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Remove licenses from Office", "2026-04-01")
	h.Press("ctrl+s", "y")
	if p := w.Product("Office"); p.PendingRemoval != 1 || p.Contracted != 4 {
		t.Fatalf("after remove: contracted %d pending %d", p.Contracted, p.PendingRemoval)
	}
	goTo(t, h, "Office")
	if !strings.Contains(ansi.Strip(h.Tab.View()), "1 to be removed at the cycle end") {
		t.Fatalf("pending removal not shown:\n%s", ansi.Strip(h.Tab.View()))
	}
	w.Check()
}

func TestViewerForcedProductActionsRefused(t *testing.T) {
	w := tuitest.Standard(t)
	ps := w.Product("Antivirus")
	h := tuitest.NewModal(t, w, "vic@example.com", func(ctx *common.Context) common.Modal { return deleteConfirm(ctx, ps) })
	if h.Press("y"); model.CodeOf(h.LastErr()) != model.CodeForbidden {
		t.Fatalf("viewer delete: %v", h.Errs)
	}
	h.Open(editForm(h.Ctx, ps.Product, "", "EUR"))
	set(t, h, "Vendor", "X")
	if h.Press("ctrl+s"); h.Top() == nil {
		t.Fatal("viewer edited")
	}
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "vic@example.com is a viewer")
	if p := w.Product("Antivirus"); p.Vendor != "" {
		t.Fatalf("vendor %q", p.Vendor)
	}
}
