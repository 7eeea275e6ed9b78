package licenses

import (
	"strings"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/form"
	"github.com/seats/seats/ui/tui/table"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestLoadShowsEveryLicense(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	if tab(h).Data.Len() != 5 {
		t.Fatalf("%d licenses", tab(h).Data.Len())
	}
	tuitest.Contains(t, h.Tab.View(), "LIC-000001", "Office", "active", "ana@example.com", "2026-03-16 09:00", "Antivirus", "available")
}

func TestKeysByRowAndRole(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "LIC-000001") // active
	if got := helpLine(h); !strings.Contains(got, " enter a u + - ") {
		t.Fatalf("owner on an active row: %s", got)
	}
	goTo(t, h, "LIC-000002") // available: nothing to unassign
	if got := helpLine(h); strings.Contains(got, " u ") || !strings.Contains(got, " a ") {
		t.Fatalf("owner on a free row: %s", got)
	}
	h.Refuses("u")

	for _, who := range []string{"vic@example.com", "ana@example.com"} {
		v := tuitest.Load(t, w, who, New)
		goTo(t, v, "LIC-000001")
		if !v.Offers("enter") {
			t.Fatalf("%s cannot read history: %v", who, v.HelpKeys())
		}
		v.Refuses("a", "u", "+", "-")
	}
}

func TestEnterOpensHistory(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "LIC-000003")
	up := h.Sends("enter")
	if len(up) != 1 || up[0] != (common.HistoryMsg{Ref: model.Ref{Kind: model.RefLicense, ID: 3}, Title: "LIC-000003"}) {
		t.Fatalf("enter sent %#v", up)
	}
}

func TestAssignThroughForm(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "LIC-000002") // a free Office seat: Office is preselected
	h.Press("a")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Assign a license of Office", "User", "2 of 3 licenses of Office free")
	h.Type("BEN") // narrows to ben@example.com, ignoring case
	h.Press("enter")
	if h.Top() != nil || !strings.HasSuffix(h.LastStatus(), "(Office) assigned to ben@example.com") {
		t.Fatalf("form %T, status %q, errs %v", h.Top(), h.LastStatus(), h.Errs)
	}
	ls := w.Held("ben@example.com")
	if len(ls) != 1 {
		t.Fatalf("ben holds %+v", ls)
	}
	if e := w.LastEvent(model.EvLicenseAssigned); e.User != "ben@example.com" || e.LicenseID != ls[0].ID {
		t.Fatalf("event %+v", e)
	}
	// The root reloaded the tab after the action.
	goTo(t, h, ls[0].Code())
	if !strings.Contains(h.Tab.View(), "ben@example.com") {
		t.Fatal("reload does not show the assignment")
	}
	w.Check()
}

func TestAssignAutoGrowNeedsAgreement(t *testing.T) {
	w := tuitest.Standard(t)
	for _, a := range []string{"PC-2", "PC-3", "PC-4"} {
		_, err := w.Svc.CreateAsset("", model.Asset{Name: a}, "")
		w.Must(err)
	}
	for _, a := range []string{"PC-2", "PC-3"} {
		_, err := w.Svc.Assign("", "Antivirus", a, false)
		w.Must(err)
	}
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "LIC-000004") // an Antivirus license
	h.Press("a")
	// Antivirus: 5.00 yearly from January 1: 291 of 365 days left.
	h.Type("pc-4") // the picker narrows to PC-4
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Assign a license of Antivirus", "▸ PC-4", "contracted will grow from 2 to 3, due now 3.99 EUR")
	if v := tuitest.TopAs[*form.Model](h).Values(); v["who"] != "PC-4" {
		t.Fatalf("picked %v", v)
	}
	if ps := w.Product("Antivirus"); ps.Contracted != 2 {
		t.Fatalf("contracted %d", ps.Contracted)
	}
	h.Press("enter") // the note was on screen: enter confirms the growth
	if ps := w.Product("Antivirus"); h.Top() != nil || ps.Contracted != 3 || ps.Active != 3 {
		t.Fatalf("after grow %+v %+v", ps.Contracted, ps.Counts)
	}
	w.Check()
}

func TestAssignBlockedShowsDomainError(t *testing.T) {
	w := tuitest.Standard(t)
	for _, u := range []string{"ben@example.com", "admin@example.com"} {
		_, err := w.Svc.Assign("", "Office", u, false)
		w.Must(err)
	}
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "LIC-000001")
	h.Press("a")
	// A block product never offers to grow.
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "no free license of Office (3 contracted, all assigned), and it does not grow")
	if v := tuitest.Flat(h.ModalView()); strings.Contains(v, "submitting confirms") || strings.Contains(v, "grow from") {
		t.Fatalf("offers growth:\n%s", v)
	}
	h.Type("owner@")
	h.Press("enter", "enter")
	if h.Top() == nil {
		t.Fatal("assigned past a block product's count")
	}
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "no free license of Office (3 contracted, all assigned): add licenses or unassign one first")
}

func TestUnassignConfirmAndCancel(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "LIC-000001")

	h.Press("u")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Unassign LIC-000001 from ana@example.com?")
	if h.Press("n"); h.Top() != nil {
		t.Fatal("n did not cancel")
	}
	if l := w.License("LIC-000001"); l.Status != model.Active {
		t.Fatalf("cancelled, yet %s", l.Status)
	}

	h.Press("u", "y")
	if h.LastErr() != nil || h.LastStatus() != "LIC-000001 unassigned from ana@example.com" {
		t.Fatalf("status %q, errs %v", h.LastStatus(), h.Errs)
	}
	if l := w.License("LIC-000001"); l.Status != model.Available {
		t.Fatalf("after unassign %s", l.Status)
	}
	if e := w.LastEvent(model.EvLicenseUnassigned); e.LicenseID != 1 || e.From != "ana@example.com" {
		t.Fatalf("event %+v", e)
	}
	if got := helpLine(h); strings.Contains(got, " u ") {
		t.Fatalf("u still offered on a freed license: %s", got)
	}
	w.Check()
}

func TestBulkUnassignMarked(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.Assign("", "Office", "ben@example.com", false)
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "LIC-000001")
	h.Press(" ")
	goTo(t, h, "LIC-000002")
	h.Press(" ")
	goTo(t, h, "LIC-000003") // free: marked, but nothing to unassign
	h.Press(" ")
	if got := helpLine(h); !strings.Contains(got, " u ") {
		t.Fatalf("u not offered with marks: %s", got)
	}
	h.Press("u")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Unassign 2 marked licenses?", "LIC-000001, LIC-000002")
	h.Press("y")
	if h.LastErr() != nil || h.LastStatus() != "2 licenses unassigned" {
		t.Fatalf("status %q, errs %v", h.LastStatus(), h.Errs)
	}
	for _, c := range []string{"LIC-000001", "LIC-000002"} {
		if l := w.License(c); l.Status != model.Available {
			t.Fatalf("%s is %s", c, l.Status)
		}
	}
	if n := len(tab(h).Table.Marked()); n != 0 {
		t.Fatalf("%d marks left after the bulk unassign", n)
	}
	w.Check()
}

func TestPoolKeysOpenTheRowsProduct(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "LIC-000005")
	h.Press("+")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Add licenses to Antivirus", "I agree to the charge shown")
	h.Press("esc", "-")
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "Remove licenses from Antivirus", "Even if assigned")
}

func TestViewerForcedActionsRefusedByDomain(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.NewModal(t, w, "vic@example.com", func(ctx *common.Context) common.Modal {
		return unassignConfirm(ctx, "LIC-000001", "Office", "ana@example.com")
	})
	if h.Press("y"); model.CodeOf(h.LastErr()) != model.CodeForbidden {
		t.Fatalf("viewer unassign: %v", h.Errs)
	}
	if l := w.License("LIC-000001"); l.Status != model.Active {
		t.Fatalf("viewer freed a license")
	}
	h.Open(bulkUnassignConfirm(h.Ctx, []string{"LIC-000001"}))
	if h.Press("y"); len(h.Errs) != 2 || model.CodeOf(h.LastErr()) != model.CodeForbidden {
		t.Fatalf("viewer bulk unassign: %v", h.Errs)
	}
	h.Open(flows.AssignToForm(h.Ctx, "Office", "user", []string{"ben@example.com"}))
	if h.Press("enter"); h.Top() == nil {
		t.Fatal("viewer assigned")
	}
	tuitest.Contains(t, tuitest.Flat(h.ModalView()), "vic@example.com is a viewer")
}

func TestFilterKeepsTyping(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	h.Press("/")
	if !h.Tab.Capturing() {
		t.Fatal("not capturing while filtering")
	}
	h.Press("a", "n", "t", "i")
	// Action keys are text while filtering.
	if up := h.Sends("a"); len(up) != 0 {
		t.Fatalf("a while filtering sent %#v", up)
	}
	// A filter that matches nothing is not an empty tab.
	h.Type("zzz")
	if v := h.Tab.View(); strings.Contains(v, "No licenses yet") || !strings.Contains(v, "/antiazzz") {
		t.Fatalf("no matches:\n%s", v)
	}
}

func TestMarkAllVisibleAndClearMarks(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	tb := tab(h)
	if got := helpLine(h); !strings.Contains(got, " * ") || strings.Contains(got, " esc ") {
		t.Fatalf("help %s", got)
	}
	h.Filter("Office")
	h.Press("*")
	marked := table.MarkedOf(tb.Table, tb.Data.rows)
	if len(marked) == 0 || len(marked) != tb.Table.Len() {
		t.Fatalf("%d of %d visible rows marked", len(marked), tb.Table.Len())
	}
	for _, r := range marked {
		if p := tb.Data.product(&r); p != "Office" {
			t.Fatalf("%s of %s marked under the filter", r.Code(), p)
		}
	}
	// esc clears the filter first: the Office rows stay marked.
	h.Press("esc")
	if tb.Table.Query() != "" || len(tb.Table.Marked()) != len(marked) {
		t.Fatalf("query %q, %d marked", tb.Table.Query(), len(tb.Table.Marked()))
	}
	if got := helpLine(h); !strings.Contains(got, " esc ") {
		t.Fatalf("esc not offered with marks: %s", got)
	}
	h.Press("esc")
	if n := len(tb.Table.Marked()); n != 0 {
		t.Fatalf("%d marks left after esc", n)
	}
	h.Press("ctrl+a")
	if n := len(tb.Table.Marked()); n != tb.Data.Len() {
		t.Fatalf("ctrl+a marked %d of %d", n, tb.Data.Len())
	}
}
