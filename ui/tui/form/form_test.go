package form

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

func newCtx() *common.Context { return common.NewContext(nil, model.User{}, nil) }

// send feeds keys to a modal and returns the last command.
func send(t *testing.T, m common.Modal, keys ...string) tea.Cmd {
	t.Helper()
	var cmd tea.Cmd
	for _, k := range keys {
		var next common.Modal
		next, cmd = m.Update(tuitest.Key(k))
		if next != m {
			t.Fatalf("Update returned another modal")
		}
	}
	return cmd
}

// typeText types s one rune at a time.
func typeText(t *testing.T, m common.Modal, s string) tea.Cmd {
	t.Helper()
	var cmd tea.Cmd
	for _, r := range s {
		_, cmd = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return cmd
}

// run executes cmd (and batches) and returns the messages, in order.
func run(cmd tea.Cmd) []tea.Msg { return tuitest.Messages(cmd, tuitest.Wait) }

// only runs cmd and expects exactly one message.
func only(t *testing.T, cmd tea.Cmd) tea.Msg {
	t.Helper()
	msgs := run(cmd)
	if len(msgs) != 1 {
		t.Fatalf("want one message, got %#v", msgs)
	}
	return msgs[0]
}

func view(m common.Modal) string { return ansi.Strip(m.View()) }

func fieldsForm(submit func(Values) (string, error)) *Model {
	return New(newCtx(), "New product", []Field{
		{Key: "name", Label: "Name"},
		{Key: "price", Label: "Price", Value: "10", Hint: "12.50", Validate: func(s string) error {
			_, err := model.ParseMoney(s, "EUR")
			return err
		}},
		{Key: "billing", Label: "Billing", Options: []string{"monthly", "yearly", "block"}, Value: "yearly"},
		{Key: "auto", Label: "Auto-grow", Checkbox: true},
	}, submit)
}

func focusedLabel(t *testing.T, m common.Modal) string {
	t.Helper()
	for _, l := range strings.Split(view(m), "\n") {
		if i := strings.Index(l, "› "); i >= 0 {
			f := strings.Fields(l[i+len("› "):])
			if len(f) > 0 {
				return f[0]
			}
		}
	}
	t.Fatalf("no focused field in\n%s", view(m))
	return ""
}

func TestTyping(t *testing.T) {
	m := fieldsForm(nil)
	typeText(t, m, "Figma")
	send(t, m, "backspace")
	typeText(t, m, "a Pro")
	if got := m.Values()["name"]; got != "Figma Pro" {
		t.Fatalf("name = %q", got)
	}
	if !strings.Contains(view(m), "Figma Pro") {
		t.Fatalf("typed text not drawn:\n%s", view(m))
	}
	// Letters that are keys elsewhere are text here.
	m2 := fieldsForm(nil)
	typeText(t, m2, "nyqhlx ")
	if got := m2.Values()["name"]; got != "nyqhlx " {
		t.Fatalf("name = %q", got)
	}
}

func TestFieldNavigation(t *testing.T) {
	m := fieldsForm(nil)
	steps := []struct{ key, want string }{
		{"tab", "Price"}, {"down", "Billing"}, {"enter", "Auto-grow"},
		{"tab", "Name"}, // wraps
		{"shift+tab", "Auto-grow"}, {"up", "Billing"}, {"shift+tab", "Price"}, {"up", "Name"},
	}
	if got := focusedLabel(t, m); got != "Name" {
		t.Fatalf("first focus %q", got)
	}
	for _, s := range steps {
		send(t, m, s.key)
		if got := focusedLabel(t, m); got != s.want {
			t.Fatalf("after %s: focus %q, want %q", s.key, got, s.want)
		}
	}
}

func TestSelectCycles(t *testing.T) {
	m := fieldsForm(nil)
	send(t, m, "tab", "tab") // Billing, starts at its Value
	want := []struct{ key, v string }{
		{"right", "block"}, {"right", "monthly"}, {"l", "yearly"},
		{"left", "monthly"}, {"left", "block"}, {"h", "yearly"},
	}
	if v := m.Values()["billing"]; v != "yearly" {
		t.Fatalf("initial %q", v)
	}
	for _, w := range want {
		send(t, m, w.key)
		if v := m.Values()["billing"]; v != w.v {
			t.Fatalf("after %s: %q, want %q", w.key, v, w.v)
		}
	}
	// An initial value that is not an option falls back to the first.
	m2 := New(newCtx(), "x", []Field{{Key: "k", Options: []string{"a", "b"}, Value: "zzz"}}, nil)
	if v := m2.Values()["k"]; v != "a" {
		t.Fatalf("fallback %q", v)
	}
}

func TestCheckboxToggles(t *testing.T) {
	m := fieldsForm(nil)
	send(t, m, "shift+tab") // Auto-grow
	if m.Values().Bool("auto") {
		t.Fatal("starts ticked")
	}
	send(t, m, " ")
	if v := m.Values(); !v.Bool("auto") || v["auto"] != "yes" {
		t.Fatalf("space: %v", v)
	}
	if !strings.Contains(view(m), "[x]") {
		t.Fatalf("tick not drawn:\n%s", view(m))
	}
	send(t, m, "x")
	if v := m.Values(); v.Bool("auto") || v["auto"] != "" {
		t.Fatalf("x: %v", v)
	}
	m2 := New(newCtx(), "x", []Field{{Key: "c", Checkbox: true, Value: "yes"}}, nil)
	if !m2.Values().Bool("c") {
		t.Fatal("initial yes not ticked")
	}
}

func TestValidationAppearsAndClears(t *testing.T) {
	m := fieldsForm(nil)
	send(t, m, "tab")
	typeText(t, m, ".")
	if !strings.Contains(view(m), "invalid amount") {
		t.Fatalf("no error for 10.:\n%s", view(m))
	}
	typeText(t, m, "5")
	if strings.Contains(view(m), "invalid amount") {
		t.Fatalf("error stays for 10.5:\n%s", view(m))
	}
	// An untouched invalid field shows nothing until a submit.
	m2 := New(newCtx(), "x", []Field{{Key: "p", Label: "Price", Validate: func(s string) error {
		_, err := model.ParseMoney(s, "EUR")
		return err
	}}}, func(Values) (string, error) { t.Fatal("submitted"); return "", nil })
	if strings.Contains(view(m2), "invalid") {
		t.Fatal("error before any input")
	}
	if cmd := send(t, m2, "ctrl+s"); cmd != nil {
		if msgs := run(cmd); len(msgs) > 0 {
			t.Fatalf("invalid form submitted: %#v", msgs)
		}
	}
	if !strings.Contains(view(m2), "invalid amount") {
		t.Fatalf("submit did not show the error:\n%s", view(m2))
	}
}

func TestSubmitBlockedFocusesInvalidField(t *testing.T) {
	m := fieldsForm(func(Values) (string, error) { t.Fatal("submitted"); return "", nil })
	send(t, m, "tab", "backspace", "backspace", "tab", "tab") // price "", now on Auto-grow
	if cmd := send(t, m, "enter"); len(run(cmd)) > 0 {
		t.Fatal("submit ran")
	}
	if got := focusedLabel(t, m); got != "Price" {
		t.Fatalf("focus %q, want Price", got)
	}
}

func TestSubmitRunsOnlyInCmd(t *testing.T) {
	var calls atomic.Int32
	var got Values
	m := fieldsForm(func(v Values) (string, error) {
		calls.Add(1)
		got = v
		return "product Figma created", nil
	})
	typeText(t, m, "Figma")
	send(t, m, "tab", "tab", "right", "tab", " ")
	cmd := send(t, m, "enter") // on the last field
	if cmd == nil || calls.Load() != 0 {
		t.Fatalf("cmd=%v calls=%d: submit must run in the command", cmd != nil, calls.Load())
	}
	if !strings.Contains(view(m), Working) {
		t.Fatalf("no %q while submitting:\n%s", Working, view(m))
	}
	if c := send(t, m, "enter"); c != nil {
		t.Fatal("second enter while working did something")
	}
	if h := m.Help().ShortHelp(); len(h) != 0 {
		t.Fatalf("help while working: %v", h)
	}
	done := only(t, cmd)
	if calls.Load() != 1 {
		t.Fatalf("calls = %d", calls.Load())
	}
	want := Values{"name": "Figma", "price": "10", "billing": "block", "auto": "yes"}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("values %v, want %v", got, want)
		}
	}
	_, cmd = m.Update(done)
	cl, ok := only(t, cmd).(common.CloseModalMsg)
	if !ok {
		t.Fatalf("want CloseModalMsg")
	}
	ad, ok := only(t, cl.Then).(common.ActionDoneMsg)
	if !ok || ad.Status != "product Figma created" || ad.Err != nil {
		t.Fatalf("then = %#v", ad)
	}
}

func TestCtrlSSubmitsFromAnyField(t *testing.T) {
	var calls atomic.Int32
	m := fieldsForm(func(Values) (string, error) { calls.Add(1); return "ok", nil })
	only(t, send(t, m, "ctrl+s"))
	if calls.Load() != 1 {
		t.Fatal("ctrl+s did not submit")
	}
}

func TestSubmitErrorInlineKeepsValues(t *testing.T) {
	fail := true
	m := fieldsForm(func(Values) (string, error) {
		if fail {
			return "", model.Conflictf("a product named %q already exists", "Figma")
		}
		return "created", nil
	})
	typeText(t, m, "Figma")
	done := only(t, send(t, m, "ctrl+s"))
	_, cmd := m.Update(done)
	if cmd != nil {
		t.Fatalf("failed submit closed the form: %#v", run(cmd))
	}
	v := view(m)
	if !strings.Contains(v, `a product named "Figma" already exists`) || strings.Contains(v, Working) {
		t.Fatalf("error not inline:\n%s", v)
	}
	if m.Values()["name"] != "Figma" || focusedLabel(t, m) != "Name" {
		t.Fatalf("values or focus lost: %v", m.Values())
	}
	// Fix and resubmit.
	fail = false
	typeText(t, m, "2")
	_, cmd = m.Update(only(t, send(t, m, "ctrl+s")))
	if _, ok := only(t, cmd).(common.CloseModalMsg); !ok {
		t.Fatal("second submit did not close")
	}
}

func TestEscCancels(t *testing.T) {
	m := fieldsForm(func(Values) (string, error) { t.Fatal("submitted"); return "", nil })
	typeText(t, m, "abc")
	cl, ok := only(t, send(t, m, "esc")).(common.CloseModalMsg)
	if !ok {
		t.Fatal("esc did not close")
	}
	if st, ok := only(t, cl.Then).(common.StatusMsg); !ok || st.Text != "cancelled" {
		t.Fatalf("then = %#v", st)
	}
}

func TestAgreementRequired(t *testing.T) {
	var calls atomic.Int32
	m := New(newCtx(), "Add licenses", []Field{{Key: "n", Label: "Quantity", Value: "3"}},
		func(v Values) (string, error) {
			calls.Add(1)
			if len(v) != 1 {
				t.Errorf("agreement leaked into values: %v", v)
			}
			return "3 licenses added", nil
		}).WithAgreement("I agree to the license terms and the charge shown")
	send(t, m, "tab")
	if got := focusedLabel(t, m); got != "[" {
		t.Fatalf("agreement not focusable, focus %q", got)
	}
	if cmd := send(t, m, "enter"); len(run(cmd)) != 0 || calls.Load() != 0 {
		t.Fatal("submitted without agreement")
	}
	if !strings.Contains(view(m), "tick the box to agree") {
		t.Fatalf("no refusal shown:\n%s", view(m))
	}
	send(t, m, " ")
	if strings.Contains(view(m), "tick the box") {
		t.Fatal("refusal stays once ticked")
	}
	only(t, send(t, m, "enter"))
	if calls.Load() != 1 {
		t.Fatal("not submitted once ticked")
	}
}

func TestInfoRecomputedAndStaleDropped(t *testing.T) {
	var calls atomic.Int32
	m := New(newCtx(), "Add licenses", []Field{{Key: "n", Label: "Quantity", Value: "1"}}, nil).
		WithInfo(func(v Values) string {
			calls.Add(1)
			return "due now: " + v["n"] + "0.00"
		})
	m.debounce = 0
	_, _ = m.Update(only(t, m.Init()))
	if !strings.Contains(view(m), "due now: 10.00") {
		t.Fatalf("initial info missing:\n%s", view(m))
	}
	first := typeText(t, m, "2")  // 12
	second := typeText(t, m, "3") // 123
	if calls.Load() != 1 {
		t.Fatal("info ran in Update")
	}
	newer, older := only(t, second), only(t, first)
	m.Update(newer)
	m.Update(older) // arrives late: dropped
	if v := view(m); !strings.Contains(v, "due now: 1230.00") || strings.Contains(v, "due now: 120.00") {
		t.Fatalf("stale info shown:\n%s", v)
	}
	// Keys that change nothing ask for nothing.
	if cmd := send(t, m, "left"); len(run(cmd)) != 0 {
		t.Fatal("info recomputed without a change")
	}
}

func TestInfoDebounced(t *testing.T) {
	m := New(newCtx(), "x", []Field{{Key: "n"}}, nil).WithInfo(func(v Values) string { return "n=" + v["n"] })
	m.debounce = 1 // 1ns: the tick fires at once
	t1 := typeText(t, m, "a")
	t2 := typeText(t, m, "b")
	tick1, tick2 := only(t, t1), only(t, t2)
	if _, ok := tick1.(infoTickMsg); !ok {
		t.Fatalf("want a tick, got %#v", tick1)
	}
	if _, cmd := m.Update(tick1); cmd != nil {
		t.Fatal("stale tick computed info")
	}
	_, cmd := m.Update(tick2)
	m.Update(only(t, cmd))
	if !strings.Contains(view(m), "n=ab") {
		t.Fatalf("info missing:\n%s", view(m))
	}
}

func TestOtherModalsMessagesIgnored(t *testing.T) {
	a := fieldsForm(func(Values) (string, error) { return "a", nil })
	b := fieldsForm(func(Values) (string, error) { return "b", errors.New("b failed") })
	done := only(t, send(t, b, "ctrl+s"))
	send(t, a, "ctrl+s")
	if _, cmd := a.Update(done); cmd != nil {
		t.Fatal("a took b's result")
	}
	if !strings.Contains(view(a), Working) {
		t.Fatal("a stopped working on b's result")
	}
}

func TestSecretMasked(t *testing.T) {
	m := New(newCtx(), "Key", []Field{{Key: "k", Label: "Key", Value: "SECRET-123", Secret: true}}, nil)
	if v := view(m); strings.Contains(v, "SECRET") {
		t.Fatalf("secret shown:\n%s", v)
	}
	if m.Values()["k"] != "SECRET-123" {
		t.Fatal("value lost")
	}
}

func TestFormHelp(t *testing.T) {
	m := fieldsForm(nil)
	has := func(h string) bool {
		for _, b := range m.Help().ShortHelp() {
			if b.Help().Desc == h || b.Help().Key == h {
				return true
			}
		}
		return false
	}
	if !has("next field") || !has("ctrl+s") || !has("esc") || has("←/→") || has("space") {
		t.Fatalf("text field help: %v", m.Help().ShortHelp())
	}
	send(t, m, "tab", "tab")
	if !has("←/→") {
		t.Fatal("select help lacks ←/→")
	}
	send(t, m, "tab")
	if !has("space") || !has("submit") {
		t.Fatal("checkbox help lacks space or submit")
	}
}

func TestFitsSmallTerminals(t *testing.T) {
	var fields []Field
	for _, l := range []string{"Name", "Email address of the primary contact person", "Department", "Role", "Start date", "Cost centre", "Location", "Manager", "Notes", "Phone"} {
		fields = append(fields, Field{Key: l, Label: l, Hint: "YYYY-MM-DD"})
	}
	for _, sz := range [][2]int{{120, 40}, {80, 24}, {60, 20}, {60, 12}} {
		m := New(newCtx(), "Invite a user with a rather long title for the box", fields, nil).
			WithAgreement("I agree to the license terms and the charge shown, and to everything else too")
		m.SetSize(sz[0], sz[1])
		for i := 0; i < len(fields)+1; i++ {
			lines := strings.Split(view(m), "\n")
			if len(lines) > sz[1] {
				t.Fatalf("%v: %d lines", sz, len(lines))
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w > min(sz[0], MaxWidth) {
					t.Fatalf("%v: line %d wide: %q", sz, w, l)
				}
			}
			if !strings.Contains(view(m), "›") {
				t.Fatalf("%v: focused field %d scrolled away:\n%s", sz, i, view(m))
			}
			send(t, m, "tab")
		}
	}
}

// --- Confirm ---

func confirm(act func() (string, error)) *ConfirmModel {
	return Confirm(newCtx(), "Unassign LIC-000042?", []string{"ana@example.com loses Figma now."}, act)
}

// confirmed runs the command of a confirmed modal to its ActionDoneMsg.
func confirmed(t *testing.T, m *ConfirmModel, cmd tea.Cmd) common.ActionDoneMsg {
	t.Helper()
	_, cmd = m.Update(only(t, cmd))
	cl, ok := only(t, cmd).(common.CloseModalMsg)
	if !ok {
		t.Fatal("no CloseModalMsg")
	}
	ad, ok := only(t, cl.Then).(common.ActionDoneMsg)
	if !ok {
		t.Fatal("no ActionDoneMsg")
	}
	return ad
}

func cancelled(t *testing.T, cmd tea.Cmd) {
	t.Helper()
	cl, ok := only(t, cmd).(common.CloseModalMsg)
	if !ok {
		t.Fatal("no CloseModalMsg")
	}
	if st, ok := only(t, cl.Then).(common.StatusMsg); !ok || st.Text != "cancelled" {
		t.Fatalf("then %#v", st)
	}
}

func TestConfirmYes(t *testing.T) {
	for _, keys := range [][]string{{"y"}, {"Y"}, {"left", "enter"}, {"right", "enter"}, {"tab", "enter"}, {"h", "enter"}, {"shift+tab", "enter"}} {
		var calls atomic.Int32
		m := confirm(func() (string, error) { calls.Add(1); return "LIC-000042 unassigned", nil })
		cmd := send(t, m, keys...)
		if cmd == nil || calls.Load() != 0 {
			t.Fatalf("%v: act must run in the command", keys)
		}
		if !strings.Contains(view(m), Working) {
			t.Fatalf("%v: not working", keys)
		}
		if c := send(t, m, "y"); c != nil {
			t.Fatalf("%v: second y acted", keys)
		}
		ad := confirmed(t, m, cmd)
		if calls.Load() != 1 || ad.Status != "LIC-000042 unassigned" || ad.Err != nil {
			t.Fatalf("%v: calls %d, %#v", keys, calls.Load(), ad)
		}
	}
}

func TestConfirmNo(t *testing.T) {
	for _, keys := range [][]string{{"n"}, {"N"}, {"esc"}, {"enter"}, {"left", "right", "enter"}, {"tab", "tab", "enter"}, {"left", "esc"}} {
		m := confirm(func() (string, error) { t.Fatalf("%v: act ran", keys); return "", nil })
		cancelled(t, send(t, m, keys...))
	}
}

func TestConfirmDefaultFocusNo(t *testing.T) {
	m := confirm(nil)
	if !strings.Contains(view(m), "› [ No ]") || strings.Contains(view(m), "› [ Yes ]") {
		t.Fatalf("default focus:\n%s", view(m))
	}
	send(t, m, "left")
	if !strings.Contains(view(m), "› [ Yes ]") {
		t.Fatalf("focus after left:\n%s", view(m))
	}
	var enter key.Binding
	for _, b := range m.Help().ShortHelp() {
		if b.Help().Key == "enter" {
			enter = b
		}
	}
	if enter.Help().Desc != "yes" {
		t.Fatalf("enter help %q", enter.Help().Desc)
	}
}

func TestConfirmActError(t *testing.T) {
	m := confirm(func() (string, error) { return "", model.Conflictf("LIC-000042 is not assigned") })
	ad := confirmed(t, m, send(t, m, "y"))
	if ad.Err == nil || ad.Err.Error() != "LIC-000042 is not assigned" {
		t.Fatalf("err %v", ad.Err)
	}
}

func TestConfirmPanicReported(t *testing.T) {
	m := confirm(func() (string, error) { panic("boom") })
	ad := confirmed(t, m, send(t, m, "y"))
	if ad.Err == nil || !strings.Contains(ad.Err.Error(), "boom") {
		t.Fatalf("err %v", ad.Err)
	}
}

func TestConfirmFits(t *testing.T) {
	long := strings.Repeat("every word of this detail line must stay inside the box ", 4)
	for _, sz := range [][2]int{{80, 24}, {60, 20}, {40, 12}} {
		m := Confirm(newCtx(), "Terminate ana@example.com?", []string{long, "", "short"}, nil)
		m.SetSize(sz[0], sz[1])
		v := view(m)
		for _, l := range strings.Split(v, "\n") {
			if w := ansi.StringWidth(l); w > min(sz[0], MaxWidth) {
				t.Fatalf("%v: line %d wide: %q", sz, w, l)
			}
		}
		if !strings.Contains(v, "[ No ]") {
			t.Fatalf("%v: buttons lost:\n%s", sz, v)
		}
	}
}
