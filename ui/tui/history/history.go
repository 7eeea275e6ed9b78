// Package history is the event-history modal: every event about one
// license, user, asset, product or allocation, oldest first, in a
// scrollable box over the active tab. It also formats events for the
// activity tab, so both say the same thing the same way.
package history

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
)

// MaxWidth is the widest the box draws, border included: wider lines are
// harder to read than wrapped ones.
const MaxWidth = 100

// loadedMsg carries the events of the modal with the same id.
type loadedMsg struct {
	id       uint64
	events   []model.Event
	currency string
	err      error
}

func (m loadedMsg) To() uint64 { return m.id }

// Model is the history modal. It is used by pointer.
type Model struct {
	ctx   *common.Context
	id    uint64
	ref   model.Ref
	title string

	loaded   bool
	events   []model.Event
	currency string
	err      error

	keys          keyMap
	cols          columns // the event rows' layout at the current width
	vp            viewport.Model
	width, height int
}

type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Close key.Binding
}

// Owns says whether a message addressed to id is this modal's.
func (m *Model) Owns(id uint64) bool { return id == m.id }

// New builds the modal for ref; title names the thing ("LIC-000042").
func New(ctx *common.Context, ref model.Ref, title string) common.Modal {
	if !strings.HasPrefix(title, "History") {
		title = "History of " + title
	}
	k := ctx.Keys
	// A read-only box closes on whichever key the hand reaches for: enter,
	// which opened it, too.
	closeKey := k.Close
	closeKey.SetKeys(slices.Concat(k.Close.Keys(), []string{"enter"})...)
	m := &Model{ctx: ctx, id: common.NewID(), ref: ref, title: title,
		keys: keyMap{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown, Top: k.Top, Bottom: k.Bottom, Close: closeKey}}
	m.vp = viewport.New(0, 0)
	m.vp.KeyMap = viewport.KeyMap{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown}
	m.SetSize(ctx.Width, ctx.Height)
	return m
}

// Init loads the history.
func (m *Model) Init() tea.Cmd {
	svc, ref, id := m.ctx.Svc, m.ref, m.id
	return func() tea.Msg {
		org, err := svc.Org()
		if err != nil {
			return loadedMsg{id: id, err: err}
		}
		events, err := svc.HistoryOf(ref)
		return loadedMsg{id: id, events: events, currency: org.Currency, err: err}
	}
}

// Update scrolls and closes; it takes its own loaded events and ignores
// every other modal's and tab's messages.
func (m *Model) Update(msg tea.Msg) (common.Modal, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.id == m.id {
			m.loaded, m.events, m.currency, m.err = true, msg.events, msg.currency, msg.err
			m.layout()
		}
		return m, nil
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, m.keys.Close):
			return m, common.Close(nil)
		case key.Matches(msg, m.keys.Top):
			m.vp.GotoTop()
			return m, nil
		case key.Matches(msg, m.keys.Bottom):
			m.vp.GotoBottom()
			return m, nil
		}
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, cmd
	}
	return m, nil
}

// SetSize sizes the box to the tab area: as wide as fits up to MaxWidth,
// as tall as the events need up to the area's height.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.layout()
}

// Help lists the scroll keys only when there is something to scroll to.
func (m *Model) Busy() bool { return !m.loaded }

func (m *Model) Help() help.KeyMap {
	k := m.keys
	if m.vp.TotalLineCount() > m.vp.Height {
		return common.KeyList{k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom, k.Close}
	}
	return common.KeyList{k.Close}
}

// View draws the bordered box.
func (m *Model) View() string {
	st := m.ctx.Styles
	inner := m.innerWidth()
	head := st.ModalTitle.Render(ansi.Truncate(m.title, inner, "…"))
	if m.loaded && m.err == nil {
		head += st.Subtle.Render(ansi.Truncate(" · "+common.Plural(len(m.events), "event", "events"), max(inner-ansi.StringWidth(m.title), 0), "…"))
	}
	lines := []string{head}
	switch {
	case !m.loaded:
		lines = append(lines, st.Subtle.Render("loading…"))
	case m.err != nil:
		lines = append(lines, st.StatusErr.Render(ansi.Wrap(m.err.Error(), inner, " ")))
	case len(m.events) == 0:
		lines = append(lines, st.Subtle.Render(ansi.Wrap("No events about "+strings.TrimPrefix(m.title, "History of ")+" yet.", inner, " ")))
	default:
		lines = append(lines, st.TableHeader.Render(m.cols.header()), m.vp.View())
		if m.vp.TotalLineCount() > m.vp.Height {
			first := m.vp.YOffset + 1
			last := min(m.vp.YOffset+m.vp.Height, m.vp.TotalLineCount())
			lines = append(lines, st.Subtle.Render(fmt.Sprintf("lines %d–%d of %d", first, last, m.vp.TotalLineCount())))
		}
	}
	return st.Modal.Width(inner + st.Modal.GetHorizontalPadding()).Render(strings.Join(lines, "\n"))
}

// innerWidth is the text width inside border and padding.
func (m *Model) innerWidth() int {
	frame := m.ctx.Styles.Modal.GetHorizontalFrameSize()
	return max(min(m.width, MaxWidth)-frame, 10)
}

// layout renders the events for the current width into the viewport; it
// runs on load and resize, never in View.
func (m *Model) layout() {
	inner := m.innerWidth()
	m.cols = columnsFor(m.events, inner)
	var b strings.Builder
	for i, e := range m.events {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(m.cols.row(e, Subject(e, m.ref), Change(e, m.currency)))
	}
	m.vp.Width = inner
	m.vp.SetContent(b.String())
	// Border (2), title, header, and a position line when it scrolls.
	avail := max(m.height-m.ctx.Styles.Modal.GetVerticalFrameSize()-2, 1)
	h := min(m.vp.TotalLineCount(), avail)
	if m.vp.TotalLineCount() > avail {
		h = max(avail-1, 1)
	}
	m.vp.Height = h
	m.vp.SetYOffset(m.vp.YOffset)
}
