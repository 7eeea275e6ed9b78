package form

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
)

// harness is a tiny root: it opens one modal centred on the screen, routes
// every message to it and quits when the modal closes.
type harness struct {
	modal  common.Modal
	w, h   int
	closed *common.CloseModalMsg
}

func (h *harness) Init() tea.Cmd { return h.modal.Init() }

func (h *harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.w, h.h = msg.Width, msg.Height
		h.modal.SetSize(msg.Width, msg.Height)
		return h, nil
	case common.CloseModalMsg:
		h.closed = &msg
		return h, tea.Quit
	}
	var cmd tea.Cmd
	h.modal, cmd = h.modal.Update(msg)
	return h, cmd
}

func (h *harness) View() string {
	if h.w == 0 {
		return ""
	}
	return lipgloss.Place(h.w, h.h, lipgloss.Center, lipgloss.Center, h.modal.View())
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

func finalView(t *testing.T, tm *teatest.TestModel) *harness {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*harness)
}

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

	h := &harness{modal: m}
	tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(80, 24))
	tm.Send(press("right"))
	tm.Send(press("tab"))
	tm.Type("2")
	waitFor(t, tm, "$12")    // the renderer redraws only what changed
	tm.Send(press("ctrl+s")) // refused: agreement
	waitFor(t, tm, "tick the box")
	tm.Send(press(" "))      // the refusal focused the agreement: tick it
	tm.Send(press("ctrl+s")) // refused by the domain
	waitFor(t, tm, "add licenses at renewal")
	got := finalView(t, tm)
	if got.closed != nil {
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
	tm := teatest.NewTestModel(t, &harness{modal: m}, teatest.WithInitialTermSize(80, 24))
	tm.Send(press("left"))
	tm.Send(press("right"))
	waitFor(t, tm, "This cannot be undone.")
	got := finalView(t, tm)
	teatest.RequireEqualOutput(t, []byte(got.View()))
}

func TestConfirmEndToEnd(t *testing.T) {
	m := Confirm(newCtx(), "Unassign LIC-000042?", nil, func() (string, error) { return "LIC-000042 unassigned", nil })
	tm := teatest.NewTestModel(t, &harness{modal: m}, teatest.WithInitialTermSize(80, 24))
	tm.Send(press("left"))
	tm.Send(press("enter"))
	h := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*harness)
	if h.closed == nil {
		t.Fatal("not closed")
	}
	if ad, ok := h.closed.Then().(common.ActionDoneMsg); !ok || ad.Status != "LIC-000042 unassigned" {
		t.Fatalf("then %#v", ad)
	}
}
