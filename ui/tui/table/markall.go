package table

// MarkAll marks every row in the view (the rows the filter left), keeping
// the marks already set on rows the filter hides. Like Marked, it does
// nothing while a new source is being filtered or sorted.
func (m *Model) MarkAll() {
	n := m.Len()
	if n == 0 || m.stale() {
		return
	}
	marks := make(map[uint64]struct{}, len(m.marks)+n)
	for k := range m.marks {
		marks[k] = struct{}{}
	}
	pos := make([]int, n)
	for i := range n {
		marks[m.src.ID(m.row(i))] = struct{}{}
		pos[i] = i
	}
	m.marks, m.markedPos = marks, pos
	m.markVer++
}
