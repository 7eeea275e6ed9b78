// Package form holds the modals every create, edit, assign and destructive
// action uses: a form of fields (text, secret, select, checkbox) and a
// yes/no confirmation. Both are common.Modal values the root draws over the
// active tab.
//
// Neither does I/O in Update or View: the domain action, the live info
// note and the confirmed act all run in the tea.Cmd the modal returns, and
// their results come back as messages tagged with the modal's id (the root
// shows every message to every open modal, so each ignores what is not its
// own).
package form

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
)

// Field is one input of a form.
type Field struct {
	Key     string   // key in Values
	Label   string   // shown left of the input
	Value   string   // initial value
	Hint    string   // shown dimmed after the field when focused (e.g. "YYYY-MM-DD", "12.50")
	Options []string // when set, a select: ←/→ (and h/l) cycle the options; Value must be one of them
	// Pick makes a field with Options a Picker: a filterable list for
	// choosing a product, a user or an asset among many. An empty option
	// is shown as the Placeholder.
	Pick bool
	// Multi makes a Pick field choose any number of options (space
	// toggles); Value and the field's value are them joined by Separator.
	Multi    bool
	Checkbox bool // a toggle (space/x); value "yes" or ""
	Secret   bool // masked input (a password-like one-line value)
	// Multiline makes the field a text area (notes, license keys): enter
	// starts a new line, tab moves on. A text field whose Value already
	// holds a newline is one too, so no form joins lines it was given.
	Multiline   bool
	Placeholder string             // shown dimmed while the field is empty
	Validate    func(string) error // instant local check as you type; error shown inline under the field
}

// Values are a form's values by field key.
type Values map[string]string

// Bool is a checkbox's value.
func (v Values) Bool(key string) bool { return v[key] != "" }

// Working is shown while a submit, an act or an info note is computed.
const Working = "working…"

// infoDebounce is how long the form waits after the last change before it
// recomputes the info note.
const infoDebounce = 150 * time.Millisecond

// MaxWidth is the widest a modal draws, border included.
const MaxWidth = 70

// Messages a modal sends itself. id names the modal, gen the info request.
type (
	submitDoneMsg struct {
		id     uint64
		vals   Values // what was submitted, for Then
		status string
		err    error
	}
	infoTickMsg struct{ id, gen uint64 }
	infoMsg     struct {
		id, gen uint64
		text    string
	}
)

func (m submitDoneMsg) To() uint64 { return m.id }
func (m infoTickMsg) To() uint64   { return m.id }
func (m infoMsg) To() uint64       { return m.id }

// Owns says whether a message addressed to id is this modal's.
func (m *Model) Owns(id uint64) bool { return id == m.id }

type fieldKind int

const (
	kindText fieldKind = iota
	kindArea
	kindSelect
	kindPick
	kindCheckbox
	kindAgreement
)

// field is a Field with its editing state.
type field struct {
	Field
	kind    fieldKind
	input   textinput.Model // kindText
	area    textarea.Model  // kindArea
	opt     int             // kindSelect: index into Options
	pick    *Picker         // kindPick
	checked bool            // kindCheckbox, kindAgreement
	err     error           // the field's own check, or the agreement refusal
}

func (f *field) value() string {
	switch f.kind {
	case kindSelect:
		return f.Options[f.opt]
	case kindPick:
		return f.pick.Value()
	case kindCheckbox, kindAgreement:
		if f.checked {
			return "yes"
		}
		return ""
	case kindArea:
		return f.area.Value()
	}
	return f.input.Value()
}

// typed reports whether the field takes text (a key goes to its input).
func (f *field) typed() bool { return f.kind == kindText || f.kind == kindArea }

// check runs the field's Validate and keeps its error.
func (f *field) check() {
	f.err = nil
	if f.kind == kindPick && !f.pick.Multi() && f.pick.Matches() == 0 {
		f.err = fmt.Errorf("nothing matches %q: change the filter", f.pick.Filter())
		return
	}
	if f.Validate != nil && f.kind != kindAgreement {
		f.err = f.Validate(f.value())
	}
}

// Model is a form modal. Build it with New; it is used by pointer.
type Model struct {
	ctx    *common.Context
	id     uint64
	title  string
	fields []*field
	focus  int
	submit func(Values) (string, error)
	next   func(Values) common.Modal // see Then

	info      func(Values) string
	infoText  string
	infoGen   uint64
	infoBusy  bool
	debounce  time.Duration
	lastVals  string // the values the info note was last asked for
	working   bool
	submitErr error

	width, height int
	top           int // first field drawn when the fields scroll
}

// New builds a form; submit runs in a tea.Cmd (never in Update) and does the
// domain action; its error (a one-line *model.Error from the domain) is shown
// inline in the form, which stays open with what was typed; on success the
// form closes and the root shows status in the status line and reloads (the
// form sends common.CloseModalMsg whose Then yields
// common.ActionDoneMsg{Status: status}). A nil submit checks nothing: for
// a form whose Then acts.
func New(ctx *common.Context, title string, fields []Field, submit func(Values) (status string, err error)) *Model {
	m := &Model{ctx: ctx, id: common.NewID(), title: title, submit: submit, debounce: infoDebounce}
	for _, fd := range fields {
		m.fields = append(m.fields, m.newField(fd))
	}
	m.focusField(0)
	return m
}

func (m *Model) newField(fd Field) *field {
	f := &field{Field: fd}
	st := m.ctx.Styles
	switch {
	case fd.Pick && fd.Multi:
		f.kind = kindPick
		f.pick = NewMultiPicker(st, fd.Options, Split(fd.Value))
	case len(fd.Options) > 0 && fd.Pick:
		f.kind = kindPick
		none := fd.Placeholder
		if none == "" {
			none = "(none)"
		}
		f.pick = NewPicker(st, fd.Options, fd.Value, none)
	case len(fd.Options) > 0:
		f.kind = kindSelect
		for i, o := range fd.Options {
			if o == fd.Value {
				f.opt = i
			}
		}
	case fd.Checkbox:
		f.kind = kindCheckbox
		f.checked = fd.Value != ""
	case fd.Multiline || strings.Contains(fd.Value, "\n"):
		f.kind = kindArea
		f.area = newArea(st, fd)
	default:
		f.kind = kindText
		ti := newInput(st)
		ti.Placeholder = fd.Placeholder
		if fd.Secret {
			ti.EchoMode = textinput.EchoPassword
			ti.EchoCharacter = '•'
		}
		ti.SetValue(fd.Value)
		f.input = ti
	}
	return f
}

// newArea is a multi-line input holding fd.Value as it is.
func newArea(st common.Styles, fd Field) textarea.Model {
	ta := textarea.New()
	ta.Prompt = ""
	ta.ShowLineNumbers = false
	ta.CharLimit = 0
	ta.MaxHeight = 0
	ta.Placeholder = fd.Placeholder
	ta.Cursor.SetMode(cursor.CursorStatic)
	ta.Cursor.Style = st.App
	ta.Cursor.TextStyle = st.App
	// Styles bound to the session's renderer (the defaults are not).
	style := textarea.Style{Base: st.App, CursorLine: st.App, CursorLineNumber: st.Subtle, EndOfBuffer: st.Subtle,
		LineNumber: st.Subtle, Placeholder: st.Subtle, Prompt: st.App, Text: st.App}
	ta.FocusedStyle, ta.BlurredStyle = style, style
	ta.SetValue(fd.Value)
	ta.Blur()
	return ta
}

// WithInfo sets a live note under the fields, recomputed when values change:
// info runs in a tea.Cmd (it may call the domain, e.g. a price quote) and
// returns the text to show (errors shown as the text). Changes are debounced
// and generation-counted, so stale results are dropped.
func (m *Model) WithInfo(info func(Values) string) *Model {
	m.info = info
	return m
}

// WithAgreement adds a required checkbox (e.g. "I agree to the license terms
// and the charge shown") as the last field: submit is refused inline until
// it is ticked. It is not part of Values.
func (m *Model) WithAgreement(label string) *Model {
	m.fields = append(m.fields, &field{Field: Field{Label: label}, kind: kindAgreement})
	return m
}

// Then makes the form the first step of an action that a second modal
// completes, usually a Confirm (every destructive action ends in one):
// submit only checks, and once it succeeds the form closes and next opens
// with the submitted values; submit's status is not shown. next runs in
// Update, so it must not do I/O. With a nil submit the next modal opens at
// once, without a command.
func (m *Model) Then(next func(Values) common.Modal) *Model {
	m.next = next
	return m
}

// Values returns what the form holds now (the agreement left out).
func (m *Model) Values() Values {
	v := Values{}
	for _, f := range m.fields {
		if f.kind != kindAgreement {
			v[f.Key] = f.value()
		}
	}
	return v
}

// Init starts the info note, if any.
func (m *Model) Init() tea.Cmd {
	if m.info == nil {
		return nil
	}
	m.lastVals = m.valuesKey()
	m.infoGen++
	return m.runInfo(m.infoGen)
}

// SetSize gives the modal the space it may draw in (it centres itself in
// nothing: the root places it).
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.sizeInputs()
	m.scroll()
}

// Update handles keys and the modal's own results.
func (m *Model) Update(msg tea.Msg) (common.Modal, tea.Cmd) {
	switch msg := msg.(type) {
	case submitDoneMsg:
		if msg.id != m.id {
			return m, nil
		}
		m.working = false
		if model.IsUnchanged(msg.err) {
			// The domain wrote nothing: say so, and there is nothing to reload.
			return m, common.Close(common.Status(msg.err.Error()))
		}
		if msg.err != nil {
			m.submitErr = msg.err
			m.scroll()
			return m, nil
		}
		return m, m.done(msg.vals, msg.status)

	case infoTickMsg:
		if msg.id != m.id || msg.gen != m.infoGen {
			return m, nil
		}
		return m, m.runInfo(msg.gen)

	case infoMsg:
		if msg.id != m.id || msg.gen != m.infoGen {
			return m, nil // stale: the values changed since it was asked
		}
		m.infoText, m.infoBusy = msg.text, false
		m.scroll()
		return m, nil

	case tea.KeyMsg:
		if m.working {
			return m, nil // a second enter (or anything else) waits for the result
		}
		cmd := m.handleKey(msg)
		return m, tea.Batch(cmd, m.changed())
	}

	// Anything else (a paste result) goes to the focused text input.
	if f := m.focused(); f != nil && f.typed() {
		return m, tea.Batch(f.update(msg), m.changed())
	}
	return m, nil
}

// cancelKey is the keymap's cancel without n, which a form takes as text.
func cancelKey(keys common.KeyMap) key.Binding {
	k := keys.Cancel
	k.SetKeys("esc")
	k.SetHelp("esc", "cancel")
	return k
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	keys := m.ctx.Keys
	f := m.focused()
	if f != nil && f.kind == kindPick {
		if cmd, ok := f.pick.HandleKey(msg); ok {
			return cmd
		}
	}
	switch {
	case key.Matches(msg, cancelKey(keys)):
		return common.Close(common.Status("cancelled"))
	case key.Matches(msg, keys.Save):
		return m.trySubmit()
	case f != nil && f.kind == kindArea && key.Matches(msg, keys.Submit):
		return f.update(msg) // a new line
	case key.Matches(msg, keys.Submit):
		if m.focus >= len(m.fields)-1 {
			return m.trySubmit()
		}
		m.focusField(m.focus + 1)
		return nil
	case key.Matches(msg, keys.NextField):
		m.focusField(m.focus + 1)
		return nil
	case key.Matches(msg, keys.PrevField):
		m.focusField(m.focus - 1)
		return nil
	}
	if f == nil {
		return nil
	}
	switch f.kind {
	case kindSelect:
		switch {
		case key.Matches(msg, keys.OptionPrev):
			f.opt = (f.opt + len(f.Options) - 1) % len(f.Options)
		case key.Matches(msg, keys.OptionNext):
			f.opt = (f.opt + 1) % len(f.Options)
		}
	case kindCheckbox, kindAgreement:
		if key.Matches(msg, keys.Toggle) {
			f.checked = !f.checked
		}
	case kindText, kindArea:
		return f.update(msg)
	}
	return nil
}

// update hands msg to the field's text input.
func (f *field) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	if f.kind == kindArea {
		f.area, cmd = f.area.Update(msg)
	} else {
		f.input, cmd = f.input.Update(msg)
	}
	return cmd
}

// changed re-checks the focused field and asks for a new info note when the
// values differ from the last ones seen.
func (m *Model) changed() tea.Cmd {
	vk := m.valuesKey()
	if vk == m.lastVals {
		return nil
	}
	m.lastVals = vk
	if f := m.focused(); f != nil {
		f.check() // also clears the agreement's refusal once ticked
	}
	m.sizeInputs() // a text area grows with its lines
	m.scroll()
	if m.info == nil {
		return nil
	}
	m.infoGen++
	m.infoBusy = true
	if m.debounce <= 0 {
		return m.runInfo(m.infoGen)
	}
	id, gen := m.id, m.infoGen
	return tea.Tick(m.debounce, func(time.Time) tea.Msg { return infoTickMsg{id: id, gen: gen} })
}

// runInfo computes the info note for the current values in a command.
func (m *Model) runInfo(gen uint64) tea.Cmd {
	m.infoBusy = true
	id, vals, info := m.id, m.Values(), m.info
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = infoMsg{id: id, gen: gen, text: fmt.Sprint("error: ", r)}
			}
		}()
		return infoMsg{id: id, gen: gen, text: info(vals)}
	}
}

// trySubmit checks every field and the agreement, then runs submit in a
// command.
func (m *Model) trySubmit() tea.Cmd {
	first := -1
	for i, f := range m.fields {
		f.check()
		if f.kind == kindAgreement && !f.checked {
			f.err = errAgree
		}
		if f.err != nil && first < 0 {
			first = i
		}
	}
	if first >= 0 {
		m.focusField(first)
		return nil
	}
	if m.submit == nil {
		return m.done(m.Values(), "")
	}
	m.working, m.submitErr = true, nil
	m.scroll()
	id, vals, submit := m.id, m.Values(), m.submit
	return func() tea.Msg {
		s, err := safely(func() (string, error) { return submit(vals) })
		return submitDoneMsg{id: id, vals: vals, status: s, err: err}
	}
}

// safely runs a submit or a confirmed act, a panic in it becoming its
// error: a bug in one action shows in its modal instead of ending the UI.
func safely(act func() (string, error)) (status string, err error) {
	defer func() {
		if r := recover(); r != nil {
			status, err = "", fmt.Errorf("internal error: %v", r)
		}
	}()
	return act()
}

// done closes the form after a successful submit of vals: the root shows
// status and reloads, or, with Then, the next modal opens.
func (m *Model) done(vals Values, status string) tea.Cmd {
	if m.next != nil {
		return common.Close(common.Open(m.next(vals)))
	}
	return common.Close(func() tea.Msg { return common.ActionDoneMsg{Status: status} })
}

type agreeError struct{}

func (agreeError) Error() string { return "tick the box to agree before submitting" }

var errAgree error = agreeError{}

func (m *Model) focused() *field {
	if m.focus < 0 || m.focus >= len(m.fields) {
		return nil
	}
	return m.fields[m.focus]
}

// focusField moves the focus to field i (wrapping around).
func (m *Model) focusField(i int) {
	n := len(m.fields)
	if n == 0 {
		return
	}
	i = ((i % n) + n) % n
	if f := m.focused(); f != nil {
		switch f.kind {
		case kindText:
			f.input.Blur()
		case kindArea:
			f.area.Blur()
		case kindPick:
			f.pick.Blur()
		}
	}
	m.focus = i
	switch f := m.fields[i]; f.kind {
	case kindText:
		f.input.Focus()
		f.input.CursorEnd()
	case kindArea:
		f.area.Focus()
		f.area, _ = f.area.Update(nil) // scroll to the cursor
	case kindPick:
		f.pick.Focus()
	}
	m.sizeInputs()
	m.scroll()
}

// valuesKey is a comparable snapshot of every value (agreement included).
func (m *Model) valuesKey() string {
	var b strings.Builder
	for _, f := range m.fields {
		b.WriteString(f.value())
		b.WriteByte(0)
	}
	return b.String()
}

// Help lists the keys that work now.
func (m *Model) Help() help.KeyMap {
	if m.working {
		return common.KeyList{}
	}
	keys := m.ctx.Keys
	var kl common.KeyList
	if len(m.fields) > 1 {
		kl = append(kl, keys.NextField, keys.PrevField)
	}
	if f := m.focused(); f != nil {
		switch f.kind {
		case kindSelect:
			kl = append(kl, keys.OptionPrev)
		case kindPick:
			kl = append(kl, pickKeys...)
			if f.pick.Multi() {
				kl = append(kl, keys.Toggle)
			}
		case kindCheckbox, kindAgreement:
			kl = append(kl, keys.Toggle)
		}
	}
	enter := keys.Submit
	switch f := m.focused(); {
	case f != nil && f.kind == kindArea:
		enter.SetHelp("enter", "new line")
	case m.focus < len(m.fields)-1:
		enter.SetHelp("enter", "next field")
	}
	return append(kl, enter, keys.Save, cancelKey(keys))
}

// pickKeys are a focused picker's own keys, for the help.
var pickKeys = []key.Binding{
	key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "choose")),
	key.NewBinding(key.WithKeys("type"), key.WithHelp("type", "filter")),
}

var _ common.Modal = (*Model)(nil)

// Split is a comma-separated value as its items, empty ones dropped: a
// multi-select's Value as its options, or a list typed into a text field.
func Split(v string) []string {
	var out []string
	for _, c := range strings.Split(v, ",") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// newInput is a one-line text input in the session's styles: the
// defaults are bound to the process's renderer, not the session's.
func newInput(st common.Styles) textinput.Model {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.Cursor.Style = st.App
	ti.Cursor.TextStyle = st.App
	ti.TextStyle = st.App
	ti.PromptStyle = st.App
	ti.PlaceholderStyle = st.Subtle
	ti.CompletionStyle = st.Subtle
	return ti
}
