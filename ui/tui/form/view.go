package form

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/ui/tui/common"
)

// size is the space the modal may use: SetSize's, else the context's, else
// a classic terminal.
func size(ctx *common.Context, w, h int) (int, int) {
	if w <= 0 {
		w = ctx.Width
	}
	if h <= 0 {
		h = ctx.Height
	}
	if w <= 0 {
		w = 80
	}
	if h <= 0 {
		h = 24
	}
	return w, h
}

// innerWidth is the text width inside a modal box drawn in w columns.
func innerWidth(ctx *common.Context, w int) int {
	return max(min(MaxWidth, w)-ctx.Styles.Modal.GetHorizontalFrameSize(), 10)
}

// innerHeight is the number of text lines a modal box fits in h lines.
func innerHeight(ctx *common.Context, h int) int {
	return max(h-ctx.Styles.Modal.GetVerticalFrameSize(), 3)
}

// wrap word-wraps s (which may hold newlines) to w columns.
func wrap(s string, w int) []string {
	if s == "" {
		return nil
	}
	return strings.Split(ansi.Wrap(s, max(w, 1), ""), "\n")
}

// box draws lines (each padded to w) in the modal style.
func box(ctx *common.Context, lines []string, w int) string {
	for i, l := range lines {
		lines[i] = common.Fit(l, w)
	}
	return ctx.Styles.Modal.Render(strings.Join(lines, "\n"))
}

// --- form ---

// cols is the form's column layout for the current size.
type cols struct {
	inner int // text width inside the box
	label int // label column
	value int // columns right of the label
}

func (m *Model) cols() cols {
	w, _ := size(m.ctx, m.width, m.height)
	c := cols{inner: innerWidth(m.ctx, w)}
	for _, f := range m.fields {
		if f.kind != kindAgreement {
			c.label = max(c.label, ansi.StringWidth(f.Label))
		}
	}
	c.label = min(c.label, max(6, c.inner/3))
	c.value = max(c.inner-2-c.label-1, 4)
	return c
}

// sizeInputs fits the text inputs to the value column, leaving room for the
// focused field's hint.
func (m *Model) sizeInputs() {
	c := m.cols()
	for i, f := range m.fields {
		if f.kind == kindArea {
			if f.area.Width() != c.value-1 {
				f.area.SetWidth(c.value - 1)
			}
			if h := min(areaRows(f.area.Value(), f.area.Width()), maxAreaHeight); f.area.Height() != h {
				f.area.SetHeight(h)
			}
			continue
		}
		if f.kind != kindText {
			continue
		}
		w := c.value - 1 // the cursor takes one more cell
		if hw := ansi.StringWidth(f.Hint); i == m.focus && hw > 0 && w-hw-2 >= 8 {
			w -= hw + 2
		}
		if f.input.Width != w {
			f.input.Width = w
			f.input.SetCursor(f.input.Position()) // re-window the value
		}
	}
}

// maxAreaHeight is the most lines a text area shows; it scrolls beyond.
const maxAreaHeight = 4

// areaRows is how many lines s takes wrapped to w columns (at least one).
func areaRows(s string, w int) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n += max(len(wrap(l, w)), 1)
	}
	return n
}

// areaText is a blurred text area: its first lines, or its placeholder.
func areaText(st common.Styles, f *field, w int) []string {
	v := f.area.Value()
	if v == "" {
		return []string{st.Subtle.Render(ansi.Truncate(f.Placeholder, w, "…"))}
	}
	var rows []string
	for _, l := range strings.Split(v, "\n") {
		rows = append(rows, wrap(l, w)...)
		if len(wrap(l, w)) == 0 {
			rows = append(rows, "")
		}
	}
	return rows[:min(len(rows), maxAreaHeight)]
}

// fieldLines draws field i: its line(s) and any error under it.
func (m *Model) fieldLines(i int, c cols) []string {
	st := m.ctx.Styles
	f := m.fields[i]
	focused := i == m.focus
	marker, label := "  ", st.FormLabel
	if focused {
		marker, label = st.FormFocused.Render("›")+" ", st.FormFocused
	}
	var lines []string
	indent := strings.Repeat(" ", 2+c.label+1)
	if f.kind == kindAgreement {
		box := "[ ] "
		if f.checked {
			box = "[x] "
		}
		indent = strings.Repeat(" ", 2+4)
		for j, l := range wrap(f.Label, c.inner-6) {
			if j == 0 {
				lines = append(lines, marker+label.Render(box+l))
			} else {
				lines = append(lines, indent+label.Render(l))
			}
		}
	} else {
		var val string
		hint := focused && f.Hint != ""
		switch f.kind {
		case kindText:
			val = f.input.View()
			hint = hint && ansi.StringWidth(f.Hint)+2 <= c.value-f.input.Width-1
		case kindArea:
			// Every line of the area, under the first beside the label;
			// blurred, the text from its start.
			rows := strings.Split(f.area.View(), "\n")
			if !focused {
				rows = areaText(st, f, f.area.Width())
			}
			val, hint = rows[0], false
			lbl := common.Fit(f.Label, c.label)
			lines = append(lines, marker+label.Render(lbl)+" "+val)
			for _, r := range rows[1:] {
				lines = append(lines, indent+r)
			}
			if n := areaRows(f.area.Value(), f.area.Width()); n > len(rows) {
				lines = append(lines, indent+st.Subtle.Render(fmt.Sprintf("↕ %d of %d lines shown", len(rows), n)))
			}
			if focused && f.Hint != "" {
				lines = append(lines, indent+st.FormHint.Render(ansi.Truncate(f.Hint, c.value, "…")))
			}
			return append(lines, m.errLines(f, c, indent)...)
		case kindPick:
			rows := f.pick.View(st, c.value, focused)
			lbl := common.Fit(f.Label, c.label)
			lines = append(lines, marker+label.Render(lbl)+" "+rows[0])
			for _, r := range rows[1:] {
				lines = append(lines, indent+r)
			}
			if focused && f.Hint != "" {
				lines = append(lines, indent+st.FormHint.Render(ansi.Truncate(f.Hint, c.value, "…")))
			}
			return append(lines, m.errLines(f, c, indent)...)
		case kindSelect:
			opt := ansi.Truncate(f.Options[f.opt], max(c.value-4, 1), "…")
			if focused {
				opt = st.FormFocused.Render(opt)
			}
			val = st.Subtle.Render("◂ ") + opt + st.Subtle.Render(" ▸")
		case kindCheckbox:
			val = "[ ]"
			if f.checked {
				val = "[x]"
			}
			if focused {
				val = st.FormFocused.Render(val)
			}
		}
		if hint {
			val = ansi.Truncate(val, c.value, "")
			pad := c.value - ansi.StringWidth(val) - ansi.StringWidth(f.Hint)
			if pad >= 2 {
				val += strings.Repeat(" ", pad) + st.FormHint.Render(f.Hint)
			}
		}
		lbl := common.Fit(f.Label, c.label)
		lines = append(lines, marker+label.Render(lbl)+" "+val)
	}
	return append(lines, m.errLines(f, c, indent)...)
}

// errLines draws a field's own error under it.
func (m *Model) errLines(f *field, c cols, indent string) []string {
	if f.err == nil {
		return nil
	}
	if c.inner-len(indent) < 20 {
		indent = "  "
	}
	var lines []string
	for _, l := range wrap(f.err.Error(), c.inner-len(indent)) {
		lines = append(lines, indent+m.ctx.Styles.FormError.Render(l))
	}
	return lines
}

// formLayout is everything but the fields, and how many lines the fields
// may take.
type formLayout struct {
	c              cols
	blocks         [][]string
	info, errLines []string
	fieldsH        int
	scrolls        bool
	capacity       int // field lines shown when scrolling (indicators aside)
}

func (m *Model) layout() formLayout {
	_, h := size(m.ctx, m.width, m.height)
	ih := innerHeight(m.ctx, h)
	l := formLayout{c: m.cols()}
	total := 0
	for i := range m.fields {
		b := m.fieldLines(i, l.c)
		l.blocks = append(l.blocks, b)
		total += len(b)
	}
	fixed := 4 // title, blank, blank, buttons
	if m.submitErr != nil {
		msg := m.submitErr.Error()
		if j := strings.IndexByte(msg, '\n'); j >= 0 {
			msg = msg[:j]
		}
		l.errLines = wrap(msg, l.c.inner)
		fixed += 1 + len(l.errLines)
	}
	if m.info != nil {
		text := m.infoText
		if text == "" && m.infoBusy {
			text = "…"
		}
		l.info = wrap(text, l.c.inner)
		if len(l.info) == 0 {
			l.info = []string{""}
		}
		room := max(ih-fixed-1-min(total, 3), 1)
		if len(l.info) > room {
			l.info = append(l.info[:room-1:room-1], "…")
		}
		fixed += 1 + len(l.info)
	}
	l.fieldsH = max(ih-fixed, 1)
	if total > l.fieldsH {
		l.scrolls = true
		l.capacity = max(l.fieldsH-2, 1)
	} else {
		l.fieldsH = total
	}
	return l
}

// topFor is the first field to draw so that the focused one shows, staying
// as close to the previous top as it can.
func (m *Model) topFor(l formLayout) int {
	if !l.scrolls {
		return 0
	}
	top := min(max(m.top, 0), len(l.blocks)-1)
	lines := func(from, to int) int { // lines of blocks from..to-1
		n := 0
		for i := from; i < to; i++ {
			n += len(l.blocks[i])
		}
		return n
	}
	// Pull back while everything from top-1 to the end fits.
	for top > 0 && lines(top-1, len(l.blocks)) <= l.capacity {
		top--
	}
	if m.focus < top {
		top = m.focus
	}
	for top < m.focus && lines(top, m.focus+1) > l.capacity {
		top++
	}
	return top
}

// scroll keeps the focused field in view.
func (m *Model) scroll() { m.top = m.topFor(m.layout()) }

// View draws the form box.
func (m *Model) View() string {
	st := m.ctx.Styles
	l := m.layout()
	lines := []string{st.ModalTitle.Render(m.title), ""}

	if !l.scrolls {
		for _, b := range l.blocks {
			lines = append(lines, b...)
		}
	} else {
		top := m.topFor(l)
		var body []string
		end := top
		for end < len(l.blocks) && len(body) < l.capacity {
			body = append(body, l.blocks[end]...)
			end++
		}
		if len(body) > l.capacity {
			body = body[:l.capacity]
		}
		for len(body) < l.capacity {
			body = append(body, "")
		}
		up, down := "", ""
		if top > 0 {
			up = st.Subtle.Render(fmt.Sprintf("  ↑ %d more", top))
		}
		if end < len(l.blocks) {
			down = st.Subtle.Render(fmt.Sprintf("  ↓ %d more", len(l.blocks)-end))
		}
		lines = append(lines, up)
		lines = append(lines, body...)
		lines = append(lines, down)
	}

	if l.info != nil {
		lines = append(lines, "")
		lines = append(lines, l.info...)
	}
	if l.errLines != nil {
		lines = append(lines, "")
		for _, e := range l.errLines {
			lines = append(lines, st.FormError.Render(e))
		}
	}
	lines = append(lines, "")
	if m.working {
		lines = append(lines, st.Spinner.Render(Working))
	} else {
		lines = append(lines, st.Key.Render("ctrl+s")+st.Subtle.Render(" submit · ")+
			st.Key.Render("esc")+st.Subtle.Render(" cancel"))
	}
	return box(m.ctx, lines, l.c.inner)
}
