package table

import (
	"github.com/seats/seats/ui/termsafe"
	"strconv"
	"strings"
	"unsafe"

	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// gutter is the cells before the first column: the cursor mark › and the
// row mark •.
const gutter = 2

const (
	cursorMark = "›"
	rowMark    = "•"
	ellipsis   = "…"
)

// slot is one column on screen and its width.
type slot struct{ col, width int }

// layout fits the columns into width: at their preferred widths, the
// spare going to flex columns; when too wide, shrunk toward their Min
// (flex columns first, then the most droppable); when even that is too
// wide, the column with the highest Priority is dropped and the rest laid
// out again. If only undroppable columns are left and they still do not
// fit, they are cut at the right edge.
func layout(cols []Column, width int) []slot {
	avail := width - gutter
	if avail <= 0 || len(cols) == 0 {
		return nil
	}
	pref := make([]int, len(cols))
	mins := make([]int, len(cols))
	for i, c := range cols {
		tw := max(ansi.StringWidth(c.Title), 1)
		pref[i] = c.Width
		if pref[i] <= 0 {
			pref[i] = tw
		}
		mins[i] = c.Min
		if mins[i] <= 0 {
			mins[i] = tw
		}
		mins[i] = max(min(mins[i], pref[i]), 1)
	}
	active := make([]int, len(cols))
	for i := range active {
		active[i] = i
	}
	for len(active) > 0 {
		need, minNeed := len(active)-1, len(active)-1 // the separators
		for _, c := range active {
			need += pref[c]
			minNeed += mins[c]
		}
		if minNeed <= avail {
			out := make([]slot, len(active))
			for i, c := range active {
				out[i] = slot{col: c, width: pref[c]}
			}
			if need <= avail {
				grow(cols, out, avail-need)
			} else {
				shrink(cols, out, mins, need-avail)
			}
			return out
		}
		drop := -1
		for i, c := range active {
			if p := cols[c].Priority; p > 0 && (drop < 0 || p >= cols[active[drop]].Priority) {
				drop = i
			}
		}
		if drop < 0 {
			break
		}
		active = append(active[:drop:drop], active[drop+1:]...)
	}
	// Only undroppable columns, too wide even at their narrowest.
	var out []slot
	x := 0
	for _, c := range active {
		w := min(mins[c], avail-x)
		if w <= 0 {
			break
		}
		out = append(out, slot{col: c, width: w})
		x += w + 1
	}
	return out
}

// grow shares spare cells among the flex columns.
func grow(cols []Column, out []slot, spare int) {
	var flex []int
	for i, s := range out {
		if cols[s.col].Flex {
			flex = append(flex, i)
		}
	}
	for k, i := range flex {
		add := spare / len(flex)
		if k < spare%len(flex) {
			add++
		}
		out[i].width += add
	}
}

// shrink takes excess cells away: from flex columns first, then from the
// columns that would be dropped first (highest Priority, rightmost),
// never below their Min.
func shrink(cols []Column, out []slot, mins []int, excess int) {
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	rank := func(i int) (bool, int) { c := cols[out[i].col]; return c.Flex, c.Priority }
	// Insertion sort: a handful of columns.
	for i := 1; i < len(order); i++ {
		for j := i; j > 0; j-- {
			af, ap := rank(order[j])
			bf, bp := rank(order[j-1])
			before := (af && !bf) || (af == bf && (ap > bp || (ap == bp && order[j] > order[j-1])))
			if !before {
				break
			}
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	for _, i := range order {
		if excess <= 0 {
			return
		}
		take := min(out[i].width-mins[out[i].col], excess)
		out[i].width -= take
		excess -= take
	}
}

// relayout recomputes the columns on screen after a resize.
func (m *Model) relayout() {
	m.lay = layout(m.cols, m.width)
	if w := max(m.width-24, 1); w != m.input.Width {
		m.edit(func(in *textinput.Model) { in.Width = w })
	}
}

// painter applies a style to one line. Most table styles only wrap text
// in escape sequences; for those the sequences are found once per frame
// (by rendering a probe) and written around each line directly, which is
// what makes a frame cheap. Any other style (padding, borders, underlined
// spaces, transforms) falls back to Render per line.
type painter struct {
	st       lipgloss.Style
	pre, suf string
	fast     bool
}

const probe = "x y"

// The styles a table paints with, as indices into its painter cache.
const (
	pCell = iota
	pSelected
	pMarked
	pHeader
	pSubtle
	pFilter
	pSpinner
	numPainters
)

// painters caches a table's painters between frames (finding a style's
// escape sequences costs a Render, several microseconds). It is shared by
// the copies of a model and only used on the UI goroutine. An entry holds
// the style it was made from and is redone when the style differs in any
// byte (a style is an immutable value: equal bytes, equal style) or the
// colour profile changed.
type painters [numPainters]struct {
	st      lipgloss.Style
	profile int // the default renderer's termenv.Profile
	p       painter
	valid   bool
}

const styleSize = unsafe.Sizeof(lipgloss.Style{})

func styleBytes(st *lipgloss.Style) string {
	return unsafe.String((*byte)(unsafe.Pointer(st)), styleSize)
}

func (ps *painters) get(i int, st *lipgloss.Style) painter {
	e := &ps[i]
	profile := int(lipgloss.ColorProfile())
	if !e.valid || e.profile != profile || styleBytes(&e.st) != styleBytes(st) {
		e.st, e.profile, e.p, e.valid = *st, profile, newPainter(*st), true
	}
	return e.p
}

func newPainter(st lipgloss.Style) painter {
	out := st.Render(probe)
	if i := strings.Index(out, probe); i >= 0 {
		pre, suf := out[:i], out[i+len(probe):]
		if ansi.Strip(pre) == "" && ansi.Strip(suf) == "" {
			return painter{pre: pre, suf: suf, fast: true}
		}
	}
	return painter{st: st}
}

// open starts a styled line at the end of b; close styles it.
func (p painter) open(b []byte) ([]byte, int) {
	if p.fast {
		return append(b, p.pre...), len(b)
	}
	return b, len(b)
}

func (p painter) close(b []byte, start int) []byte {
	if p.fast {
		return append(b, p.suf...)
	}
	line := string(b[start:])
	return append(b[:start], p.st.Render(line)...)
}

// text appends s styled.
func (p painter) text(b []byte, s string) []byte {
	b, at := p.open(b)
	b = append(b, s...)
	return p.close(b, at)
}

// View draws exactly height lines, none wider than width.
func (m Model) View() string {
	if m.height <= 0 || m.ctx == nil {
		return ""
	}
	w := max(m.width, 0)
	b := make([]byte, 0, (m.height+1)*(w+48))
	lines := 0
	if m.height >= 2 {
		b = m.header(b, w)
		lines++
	}
	bh := m.bodyHeight()
	if n := m.Len(); n == 0 {
		b = m.empty(b, w, bh)
	} else {
		st := &m.ctx.Styles
		cell := m.paint.get(pCell, &st.TableCell)
		sel := m.paint.get(pSelected, &st.TableSelected)
		var mark painter
		if len(m.markedPos) > 0 {
			mark = m.paint.get(pMarked, &st.TableMarked)
		}
		mi := 0 // index into markedPos
		for i := 0; i < bh; i++ {
			b = append(b, '\n')
			v := m.offset + i
			if v >= n {
				b = pad(b, w)
				continue
			}
			for mi < len(m.markedPos) && m.markedPos[mi] < v {
				mi++
			}
			marked := mi < len(m.markedPos) && m.markedPos[mi] == v
			p := cell
			switch {
			case v == m.cursor:
				p = sel
			case marked:
				p = mark
			}
			var at int
			b, at = p.open(b)
			b = m.rowLine(b, w, m.row(v), v == m.cursor, marked)
			b = p.close(b, at)
		}
	}
	lines += bh
	if lines > 0 {
		b = append(b, '\n')
	}
	b = m.status(b, w)
	// b is never written again: the frame can be its bytes.
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// header draws the column titles, the sort column marked ▲ or ▼.
func (m Model) header(b []byte, w int) []byte {
	p := m.paint.get(pHeader, &m.ctx.Styles.TableHeader)
	b, at := p.open(b)
	switch {
	case w >= gutter:
		b = append(b, "  "...)
	case w == 1:
		b = append(b, ' ')
	}
	x := gutter
	for i, s := range m.lay {
		if i > 0 {
			b = append(b, ' ')
			x++
		}
		c := m.cols[s.col]
		title := c.Title
		if s.col == m.sortCol {
			arrow := "▲"
			if m.reverse {
				arrow = "▼"
			}
			if s.width < 3 {
				title = arrow
			} else {
				var t []byte
				t = fitText(t, c.Title, s.width-2)
				title = string(append(append(t, ' '), arrow...))
			}
		}
		b = fit(b, title, s.width, c.Right)
		x += s.width
	}
	b = pad(b, w-min(x, w))
	return p.close(b, at)
}

// rowLine draws one row without its style, padded to w.
func (m Model) rowLine(b []byte, w, row int, cur, marked bool) []byte {
	if w < gutter {
		if w == 1 && cur {
			return append(b, cursorMark...)
		}
		return pad(b, w)
	}
	if cur {
		b = append(b, cursorMark...)
	} else {
		b = append(b, ' ')
	}
	if marked {
		b = append(b, rowMark...)
	} else {
		b = append(b, ' ')
	}
	x := gutter
	for i, s := range m.lay {
		if i > 0 {
			b = append(b, ' ')
			x++
		}
		b = fit(b, m.src.Cell(row, s.col), s.width, m.cols[s.col].Right)
		x += s.width
	}
	return pad(b, w-x)
}

// empty draws the body of an empty view: one centred line saying why.
func (m Model) empty(b []byte, w, bh int) []byte {
	msg := "no rows"
	switch {
	case m.busy:
		msg = "filtering…"
	case m.fquery != "":
		msg = "no matches for “" + m.fquery + "”"
	}
	p := m.paint.get(pSubtle, &m.ctx.Styles.Subtle)
	at := (bh - 1) / 2
	for i := 0; i < bh; i++ {
		b = append(b, '\n')
		if i != at {
			b = pad(b, w)
			continue
		}
		var start int
		b, start = p.open(b)
		mw := ansi.StringWidth(msg)
		if mw > w {
			var n int
			b, n = fitTextN(b, msg, w)
			b = pad(b, w-n)
		} else {
			left := (w - mw) / 2
			b = pad(b, left)
			b = append(b, msg...)
			b = pad(b, w-left-mw)
		}
		b = p.close(b, start)
	}
	return b
}

// status draws the bottom line: the filter and its counts while filtering
// or filtered, the cursor's position and the marks, and "…" while busy.
// StatusLine is the table's last line on its own (the filter being typed,
// the counts), for a tab that draws something else above it.
func (m Model) StatusLine() string {
	if m.ctx == nil {
		return ""
	}
	return string(m.status(nil, max(m.width, 0)))
}

func (m Model) status(b []byte, w int) []byte {
	st := &m.ctx.Styles
	total := 0
	if m.src != nil {
		total = m.src.Len()
	}
	n := m.Len()
	subtle := m.paint.get(pSubtle, &st.Subtle)
	var line []byte
	switch {
	case m.filtering:
		in := *m.input
		if ansi.StringWidth(in.Value())+1 <= in.Width {
			in.Width = 0 // fits: no padding, the counts follow the text
		}
		line = append(line, in.View()...)
		line = subtle.text(line, "  "+count(n)+" of "+count(total))
	case m.Query() != "":
		line = m.paint.get(pFilter, &st.TableFilter).text(line, "/"+m.Query())
		line = subtle.text(line, "  "+count(n)+" of "+count(total))
		if n > 0 {
			line = subtle.text(line, "  row "+count(m.cursor+1))
		}
	case n > 0:
		line = subtle.text(line, "row "+count(m.cursor+1)+" of "+count(n))
	}
	if k := len(m.markedPos); k > 0 && !m.stale() {
		line = subtle.text(line, "  ")
		line = m.paint.get(pMarked, &st.TableMarked).text(line, count(k)+" marked")
	}
	if m.busy {
		line = append(line, ' ')
		line = m.paint.get(pSpinner, &st.Spinner).text(line, ellipsis)
	}
	s := string(line)
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "")
		sw = ansi.StringWidth(s)
	}
	b = append(b, s...)
	return pad(b, w-sw)
}

// fit writes s in exactly w cells: cut with … when too wide, padded on
// the right (on the left when right is set).
func fit(b []byte, s string, w int, right bool) []byte {
	if w <= 0 {
		return b
	}
	plain := printable(s)
	if !plain {
		s = clean(s)
	}
	sw := len(s)
	if !plain {
		sw = ansi.StringWidth(s)
	}
	if sw > w {
		var n int
		b, n = fitTextN(b, s, w)
		return pad(b, w-n)
	}
	if right {
		b = pad(b, w-sw)
		return append(b, s...)
	}
	b = append(b, s...)
	return pad(b, w-sw)
}

// fitText appends s cut to at most w cells, ending in … when cut.
func fitText(b []byte, s string, w int) []byte {
	b, _ = fitTextN(b, s, w)
	return b
}

// fitTextN is fitText that also returns the cells written.
func fitTextN(b []byte, s string, w int) ([]byte, int) {
	if w <= 0 {
		return b, 0
	}
	if printable(s) {
		if len(s) <= w {
			return append(b, s...), len(s)
		}
		b = append(b, s[:w-1]...)
		return append(b, ellipsis...), w
	}
	t := ansi.Truncate(s, w, ellipsis)
	return append(b, t...), ansi.StringWidth(t)
}

// printable is true for printable ASCII: one cell per byte, nothing to
// clean.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// clean keeps a cell to one line of harmless text: line breaks and tabs
// would break the grid, and controls from the data must not reach the
// terminal.
func clean(s string) string { return termsafe.Line(s) }

const spaces = "                                                                                "

// pad appends n spaces.
func pad(b []byte, n int) []byte {
	for n > 0 {
		k := min(n, len(spaces))
		b = append(b, spaces[:k]...)
		n -= k
	}
	return b
}

// count formats n with thousands separators: 1,000,000.
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 || len(s) <= 3 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/3)
	lead := len(s) % 3
	if lead == 0 {
		lead = 3
	}
	b.WriteString(s[:lead])
	for i := lead; i < len(s); i += 3 {
		b.WriteByte(',')
		b.WriteString(s[i : i+3])
	}
	return b.String()
}
