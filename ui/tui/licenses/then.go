package licenses

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
)

// thenForm is a form whose successful submit opens a next modal (a
// confirmation) instead of finishing the action: the form's submit only
// checks, the next modal acts. form.Model has no such hook, so this wraps
// it: a submit result is the only non-key message after which the form
// closes, and then its close is redirected to open the next modal.
type thenForm struct {
	*form.Model
	next func(form.Values) common.Modal
}

func then(f *form.Model, next func(form.Values) common.Modal) *thenForm {
	return &thenForm{Model: f, next: next}
}

func (t *thenForm) Update(msg tea.Msg) (common.Modal, tea.Cmd) {
	_, cmd := t.Model.Update(msg)
	if _, isKey := msg.(tea.KeyMsg); isKey || cmd == nil {
		return t, cmd
	}
	// The form blocks input while it submits, so these are the values submitted.
	vals, next := t.Model.Values(), t.next
	return t, func() tea.Msg {
		m := cmd()
		c, ok := m.(common.CloseModalMsg)
		if !ok || c.Then == nil {
			return m
		}
		then := c.Then()
		if done, ok := then.(common.ActionDoneMsg); ok && done.Err == nil {
			return common.CloseModalMsg{Then: common.Open(next(vals))}
		}
		return common.CloseModalMsg{Then: func() tea.Msg { return then }}
	}
}
