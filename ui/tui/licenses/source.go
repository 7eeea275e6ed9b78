package licenses

import (
	"cmp"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/table"
)

// source is the table's view of one load: the licenses as compact rows in
// ID order, and the names to show them. Cells are rendered only for the
// rows on screen; filtering and sorting never render a cell. It is read
// from the table's commands and from View at once, and never changes after
// it is built (the sort keys are computed once, under a sync.Once).
type source struct {
	rows  []licenseRow
	names *nameIndex
	ranks ranks
	keys  [numCols]struct {
		once sync.Once
		k    []uint32
	}
}

var _ table.Source = (*source)(nil)

// licenseRow is one license as the tab keeps it: 40 bytes where a
// model.License takes 120, with its product and holder as positions in the
// load's name lists and its times as Unix seconds (the finest the tab shows
// or sorts by).
type licenseRow struct {
	id                model.ID
	created, assigned int64 // noTime when unset
	product, holder   uint32
	status            model.Status
	kind              model.AssigneeKind
}

// noTime marks a time that is not set.
const noTime = math.MinInt64

func (r licenseRow) Code() string { return model.LicenseCode(r.id) }

func unixOf(t time.Time) int64 {
	if t.IsZero() {
		return noTime
	}
	return t.Unix()
}

// builder makes a source from a listing as it streams in, so the load
// never holds a model.License per row.
type builder struct {
	// read, when set, counts the rows added so far for a loading line.
	read                    *atomic.Int64
	names                   *nameIndex
	rows                    []licenseRow
	products, users, assets positions
}

// start takes the listing's names and its expected size.
func (b *builder) start(d model.Directory, size int) {
	b.names = &nameIndex{products: newNameList(d.Products), users: newNameList(d.Users), assets: newNameList(d.Assets)}
	b.products, b.users, b.assets = newPositions(d.Products), newPositions(d.Users), newPositions(d.Assets)
	b.rows = make([]licenseRow, 0, size)
}

func (b *builder) add(l model.License) bool {
	r := licenseRow{id: l.ID, created: unixOf(l.Created), assigned: unixOf(l.AssignedAt),
		product: b.products.of(l.ProductID), holder: noPos, status: l.Status, kind: l.AssigneeKind}
	switch l.AssigneeKind {
	case model.AssigneeUser:
		r.holder = b.users.of(l.AssigneeID)
	case model.AssigneeAsset:
		r.holder = b.assets.of(l.AssigneeID)
	}
	b.rows = append(b.rows, r)
	if b.read != nil && len(b.rows)%1024 == 0 {
		b.read.Store(int64(len(b.rows)))
	}
	return true
}

// source finishes the load; start has been called.
func (b *builder) source() *source {
	if b.read != nil {
		b.read.Store(int64(len(b.rows)))
	}
	return &source{rows: b.rows, names: b.names, ranks: newRanks(b.names)}
}

func (s *source) Len() int          { return len(s.rows) }
func (s *source) ID(row int) uint64 { return s.rows[row].id }

// Cell renders one cell of the rows on screen.
func (s *source) Cell(row, col int) string {
	r := &s.rows[row]
	switch col {
	case colID:
		return r.Code()
	case colProduct:
		return s.product(r)
	case colStatus:
		return r.status.String()
	case colAssignee:
		return s.assignee(r)
	case colCreated:
		if r.created == noTime {
			return time.Time{}.Format("2006-01-02")
		}
		return time.Unix(r.created, 0).UTC().Format("2006-01-02")
	case colAssigned:
		if r.assigned == noTime {
			return ""
		}
		return time.Unix(r.assigned, 0).UTC().Format("2006-01-02 15:04")
	}
	return ""
}

func (s *source) product(r *licenseRow) string { return s.names.products.name(r.product) }

func (s *source) assignee(r *licenseRow) string {
	switch r.kind {
	case model.AssigneeUser:
		return s.names.users.name(r.holder)
	case model.AssigneeAsset:
		return s.names.assets.name(r.holder)
	}
	return ""
}

// Filter returns the rows matching query, in ID order.
func (s *source) Filter(query string) []int32 { return compile(query, s.names).filter(s.rows) }

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
	c.once.Do(func() { c.k = s.ranks.keyColumn(s.rows, col) })
	return c.k
}
