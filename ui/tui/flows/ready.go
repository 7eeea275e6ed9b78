package flows

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/ui/tui/common"
)

// ReadyMsg carries data loaded for an action back to the tab that asked;
// the tab hands it to For in Update, which builds the modal there.
type ReadyMsg struct {
	tab  uint64
	open func() tea.Cmd
	err  error
}

func (m ReadyMsg) To() uint64 { return m.tab }

// For returns the command that opens the prepared modal (or shows why the
// data could not be loaded) when the message belongs to tab.
func (m ReadyMsg) For(tab uint64) (tea.Cmd, bool) {
	if m.tab != tab {
		return nil, false
	}
	if m.err != nil {
		return common.Fail(m.err), true
	}
	return m.open(), true
}

// Prepare loads what a modal needs in a command, then lets open build the
// modal in Update: the loaded value travels in the message, so open never
// reads state a later Update may have changed.
func Prepare[T any](tab uint64, load func() (T, error), open func(T) tea.Cmd) tea.Cmd {
	return func() tea.Msg {
		v, err := load()
		if err != nil {
			return ReadyMsg{tab: tab, err: err}
		}
		return ReadyMsg{tab: tab, open: func() tea.Cmd { return open(v) }}
	}
}
