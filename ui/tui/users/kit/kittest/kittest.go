// Package kittest drives a tab the way the root does, for the users,
// assets and allocations tabs' tests: a modal stack, commands run to the
// end, statuses and history requests recorded, a reload after every
// successful action. It imports tuitest (and so the store): only _test
// files may import it.
package kittest

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
	"github.com/seats/seats/ui/tui/tuitest"
)

// Wait bounds how long one command may take before it is left out (timers
// far in the future, like a status line's clearing).
const Wait = 2 * time.Second

// Harness is a tab under a tiny root.
type Harness struct {
	T      testing.TB
	W      *tuitest.World
	Ctx    *common.Context
	Tab    common.Tab
	Modals []common.Modal
	// Status are the status lines shown, Errs the refusals.
	Status  []string
	Errs    []error
	History []common.HistoryMsg
}

// New opens a tab acting as email ("" = the owner) in a w×h area and runs
// its first load to the end.
func New(t testing.TB, w *tuitest.World, email string, newTab func(*common.Context) common.Tab, width, height int) *Harness {
	t.Helper()
	ctx := w.Context(email)
	ctx.Width, ctx.Height = width, height
	h := &Harness{T: t, W: w, Ctx: ctx, Tab: newTab(ctx)}
	h.Run(h.Tab.Init())
	return h
}

// Run runs cmd and every command its messages lead to.
func (h *Harness) Run(cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, msg := range tuitest.Messages(c, Wait) {
			if next := h.deliver(msg); next != nil {
				queue = append(queue, next)
			}
		}
	}
}

// Send delivers msg as the root would and runs what follows.
func (h *Harness) Send(msg tea.Msg) { h.Run(h.deliver(msg)) }

func (h *Harness) deliver(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if n := len(h.Modals); n > 0 {
			var cmd tea.Cmd
			h.Modals[n-1], cmd = h.Modals[n-1].Update(msg)
			return cmd
		}
		var cmd tea.Cmd
		h.Tab, cmd = h.Tab.Update(msg)
		return cmd
	case common.OpenModalMsg:
		h.Modals = append(h.Modals, msg.Modal)
		msg.Modal.SetSize(h.Ctx.Width, h.Ctx.Height)
		return msg.Modal.Init()
	case common.CloseModalMsg:
		if n := len(h.Modals); n > 0 {
			h.Modals = h.Modals[:n-1]
		}
		return msg.Then
	case common.ActionDoneMsg:
		if msg.Err != nil {
			h.Errs = append(h.Errs, msg.Err)
			return nil
		}
		h.Status = append(h.Status, msg.Status)
		// The root refreshes the acting user (a role may have changed)
		// and tells every tab to reload.
		if u, err := h.W.Svc.ResolveActor(h.Ctx.Actor.Email); err == nil {
			h.Ctx.Actor = u
		}
		seq, _ := h.W.Svc.LastSeq()
		return h.deliver(common.DataChangedMsg{Seq: seq})
	case common.StatusMsg:
		if msg.Err != nil {
			h.Errs = append(h.Errs, msg.Err)
		} else {
			h.Status = append(h.Status, msg.Text)
		}
		return nil
	case common.HistoryMsg:
		h.History = append(h.History, msg)
		return nil
	}
	cmds := make([]tea.Cmd, 0, len(h.Modals)+1)
	for i := range h.Modals {
		var c tea.Cmd
		h.Modals[i], c = h.Modals[i].Update(msg)
		cmds = append(cmds, c)
	}
	var c tea.Cmd
	h.Tab, c = h.Tab.Update(msg)
	return tea.Batch(append(cmds, c)...)
}

// Press sends keys (names as Key reads them) one by one.
func (h *Harness) Press(keys ...string) {
	for _, k := range keys {
		h.Send(Key(k))
	}
}

// Type sends s as one paste of runes (to the focused field or filter).
func (h *Harness) Type(s string) { h.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}) }

// Clear empties the focused text field.
func (h *Harness) Clear() {
	for range 80 {
		h.deliver(Key("backspace"))
	}
}

// Top is the open modal on top, nil when none.
func (h *Harness) Top() common.Modal {
	if n := len(h.Modals); n > 0 {
		return h.Modals[n-1]
	}
	return nil
}

// Values are the open form's values (fails when the top is not a form).
func (h *Harness) Values() form.Values {
	h.T.Helper()
	f, ok := h.Top().(interface{ Values() form.Values })
	if !ok {
		h.T.Fatalf("no form open (top: %T)", h.Top())
	}
	return f.Values()
}

// ModalView is the top modal's drawing ("" when none).
func (h *Harness) ModalView() string {
	if m := h.Top(); m != nil {
		return m.View()
	}
	return ""
}

// LastStatus is the latest status line ("" when none).
func (h *Harness) LastStatus() string {
	if len(h.Status) == 0 {
		return ""
	}
	return h.Status[len(h.Status)-1]
}

// HelpKeys lists the keys the tab offers now, as their help keys.
func (h *Harness) HelpKeys() []string {
	var out []string
	for _, b := range h.Tab.Help().ShortHelp() {
		out = append(out, b.Help().Key)
	}
	return out
}

// Offers reports whether the tab's help lists key k.
func (h *Harness) Offers(k string) bool {
	for _, b := range h.Tab.Help().ShortHelp() {
		if b.Help().Key == k && b.Enabled() {
			return true
		}
	}
	return false
}

// Key turns a key name into a key message.
func Key(s string) tea.KeyMsg {
	switch s {
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case "ctrl+s":
		return tea.KeyMsg{Type: tea.KeyCtrlS}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "pgdown":
		return tea.KeyMsg{Type: tea.KeyPgDown}
	case " ", "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// root is a tab alone on a terminal, for teatest.
type root struct{ tab common.Tab }

func (r *root) Init() tea.Cmd { return r.tab.Init() }

func (r *root) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		r.tab.SetSize(ws.Width, ws.Height)
		return r, nil
	}
	var cmd tea.Cmd
	r.tab, cmd = r.tab.Update(msg)
	return r, cmd
}

func (r *root) View() string { return r.tab.View() }

// Golden runs the tab in a width×height terminal under teatest until text
// is on screen, then compares its final view with testdata/<test>.golden
// (-update rewrites it). The tab's context must have the same size.
func Golden(t *testing.T, tab common.Tab, width, height int, text string) string {
	t.Helper()
	tm := teatest.NewTestModel(t, &root{tab: tab}, teatest.WithInitialTermSize(width, height))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	view := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*root).View()
	teatest.RequireEqualOutput(t, []byte(view))
	return view
}

// CheckFrame fails when view is not exactly height lines of at most width cells.
func CheckFrame(t testing.TB, view string, width, height int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != height {
		t.Errorf("view has %d lines, want %d", len(lines), height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d wide (> %d): %q", i, w, width, l)
		}
	}
}

// Sizes are the tab areas of 120×40 and 80×24 terminals (the root takes
// three lines: the tab bar, the status line, the help bar).
var Sizes = []struct {
	Name          string
	Width, Height int
}{{"120x40", 120, 37}, {"80x24", 80, 21}}

// GoldenSizes runs Golden for a new tab of w (as the owner) at each of
// Sizes, as subtests named by size.
func GoldenSizes(t *testing.T, w *tuitest.World, newTab func(*common.Context) common.Tab, text string) {
	for _, s := range Sizes {
		t.Run(s.Name, func(t *testing.T) {
			ctx := w.Context("")
			ctx.Width, ctx.Height = s.Width, s.Height
			CheckFrame(t, Golden(t, newTab(ctx), s.Width, s.Height, text), s.Width, s.Height)
		})
	}
}

// Look logs a new tab of world's database at each of Sizes after each group of keys, for
// a person to read with go test -v; without -v it skips (the goldens
// check the same screens).
func Look(t *testing.T, world func(*testing.T) *tuitest.World, newTab func(*common.Context) common.Tab, keys ...[]string) {
	if !testing.Verbose() {
		t.Skip("for reading with -v")
	}
	w := world(t)
	for _, s := range Sizes {
		h := New(t, w, "", newTab, s.Width, s.Height)
		for _, k := range keys {
			h.Press(k...)
			view := h.Tab.View()
			CheckFrame(t, view, s.Width, s.Height)
			t.Logf("%s after %v (help %v)\n%s", s.Name, k, h.HelpKeys(), view)
		}
	}
}
