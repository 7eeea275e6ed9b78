package form

import (
	"testing"

	"github.com/seats/seats/ui/tui/tuitest"
)

func multiForm(value string, submit func(Values) (string, error)) *Model {
	return New(newCtx(), "New allocation", []Field{
		{Key: "users", Label: "Users", Options: emails(), Value: value, Pick: true, Multi: true},
		{Key: "note", Label: "Note"},
	}, submit)
}

// Typing narrows, space toggles the user under the cursor, the head
// counts the chosen ones, and the value is them in the options' order.
func TestMultiPickerTypingNarrowsAndSpaceToggles(t *testing.T) {
	var got Values
	m := multiForm("", func(v Values) (string, error) { got = v; return "created", nil })
	m.SetSize(80, 24)
	tuitest.Contains(t, view(m), "0 chosen · 50/50")
	typeText(t, m, "user4")
	send(t, m, "down", "down", "space") // user42
	send(t, m, "up", "space")           // user41
	v := view(m)
	tuitest.Contains(t, v, "2 chosen · 10/50", "[x] user41@example.com", "[x] user42@example.com", "[ ] user40@example.com")
	send(t, m, "space") // user41 again: no longer chosen
	send(t, m, "esc")   // clears the filter, keeps the choice
	typeText(t, m, "07")
	send(t, m, "space")
	if v := m.Values()["users"]; v != "user07@example.com, user42@example.com" {
		t.Fatalf("value %q", v)
	}
	send(t, m, "tab") // blurred, it lists the choice
	tuitest.Contains(t, view(m), "2: user07@example.com, user42@example.com")
	m.Update(only(t, send(t, m, "ctrl+s")))
	if got["users"] != "user07@example.com, user42@example.com" {
		t.Fatalf("submitted %v", got)
	}
}

// An edit keeps a chosen value that is no longer offered (say, a user
// since terminated), and a filter matching nothing does not block
// submitting: the choice, not the filter, is the value.
func TestMultiPickerKeepsWhatItWasGivenAndIgnoresAnEmptyFilter(t *testing.T) {
	var got Values
	m := multiForm("gone@example.com, user03@example.com", func(v Values) (string, error) { got = v; return "saved", nil })
	m.SetSize(80, 24)
	tuitest.Contains(t, view(m), "2 chosen · 51/51")
	typeText(t, m, "zzz")
	m.Update(only(t, send(t, m, "ctrl+s")))
	if got["users"] != "user03@example.com, gone@example.com" {
		t.Fatalf("submitted %v", got)
	}
}
