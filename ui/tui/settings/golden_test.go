package settings

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestGolden(t *testing.T) {
	w := configured(t, "https://hooks.slack.com")
	tuitest.GoldenSizes(t, w, New, tuitest.Shows("Reminders"))
}

func TestGoldenEmpty(t *testing.T) {
	tuitest.GoldenAt(t, tuitest.Standard(t), New, 80, 21, tuitest.Shows("No channels"))
}

// The forms as drawn over the tab: a channel's (the URL kept, not
// shown) and the SMTP server's (the password never shown).
func TestGoldenEdit(t *testing.T) {
	w := configured(t, "https://hooks.slack.com")
	for _, s := range tuitest.Sizes {
		for name, keys := range map[string][]string{"channel": {"e"}, "smtp": {"G", "up", "e"}} {
			t.Run(s.Name+"-"+name, func(t *testing.T) {
				h := tuitest.New(t, w, "", New, s.Width, s.Height)
				h.Press(keys...)
				view := h.ModalView()
				if view == "" {
					t.Fatalf("%v opened no form", keys)
				}
				for _, secret := range []string{password, "T0K3N"} {
					if strings.Contains(view, secret) {
						t.Fatalf("the form shows %q:\n%s", secret, view)
					}
				}
				teatest.RequireEqualOutput(t, []byte(view))
			})
		}
	}
}

// A viewer and a member see why they cannot see the settings, and no key.
func TestGoldenReadOnly(t *testing.T) {
	w := configured(t, "https://hooks.slack.com")
	for _, s := range tuitest.Sizes {
		for _, who := range []string{"vic@example.com", "ana@example.com"} {
			t.Run(s.Name+"-"+strings.Split(who, "@")[0], func(t *testing.T) {
				h := tuitest.New(t, w, who, New, s.Width, s.Height)
				view := h.Tab.View()
				tuitest.CheckFrame(t, view, s.Width, s.Height)
				if !strings.Contains(view, "only the owner and admins") || strings.Contains(view, "ops") {
					t.Fatalf("the read-only view:\n%s", view)
				}
				h.Refuses("n", "e", "d", "t", "enter")
				teatest.RequireEqualOutput(t, []byte(view))
			})
		}
	}
}
