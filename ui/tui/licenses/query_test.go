package licenses

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// synthetic builds n licenses over 20 products, 70 % assigned, with a
// third as many users and a twenty-fifth as many assets (at least 5000 and
// 2000): the shape of the load-test organization.
func synthetic(n int) ([]model.License, model.Names) {
	names := model.Names{Products: map[model.ID]string{}, Users: map[model.ID]string{}, Assets: map[model.ID]string{}}
	for i := 1; i <= 20; i++ {
		names.Products[model.ID(i)] = fmt.Sprintf("Product %02d Suite", i)
	}
	for i := 1; i <= max(5000, n/3); i++ {
		names.Users[model.ID(i)] = fmt.Sprintf("user%04d@northwind.example", i)
	}
	for i := 1; i <= max(2000, n/25); i++ {
		names.Assets[model.ID(i)] = fmt.Sprintf("NW-LAPTOP-%04d", i)
	}
	base := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	ls := make([]model.License, n)
	for i := range ls {
		l := model.License{ID: model.ID(i + 1), ProductID: model.ID(i%20 + 1), Status: model.Available,
			Created: base.Add(time.Duration(i) * time.Second)}
		switch {
		case i%10 < 5:
			l.Status, l.AssigneeKind, l.AssigneeID = model.Active, model.AssigneeUser, model.ID(i%len(names.Users)+1)
			l.AssignedAt = l.Created.Add(time.Hour)
		case i%10 < 7:
			l.Status, l.AssigneeKind, l.AssigneeID = model.Active, model.AssigneeAsset, model.ID(i%len(names.Assets)+1)
			l.AssignedAt = l.Created.Add(time.Hour)
		case i%10 == 9:
			l.Status = model.Deactivated
		}
		ls[i] = l
	}
	return ls, names
}

func TestFilter(t *testing.T) {
	ls, names := synthetic(10_000)
	src := newSource(ls, names)
	ids := func(q string) []model.ID {
		var out []model.ID
		for _, i := range src.Filter(q) {
			out = append(out, ls[i].ID)
		}
		return out
	}
	count := func(q string) int { return len(src.Filter(q)) }
	cases := []struct {
		q    string
		want int
	}{
		{"", 10_000},
		{"LIC-", 10_000},
		{"li", 10_000},
		{"LIC-00999", 10}, // 9990..9999
		{"lic-009999", 1}, // exactly one
		{"-0001", 100},    // 000100..000199
		{"9999", 1},       // digits anywhere
		{"deactivated", 1000},
		{"available", 2000},
		{"product 07", 500},
		{"user0001@", 2}, // user 1 holds 2 licenses in 10 000
		{"nw-laptop-0006", 5},
		{"  PRODUCT 01 suite ", 500},
		{"zzz", 0},
		{"product 01 user0001@", 0}, // one phrase, not two words
	}
	for _, c := range cases {
		if got := count(c.q); got != c.want {
			t.Errorf("%q: %d matches, want %d", c.q, got, c.want)
		}
	}
	if got := ids("LIC-009999"); !slices.Equal(got, []model.ID{9999}) {
		t.Errorf("LIC-009999: %v", got)
	}
	if got := count("active"); got != 7000 {
		t.Errorf("active: %d", got)
	}
}

func TestCompare(t *testing.T) {
	ls, names := synthetic(1000)
	src := newSource(ls, names)
	show := func(row, col int) string {
		if c := src.Cell(row, col); c != "" || col == colID {
			return strings.ToLower(c)
		}
		return "~" // empty sorts last
	}
	for col := range numCols {
		o := make([]int, len(ls))
		for i := range o {
			o[i] = len(o) - 1 - i
		}
		slices.SortFunc(o, func(a, b int) int { return src.Compare(a, b, col) })
		for i := 1; i < len(o); i++ {
			a, b := o[i-1], o[i]
			x, y := show(a, col), show(b, col)
			if col == colStatus {
				x, y = fmt.Sprint(statusRank(ls[a].Status)), fmt.Sprint(statusRank(ls[b].Status))
			}
			if x > y || (x == y && ls[a].ID > ls[b].ID) {
				t.Fatalf("col %d: %q (%d) before %q (%d)", col, x, ls[a].ID, y, ls[b].ID)
			}
		}
	}
}

// BenchmarkFilterLicenses1M is the licenses tab's filter over a million
// licenses (and a third of a million users), as the table runs it per
// keystroke: compile the query against the names, then one pass.
func BenchmarkFilterLicenses1M(b *testing.B) {
	src := newSource(synthetic(1_000_000))
	for _, q := range []string{"product 07", "user0042@", "4242", "LIC-0042", "active", "nw-laptop"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				n = len(src.Filter(q))
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
			b.ReportMetric(float64(n), "matches")
		})
	}
}

// BenchmarkSortLicenses1M sorts a million rows through Compare, as the
// table does.
func BenchmarkSortLicenses1M(b *testing.B) {
	ls, names := synthetic(1_000_000)
	for _, col := range []int{colProduct, colAssignee, colAssigned} {
		b.Run(fmt.Sprint("col", col), func(b *testing.B) {
			o := make([]int32, len(ls))
			for b.Loop() {
				src := newSource(ls, names) // keys computed per load
				for i := range o {
					o[i] = int32(i)
				}
				slices.SortFunc(o, func(x, y int32) int { return src.Compare(int(x), int(y), col) })
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
		})
	}
}
