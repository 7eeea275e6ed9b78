package form

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestFormGolden(t *testing.T) {
	ctx := newCtx()
	m := New(ctx, "Add licenses", []Field{
		{Key: "product", Label: "Product", Options: []string{"Figma", "Slack", "Zoom"}, Value: "Figma"},
		{Key: "n", Label: "Quantity", Value: "1", Hint: "a whole number", Validate: func(s string) error {
			if s == "" || s == "0" {
				return model.Invalidf("quantity must be at least 1")
			}
			return nil
		}},
		{Key: "key", Label: "License key", Value: "FIG-1234-SECRET", Secret: true},
	}, func(Values) (string, error) {
		return "", model.Conflictf("Figma is billed yearly: add licenses at renewal")
	}).WithAgreement("I agree to the license terms and the charge shown").
		WithInfo(func(v Values) string { return "Due now: $" + v["n"] + "5.00 (prorated, 41 days left in the cycle)" })

	tm := teatest.NewTestModel(t, &tuitest.ModalRoot{Modal: m}, teatest.WithInitialTermSize(80, 24))
	tm.Send(tuitest.Key("right"))
	tm.Send(tuitest.Key("tab"))
	tm.Type("2")
	tuitest.WaitFor(t, tm, "$12")  // the renderer redraws only what changed
	tm.Send(tuitest.Key("ctrl+s")) // refused: agreement
	tuitest.WaitFor(t, tm, "tick the box")
	tm.Send(tuitest.Key(" "))      // the refusal focused the agreement: tick it
	tm.Send(tuitest.Key("ctrl+s")) // refused by the domain
	tuitest.WaitFor(t, tm, "add licenses at renewal")
	got := tuitest.Final[*tuitest.ModalRoot](t, tm)
	if got.Closed != nil {
		t.Fatal("form closed on a refused submit")
	}
	teatest.RequireEqualOutput(t, []byte(got.View()))
}

func TestConfirmGolden(t *testing.T) {
	m := Confirm(newCtx(), "Terminate ana@example.com?", []string{
		"Her 3 licenses (Figma, Slack, Zoom) are unassigned on her last day, 2026-03-31, and return to the pool.",
		"",
		"This cannot be undone.",
	}, func() (string, error) { return "ana@example.com terminated", nil })
	tm := teatest.NewTestModel(t, &tuitest.ModalRoot{Modal: m}, teatest.WithInitialTermSize(80, 24))
	tm.Send(tuitest.Key("left"))
	tm.Send(tuitest.Key("right"))
	tuitest.WaitFor(t, tm, "This cannot be undone.")
	got := tuitest.Final[*tuitest.ModalRoot](t, tm)
	teatest.RequireEqualOutput(t, []byte(got.View()))
}

func TestConfirmEndToEnd(t *testing.T) {
	m := Confirm(newCtx(), "Unassign LIC-000042?", nil, func() (string, error) { return "LIC-000042 unassigned", nil })
	tm := teatest.NewTestModel(t, &tuitest.ModalRoot{Modal: m}, teatest.WithInitialTermSize(80, 24))
	tm.Send(tuitest.Key("left"))
	tm.Send(tuitest.Key("enter"))
	h := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*tuitest.ModalRoot)
	if h.Closed == nil {
		t.Fatal("not closed")
	}
	if ad, ok := h.Closed.Then().(common.ActionDoneMsg); !ok || ad.Status != "LIC-000042 unassigned" {
		t.Fatalf("then %#v", ad)
	}
}
