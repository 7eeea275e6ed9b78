package form

import (
	"strings"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
)

// next is a Then step that records the values it was opened with.
func next(got *Values) func(Values) common.Modal {
	return func(v Values) common.Modal {
		*got = v
		return Confirm(newCtx(), "Sure?", nil, func() (string, error) { return "done", nil })
	}
}

func TestThenOpensNextWithSubmittedValues(t *testing.T) {
	var got Values
	checks := 0
	m := fieldsForm(func(Values) (string, error) { checks++; return "not shown", nil }).Then(next(&got))
	typeText(t, m, "Figma")
	done := only(t, send(t, m, "ctrl+s"))
	if got != nil {
		t.Fatal("next opened before the check answered")
	}
	_, cmd := m.Update(done)
	cl, ok := only(t, cmd).(common.CloseModalMsg)
	if !ok {
		t.Fatalf("want the form closed")
	}
	if _, ok := only(t, cl.Then).(common.OpenModalMsg); !ok || checks != 1 || got["name"] != "Figma" {
		t.Fatalf("then opened nothing (checks %d, values %v)", checks, got)
	}
}

func TestThenStaysOpenWhenTheCheckRefuses(t *testing.T) {
	var got Values
	m := fieldsForm(func(Values) (string, error) { return "", model.Conflictf("unassign 2 first") }).Then(next(&got))
	_, cmd := m.Update(only(t, send(t, m, "ctrl+s")))
	if cmd != nil || got != nil {
		t.Fatalf("a refused check went on: %#v", run(cmd))
	}
	if !strings.Contains(view(m), "unassign 2 first") {
		t.Fatalf("refusal not inline:\n%s", view(m))
	}
}

func TestThenWithoutSubmitOpensAtOnce(t *testing.T) {
	var got Values
	m := New(newCtx(), "Pick", []Field{{Key: "day", Label: "Day", Value: "x", Validate: func(s string) error {
		if s == "x" {
			return model.Invalidf("not a day")
		}
		return nil
	}}}, nil).Then(next(&got))
	if msgs := run(send(t, m, "enter")); len(msgs) != 0 || got != nil {
		t.Fatalf("an invalid choice went on: %#v", msgs)
	}
	send(t, m, "backspace")
	typeText(t, m, "1")
	cl, ok := only(t, send(t, m, "enter")).(common.CloseModalMsg)
	if !ok || m.working {
		t.Fatal("enter did not close at once")
	}
	if _, ok := only(t, cl.Then).(common.OpenModalMsg); !ok || got["day"] != "1" {
		t.Fatalf("next opened with %v", got)
	}
}
