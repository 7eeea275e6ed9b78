package kit

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
)

// keySave mirrors the form's own submit shortcut.
var keySave = key.NewBinding(key.WithKeys("ctrl+s"))

// Picker is a one-field form whose submit does not act: it closes and
// opens the next modal, a confirmation, because every destructive action
// ends in a Confirm (which license to unassign, which last work day).
type Picker struct {
	*form.Model
	ctx   *common.Context
	field form.Field
	next  func(form.Values) tea.Cmd
}

// Pick builds a picker over one field; next builds the command that opens
// what follows (it runs in Update, so it must not do I/O).
func Pick(ctx *common.Context, title string, f form.Field, next func(form.Values) tea.Cmd) *Picker {
	// The form never submits: the picker takes enter first whenever the
	// value is valid, and an invalid value stops the form's own submit.
	never := func(form.Values) (string, error) { return "", model.Invalidf("nothing to submit") }
	return &Picker{Model: form.New(ctx, title, []form.Field{f}, never), ctx: ctx, field: f, next: next}
}

// WithInfo sets the form's live note (see form.Model.WithInfo).
func (p *Picker) WithInfo(info func(form.Values) string) *Picker {
	p.Model.WithInfo(info)
	return p
}

// Update takes enter (and ctrl+s) when the value is valid; anything else,
// and an invalid submit (which the form then explains inline), goes to the
// form.
func (p *Picker) Update(msg tea.Msg) (common.Modal, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && (key.Matches(k, p.ctx.Keys.Submit) || key.Matches(k, keySave)) {
		v := p.Values()
		if p.field.Validate == nil || p.field.Validate(v[p.field.Key]) == nil {
			return p, common.Close(p.next(v))
		}
	}
	_, cmd := p.Model.Update(msg)
	return p, cmd
}

var _ common.Modal = (*Picker)(nil)
