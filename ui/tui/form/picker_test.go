package form

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

// emails are 50 users, more than any cycling select could offer.
func emails() []string {
	out := make([]string, 50)
	for i := range out {
		out[i] = fmt.Sprintf("user%02d@example.com", i+1)
	}
	return out
}

func pickForm(submit func(Values) (string, error)) *Model {
	return New(newCtx(), "Assign a license of Office", []Field{
		{Key: "who", Label: "User", Options: emails(), Value: "user01@example.com", Pick: true},
	}, submit)
}

func TestPickerTypingNarrowsAndEnterPicks(t *testing.T) {
	var got Values
	m := pickForm(func(v Values) (string, error) { got = v; return "assigned", nil })
	m.SetSize(80, 24)
	if v := view(m); !strings.Contains(v, "1/50") && !strings.Contains(v, "50/50") {
		t.Fatalf("no count:\n%s", v)
	}
	typeText(t, m, "USER4") // case-insensitive substring: user40…user49
	v := view(m)
	if !strings.Contains(v, "10/50") || !strings.Contains(v, "▸ user40@example.com") || strings.Contains(v, "user01@") {
		t.Fatalf("not narrowed:\n%s", v)
	}
	send(t, m, "down", "down")
	if m.Values()["who"] != "user42@example.com" {
		t.Fatalf("cursor on %q", m.Values()["who"])
	}
	msg := only(t, send(t, m, "enter"))
	m.Update(msg)
	if got["who"] != "user42@example.com" {
		t.Fatalf("submitted %v", got)
	}
}

func TestPickerWindowIsBounded(t *testing.T) {
	m := pickForm(nil)
	m.SetSize(80, 24)
	v := view(m)
	if n := strings.Count(v, "@example.com"); n != PickRows {
		t.Fatalf("%d options shown, want %d:\n%s", n, PickRows, v)
	}
	send(t, m, "end")
	if v := view(m); !strings.Contains(v, "▸ user50@example.com") || !strings.Contains(v, "↑ 45") {
		t.Fatalf("end:\n%s", v)
	}
	if n := strings.Count(m.View(), "\n") + 1; n > 24 {
		t.Fatalf("%d lines at 80×24", n)
	}
}

func TestPickerNoMatchRefusesSubmit(t *testing.T) {
	called := false
	m := pickForm(func(Values) (string, error) { called = true; return "", nil })
	typeText(t, m, "zzz")
	if cmd := send(t, m, "enter"); cmd != nil {
		run(cmd)
	}
	if called || !strings.Contains(view(m), `nothing matches "zzz"`) {
		t.Fatalf("called %v:\n%s", called, view(m))
	}
	send(t, m, "esc") // clears the filter, does not cancel
	if m.Values()["who"] != "user01@example.com" {
		t.Fatalf("after esc %q", m.Values()["who"])
	}
}

func TestPickerGolden(t *testing.T) {
	m := New(newCtx(), "New asset", []Field{
		{Key: "name", Label: "Name", Value: "PC-9"},
		{Key: "owner", Label: "Owner", Options: append([]string{""}, emails()...), Pick: true, Placeholder: "(none)", Hint: "the person it belongs to"},
	}, nil)
	tm := teatest.NewTestModel(t, &tuitest.ModalRoot{Modal: m}, teatest.WithInitialTermSize(80, 24))
	tm.Send(tuitest.Key("tab"))
	tm.Type("2")
	tm.Send(tuitest.Key("down"))
	tuitest.WaitFor(t, tm, "14/51")
	got := tuitest.Final[*tuitest.ModalRoot](t, tm)
	teatest.RequireEqualOutput(t, []byte(got.View()))
}

var _ common.Modal = (*Model)(nil)
