package tuitest

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/ui/tui/common"
)

// ModalRoot is a modal alone on a terminal the size of a tab area, for
// teatest: it draws the modal centred, as the root does, and quits when
// the modal closes itself (Closed is how).
type ModalRoot struct {
	Modal  common.Modal
	Closed *common.CloseModalMsg
	w, h   int
}

func (r *ModalRoot) Init() tea.Cmd { return r.Modal.Init() }

func (r *ModalRoot) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		r.w, r.h = msg.Width, msg.Height
		r.Modal.SetSize(msg.Width, msg.Height)
		return r, nil
	case common.CloseModalMsg:
		r.Closed = &msg
		return r, tea.Quit
	}
	var cmd tea.Cmd
	r.Modal, cmd = r.Modal.Update(msg)
	return r, cmd
}

func (r *ModalRoot) View() string {
	if r.w == 0 {
		return ""
	}
	return lipgloss.Place(r.w, r.h, lipgloss.Center, lipgloss.Center, r.Modal.View())
}

// WaitFor waits until text is on tm's screen (the renderer redraws only
// what changed, so text is what a change brings).
func WaitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// Final quits tm and returns its model once it has stopped.
func Final[M tea.Model](t *testing.T, tm *teatest.TestModel) M {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(M)
}
