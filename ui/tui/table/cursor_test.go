package table

import "testing"

// After a filter or a sort the cursor is on the first row, unless the
// selected record is still in the view: then it stays on that record.
func TestFilterAndSortPutTheCursorOnTheFirstRowUnlessItsRecordStays(t *testing.T) {
	m := newTable(numbered(100), numberedColumns, 60, 12)
	m = send(m, "G", "k") // row 98: r98, an Émile row (98 % 6 = 2)
	id := selectedID(m)
	if m.cursor != 98 || m.offset == 0 {
		t.Fatalf("start: cursor %d offset %d", m.cursor, m.offset)
	}
	// A filter that keeps the record: the cursor stays on it.
	m = send(m, "/", "é")
	if selectedID(m) != id {
		t.Fatalf("filter keeping ID %d moved the cursor to %d", id, selectedID(m))
	}
	// A filter that leaves it out: the first row, from the top.
	m = send(m, "backspace", "b", "e", "n")
	if m.cursor != 0 || m.offset != 0 || selectedID(m) != m.src.ID(m.row(0)) {
		t.Fatalf("filter hiding ID %d: cursor %d offset %d", id, m.cursor, m.offset)
	}
	// Typing on: the new selection (the first ben row) stays while it matches.
	first := selectedID(m)
	m = send(m, "backspace")
	if selectedID(m) != first {
		t.Fatalf("widening the filter left ID %d for %d", first, selectedID(m))
	}
	m = send(m, "esc", "G")
	last := selectedID(m)
	// A sort keeps the record in the view: the cursor follows it.
	m = send(m, "s")
	if selectedID(m) != last {
		t.Fatalf("sort moved the cursor from ID %d to %d", last, selectedID(m))
	}
	// From a filter that matched nothing, the first row.
	m = send(m, "/", "Ö")
	if m.Len() != 0 {
		t.Fatalf("Ö matched %d", m.Len())
	}
	m = send(m, "backspace")
	if m.cursor != 0 || m.offset != 0 {
		t.Fatalf("after no matches: cursor %d offset %d", m.cursor, m.offset)
	}
}
