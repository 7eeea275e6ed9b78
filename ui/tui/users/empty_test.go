package users

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestEmptyDatabaseSaysHowToStart(t *testing.T) {
	w := tuitest.Open(t)
	h := tuitest.Load(t, w, "", New)
	if !strings.Contains(h.Tab.View(), "No users yet — press n") {
		t.Fatalf("view:\n%s", h.Tab.View())
	}
	if got := h.HelpKeys(); len(got) != 1 || got[0] != "n" {
		t.Fatalf("help %v", got)
	}
	h.Press("n")
	h.Type("olga@example.com")
	for _, s := range []string{"Olga", "Owner"} {
		h.Press("tab")
		h.Type(s)
	}
	h.Press("ctrl+s")
	org, err := w.Svc.Org()
	w.Must(err)
	if u := w.User("olga@example.com"); org.OwnerID != u.ID || u.Role != model.RoleOwner {
		t.Fatalf("first user %+v, owner %d", u, org.OwnerID)
	}
	if !strings.Contains(h.Tab.View(), "Account Owner") {
		t.Fatalf("view:\n%s", h.Tab.View())
	}
}

func TestMouseClickSelectsARow(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	// Line 0 is the header: line 3 is the third user.
	h.Send(tea.MouseMsg{X: 5, Y: 3, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if u, ok := h.Tab.(*Tab).selected(); !ok || u.Email != "ana@example.com" {
		t.Fatalf("selected %q", u.Email)
	}
	// The pane followed the click.
	if !strings.Contains(h.Tab.View(), "Licenses of Ana Ruiz") {
		t.Fatalf("view:\n%s", h.Tab.View())
	}
}
