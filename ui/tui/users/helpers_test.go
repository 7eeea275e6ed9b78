package users

import (
	tea "github.com/charmbracelet/bubbletea"
	"os"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/ui/tui/tuitest"
	"github.com/seats/seats/ui/tui/users/kit/kittest"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// demoWorld is the demo organization with the clock at tuitest.Now.
func demoWorld(t *testing.T) *tuitest.World {
	t.Helper()
	w := tuitest.Open(t)
	w.Must(demo.Generate(w.DB, w.Clock, demo.Options{}))
	return w
}

// open is the users tab of w acting as email, loaded, in a 120×37 area.
func open(t *testing.T, w *tuitest.World, email string) *kittest.Harness {
	t.Helper()
	return kittest.New(t, w, email, New, 120, 37)
}

// selectUser moves the cursor to email's row through the filter.
func selectUser(t *testing.T, h *kittest.Harness, email string) {
	t.Helper()
	h.Press("esc", "/") // esc drops an earlier filter
	h.Clear()
	h.Type(email)
	h.Press("enter")
	u, ok := h.Tab.(*Tab).selected()
	if !ok || u.Email != email {
		t.Fatalf("selected %q, want %s", u.Email, email)
	}
}

// tuitestMessages runs cmd to its messages (a form driven without a root).
func tuitestMessages(cmd tea.Cmd) []tea.Msg { return tuitest.Messages(cmd, kittest.Wait) }
