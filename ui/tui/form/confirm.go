package form

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/ui/tui/common"
)

// actDoneMsg carries a confirmed act's result back to its modal.
type actDoneMsg struct {
	id     uint64
	status string
	err    error
}

func (m actDoneMsg) To() uint64 { return m.id }

// ConfirmModel is a yes/no question. Build it with Confirm.
type ConfirmModel struct {
	ctx     *common.Context
	id      uint64
	title   string
	detail  []string
	act     func() (string, error)
	yes     bool // focus on [Yes]
	working bool

	width, height int
}

// Confirm is a yes/no question for destructive actions; detail lines explain
// the consequences. y confirms, n or esc cancels; ←/→ (and h/l, tab,
// shift+tab) move between [Yes] and [No], enter activates the focused button
// (default focus: No). On yes, act runs in a tea.Cmd while the modal shows
// "working…"; then the modal closes (common.CloseModalMsg) and its Then
// yields common.ActionDoneMsg{Status, Err}.
func Confirm(ctx *common.Context, title string, detail []string, act func() (status string, err error)) *ConfirmModel {
	return &ConfirmModel{ctx: ctx, id: common.NewID(), title: title, detail: detail, act: act}
}

// Owns says whether a message addressed to id is this modal's.
func (m *ConfirmModel) Owns(id uint64) bool { return id == m.id }

// Init does nothing: the question waits for a key.
func (m *ConfirmModel) Init() tea.Cmd { return nil }

// SetSize gives the modal the space it may draw in.
func (m *ConfirmModel) SetSize(w, h int) { m.width, m.height = w, h }

// Update handles the keys and the act's result.
func (m *ConfirmModel) Update(msg tea.Msg) (common.Modal, tea.Cmd) {
	switch msg := msg.(type) {
	case actDoneMsg:
		if msg.id != m.id {
			return m, nil
		}
		m.working = false
		done := common.ActionDoneMsg{Status: msg.status, Err: msg.err}
		return m, common.Close(func() tea.Msg { return done })
	case tea.KeyMsg:
		if m.working {
			return m, nil
		}
		keys := m.ctx.Keys
		switch {
		case key.Matches(msg, keys.Confirm):
			return m, m.run()
		case key.Matches(msg, keys.Cancel):
			return m, common.Close(common.Status("cancelled"))
		case key.Matches(msg, keys.OptionPrev, keys.OptionNext, keys.NextTab, keys.PrevTab):
			// tab and shift+tab (a modal gets them) move as well.
			m.yes = !m.yes
		case key.Matches(msg, keys.Submit):
			if m.yes {
				return m, m.run()
			}
			return m, common.Close(common.Status("cancelled"))
		}
	}
	return m, nil
}

func (m *ConfirmModel) run() tea.Cmd {
	m.working = true
	id, act := m.id, m.act
	return func() tea.Msg {
		s, err := safely(act)
		return actDoneMsg{id: id, status: s, err: err}
	}
}

// Help lists the keys that work now.
func (m *ConfirmModel) Help() help.KeyMap {
	if m.working {
		return common.KeyList{}
	}
	enter := m.ctx.Keys.Submit
	if m.yes {
		enter.SetHelp("enter", "yes")
	} else {
		enter.SetHelp("enter", "no")
	}
	return common.KeyList{m.ctx.Keys.Confirm, m.ctx.Keys.Cancel, m.ctx.Keys.OptionPrev, enter}
}

// View draws the question box, as narrow as its text allows.
func (m *ConfirmModel) View() string {
	st := m.ctx.Styles
	w, h := size(m.ctx, m.width, m.height)
	maxW := innerWidth(m.ctx, w)

	yes, no := "  [ Yes ]", "  [ No ]"
	if m.yes {
		yes = st.FormFocused.Render("› [ Yes ]")
	} else {
		no = st.FormFocused.Render("› [ No ]")
	}
	buttons := yes + "   " + no
	if m.working {
		buttons = st.Spinner.Render(Working)
	}

	iw := max(ansi.StringWidth(m.title), 36)
	for _, d := range m.detail {
		iw = max(iw, ansi.StringWidth(d))
	}
	iw = min(iw, maxW)

	lines := []string{}
	for _, l := range wrap(m.title, iw) {
		lines = append(lines, st.ModalTitle.Render(l))
	}
	var detail []string
	for _, d := range m.detail {
		if d == "" {
			detail = append(detail, "")
			continue
		}
		detail = append(detail, wrap(d, iw)...)
	}
	if len(detail) > 0 {
		room := max(innerHeight(m.ctx, h)-len(lines)-3, 1)
		if len(detail) > room {
			detail = append(detail[:room-1:room-1], "…")
		}
		lines = append(lines, "")
		lines = append(lines, detail...)
	}
	pad := max((iw-ansi.StringWidth(buttons))/2, 0)
	lines = append(lines, "", strings.Repeat(" ", pad)+buttons)
	return box(m.ctx, lines, iw)
}

var _ common.Modal = (*ConfirmModel)(nil)
