package form

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

func notesForm(submit func(Values) (string, error)) *Model {
	return New(newCtx(), "Edit Office", []Field{
		{Key: "name", Label: "Name", Value: "Office"},
		{Key: "keys", Label: "License keys", Value: "AAAA-1111\nBBBB-2222"}, // multi-line by its value
		{Key: "notes", Label: "Notes", Value: "first line\nsecond line", Multiline: true},
		{Key: "more", Label: "More", Multiline: true, Placeholder: "nothing yet"},
	}, submit)
}

// TestMultilineKeepsLines: a multi-line value is submitted as it was given,
// newlines included (a one-line input joined them), and enter in a text
// area starts a new line instead of moving on or submitting.
func TestMultilineKeepsLines(t *testing.T) {
	var got Values
	m := notesForm(func(v Values) (string, error) { got = v; return "saved", nil })
	only(t, send(t, m, "ctrl+s"))
	if got["keys"] != "AAAA-1111\nBBBB-2222" || got["notes"] != "first line\nsecond line" || got["more"] != "" {
		t.Fatalf("submitted %q", got)
	}

	m = notesForm(nil)
	send(t, m, "tab", "tab") // notes, cursor at the end
	if focusedLabel(t, m) != "Notes" {
		t.Fatalf("focus on %s", focusedLabel(t, m))
	}
	if cmd := send(t, m, "enter"); cmd != nil {
		if msgs := run(cmd); len(msgs) > 0 {
			t.Fatalf("enter in a text area sent %#v", msgs)
		}
	}
	typeText(t, m, "third")
	if v := m.Values()["notes"]; v != "first line\nsecond line\nthird" {
		t.Fatalf("notes %q", v)
	}
	v := view(m)
	for _, want := range []string{"AAAA-1111", "BBBB-2222", "second line", "third", "nothing yet"} {
		if !strings.Contains(v, want) {
			t.Fatalf("%q not shown:\n%s", want, v)
		}
	}
	if !strings.Contains(helpText(m), "new line") {
		t.Fatalf("help in a text area: %s", helpText(m))
	}
}

// TestUnchangedClosesWithNoChanges: a submit the domain answers with
// CodeUnchanged closes the form, says "no changes" and asks for no reload.
func TestUnchangedClosesWithNoChanges(t *testing.T) {
	m := notesForm(func(Values) (string, error) { return "", model.Unchangedf("no changes: Office is as it was") })
	_, cmd := m.Update(only(t, send(t, m, "ctrl+s")))
	cl, ok := only(t, cmd).(common.CloseModalMsg)
	if !ok {
		t.Fatal("an unchanged submit left the form open")
	}
	st, ok := only(t, cl.Then).(common.StatusMsg)
	if !ok || !strings.HasPrefix(st.Text, "no changes") || st.Err != nil {
		t.Fatalf("then = %#v, want a \"no changes\" status and no reload", only(t, cl.Then))
	}
}

func helpText(m *Model) string {
	var parts []string
	for _, k := range m.Help().ShortHelp() {
		parts = append(parts, k.Help().Key+" "+k.Help().Desc)
	}
	return strings.Join(parts, " · ")
}

// TestMultilineGolden: text areas drawn blurred (from their start, with a
// placeholder when empty) and focused (scrolled to the cursor).
func TestMultilineGolden(t *testing.T) {
	m := New(newCtx(), "Edit Windows 11 Pro", []Field{
		{Key: "name", Label: "Name", Value: "Windows 11 Pro"},
		{Key: "keys", Label: "License keys", Multiline: true, Placeholder: "•••••••• kept unless you type new keys"},
		{Key: "notes", Label: "Notes", Multiline: true, Value: "OEM licenses stay with the device they shipped on.\n" +
			"2025-12-12: Invoice checked against the contract by Finance.\nRenewal: none, perpetual.\nContact: it@example.com\nSixth line."},
		{Key: "more", Label: "More", Multiline: true, Value: "one\ntwo"},
	}, nil)
	tm := teatest.NewTestModel(t, &tuitest.ModalRoot{Modal: m}, teatest.WithInitialTermSize(80, 24))
	tm.Send(tuitest.Key("tab"))
	tm.Send(tuitest.Key("tab"))
	tm.Send(tuitest.Key("enter"))
	tm.Type("Seventh")
	tuitest.WaitFor(t, tm, "Seventh")
	got := tuitest.Final[*tuitest.ModalRoot](t, tm)
	teatest.RequireEqualOutput(t, []byte(got.View()))
}
