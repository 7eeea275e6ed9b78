package table

import (
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestCursorKeys(t *testing.T) {
	m := newTable(numbered(100), numberedColumns, 40, 12) // 10 rows on screen
	check := func(step string, cursor, offset int) {
		t.Helper()
		if m.cursor != cursor || m.offset != offset {
			t.Fatalf("%s: cursor %d offset %d, want %d %d", step, m.cursor, m.offset, cursor, offset)
		}
		if r, ok := m.Selected(); !ok || r != cursor {
			t.Fatalf("%s: selected %d %v", step, r, ok)
		}
	}
	check("start", 0, 0)
	m = send(m, "k")
	check("up at top", 0, 0)
	m = send(m, "j", "down")
	check("j down", 2, 0)
	m = send(m, "up")
	check("up", 1, 0)
	m = send(m, "j", "j", "j", "j", "j", "j", "j", "j", "j")
	check("to the bottom edge", 10, 1)
	m = send(m, "pgdown")
	check("page down", 20, 11)
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyCtrlF})
	check("ctrl+f", 30, 21)
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyCtrlB})
	check("ctrl+b", 20, 11)
	m = send(m, "pgup")
	check("page up", 10, 1)
	m = send(m, "G")
	check("G", 99, 90)
	m = send(m, "j")
	check("down at bottom", 99, 90)
	m = send(m, "pgdown")
	check("page down at bottom", 99, 90)
	m = send(m, "g")
	check("g", 0, 0)
	m = send(m, "pgup")
	check("page up at top", 0, 0)
	m = send(m, "end")
	check("end", 99, 90)
	m = send(m, "home")
	check("home", 0, 0)
}

func TestKeysOnEmptyTable(t *testing.T) {
	for _, src := range []Source{nil, Rows{}} {
		m := New(newCtx(), numberedColumns)
		m.SetSize(40, 10)
		m.SetSource(src)
		m = send(m, "j", "k", "G", "g", "pgdown", "pgup", " ", "s", "S")
		if _, ok := m.Selected(); ok || m.Len() != 0 || m.Marked() != nil {
			t.Fatalf("empty table selected something")
		}
		if !strings.Contains(m.View(), "no rows") {
			t.Fatalf("empty view:\n%s", m.View())
		}
	}
	// A table never given a source nor a size must not panic either.
	m := New(newCtx(), nil)
	m = send(m, "j", "/", "x", "enter")
	_ = m.View()
	m.SetSize(-3, -1)
	if m.View() != "" {
		t.Fatal("negative size drew something")
	}
}

func TestFilterTyping(t *testing.T) {
	m := newTable(numbered(100), numberedColumns, 60, 12)
	m = send(m, "/")
	if !m.Filtering() {
		t.Fatal("/ did not start the filter")
	}
	if got := m.Keys(); len(got) != 2 || got[0].Help().Key != "enter" {
		t.Fatalf("filter keys: %v", got)
	}
	m = send(m, "Ö") // matches nothing
	if m.Len() != 0 || !strings.Contains(m.View(), "no matches for “Ö”") {
		t.Fatalf("no-match view (%d rows):\n%s", m.Len(), m.View())
	}
	m = send(m, "backspace", "É", "m") // case-insensitive: Émile
	if m.Query() != "Ém" || m.Len() != 17 {
		t.Fatalf("query %q: %d rows", m.Query(), m.Len())
	}
	// Keys are text while filtering: j types, arrows move.
	m = send(m, "j")
	if m.Query() != "Émj" {
		t.Fatalf("j did not type: %q", m.Query())
	}
	m = send(m, "backspace", "down")
	if m.cursor != 1 {
		t.Fatalf("down while filtering: cursor %d", m.cursor)
	}
	if v := m.View(); !strings.Contains(v, "/Ém") || !strings.Contains(v, "17 of 100") {
		t.Fatalf("filter line:\n%s", v)
	}
	m = send(m, "enter")
	if m.Filtering() || m.Query() != "Ém" || m.Len() != 17 {
		t.Fatalf("enter: filtering %v query %q len %d", m.Filtering(), m.Query(), m.Len())
	}
	// Back to table keys; the filter line stays.
	m = send(m, "j")
	if m.cursor != 2 || !strings.Contains(m.View(), "/Ém  17 of 100") {
		t.Fatalf("after enter: cursor %d\n%s", m.cursor, m.View())
	}
	// / again edits the same query.
	m = send(m, "/", "i")
	if m.Query() != "Émi" || m.Len() != 17 {
		t.Fatalf("re-edit: %q %d", m.Query(), m.Len())
	}
	m = send(m, "esc")
	if m.Filtering() || m.Query() != "" || m.Len() != 100 {
		t.Fatalf("esc while typing: filtering %v query %q len %d", m.Filtering(), m.Query(), m.Len())
	}
	// esc in the table clears a kept filter.
	m = send(m, "/", "b", "e", "n", "enter")
	if m.Len() != 17 {
		t.Fatalf("ben: %d", m.Len())
	}
	m = send(m, "esc")
	if m.Query() != "" || m.Len() != 100 {
		t.Fatalf("esc in table: %q %d", m.Query(), m.Len())
	}
}

func TestFilterKeepsCursorOnID(t *testing.T) {
	m := newTable(numbered(100), numberedColumns, 60, 12)
	m = send(m, "G", "k", "k", "k", "k", "k") // row 94: "r94", Émile? 94%6 = 4: 东京
	id := selectedID(m)
	m = send(m, "/", "东")
	if selectedID(m) != id {
		t.Fatalf("cursor left ID %d for %d", id, selectedID(m))
	}
	m = send(m, "esc")
	if selectedID(m) != id {
		t.Fatalf("cursor left ID %d for %d after clearing", id, selectedID(m))
	}
}

// big is a source large enough to filter and sort in commands.
func big() *licSource { return newLicSource(SyncLimit + 5000) }

func TestAsyncFilterDropsStaleResults(t *testing.T) {
	m := newTable(big(), licenseColumns, 120, 20)
	total := m.Len()
	m, _ = m.Update(tuitest.Key("/"))
	m, cmd1 := m.Update(tuitest.Key("s"))
	if !m.Busy() || cmd1 == nil {
		t.Fatal("a large filter did not run in a command")
	}
	if m.Len() != total {
		t.Fatal("the view changed before the result came")
	}
	if !strings.Contains(m.View(), "…") {
		t.Fatalf("busy not shown:\n%s", m.View())
	}
	m, cmd2 := m.Update(tuitest.Key("l"))
	old, newer := results(cmd1), results(cmd2)
	m, _ = m.Update(old)
	if !m.Busy() || m.Len() != total {
		t.Fatalf("a stale result was taken: busy %v len %d", m.Busy(), m.Len())
	}
	m, _ = m.Update(newer)
	want := len(m.src.Filter("sl"))
	if m.Busy() || m.Len() != want || want == 0 || want == total {
		t.Fatalf("result not taken: busy %v len %d want %d", m.Busy(), m.Len(), want)
	}
	// Another table never takes this one's results.
	other := newTable(big(), licenseColumns, 120, 20)
	other, _ = other.Update(tuitest.Key("/"))
	other, _ = other.Update(tuitest.Key("z"))
	m, cmd := m.Update(tuitest.Key("a"))
	other, _ = other.Update(results(cmd))
	if other.Len() != len(other.src.Filter("z")) && other.Len() == m.Len() {
		t.Fatal("a table took another's result")
	}
	if !other.Busy() {
		t.Fatal("a table's pending job was cleared by another's result")
	}
}

// results runs a command (a batch too) and returns its table result.
func results(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			if r := results(c); r != nil {
				if _, ok := r.(resultMsg); ok {
					return r
				}
			}
		}
		return nil
	}
	return msg
}

func TestSortCycleAndReverse(t *testing.T) {
	m := newTable(numbered(12), numberedColumns, 60, 20)
	m = send(m, "j", "j", "j") // row 3: ID 4, Num 21%12 = 9
	id := selectedID(m)
	cells := func(col int) []string {
		var out []string
		for i := range m.Len() {
			out = append(out, m.src.Cell(m.row(i), col))
		}
		return out
	}
	m = send(m, "s")
	if c, r := m.SortColumn(); c != 0 || r {
		t.Fatalf("first s: col %d rev %v", c, r)
	}
	if got := cells(0); got[0] != "r0" || got[1] != "r1" || got[2] != "r2" || got[11] != "r11" {
		t.Fatalf("natural order by Row: %v", got)
	}
	if !strings.Contains(m.View(), "Row ▲") {
		t.Fatalf("sort mark:\n%s", m.View())
	}
	m = send(m, "s")
	if got := cells(1); !slices.IsSortedFunc(got, func(a, b string) int { return Natural(a, b) }) || got[0] != "0" || got[11] != "11" {
		t.Fatalf("by Num: %v", got)
	}
	if selectedID(m) != id {
		t.Fatal("sort moved the cursor off its row")
	}
	m = send(m, "S")
	if got := cells(1); got[0] != "11" || got[11] != "0" || !strings.Contains(m.View(), "Num ▼") {
		t.Fatalf("reversed: %v\n%s", got, m.View())
	}
	if selectedID(m) != id {
		t.Fatal("reverse moved the cursor off its row")
	}
	m = send(m, "s", "s")
	if c, _ := m.SortColumn(); c != -1 || !slices.Equal(viewIDs(m), []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}) {
		t.Fatalf("back to source order: col %d %v", c, viewIDs(m))
	}
	// S from no sort: the first column, reversed.
	m = send(m, "S")
	if c, r := m.SortColumn(); c != 0 || !r {
		t.Fatalf("S unsorted: %d %v", c, r)
	}
	// Sorting only cycles over the columns on screen.
	narrow := newTable(numbered(12), []Column{{Title: "A", Width: 8}, {Title: "B", Width: 50, Min: 30, Priority: 1}}, 20, 6)
	narrow = send(narrow, "s", "s")
	if c, _ := narrow.SortColumn(); c != -1 {
		t.Fatalf("sorted by a hidden column: %d", c)
	}
}

func TestAsyncSortKeepsFilter(t *testing.T) {
	m := newTable(big(), licenseColumns, 120, 20)
	m = send(m, "/", "f", "i", "g", "enter")
	want := m.Len()
	m = send(m, "j", "j")
	id := selectedID(m)
	m, cmd := m.Update(tuitest.Key("s"))
	m, cmd = m.Update(tuitest.Key("s")) // product: the first result is stale
	if cmd == nil || !m.Busy() {
		t.Fatal("large sort not async")
	}
	m = run(m, cmd)
	if m.Len() != want || selectedID(m) != id {
		t.Fatalf("sort lost the filter or the cursor: %d/%d, id %d/%d", m.Len(), want, selectedID(m), id)
	}
	for i := 1; i < m.Len(); i++ {
		if c := m.src.Compare(m.row(i-1), m.row(i), 1); c > 0 {
			t.Fatalf("not sorted at %d", i)
		}
	}
}

func TestMarks(t *testing.T) {
	m := newTable(numbered(20), numberedColumns, 60, 12)
	m = send(m, " ", " ", "j", " ")
	if got := m.Marked(); !slices.Equal(got, []int{0, 1, 3}) || m.cursor != 4 {
		t.Fatalf("marked %v cursor %d", got, m.cursor)
	}
	if v := m.View(); !strings.Contains(v, "3 marked") || strings.Count(v, "•") != 3 {
		t.Fatalf("marks not drawn:\n%s", v)
	}
	m = send(m, "k", " ") // unmark row 3
	if got := m.Marked(); !slices.Equal(got, []int{0, 1}) {
		t.Fatalf("unmark: %v", got)
	}
	// Marks follow the rows through sorts (view order) and filters.
	m = send(m, "S")
	if got := m.Marked(); !slices.Equal(got, []int{1, 0}) {
		t.Fatalf("after reverse sort: %v", got)
	}
	m = send(m, "s", "s", "s", "/", "r", "1", "enter") // unsorted; r1, r10…r19
	if got := m.Marked(); !slices.Equal(got, []int{1}) {
		t.Fatalf("filtered: %v", got)
	}
	m = send(m, "esc")
	if got := m.Marked(); !slices.Equal(got, []int{0, 1}) {
		t.Fatalf("marks lost by a filter: %v", got)
	}
	// And through a reload that moves them.
	rows := numbered(20)
	slices.Reverse(rows.IDs)
	slices.Reverse(rows.Cells)
	m.SetSource(rows)
	if got := m.Marked(); !slices.Equal(got, []int{18, 19}) {
		t.Fatalf("after reload: %v", got)
	}
	m.ClearMarks()
	if m.Marked() != nil || strings.Contains(m.View(), "marked") {
		t.Fatal("ClearMarks")
	}
}

func TestSetSourceKeepsCursorOnID(t *testing.T) {
	m := newTable(numbered(50), numberedColumns, 60, 12)
	m = send(m, "G", "k", "k") // ID 48
	// Rows inserted before it: the cursor follows ID 48.
	more := numbered(60)
	more.IDs = append([]uint64{1001, 1002, 1003}, more.IDs...)
	more.Cells = append([][]string{{"x"}, {"y"}, {"z"}}, more.Cells...)
	m.SetSource(more)
	if selectedID(m) != 48 || m.cursor != 50 {
		t.Fatalf("cursor on ID %d at %d", selectedID(m), m.cursor)
	}
	// Its row gone: the cursor stays where it was.
	fewer := numbered(10)
	m.SetSource(fewer)
	if m.cursor != 9 || m.offset != 0 {
		t.Fatalf("cursor %d offset %d after shrink", m.cursor, m.offset)
	}
	m.SetSource(nil)
	if m.Len() != 0 || m.cursor != 0 {
		t.Fatal("nil source")
	}
}

func TestSetSourceAsync(t *testing.T) {
	src := big()
	m := newTable(src, licenseColumns, 120, 20)
	m = send(m, "/", "a", "c", "enter", "j", "j", "j")
	id := selectedID(m)
	cmd := m.SetSource(newLicSource(src.n)) // same rows, a new source
	if cmd == nil {
		t.Fatal("a large filtered reload did not run in a command")
	}
	if _, ok := m.Selected(); ok || m.Marked() != nil {
		t.Fatal("rows of the old source reported while the new one is filtered")
	}
	_ = m.View()
	m = run(m, cmd)
	if selectedID(m) != id {
		t.Fatalf("cursor on %d, want %d", selectedID(m), id)
	}
	// Unfiltered and unsorted, even a large reload is immediate.
	m = send(m, "esc")
	if cmd := m.SetSource(newLicSource(src.n)); cmd != nil || selectedID(m) != id {
		t.Fatalf("plain reload: cmd %v id %d", cmd != nil, selectedID(m))
	}
}

func TestMouse(t *testing.T) {
	m := newTable(numbered(100), numberedColumns, 60, 12) // 10 rows on screen
	m.SetOrigin(3)
	wheel := func(b tea.MouseButton) {
		m, _ = m.Update(tea.MouseMsg{Button: b, Action: tea.MouseActionPress})
	}
	wheel(tea.MouseButtonWheelDown)
	if m.offset != 3 || m.cursor != 3 {
		t.Fatalf("wheel down: offset %d cursor %d", m.offset, m.cursor)
	}
	wheel(tea.MouseButtonWheelUp)
	wheel(tea.MouseButtonWheelUp)
	if m.offset != 0 || m.cursor != 3 {
		t.Fatalf("wheel up: offset %d cursor %d", m.offset, m.cursor)
	}
	click := func(y int) {
		m, _ = m.Update(tea.MouseMsg{X: 5, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	}
	click(3 + 1 + 6) // origin, header, seventh row
	if m.cursor != 6 {
		t.Fatalf("click: cursor %d", m.cursor)
	}
	click(3)  // the header
	click(15) // the status line
	click(0)  // above the table
	if m.cursor != 6 {
		t.Fatalf("click outside rows moved the cursor to %d", m.cursor)
	}
	m, _ = m.Update(tea.MouseMsg{Y: 5, Button: tea.MouseButtonLeft, Action: tea.MouseActionRelease})
	if m.cursor != 6 {
		t.Fatal("release clicked")
	}
	for range 50 {
		wheel(tea.MouseButtonWheelDown)
	}
	if m.offset != 90 || m.cursor != 90 {
		t.Fatalf("wheel to the end: offset %d cursor %d", m.offset, m.cursor)
	}
}

func TestHelpKeys(t *testing.T) {
	helps := func(m Model) string {
		var s []string
		for _, k := range m.Keys() {
			if !k.Enabled() {
				t.Fatalf("disabled key %q offered", k.Help().Key)
			}
			s = append(s, k.Help().Desc)
		}
		return strings.Join(s, ",")
	}
	m := newTable(numbered(10), numberedColumns, 60, 12)
	if got := helps(m); got != "up,down,page up,page down,top,bottom,filter,sort,mark" {
		t.Fatalf("keys: %s", got)
	}
	m = send(m, "s", "/", "r", "enter")
	if got := helps(m); got != "up,down,page up,page down,top,bottom,filter,clear filter,sort,reverse sort,mark" {
		t.Fatalf("keys: %s", got)
	}
	if got := helps(newTable(Rows{}, numberedColumns, 60, 12)); got != "" {
		t.Fatalf("empty keys: %s", got)
	}
}

func TestFrameSize(t *testing.T) {
	rows := numbered(40)
	rows.Cells[0][2] = "a very long name that will never fit in any column at all, ever"
	rows.Cells[1][2] = "東京都千代田区丸の内一丁目"
	rows.Cells[2][2] = "tab\there\nnewline"
	states := map[string]func(Model) Model{
		"plain":     func(m Model) Model { return m },
		"filtering": func(m Model) Model { return send(m, "/", "é") },
		"filtered":  func(m Model) Model { return send(m, "/", "a", "enter", " ", "s") },
		"none": func(m Model) Model {
			return send(m, "/", "q", "q", "q", "q", "q", "q", "q", "q", "q", "q", "q", "q", "q", "q", "enter")
		},
		"marked": func(m Model) Model { return send(m, " ", " ", "G", "S") },
		"long query": func(m Model) Model {
			return send(m, append([]string{"/"}, strings.Split(strings.Repeat("a東", 40), "")...)...)
		},
	}
	sizes := [][2]int{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {5, 2}, {20, 5}, {80, 24}, {120, 40}, {-5, -5}, {10, 0}, {0, 10}}
	for w := 0; w <= 130; w += 7 {
		for h := 0; h <= 14; h += 3 {
			sizes = append(sizes, [2]int{w, h})
		}
	}
	for name, state := range states {
		for _, cols := range [][]Column{numberedColumns, licenseColumns} {
			m := state(newTable(rows, cols, 60, 10))
			for _, sz := range sizes {
				m.SetSize(sz[0], sz[1])
				checkFrame(t, name+" "+strconv.Itoa(sz[0])+"x"+strconv.Itoa(sz[1]), m.View(), sz[0], sz[1])
			}
		}
	}
}

func checkFrame(t *testing.T, name, v string, w, h int) {
	t.Helper()
	if h <= 0 {
		if v != "" {
			t.Fatalf("%s: drew %q", name, v)
		}
		return
	}
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Fatalf("%s: %d lines, want %d:\n%s", name, len(lines), h, v)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != max(w, 0) {
			t.Fatalf("%s: line %d is %d wide, want %d: %q", name, i, got, w, l)
		}
	}
}

func TestColumnsShrinkAndDrop(t *testing.T) {
	titles := func(w int) string {
		var s []string
		for _, sl := range layout(licenseColumns, w) {
			s = append(s, licenseColumns[sl.col].Title+":"+strconv.Itoa(sl.width))
		}
		return strings.Join(s, " ")
	}
	for _, tc := range []struct {
		w    int
		want string
	}{
		// 2 gutter + 99 preferred + 5 separators = 106: spare to the flex columns.
		{120, "ID:10 Product:29 Status:11 Assignee:37 Created:10 Assigned at:16"},
		{106, "ID:10 Product:22 Status:11 Assignee:30 Created:10 Assigned at:16"},
		// Shrink the flex columns first.
		{100, "ID:10 Product:16 Status:11 Assignee:30 Created:10 Assigned at:16"},
		// At 80 the minimums (10+10+9+14+10+10 + 5 = 68, + 2) fit: the flex
		// columns give up cells first, down to their Min.
		{80, "ID:10 Product:10 Status:11 Assignee:16 Created:10 Assigned at:16"},
		{70, "ID:10 Product:10 Status:9 Assignee:14 Created:10 Assigned at:10"},
		// Too narrow: Status (9) drops first, then Product (8), Assignee (7)…
		{60, "ID:10 Product:10 Assignee:14 Created:10 Assigned at:10"},
		{40, "ID:10 Created:10 Assigned at:16"},
		{20, "ID:10"},
		{12, "ID:10"},
		{5, "ID:3"},
		{2, ""},
	} {
		if got := titles(tc.w); got != tc.want {
			t.Errorf("width %d: %q, want %q", tc.w, got, tc.want)
		}
	}
	// The rendered header agrees with the layout at 40, 80 and 120.
	m := newTable(newLicSource(30), licenseColumns, 40, 6)
	for _, w := range []int{40, 80, 120} {
		m.SetSize(w, 6)
		head := strings.Split(m.View(), "\n")[0]
		for _, c := range licenseColumns {
			shown := strings.Contains(titles(w), c.Title+":")
			if strings.Contains(head, c.Title) != shown {
				t.Errorf("width %d: header %q, %s shown %v", w, head, c.Title, shown)
			}
		}
	}
}

func TestTruncateAndAlign(t *testing.T) {
	rows := Rows{IDs: []uint64{1, 2, 3}, Cells: [][]string{
		{"Émile Zoë Ångström", "1,200.00"},
		{"東京都千代田区丸の内", "3.50"},
		{"ascii that is far too long", "12"},
	}}
	cols := []Column{{Title: "Name", Width: 11}, {Title: "Amount", Width: 8, Right: true}}
	m := newTable(rows, cols, 2+11+1+8, 6)
	lines := strings.Split(m.View(), "\n")
	want := []string{
		"  Name          Amount",
		"› Émile Zoë … 1,200.00",
		"  東京都千代…     3.50",
		"  ascii that…       12",
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("line %d: %q, want %q", i, lines[i], w)
		}
	}
}

func TestNatural(t *testing.T) {
	ordered := [][]string{
		{"", "1", "2", "9", "10", "100"},
		{"-3", "0", "2.50", "12.00", "1,200.00"},
		{"$2.50", "$12.00", "$1,200"},
		{"2.50 EUR", "12.00 EUR", "€100"},
		{"5%", "45%", "100%"},
		{"LIC-000009", "LIC-000010", "LIC-000042"},
		{"lic-9", "LIC-10", "lic-11"},
		{"2026-03-09", "2026-03-10", "2026-12-01"},
		{"ana", "Ben", "Émile", "zoë"},
		{"Abc 5", "Xyz 3"},
		{"item 2", "item 10", "item 10b", "items"},
	}
	for _, o := range ordered {
		for i := range o {
			for j := range o {
				if got, want := sign(Natural(o[i], o[j])), sign(i-j); got != want {
					t.Errorf("Natural(%q, %q) = %d, want %d", o[i], o[j], got, want)
				}
			}
		}
	}
	r := Rows{Cells: [][]string{{"9"}, {"10"}, {"2.50"}, {"12.00"}}}
	if r.Compare(0, 1, 0) >= 0 || r.Compare(2, 3, 0) >= 0 || r.Compare(1, 0, 0) <= 0 {
		t.Error("Rows.Compare is not natural")
	}
}

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

func TestRowsFilter(t *testing.T) {
	r := Rows{IDs: []uint64{7, 8, 9}, Cells: [][]string{{"Ana", "SALES"}, {"Émile", "it"}, {"ben", "東京"}}}
	for q, want := range map[string][]int32{
		"":      {0, 1, 2},
		"an":    {0},
		"sales": {0},
		"ÉMI":   {1},
		"émi":   {1},
		"京":     {2},
		"e":     {0, 1, 2},
		"zz":    {},
	} {
		if got := r.Filter(q); !slices.Equal(got, want) {
			t.Errorf("Filter(%q) = %v, want %v", q, got, want)
		}
	}
	if r.Len() != 3 || r.ID(1) != 8 || r.Cell(0, 5) != "" {
		t.Error("Rows accessors")
	}
}

func TestLicSourceFilter(t *testing.T) {
	s := newLicSource(3000)
	for _, q := range []string{"fig", "LIC-0001", "user12@", "2023-02", "active", "zzz"} {
		got := s.Filter(q)
		var want []int32
		for i := range s.n {
			for c := range 5 {
				if ContainsFold(s.Cell(i, c), strings.ToLower(q)) {
					want = append(want, int32(i))
					break
				}
			}
		}
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("Filter(%q): %d rows, want %d", q, len(got), len(want))
		}
	}
}

// A keypress at a million rows costs nothing proportional to the rows.
func TestKeypressAllocs1M(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a million rows")
	}
	m := newTable(newLicSource(1_000_000), licenseColumns, 120, 40)
	m = send(m, " ", "j", " ") // some marks
	var down tea.Msg = tuitest.Key("down")
	for range 3 {
		m, _ = m.Update(down)
		_ = m.View()
	}
	const n = 50
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range n {
		m, _ = m.Update(down)
		_ = m.View()
	}
	runtime.ReadMemStats(&after)
	per := (after.TotalAlloc - before.TotalAlloc) / n
	t.Logf("%d bytes, %d allocations per keypress", per, (after.Mallocs-before.Mallocs)/n)
	if per > 64<<10 {
		t.Fatalf("a keypress allocates %d bytes at 1M rows", per)
	}
	if m.cursor != 3+3+n {
		t.Fatalf("cursor %d", m.cursor)
	}
	allocs := testing.AllocsPerRun(20, func() { m, _ = m.Update(down) })
	if allocs != 0 {
		t.Fatalf("Update(down) allocates %.0f times", allocs)
	}
}

// A job runs on another goroutine while the table keeps scrolling,
// marking and drawing; its result then lands on the row the cursor moved
// to, with the marks made meanwhile. (Run with -race.)
func TestAsyncJobWhileScrolling(t *testing.T) {
	m := newTable(big(), licenseColumns, 120, 20)
	m, cmd := m.Update(tuitest.Key("s"))
	m, cmd = m.Update(tuitest.Key("s")) // by product
	if cmd == nil {
		t.Fatal("sort not async")
	}
	done := make(chan tea.Msg)
	go func() { done <- cmd() }()
	m = send(m, "j", "j", " ", "j")
	_ = m.View()
	id := selectedID(m)
	marked := m.src.ID(m.Marked()[0])
	m, _ = m.Update(<-done)
	if m.Busy() || selectedID(m) != id {
		t.Fatalf("busy %v, cursor on %d, want %d", m.Busy(), selectedID(m), id)
	}
	if got := m.Marked(); len(got) != 1 || m.src.ID(got[0]) != marked {
		t.Fatalf("marks after the sort: %v", got)
	}
	if c, _ := m.SortColumn(); c != 1 {
		t.Fatalf("sort column %d", c)
	}
	for i := 1; i < m.Len(); i++ {
		if m.src.Compare(m.row(i-1), m.row(i), 1) > 0 {
			t.Fatalf("not sorted at %d", i)
		}
	}
}
