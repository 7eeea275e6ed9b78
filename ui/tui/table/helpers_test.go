package table

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

func newCtx() *common.Context { return common.NewContext(nil, model.User{}, nil) }

// licenseColumns are the licenses tab's columns.
var licenseColumns = []Column{
	{Title: "ID", Width: 10, Min: 10, Priority: 0},
	{Title: "Product", Width: 22, Min: 10, Priority: 8, Flex: true},
	{Title: "Status", Width: 11, Min: 9, Priority: 9},
	{Title: "Assignee", Width: 30, Min: 14, Priority: 7, Flex: true},
	{Title: "Created", Width: 10, Min: 10, Priority: 2},
	{Title: "Assigned at", Width: 16, Min: 10, Priority: 5},
}

// licSource is a synthetic license table: compact per-row values and a few
// distinct names, like the real one. Filter checks each distinct name once
// and then each row with a few table lookups.
type licSource struct {
	n        int
	product  []uint8
	status   []uint8
	assignee []int32 // -1: nobody
	created  []uint16
	assigned []uint32 // minutes after base; 0: never

	products, statuses, emails []string
	// ranks order the names, for Compare.
	productRank, statusRank, emailRank []int32
}

var base = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)

func newLicSource(n int) *licSource {
	s := &licSource{n: n,
		product: make([]uint8, n), status: make([]uint8, n), assignee: make([]int32, n),
		created: make([]uint16, n), assigned: make([]uint32, n),
		statuses: []string{"available", "active", "deactivated", "pending removal"},
	}
	for _, p := range []string{"Figma", "Slack", "Zoom", "GitHub", "Notion", "Jira", "Confluence", "Miro",
		"Adobe Acrobat", "Photoshop", "1Password", "Linear", "Loom", "Calendly", "Dropbox", "Asana"} {
		s.products = append(s.products, p)
	}
	for i := range 5000 {
		s.emails = append(s.emails, "user"+strconv.Itoa(i)+"@example.com")
	}
	x := uint32(2463534242)
	for i := range n {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		s.product[i] = uint8(x % uint32(len(s.products)))
		s.status[i] = uint8((x >> 8) % 4)
		s.created[i] = uint16((x >> 4) % 1000)
		if s.status[i] == 1 {
			s.assignee[i] = int32((x >> 12) % uint32(len(s.emails)))
			s.assigned[i] = uint32(s.created[i])*1440 + (x>>3)%100000
		} else {
			s.assignee[i] = -1
		}
	}
	rank := func(names []string) []int32 {
		idx := make([]int, len(names))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int { return Natural(names[a], names[b]) })
		r := make([]int32, len(names))
		for k, i := range idx {
			r[i] = int32(k)
		}
		return r
	}
	s.productRank, s.statusRank, s.emailRank = rank(s.products), rank(s.statuses), rank(s.emails)
	return s
}

func (s *licSource) Len() int          { return s.n }
func (s *licSource) ID(row int) uint64 { return uint64(row + 1) }

// code appends "LIC-000042" for id 42 (more digits past a million).
func code(id int, buf []byte) []byte {
	buf = append(buf, "LIC-"...)
	var d [20]byte
	i := len(d)
	for id > 0 || i > len(d)-6 {
		i--
		d[i] = byte('0' + id%10)
		id /= 10
	}
	return append(buf, d[i:]...)
}

func (s *licSource) Cell(row, col int) string {
	switch col {
	case 0:
		var b [16]byte
		return string(code(row+1, b[:0]))
	case 1:
		return s.products[s.product[row]]
	case 2:
		return s.statuses[s.status[row]]
	case 3:
		if a := s.assignee[row]; a >= 0 {
			return s.emails[a]
		}
		return ""
	case 4:
		return base.AddDate(0, 0, int(s.created[row])).Format("2006-01-02")
	case 5:
		if m := s.assigned[row]; m > 0 {
			return base.Add(time.Duration(m) * time.Minute).Format("2006-01-02 15:04")
		}
		return ""
	}
	return ""
}

// Filter matches the ID, the names and the created date; names are
// checked once each, rows by lookups.
func (s *licSource) Filter(query string) []int32 {
	q := strings.ToLower(query)
	match := func(names []string) []bool {
		m := make([]bool, len(names))
		for i, n := range names {
			m[i] = ContainsFold(n, q)
		}
		return m
	}
	mp, ms, me := match(s.products), match(s.statuses), match(s.emails)
	days := make([]bool, 1000)
	for d := range days {
		days[d] = strings.Contains(base.AddDate(0, 0, d).Format("2006-01-02"), q)
	}
	idLike := strings.Trim(q, "lic-0123456789") == ""
	qb := []byte(q)
	out := make([]int32, 0, 1024)
	var buf [16]byte
	for i := range s.n {
		ok := mp[s.product[i]] || ms[s.status[i]] || days[s.created[i]]
		if !ok && s.assignee[i] >= 0 {
			ok = me[s.assignee[i]]
		}
		if !ok && idLike {
			c := code(i+1, buf[:0])
			c[0], c[1], c[2] = 'l', 'i', 'c'
			ok = bytes.Contains(c, qb)
		}
		if ok {
			out = append(out, int32(i))
		}
	}
	return out
}

func (s *licSource) Compare(a, b, col int) int {
	switch col {
	case 1:
		return cmp.Compare(s.productRank[s.product[a]], s.productRank[s.product[b]])
	case 2:
		return cmp.Compare(s.statusRank[s.status[a]], s.statusRank[s.status[b]])
	case 3:
		ra, rb := int32(-1), int32(-1)
		if s.assignee[a] >= 0 {
			ra = s.emailRank[s.assignee[a]]
		}
		if s.assignee[b] >= 0 {
			rb = s.emailRank[s.assignee[b]]
		}
		return cmp.Compare(ra, rb)
	case 4:
		return cmp.Compare(s.created[a], s.created[b])
	case 5:
		return cmp.Compare(s.assigned[a], s.assigned[b])
	}
	return cmp.Compare(a, b)
}

// numbered makes n rows: ID i+1, cells "r<i>", i (a number) and a name.
func numbered(n int) Rows {
	var r Rows
	for i := range n {
		r.IDs = append(r.IDs, uint64(i+1))
		r.Cells = append(r.Cells, []string{"r" + strconv.Itoa(i), strconv.Itoa((i * 7) % n), names[i%len(names)]})
	}
	return r
}

var names = []string{"ana", "Ben", "Émile", "dora", "东京", "zoë"}

var numberedColumns = []Column{
	{Title: "Row", Width: 6},
	{Title: "Num", Width: 5, Right: true, Priority: 1},
	{Title: "Name", Width: 10, Flex: true, Priority: 2},
}

// newTable makes a table over src at w×h.
func newTable(src Source, cols []Column, w, h int) Model {
	m := New(newCtx(), cols)
	m.SetSize(w, h)
	if cmd := m.SetSource(src); cmd != nil {
		m = run(m, cmd)
	}
	return m
}

// send presses the keys, running every command to the end.
func send(m Model, keys ...string) Model {
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(tuitest.Key(k))
		m = run(m, cmd)
	}
	return m
}

// run executes cmd (and batches) and feeds the messages back.
func run(m Model, cmd tea.Cmd) Model {
	if cmd == nil {
		return m
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			m = run(m, c)
		}
		return m
	}
	if msg == nil {
		return m
	}
	var next tea.Cmd
	m, next = m.Update(msg)
	return run(m, next)
}

// selectedID is the ID under the cursor (0: none).
func selectedID(m Model) uint64 {
	r, ok := m.Selected()
	if !ok {
		return 0
	}
	return m.src.ID(r)
}

// viewIDs are the IDs of the view, in order.
func viewIDs(m Model) []uint64 {
	out := make([]uint64, m.Len())
	for i := range out {
		out[i] = m.src.ID(m.row(i))
	}
	return out
}
