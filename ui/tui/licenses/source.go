package licenses

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/table"
)

// source is the table's view of one load: the licenses, compact values in
// ID order, and the names to show them. Cells are rendered only for the
// rows on screen; filtering and sorting never render a cell. It is read
// from the table's commands and from View at once, and never changes after
// it is built (the sort keys are computed once, under a sync.Once).
type source struct {
	ls    []model.License
	names model.Names
	index *nameIndex
	ranks ranks
	keys  [numCols]struct {
		once sync.Once
		k    []uint32
	}
}

var _ table.Source = (*source)(nil)

func newSource(ls []model.License, names model.Names) *source {
	idx := newNameIndex(names)
	return &source{ls: ls, names: names, index: idx, ranks: newRanks(idx)}
}

func (s *source) Len() int          { return len(s.ls) }
func (s *source) ID(row int) uint64 { return s.ls[row].ID }

// Cell renders one cell of the rows on screen.
func (s *source) Cell(row, col int) string {
	l := &s.ls[row]
	switch col {
	case colID:
		return l.Code()
	case colProduct:
		return s.names.Products[l.ProductID]
	case colStatus:
		return l.Status.String()
	case colAssignee:
		return s.names.Assignee(*l)
	case colCreated:
		return l.Created.UTC().Format("2006-01-02")
	case colAssigned:
		if l.AssignedAt.IsZero() {
			return ""
		}
		return l.AssignedAt.UTC().Format("2006-01-02 15:04")
	}
	return ""
}

// Filter returns the rows matching query, in ID order.
func (s *source) Filter(query string) []int32 { return compile(query, s.index).filter(s.ls) }

// Compare orders rows by column col, ties by license ID.
func (s *source) Compare(a, b, col int) int {
	k := s.column(col)
	if k[a] != k[b] {
		return cmp.Compare(k[a], k[b])
	}
	return cmp.Compare(a, b) // rows are in ID order
}

func (s *source) column(col int) []uint32 {
	c := &s.keys[col]
	c.once.Do(func() { c.k = s.ranks.keyColumn(s.ls, col) })
	return c.k
}

// productNames lists the products alphabetically, for the assign form.
func (s *source) productNames() []string {
	out := make([]string, 0, len(s.names.Products))
	for _, n := range s.names.Products {
		out = append(out, n)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return out
}
