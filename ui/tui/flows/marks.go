package flows

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/ui/tui/table"
)

// MarkKeys are the keys every tab with marks shares: mark every visible
// row, and clear the marks. esc clears the filter first when one is
// applied (the table's own key), the marks once none is.
type MarkKeys struct{ All, Clear key.Binding }

// Marks is the mark keys for rows as they are now: "mark all" while a
// visible row is unmarked, "clear marks" while rows are marked and no
// filter is applied.
func Marks(rows table.Model) MarkKeys {
	all := key.NewBinding(key.WithKeys("*", "ctrl+a"), key.WithHelp("*", "mark all"))
	clear := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear marks"))
	marked := len(rows.Marked())
	all.SetEnabled(rows.Len() > 0 && marked < rows.Len())
	clear.SetEnabled(marked > 0 && rows.Query() == "")
	return MarkKeys{All: all, Clear: clear}
}

// Bindings lists the enabled keys, for a tab's help.
func (k MarkKeys) Bindings() []key.Binding {
	var out []key.Binding
	for _, b := range []key.Binding{k.All, k.Clear} {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// HandleMarks runs the mark keys on rows; ok is false for any other key
// (and for these while they are disabled, so esc reaches the table).
func HandleMarks(msg tea.KeyMsg, rows *table.Model) (ok bool) {
	k := Marks(*rows)
	switch {
	case key.Matches(msg, k.All):
		rows.MarkAll()
	case key.Matches(msg, k.Clear):
		rows.ClearMarks()
	default:
		return false
	}
	return true
}
