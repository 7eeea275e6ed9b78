package assets

import (
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

// open is the tab of w acting as email, loaded, in a 120×37 area.
func open(t *testing.T, w *tuitest.World, email string) *kittest.Harness {
	t.Helper()
	return kittest.New(t, w, email, New, 120, 37)
}
