package form

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/ui/tui/common"
)

// PickRows is the most options a picker shows at once; it scrolls beyond,
// so a list of 50 products or 5,000 users fits an 80×24 terminal.
const PickRows = 5

// Picker is the one filterable list every form field that chooses a
// product, a user or an asset uses: typing narrows the options (a
// case-insensitive substring match), ↑/↓ move, and the option under the
// cursor is the field's value (enter moves on with it). It does no I/O:
// the options are loaded before the form opens.
type Picker struct {
	options []string
	none    string // how the empty option is shown
	filter  textinput.Model
	matches []int // indexes into options, in order
	cur     int   // index into matches
	top     int   // first match shown
	// chosen is a multi-select's set of options (nil: a single choice,
	// the option under the cursor).
	chosen map[string]bool
}

// Separator joins a multi-select's chosen options in its value.
const Separator = ", "

// NewMultiPicker is a picker that chooses any number of options: space
// toggles the one under the cursor, typing still narrows the list. chosen
// are chosen at the start; any not among options is added to them, so an
// edit never drops a value it was given.
func NewMultiPicker(st common.Styles, options, chosen []string) *Picker {
	opts := slices.Clone(options)
	set := map[string]bool{}
	for _, c := range chosen {
		if !slices.Contains(opts, c) {
			opts = append(opts, c)
		}
		set[c] = true
	}
	p := NewPicker(st, opts, "", "")
	p.chosen = set
	return p
}

// Multi says whether the picker chooses any number of options.
func (p *Picker) Multi() bool { return p.chosen != nil }

// Chosen lists a multi-select's chosen options, in the options' order.
func (p *Picker) Chosen() []string {
	var out []string
	for _, o := range p.options {
		if p.chosen[o] {
			out = append(out, o)
		}
	}
	return out
}

// NewPicker is a picker over options, its cursor on value (or the first).
// none names the empty option, when options hold one.
func NewPicker(st common.Styles, options []string, value, none string) *Picker {
	ti := newInput(st)
	ti.Placeholder = "type to filter"
	p := &Picker{options: options, none: none, filter: ti}
	p.refilter()
	for i, m := range p.matches {
		if options[m] == value {
			p.cur = i
		}
	}
	p.window()
	return p
}

// Value is the option under the cursor ("" when nothing matches); a
// multi-select's is its chosen options joined by Separator.
func (p *Picker) Value() string {
	if p.Multi() {
		return strings.Join(p.Chosen(), Separator)
	}
	return p.current()
}

// Matches is how many options the filter keeps.
func (p *Picker) Matches() int { return len(p.matches) }

// Filter is what was typed.
func (p *Picker) Filter() string { return p.filter.Value() }

// Focus and Blur show or hide the filter's cursor.
func (p *Picker) Focus() { p.filter.Focus() }
func (p *Picker) Blur()  { p.filter.Blur() }

// HandleKey moves the cursor or edits the filter; ok is false for the keys
// the form takes (enter, tab, shift+tab, ctrl+s, and esc on an empty
// filter).
func (p *Picker) HandleKey(msg tea.KeyMsg) (cmd tea.Cmd, ok bool) {
	switch msg.String() {
	case "up", "ctrl+p":
		p.move(-1)
	case "down", "ctrl+n":
		p.move(1)
	case "pgup":
		p.move(-PickRows)
	case "pgdown":
		p.move(PickRows)
	case "home":
		p.move(-len(p.matches))
	case "end":
		p.move(len(p.matches))
	case "esc":
		if p.filter.Value() == "" {
			return nil, false
		}
		p.setFilter("")
	case "enter", "tab", "shift+tab", "ctrl+s", "ctrl+c":
		return nil, false
	case " ":
		if !p.Multi() {
			return p.edit(msg), true
		}
		if len(p.matches) > 0 {
			o := p.options[p.matches[p.cur]]
			p.chosen[o] = !p.chosen[o]
		}
	default:
		return p.edit(msg), true
	}
	return cmd, true
}

// edit types msg into the filter.
func (p *Picker) edit(msg tea.KeyMsg) tea.Cmd {
	keep := p.current()
	var cmd tea.Cmd
	p.filter, cmd = p.filter.Update(msg)
	p.narrowed(keep)
	return cmd
}

func (p *Picker) setFilter(s string) {
	keep := p.current()
	p.filter.SetValue(s)
	p.narrowed(keep)
}

// narrowed applies a changed filter; the option that was under the
// cursor (keep) stays under it while it matches.
func (p *Picker) narrowed(keep string) {
	p.refilter()
	p.cur = 0
	for i, m := range p.matches {
		if p.options[m] == keep {
			p.cur = i
		}
	}
	p.window()
}

// current is the option under the cursor ("" when nothing matches).
func (p *Picker) current() string {
	if len(p.matches) == 0 {
		return ""
	}
	return p.options[p.matches[p.cur]]
}

func (p *Picker) move(d int) {
	if len(p.matches) == 0 {
		return
	}
	p.cur = min(max(p.cur+d, 0), len(p.matches)-1)
	p.window()
}

// refilter keeps the options holding the filter, ignoring case.
func (p *Picker) refilter() {
	q := strings.ToLower(strings.TrimSpace(p.filter.Value()))
	p.matches = p.matches[:0]
	for i, o := range p.options {
		if q == "" || strings.Contains(strings.ToLower(p.label(o)), q) {
			p.matches = append(p.matches, i)
		}
	}
}

// window keeps the cursor inside the rows shown.
func (p *Picker) window() {
	if p.cur < p.top {
		p.top = p.cur
	}
	if p.cur >= p.top+PickRows {
		p.top = p.cur - PickRows + 1
	}
	p.top = max(min(p.top, len(p.matches)-PickRows), 0)
}

func (p *Picker) label(o string) string {
	if o == "" {
		return p.none
	}
	return o
}

// View draws the picker in w columns: focused, the filter line and the
// window of matches; blurred, only the chosen option.
func (p *Picker) View(st common.Styles, w int, focused bool) []string {
	if !focused && p.Multi() {
		return []string{ansi.Truncate(p.summary(), w, "…")}
	}
	if !focused {
		v := p.Value()
		if len(p.matches) == 0 {
			return []string{st.FormError.Render("nothing matches " + fmt.Sprintf("%q", p.filter.Value()))}
		}
		return []string{ansi.Truncate(p.label(v), w, "…")}
	}
	count := fmt.Sprintf(" %d/%d", len(p.matches), len(p.options))
	if p.Multi() {
		count = fmt.Sprintf(" %d chosen · %d/%d", len(p.Chosen()), len(p.matches), len(p.options))
	}
	p.filter.Width = max(w-ansi.StringWidth(count)-3, 4)
	head := st.Subtle.Render("/ ") + p.filter.View()
	head = common.Fit(head, max(w-ansi.StringWidth(count), 1)) + st.Subtle.Render(count)
	lines := []string{head}
	if len(p.matches) == 0 {
		return lines // the field's error says so
	}
	end := min(p.top+PickRows, len(p.matches))
	for i := p.top; i < end; i++ {
		opt := p.options[p.matches[i]]
		o := p.label(opt)
		if p.Multi() {
			box := "[ ] "
			if p.chosen[opt] {
				box = "[x] "
			}
			o = box + o
		}
		o = ansi.Truncate(o, max(w-2, 1), "…")
		if i == p.cur {
			lines = append(lines, st.FormFocused.Render("▸ "+o))
		} else {
			lines = append(lines, "  "+o)
		}
	}
	var more []string
	if p.top > 0 {
		more = append(more, fmt.Sprintf("↑ %d", p.top))
	}
	if n := len(p.matches) - end; n > 0 {
		more = append(more, fmt.Sprintf("↓ %d", n))
	}
	if len(more) > 0 {
		lines = append(lines, st.Subtle.Render("  "+strings.Join(more, " · ")+" more"))
	}
	return lines
}

// summary is a blurred multi-select: how many are chosen, and which.
func (p *Picker) summary() string {
	c := p.Chosen()
	if len(c) == 0 {
		return "none chosen"
	}
	return fmt.Sprintf("%d: %s", len(c), strings.Join(c, Separator))
}
