package table

import (
	"strings"
	"sync"
	"testing"

	btable "github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
)

// The scrolling benchmarks: one keypress (Down) → Update → View on a
// million license-shaped rows, at 120×40, ours and stock bubbles/table
// holding the very same cells. Run side by side:
//
//	go test -run '^$' -bench . -benchtime 3x ./ui/tui/table/

const benchRows = 1_000_000

var fixture struct {
	once  sync.Once
	lic   *licSource
	cells [][]string // the same strings for both tables
	rows  []btable.Row
	ids   []uint64
}

func millionRows(b *testing.B) {
	b.Helper()
	fixture.once.Do(func() {
		s := newLicSource(benchRows)
		fixture.lic = s
		fixture.cells = make([][]string, s.n)
		fixture.rows = make([]btable.Row, s.n)
		fixture.ids = make([]uint64, s.n)
		// Dates repeat: render each distinct one once.
		days := map[uint16]string{}
		for i := range s.n {
			d, ok := days[s.created[i]]
			if !ok {
				d = s.Cell(i, 4)
				days[s.created[i]] = d
			}
			row := []string{s.Cell(i, 0), s.Cell(i, 1), s.Cell(i, 2), s.Cell(i, 3), d, s.Cell(i, 5)}
			fixture.cells[i] = row
			fixture.rows[i] = row
			fixture.ids[i] = s.ID(i)
		}
	})
}

var benchDown tea.Msg = tea.KeyMsg{Type: tea.KeyDown}

// BenchmarkScrollTable: our table over Rows holding the million cells.
func BenchmarkScrollTable(b *testing.B) {
	millionRows(b)
	m := New(newCtx(), licenseColumns)
	m.SetSize(120, 40)
	m.SetSource(Rows{IDs: fixture.ids, Cells: fixture.cells})
	benchScroll(b, m)
}

// BenchmarkScrollTableSource: the same over a Source that renders its
// cells from compact values, as the licenses tab does.
func BenchmarkScrollTableSource(b *testing.B) {
	millionRows(b)
	m := New(newCtx(), licenseColumns)
	m.SetSize(120, 40)
	m.SetSource(fixture.lic)
	benchScroll(b, m)
}

func benchScroll(b *testing.B, m Model) {
	_ = m.View() // both tables draw a first frame before the keypresses
	b.ReportAllocs()
	var v string
	for b.Loop() {
		m, _ = m.Update(benchDown)
		v = m.View()
	}
	if m.cursor == 0 || !strings.Contains(v, "LIC-") {
		b.Fatal("did not scroll")
	}
}

// BenchmarkScrollBubblesTable: the baseline, stock bubbles/table.
func BenchmarkScrollBubblesTable(b *testing.B) {
	millionRows(b)
	var cols []btable.Column
	for _, c := range licenseColumns {
		cols = append(cols, btable.Column{Title: c.Title, Width: c.Width})
	}
	t := btable.New(btable.WithColumns(cols), btable.WithRows(fixture.rows),
		btable.WithHeight(38), btable.WithWidth(120), btable.WithFocused(true))
	_ = t.View()
	b.ReportAllocs()
	var v string
	for b.Loop() {
		t, _ = t.Update(benchDown)
		v = t.View()
	}
	if t.Cursor() == 0 || !strings.Contains(v, "LIC-") {
		b.Fatal("did not scroll")
	}
}

// BenchmarkFilter1M: one filter of a million licenses through a Source
// that checks each distinct name once, then each row by lookups.
func BenchmarkFilter1M(b *testing.B) {
	millionRows(b)
	for _, q := range []string{"fig", "user42", "lic-0004", "2024-05"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = len(fixture.lic.Filter(q))
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/filter")
			b.ReportMetric(float64(n), "matches")
		})
	}
}

// BenchmarkFilterRows1M: the generic Rows filter on the same million rows
// of strings, for comparison.
func BenchmarkFilterRows1M(b *testing.B) {
	millionRows(b)
	r := Rows{IDs: fixture.ids, Cells: fixture.cells}
	b.ReportAllocs()
	for b.Loop() {
		_ = r.Filter("user42")
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/filter")
}

// BenchmarkTypeFilter1M: typing one filter character into a million-row
// table, to the frame with the result: the keypress (which only starts the
// command), the command, and the frame.
func BenchmarkTypeFilter1M(b *testing.B) {
	millionRows(b)
	m := New(newCtx(), licenseColumns)
	m.SetSize(120, 40)
	m.SetSource(fixture.lic)
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")})
	b.ReportAllocs()
	for b.Loop() {
		m2, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("f")})
		m2 = run(m2, cmd)
		_ = m2.View()
		if m2.Len() == m.Len() {
			b.Fatal("not filtered")
		}
	}
}

// BenchmarkSort1M: sorting a million licenses by product.
func BenchmarkSort1M(b *testing.B) {
	millionRows(b)
	m := New(newCtx(), licenseColumns)
	m.SetSize(120, 40)
	m.SetSource(fixture.lic)
	b.ReportAllocs()
	for b.Loop() {
		m2 := m
		m2.sortCol = 1
		m2 = run(m2, m2.start(true))
		if m2.Len() != benchRows {
			b.Fatal("lost rows")
		}
	}
}
