package licenses

import (
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

const wait = 3 * time.Second

// keyMsg turns a key name into a key message.
func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "ctrl+s":
		return tea.KeyMsg{Type: tea.KeyCtrlS}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// outcome is what a modal hands back to the root.
type outcome struct {
	closed bool
	// then is what the close's Then produced: ActionDoneMsg, StatusMsg, or
	// OpenModalMsg (a next modal).
	then tea.Msg
}

func (o outcome) done(t *testing.T) common.ActionDoneMsg {
	t.Helper()
	d, ok := o.then.(common.ActionDoneMsg)
	if !o.closed || !ok {
		t.Fatalf("modal did not finish an action: %#v", o)
	}
	return d
}

func (o outcome) next(t *testing.T) common.Modal {
	t.Helper()
	m, ok := o.then.(common.OpenModalMsg)
	if !o.closed || !ok {
		t.Fatalf("modal did not open a next one: %#v", o)
	}
	return m.Modal
}

// drive plays the root for one modal: it runs cmd, feeds the modal its own
// results (info notes, submit results) until it settles or closes.
func drive(t *testing.T, m common.Modal, cmd tea.Cmd) outcome {
	t.Helper()
	queue := tuitest.Messages(cmd, wait)
	for len(queue) > 0 {
		msg := queue[0]
		queue = queue[1:]
		switch msg := msg.(type) {
		case common.CloseModalMsg:
			o := outcome{closed: true}
			if msg.Then != nil {
				o.then = msg.Then()
			}
			return o
		case common.ActionDoneMsg, common.StatusMsg, common.OpenModalMsg:
			return outcome{then: msg}
		}
		_, c := m.Update(msg)
		queue = append(queue, tuitest.Messages(c, wait)...)
	}
	return outcome{}
}

// press sends keys to a modal, driving every command they return.
func press(t *testing.T, m common.Modal, keys ...string) outcome {
	t.Helper()
	var o outcome
	for _, k := range keys {
		_, cmd := m.Update(keyMsg(k))
		if o = drive(t, m, cmd); o.closed {
			return o
		}
	}
	return o
}

// typeIn types text into the focused field of a modal (in one message,
// as a fast typist or a paste does: one info note to wait for).
func typeIn(t *testing.T, m common.Modal, text string) {
	t.Helper()
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text)})
	drive(t, m, cmd)
}

// open starts a modal the way the root does (Init, its info note).
func open(t *testing.T, m common.Modal) common.Modal {
	t.Helper()
	m.SetSize(120, 37)
	drive(t, m, m.Init())
	return m
}

// view is a modal's text without styling or box, its lines joined, so a
// phrase is found wherever it wraps.
func view(s string) string {
	s = strings.NewReplacer("│", " ", "╭", " ", "╮", " ", "╰", " ", "╯", " ", "─", " ").Replace(ansi.Strip(s))
	return strings.Join(strings.Fields(s), " ")
}

func mustContain(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Fatalf("%q not in:\n%s", sub, s)
		}
	}
}

// lastEvent is the newest event of the log.
func lastEvent(t *testing.T, w *tuitest.World, kind string) model.Event {
	t.Helper()
	evs, err := w.Svc.Activity(0, 50)
	w.Must(err)
	for _, e := range evs {
		if e.Kind == kind {
			return e
		}
	}
	t.Fatalf("no %s event in %v", kind, evs)
	return model.Event{}
}
