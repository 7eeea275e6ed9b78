package dashboard

import (
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
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

// settle runs cmd and feeds every message it yields back into the tab,
// until no command is left: the tab as it is once everything has loaded.
func settle(t *testing.T, tab common.Tab, cmd tea.Cmd) common.Tab {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, msg := range tuitest.Messages(c, 5*time.Second) {
			var next tea.Cmd
			tab, next = tab.Update(msg)
			if next != nil {
				queue = append(queue, next)
			}
		}
	}
	return tab
}

// loaded is a dashboard of w's data at width × height, fully loaded.
func loaded(t *testing.T, w *tuitest.World, email string, width, height int) common.Tab {
	t.Helper()
	ctx := w.Context(email)
	ctx.Width, ctx.Height = width, height
	tab := New(ctx)
	return settle(t, tab, tab.Init())
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case "pgup":
		return tea.KeyMsg{Type: tea.KeyPgUp}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}
