package allocations

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestEmptySaysHowToStart(t *testing.T) {
	w := tuitest.Standard(t)
	h := tuitest.Load(t, w, "", New)
	if !strings.Contains(h.Tab.View(), "No allocations yet — press n") {
		t.Fatalf("view:\n%s", h.Tab.View())
	}
	// With no per-user product, n says where to start instead.
	e := tuitest.Open(t)
	_, err := e.Svc.InviteUser("", model.User{Email: "olga@example.com", First: "Olga", Last: "Owner"})
	e.Must(err)
	h = tuitest.Load(t, e, "", New)
	h.Press("n")
	if h.Top() != nil || !strings.Contains(h.LastStatus(), "No per-user products yet") {
		t.Fatalf("n opened %T, status %q", h.Top(), h.LastStatus())
	}
}

func TestMouseClickSelectsARow(t *testing.T) {
	w := withAllocation(t)
	_, err := w.Svc.CreateAllocation("", model.Allocation{Name: "IT seats", Quantity: 1, Departments: []string{"IT"}}, "Office", nil)
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	// Line 0 names the views, line 1 is the header.
	h.Send(tea.MouseMsg{X: 5, Y: 3, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if a, ok := h.Tab.(*Tab).selected(); !ok || a.Name != "IT seats" {
		t.Fatalf("selected %q", a.Name)
	}
}
