package tuitest

import (
	"slices"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/ui/tui/common"
)

// Wait bounds how long one command may take before it is left out (timers
// far in the future, like a status line's clearing).
const Wait = 5 * time.Second

// Harness drives a tab the way the root does: a modal stack that takes
// the keys while open, every command run to the end (a modal's info note
// and submit, a table's sort), statuses, refusals and history requests
// recorded, and a reload of the tab after every successful action.
type Harness struct {
	T   testing.TB
	W   *World
	Ctx *common.Context
	// Tab is nil in a harness for modals alone.
	Tab    common.Tab
	Modals []common.Modal
	// Status are the status lines shown, Errs the refusals.
	Status  []string
	Errs    []error
	History []common.HistoryMsg
	// Up is every message sent up to the root: modals opened and closed,
	// actions done, statuses, history requests.
	Up []tea.Msg
}

// New opens a tab acting as email ("" = the owner) in a width×height area
// and runs its first load to the end. A nil newTab gives a harness with no
// tab, for driving modals alone (see Open).
func New(t testing.TB, w *World, email string, newTab func(*common.Context) common.Tab, width, height int) *Harness {
	t.Helper()
	ctx := w.Context(email)
	ctx.Width, ctx.Height = width, height
	h := &Harness{T: t, W: w, Ctx: ctx}
	if newTab != nil {
		h.Show(newTab(ctx))
	}
	return h
}

// Load is New in the tab area of a 120×40 terminal, the size most tests
// read a tab at.
func Load(t testing.TB, w *World, email string, newTab func(*common.Context) common.Tab) *Harness {
	t.Helper()
	return New(t, w, email, newTab, Sizes[0].Width, Sizes[0].Height)
}

// Show puts tab (built on h.Ctx, which a test may change first) under the
// harness and runs its first load to the end.
func (h *Harness) Show(tab common.Tab) {
	h.Tab = tab
	h.Run(tab.Init())
}

// Open opens m over the tab, as a key that opens it would.
func (h *Harness) Open(m common.Modal) { h.Run(common.Open(m)) }

// Run runs cmd and every command its messages lead to.
func (h *Harness) Run(cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, msg := range Messages(c, Wait) {
			if next := h.deliver(msg); next != nil {
				queue = append(queue, next)
			}
		}
	}
}

// Send delivers msg as the root would and runs what follows.
func (h *Harness) Send(msg tea.Msg) { h.Run(h.deliver(msg)) }

func (h *Harness) deliver(msg tea.Msg) tea.Cmd {
	switch msg.(type) {
	case common.OpenModalMsg, common.CloseModalMsg, common.ActionDoneMsg, common.StatusMsg, common.HistoryMsg:
		h.Up = append(h.Up, msg)
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if n := len(h.Modals); n > 0 {
			var cmd tea.Cmd
			h.Modals[n-1], cmd = h.Modals[n-1].Update(msg)
			return cmd
		}
		if h.Tab == nil {
			return nil
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
	if h.Tab != nil {
		var c tea.Cmd
		h.Tab, c = h.Tab.Update(msg)
		cmds = append(cmds, c)
	}
	return tea.Batch(cmds...)
}

// Press sends keys (names as Key reads them) one by one.
func (h *Harness) Press(keys ...string) {
	for _, k := range keys {
		h.Send(Key(k))
	}
}

// Sends presses k and returns what that sent up to the root (nothing for
// a key that does not act).
func (h *Harness) Sends(k string) []tea.Msg {
	n := len(h.Up)
	h.Press(k)
	return h.Up[n:]
}

// Refuses fails the test when the tab offers any of keys, or pressing one
// sends anything to the root (a modal, a status, a history request): the
// keys a role or a row does not allow.
func (h *Harness) Refuses(keys ...string) {
	h.T.Helper()
	for _, k := range keys {
		if h.Offers(k) {
			h.T.Errorf("%s offered (help %v)", k, h.HelpKeys())
		}
		if up := h.Sends(k); len(up) > 0 {
			h.T.Errorf("pressing %s sent %#v", k, up)
		}
	}
}

// Seek puts the cursor on the first row, then moves it down until at says
// it is on the row sought, trying rows rows; it fails the test otherwise.
func (h *Harness) Seek(rows int, at func() bool) {
	h.T.Helper()
	h.Press("g")
	for range rows {
		if at() {
			return
		}
		h.Press("down")
	}
	if !at() {
		h.T.Fatalf("row not found in %d rows", rows)
	}
}

// Type sends s as one paste of runes (to the focused field or filter).
func (h *Harness) Type(s string) { h.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}) }

// Filter clears any filter, then filters the tab's table by query and
// keeps it (the usual way to put the cursor on one row).
func (h *Harness) Filter(query string) {
	h.Press("esc", "/")
	h.Clear()
	h.Type(query)
	h.Press("enter")
}

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

// TopAs is the open modal on top as an M (*form.Model, say); it fails the
// test when there is none or it is another kind.
func TopAs[M common.Modal](h *Harness) M {
	h.T.Helper()
	m, ok := h.Top().(M)
	if !ok {
		var want M
		h.T.Fatalf("top modal is %T, want %T", h.Top(), want)
	}
	return m
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

// LastErr is the latest refusal (nil when none).
func (h *Harness) LastErr() error {
	if len(h.Errs) == 0 {
		return nil
	}
	return h.Errs[len(h.Errs)-1]
}

// HelpKeys lists the keys the tab offers now, as their help keys.
func (h *Harness) HelpKeys() []string { return KeysOf(h.Tab.Help()) }

// Offers reports whether the tab's help lists key k.
func (h *Harness) Offers(k string) bool { return slices.Contains(h.HelpKeys(), k) }

// KeysOf lists the enabled keys of a tab's or a modal's help, as their
// help keys ("enter", "↑/k").
func KeysOf(km help.KeyMap) []string {
	var out []string
	for _, b := range km.ShortHelp() {
		if b.Enabled() {
			out = append(out, b.Help().Key)
		}
	}
	return out
}

// NewModal opens the modal build makes for a session acting as email, on
// its own (no tab), in a 120×37 area: for forcing an action whose key the
// tab hides, or testing a modal that several tabs open.
func NewModal(t testing.TB, w *World, email string, build func(*common.Context) common.Modal) *Harness {
	t.Helper()
	h := New(t, w, email, nil, 120, 37)
	h.Open(build(h.Ctx))
	return h
}
