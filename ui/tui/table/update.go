package table

import (
	"cmp"
	"slices"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// wheelStep is how many rows one mouse-wheel notch scrolls.
const wheelStep = 3

// job is one filter-and-sort of a source: everything it needs, captured
// when it starts, so it can run on another goroutine.
type job struct {
	table, gen uint64
	src        Source
	srcGen     uint64
	query      string
	// base, when reuse is set, is the filtered rows of query already
	// computed (nil with baseAll: every row): only the sort is redone.
	reuse   bool
	base    []int32
	baseAll bool
	sortCol int
	reverse bool
	// want is the ID to find (the row under the cursor), if hasWant.
	want    uint64
	hasWant bool
	guess   int // where want probably is (the old cursor position)
	// reload says the job brings a new source; otherwise it is a filter
	// or a sort of the rows on screen.
	reload  bool
	marks   map[uint64]struct{}
	markVer uint64
}

// resultMsg is a finished job. It is only taken by the table that made it
// (table) and only if it is the newest job (gen).
type resultMsg struct {
	table, gen uint64
	src        Source
	srcGen     uint64
	query      string
	filtered   []int32
	view       []int32
	fall, all  bool
	// at is the view position of the wanted ID (-1: gone or not asked);
	// want is that ID, markedPos the marked positions for markVer.
	want      uint64
	hasWant   bool
	at        int
	reload    bool
	markVer   uint64
	markedPos []int
}

func (r resultMsg) To() uint64 { return r.table }

func (j job) run() resultMsg {
	r := resultMsg{table: j.table, gen: j.gen, src: j.src, srcGen: j.srcGen, query: j.query,
		want: j.want, hasWant: j.hasWant, at: -1, reload: j.reload, markVer: j.markVer}
	n := j.src.Len()
	switch {
	case j.reuse:
		r.filtered, r.fall = j.base, j.baseAll
	case j.query == "":
		r.fall = true
	default:
		r.filtered = j.src.Filter(j.query)
	}
	r.view, r.all = r.filtered, r.fall
	if j.sortCol >= 0 && n > 1 {
		var v []int32
		if r.all {
			v = make([]int32, n)
			for i := range v {
				v[i] = int32(i)
			}
		} else {
			v = slices.Clone(r.filtered)
		}
		col, src := j.sortCol, j.src
		if j.reverse {
			slices.SortFunc(v, func(a, b int32) int {
				if c := src.Compare(int(b), int(a), col); c != 0 {
					return c
				}
				return cmp.Compare(a, b)
			})
		} else {
			slices.SortFunc(v, func(a, b int32) int {
				if c := src.Compare(int(a), int(b), col); c != 0 {
					return c
				}
				return cmp.Compare(a, b)
			})
		}
		r.view, r.all = v, false
	}
	m := len(r.view)
	if r.all {
		m = n
	}
	rowAt := func(i int) int {
		if r.all {
			return i
		}
		return int(r.view[i])
	}
	// On a reload the cursor's row is most often where it was.
	if j.hasWant && j.guess >= 0 && j.guess < m && j.src.ID(rowAt(j.guess)) == j.want {
		r.at = j.guess
	}
	// Else find it, and the marked rows, in one pass.
	if (j.hasWant && r.at < 0) || len(j.marks) > 0 {
		for i := 0; i < m; i++ {
			id := j.src.ID(rowAt(i))
			if j.hasWant && r.at < 0 && id == j.want {
				r.at = i
			}
			if len(j.marks) > 0 {
				if _, ok := j.marks[id]; ok {
					r.markedPos = append(r.markedPos, i)
				}
			}
		}
	}
	return r
}

// SetSource replaces the rows and reapplies the current filter and sort:
// at once when the source is small (or needs neither), in the returned
// command when it is large. The cursor stays on the same ID when the new
// view still has it.
func (m *Model) SetSource(src Source) tea.Cmd {
	m.next = src
	m.nextGen++
	return m.start(false)
}

// start runs the filter and sort for the current query, sort column and
// newest source; sortOnly says the query and source are unchanged, so the
// filtered rows may be reused.
func (m *Model) start(sortOnly bool) tea.Cmd {
	m.gen++
	if m.next == nil {
		m.src, m.srcGen = nil, m.nextGen
		m.view, m.filtered, m.all, m.fall, m.fquery = nil, nil, true, true, ""
		m.busy = false
		m.cursor, m.offset, m.markedPos = 0, 0, nil
		return nil
	}
	j := job{table: m.id, gen: m.gen, src: m.next, srcGen: m.nextGen, query: m.Query(),
		sortCol: m.sortCol, reverse: m.reverse, marks: m.marks, markVer: m.markVer, guess: m.cursor, reload: m.stale()}
	if sortOnly && !m.stale() && m.fquery == j.query {
		j.reuse, j.base, j.baseAll = true, m.filtered, m.fall
	}
	if !m.stale() {
		if r, ok := m.Selected(); ok {
			j.want, j.hasWant = m.src.ID(r), true
		}
	} else if m.src != nil && m.cursor < m.Len() {
		// The previous source is still on screen: keep its cursor row.
		j.want, j.hasWant = m.src.ID(m.row(m.cursor)), true
	}
	n := j.src.Len()
	if n < SyncLimit || (j.query == "" && j.sortCol < 0) {
		// Small, or nothing to compute but the cursor: at once. (The cursor
		// search alone is a cheap scan, done here so the rows never
		// disagree with the source the tab holds.)
		m.busy = false
		m.apply(j.run())
		return nil
	}
	m.busy = true
	return func() tea.Msg { return j.run() }
}

// apply takes a job's result.
func (m *Model) apply(r resultMsg) {
	m.busy = false
	// The ID under the cursor now, to see if the job searched for it.
	var cur uint64
	hasCur := false
	if m.src != nil && m.cursor >= 0 && m.cursor < m.Len() {
		cur, hasCur = m.src.ID(m.row(m.cursor)), true
	}
	oldCursor := m.cursor
	m.src, m.srcGen = r.src, r.srcGen
	m.filtered, m.view, m.all, m.fall, m.fquery = r.filtered, r.view, r.all, r.fall, r.query
	n := m.Len()
	switch {
	case hasCur && r.hasWant && cur == r.want && r.at >= 0:
		m.cursor = r.at
	case !r.reload && (!hasCur || (r.hasWant && cur == r.want)):
		// A filter or a sort that left the selected record out (or had
		// none to keep): the cursor goes to the first row, the top shows.
		m.cursor, m.offset = 0, 0
	case hasCur && (!r.hasWant || cur != r.want):
		// The cursor moved while the job ran: find its row now.
		m.cursor = m.find(cur, oldCursor)
	default:
		m.cursor = oldCursor
	}
	m.cursor = clamp(m.cursor, 0, n-1)
	if r.markVer == m.markVer {
		m.markedPos = r.markedPos
	} else {
		m.remark()
	}
	m.scrollTo()
}

// find is the view position of id, or def when it is not in the view.
func (m *Model) find(id uint64, def int) int {
	for i, n := 0, m.Len(); i < n; i++ {
		if m.src.ID(m.row(i)) == id {
			return i
		}
	}
	return def
}

// remark recomputes the marked positions from the marks.
func (m *Model) remark() {
	m.markedPos = nil
	if len(m.marks) == 0 || m.src == nil {
		return
	}
	for i, n := 0, m.Len(); i < n; i++ {
		if _, ok := m.marks[m.src.ID(m.row(i))]; ok {
			m.markedPos = append(m.markedPos, i)
		}
	}
}

// Update handles the table's keys, the mouse, and its own async results.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case resultMsg:
		if msg.table == m.id && msg.gen == m.gen {
			m.apply(msg)
		}
		return m, nil
	case tea.KeyMsg:
		if m.ctx == nil {
			return m, nil
		}
		if m.filtering {
			return m.updateFilter(msg)
		}
		return m.updateKey(msg)
	case tea.MouseMsg:
		m.mouse(msg)
		return m, nil
	}
	if m.filtering {
		var cmd tea.Cmd
		m.edit(func(in *textinput.Model) { *in, cmd = in.Update(msg) })
		return m, cmd
	}
	return m, nil
}

func (m Model) updateKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.ctx.Keys
	bh := max(m.bodyHeight(), 1)
	ks := keyString(msg)
	switch {
	case matches(ks, k.Up):
		m.move(-1)
	case matches(ks, k.Down):
		m.move(1)
	case matches(ks, k.PageUp):
		m.page(-bh)
	case matches(ks, k.PageDown):
		m.page(bh)
	case matches(ks, k.Top):
		m.move(-m.Len())
	case matches(ks, k.Bottom):
		m.move(m.Len())
	case matches(ks, k.Filter):
		// Taken before the rows come too: a filter typed ahead of a slow
		// first load ("2/ana⏎" over SSH) applies when they arrive, and its
		// letters never fall through to the tab as action keys.
		m.filtering = true
		var cmd tea.Cmd
		m.edit(func(in *textinput.Model) { in.CursorEnd(); cmd = in.Focus() })
		return m, cmd
	case matches(ks, k.ClearFilter):
		if m.Query() == "" {
			return m, nil
		}
		m.edit(func(in *textinput.Model) { in.SetValue("") })
		return m, m.start(false)
	case matches(ks, k.Sort):
		m.cycleSort()
		return m, m.start(true)
	case matches(ks, k.SortReverse):
		if m.sortCol < 0 {
			m.cycleSort()
			m.reverse = true
		} else {
			m.reverse = !m.reverse
		}
		return m, m.start(true)
	case matches(ks, k.Mark):
		m.toggleMark()
		m.move(1)
	}
	return m, nil
}

func (m Model) updateFilter(msg tea.KeyMsg) (Model, tea.Cmd) {
	k := m.ctx.Keys
	ks := keyString(msg)
	switch {
	case matches(ks, k.AcceptFilter):
		m.filtering = false
		m.edit(func(in *textinput.Model) { in.Blur() })
		return m, nil
	case matches(ks, k.ClearFilter):
		m.filtering = false
		clear := m.Query() != "" || m.fquery != ""
		m.edit(func(in *textinput.Model) { in.Blur(); in.SetValue("") })
		if !clear {
			return m, nil
		}
		return m, m.start(false)
	}
	// Arrows and paging still move the cursor while typing.
	switch msg.Type {
	case tea.KeyUp:
		m.move(-1)
		return m, nil
	case tea.KeyDown:
		m.move(1)
		return m, nil
	case tea.KeyPgUp:
		m.page(-max(m.bodyHeight(), 1))
		return m, nil
	case tea.KeyPgDown:
		m.page(max(m.bodyHeight(), 1))
		return m, nil
	}
	before := m.Query()
	var cmd tea.Cmd
	m.edit(func(in *textinput.Model) { *in, cmd = in.Update(msg) })
	if m.Query() == before {
		return m, cmd
	}
	return m, tea.Batch(cmd, m.start(false))
}

// cycleSort moves the sort to the next visible column: none → first →
// … → last → none.
func (m *Model) cycleSort() {
	m.reverse = false
	cols := m.sortable()
	if len(cols) == 0 {
		m.sortCol = -1
		return
	}
	for _, c := range cols {
		if c > m.sortCol {
			m.sortCol = c
			return
		}
	}
	m.sortCol = -1
}

// sortable lists the columns on screen (all of them before the first
// SetSize), in order.
func (m *Model) sortable() []int {
	if len(m.lay) == 0 {
		out := make([]int, len(m.cols))
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := make([]int, len(m.lay))
	for i, s := range m.lay {
		out[i] = s.col
	}
	return out
}

func (m *Model) toggleMark() {
	r, ok := m.Selected()
	if !ok {
		return
	}
	id := m.src.ID(r)
	marks := make(map[uint64]struct{}, len(m.marks)+1)
	for k := range m.marks {
		marks[k] = struct{}{}
	}
	i, found := slices.BinarySearch(m.markedPos, m.cursor)
	pos := slices.Clone(m.markedPos)
	if _, on := marks[id]; on {
		delete(marks, id)
		if found {
			pos = slices.Delete(pos, i, i+1)
		}
	} else {
		marks[id] = struct{}{}
		if !found {
			pos = slices.Insert(pos, i, m.cursor)
		}
	}
	if len(marks) == 0 {
		marks = nil
	}
	m.marks, m.markedPos = marks, pos
	m.markVer++
}

// move moves the cursor by d rows and scrolls as little as needed.
func (m *Model) move(d int) {
	m.cursor = clamp(m.cursor+d, 0, m.Len()-1)
	m.scrollTo()
}

// page moves the cursor and the rows by d together.
func (m *Model) page(d int) {
	n := m.Len()
	m.offset = clamp(m.offset+d, 0, max(n-m.bodyHeight(), 0))
	m.cursor = clamp(m.cursor+d, 0, n-1)
	m.scrollTo()
}

// scrollTo keeps the cursor on screen and the screen full.
func (m *Model) scrollTo() {
	bh, n := m.bodyHeight(), m.Len()
	m.cursor = clamp(m.cursor, 0, n-1)
	if bh <= 0 {
		m.offset = m.cursor
		return
	}
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+bh {
		m.offset = m.cursor - bh + 1
	}
	m.offset = clamp(m.offset, 0, max(n-bh, 0))
}

func (m *Model) mouse(msg tea.MouseMsg) {
	bh, n := m.bodyHeight(), m.Len()
	if n == 0 || bh == 0 {
		return
	}
	switch {
	case msg.Action != tea.MouseActionPress:
	case msg.Button == tea.MouseButtonWheelUp || msg.Button == tea.MouseButtonWheelDown:
		d := wheelStep
		if msg.Button == tea.MouseButtonWheelUp {
			d = -d
		}
		m.offset = clamp(m.offset+d, 0, max(n-bh, 0))
		// Drag the cursor along when it leaves the screen.
		m.cursor = clamp(m.cursor, m.offset, min(m.offset+bh, n)-1)
	case msg.Button == tea.MouseButtonLeft:
		line := msg.Y - m.originY - 1 // the header is line 0
		if line >= 0 && line < bh && m.offset+line < n {
			m.cursor = m.offset + line
		}
	}
}

// keyString is msg.String() without its allocation for named keys.
func keyString(msg tea.KeyMsg) string {
	if !msg.Alt && msg.Type != tea.KeyRunes {
		return msg.Type.String()
	}
	return msg.String()
}

// matches is key.Matches for a key already turned into its string (which
// saves boxing the message on every keypress).
func matches(ks string, b key.Binding) bool {
	if !b.Enabled() {
		return false
	}
	for _, k := range b.Keys() {
		if k == ks {
			return true
		}
	}
	return false
}

// clamp limits v to [lo, hi]; hi < lo gives lo.
func clamp(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}
