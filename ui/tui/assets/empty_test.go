package assets

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestEmptySaysHowToStart(t *testing.T) {
	w := tuitest.Open(t)
	_, err := w.Svc.InviteUser("", model.User{Email: "olga@example.com", First: "Olga", Last: "Owner"})
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	if !strings.Contains(h.Tab.View(), "No assets yet — press n") {
		t.Fatalf("view:\n%s", h.Tab.View())
	}
	if got := h.HelpKeys(); len(got) != 1 || got[0] != "n" {
		t.Fatalf("help %v", got)
	}
	if v := tuitest.Load(t, w, "olga@example.com", New); !v.Offers("n") {
		t.Fatal("the owner cannot create assets")
	}
}

func TestMouseClickSelectsARow(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.CreateAsset("", model.Asset{Name: "PC-1"}, "")
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	h.Send(tea.MouseMsg{X: 5, Y: 2, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if a, ok := h.Tab.(*Tab).selected(); !ok || a.Name != "PC-1" {
		t.Fatalf("selected %q", a.Name)
	}
}
