package licenses

import (
	"slices"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/tuitest"
)

// newSource builds a source from a listing already in hand, through the
// builder a load streams into.
func newSource(ls []model.License, names model.Names) *source {
	var b builder
	b.start(directoryOf(names), len(ls))
	for _, l := range ls {
		b.add(l)
	}
	return b.source()
}

// directoryOf lists names in map order: the source must not depend on the
// directory's order for anything but speed.
func directoryOf(n model.Names) model.Directory {
	list := func(m map[model.ID]string) []model.Named {
		out := make([]model.Named, 0, len(m))
		for id, name := range m {
			out = append(out, model.Named{ID: id, Name: name})
		}
		return out
	}
	return model.Directory{Products: list(n.Products), Users: list(n.Users), Assets: list(n.Assets)}
}

// cellsOf renders a license as the tab did from model.License and Names,
// before it kept compact rows.
func cellsOf(l model.License, n model.Names) []string {
	assigned := ""
	if !l.AssignedAt.IsZero() {
		assigned = l.AssignedAt.UTC().Format("2006-01-02 15:04")
	}
	return []string{l.Code(), n.Products[l.ProductID], l.Status.String(), n.Assignee(l), l.Created.UTC().Format("2006-01-02"), assigned}
}

// The compact rows a load streams into show every license of the demo
// organization as the listing does, and sort and filter the same whether
// the directory comes in name order (from the store) or in any order.
func TestRowsShowTheListing(t *testing.T) {
	w := tuitest.DemoAtNow(t)
	ls, names, err := w.Svc.Licenses(model.LicenseFilter{})
	w.Must(err)
	var b builder
	w.Must(w.Svc.EachLicense(model.LicenseFilter{}, b.start, b.add))
	src, unordered := b.source(), newSource(ls, names)
	if src.Len() != len(ls) || len(ls) < 100 {
		t.Fatalf("%d rows of %d licenses", src.Len(), len(ls))
	}
	for i, l := range ls {
		want := cellsOf(l, names)
		for col := range numCols {
			if got := src.Cell(i, col); got != want[col] || src.ID(i) != l.ID {
				t.Fatalf("%s column %d: %q, want %q", l.Code(), col, got, want[col])
			}
		}
	}
	for col := range numCols {
		if !slices.Equal(src.column(col), unordered.column(col)) {
			t.Errorf("column %d sorts differently by directory order", col)
		}
	}
	for _, q := range []string{"jetbrains", "active", "@", "lic-00001", "laptop", "zzz"} {
		if !slices.Equal(src.Filter(q), unordered.Filter(q)) {
			t.Errorf("%q filters differently by directory order", q)
		}
	}
}
