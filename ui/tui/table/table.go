// Package table is a virtual table for the terminal UI: it holds a Source
// and a view (the source rows left after the filter, in sort order, as
// []int32) and renders only the rows on screen, so a keypress costs the
// same at ten rows and at a million.
//
// Filtering and sorting a large source run in a tea.Cmd; their results
// come back tagged with the table's instance id and a generation, and a
// result that is not the newest is dropped, so typing never blocks and two
// tables never take each other's results. Small sources (under
// SyncLimit rows) are filtered and sorted at once, in Update.
//
// The cursor and the marks follow row identity (Source.ID), so they stay on
// the same row across reloads, filters and sorts. A filter or sort that
// leaves the selected record out puts the cursor on the first row; a
// reload that loses it leaves the cursor where it was.
package table

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/seats/seats/ui/tui/common"
)

// SyncLimit is the source size under which filters and sorts run in
// Update rather than in a command.
const SyncLimit = 20_000

// Column describes one column of a table.
type Column struct {
	Title    string
	Width    int  // preferred width in cells
	Min      int  // narrowest it may shrink to (0: len(Title))
	Priority int  // 0: never dropped; when too narrow, the highest Priority drops first
	Right    bool // right-align (numbers, money)
	Flex     bool // takes the spare width (at most one flex column is typical)
}

// Source is the rows behind a table. Cell is called only for rows on screen.
// Filter and Compare run off the UI goroutine (inside a tea.Cmd) on a Source
// that is never mutated afterwards: a reload makes a new Source.
type Source interface {
	Len() int
	Cell(row, col int) string
	ID(row int) uint64           // stable identity: cursor and marks survive reloads, filters and sorts
	Filter(query string) []int32 // rows matching query (case-insensitive), in source order
	Compare(a, b, col int) int   // order of rows a and b by column col
}

// Model is one table. It is a value (Update returns the new one), and
// holds no rows: only the source and the view's row indices.
type Model struct {
	ctx  *common.Context
	id   uint64
	cols []Column

	// src is the source the view indexes. next is the newest source given
	// to SetSource; it differs from src (srcGen != nextGen) while the
	// filter and sort of a new source run, and the old rows stay on screen.
	src, next       Source
	srcGen, nextGen uint64

	// filtered is the rows matching fquery in source order; view is them in
	// sort order. all means "every row of src, in source order" without a
	// slice (the common unfiltered, unsorted case costs no memory); fall
	// is the same for filtered. Both slices are never written after they
	// are made (a command may still be reading them), so they are shared
	// freely between copies.
	filtered, view []int32
	all, fall      bool
	fquery         string

	// gen counts jobs; a result of another generation is stale.
	gen  uint64
	busy bool

	cursor, offset int
	width, height  int
	originY        int

	// input is the filter input. It is large, and a keypress copies the
	// model several times, so it is held by pointer and copied on write
	// (edit): copies of the model never share a changing input.
	input     *textinput.Model
	filtering bool

	sortCol int // -1: source order
	reverse bool

	// marks is the set of marked IDs; copied on write, so a running job may
	// read the one it was given. markedPos are the view positions of the
	// marked rows, ascending (only rows in the view count).
	marks     map[uint64]struct{}
	markVer   uint64
	markedPos []int

	lay   []slot    // the visible columns at the current width
	paint *painters // shared by copies: a cache
}

// New makes an empty table with the given columns; give it rows with
// SetSource and a size with SetSize.
func New(ctx *common.Context, cols []Column) Model {
	in := textinput.New()
	in.Prompt = "/"
	in.Cursor.SetMode(cursor.CursorStatic)
	if ctx != nil {
		st := ctx.Styles
		in.PromptStyle = st.TableFilter
		in.TextStyle = st.TableFilter
		in.Cursor.Style = st.TableFilter
		in.PlaceholderStyle = st.Subtle
	}
	in.Placeholder = "type to filter"
	m := Model{
		ctx:     ctx,
		id:      common.NewID(),
		cols:    append([]Column(nil), cols...),
		input:   &in,
		paint:   &painters{},
		sortCol: -1,
		all:     true,
		fall:    true,
	}
	m.relayout()
	return m
}

// edit changes the filter input: on a copy, never in place.
func (m *Model) edit(f func(in *textinput.Model)) {
	in := *m.input
	f(&in)
	m.input = &in
}

// Selected is the source row under the cursor. It is false on an empty
// view, and while a new source's filter or sort is running (the rows on
// screen then belong to the previous source).
func (m Model) Selected() (row int, ok bool) {
	if m.stale() || m.cursor < 0 || m.cursor >= m.Len() {
		return 0, false
	}
	return m.row(m.cursor), true
}

// Marked lists the marked source rows in view order; nil when none (and
// while a new source is being filtered or sorted, like Selected).
func (m Model) Marked() []int {
	if len(m.markedPos) == 0 || m.stale() {
		return nil
	}
	out := make([]int, len(m.markedPos))
	for i, p := range m.markedPos {
		out[i] = m.row(p)
	}
	return out
}

// SelectedOf is the element of rows (a tab's records, in source row
// order) on the selected row; false when there is none.
func SelectedOf[R any](m Model, rows []R) (R, bool) {
	i, ok := m.Selected()
	if !ok || i >= len(rows) {
		var none R
		return none, false
	}
	return rows[i], true
}

// MarkedOf lists the elements of rows on the marked rows, in view order.
func MarkedOf[R any](m Model, rows []R) []R {
	var out []R
	for _, i := range m.Marked() {
		if i < len(rows) {
			out = append(out, rows[i])
		}
	}
	return out
}

// ClearMarks unmarks every row.
func (m *Model) ClearMarks() {
	m.marks = nil
	m.markVer++
	m.markedPos = nil
}

// Filtering is true while the filter input has focus; the tab must then
// pass every key to the table.
// ID names the table: its filter and sort results are addressed to it.
func (m Model) ID() uint64 { return m.id }

func (m Model) Filtering() bool { return m.filtering }

// Query is the filter text (applied, or being typed).
func (m Model) Query() string { return m.input.Value() }

// Busy is true while a filter or sort runs in a command.
func (m Model) Busy() bool { return m.busy }

// Len is the number of rows in the view.
func (m Model) Len() int {
	if m.src == nil {
		return 0
	}
	if m.all {
		return m.src.Len()
	}
	return len(m.view)
}

// SetOrigin tells the table the screen row of its first line (the
// header), so a mouse click maps to a table row.
func (m *Model) SetOrigin(y int) { m.originY = y }

// SortColumn is the column the view is sorted by (-1: source order) and
// whether the order is reversed.
func (m Model) SortColumn() (col int, reverse bool) { return m.sortCol, m.reverse }

// SetSize sets the table's area; height includes the header and the
// status line.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.relayout()
	m.scrollTo()
}

// Keys are the table's own bindings that work now, for the help bar.
func (m Model) Keys() []key.Binding {
	if m.ctx == nil {
		return nil
	}
	k := m.ctx.Keys
	if m.filtering {
		return []key.Binding{k.AcceptFilter, k.ClearFilter}
	}
	n := m.Len()
	var out []key.Binding
	if n > 1 {
		out = append(out, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom)
	}
	if m.src != nil && m.src.Len() > 0 {
		out = append(out, k.Filter)
	}
	if m.Query() != "" {
		out = append(out, k.ClearFilter)
	}
	if n > 1 && len(m.cols) > 0 {
		out = append(out, k.Sort)
		if m.sortCol >= 0 {
			out = append(out, k.SortReverse)
		}
	}
	if n > 0 {
		out = append(out, k.Mark)
	}
	return out
}

// row is the source row at view position i.
func (m Model) row(i int) int {
	if m.all {
		return i
	}
	return int(m.view[i])
}

// stale is true while the rows on screen belong to a source that has been
// replaced.
func (m Model) stale() bool { return m.srcGen != m.nextGen }

// bodyHeight is the number of row lines.
func (m Model) bodyHeight() int { return max(m.height-2, 0) }
