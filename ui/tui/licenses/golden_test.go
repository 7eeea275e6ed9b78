package licenses

import (
	"strings"
	"testing"

	"github.com/seats/seats/ui/tui/tuitest"
)

func TestGolden(t *testing.T) {
	w := tuitest.DemoAtNow(t)
	tuitest.GoldenSizes(t, w, New, tuitest.Shows("row 1 of"))
	// Filtered to one product's free seats, sorted by assignee, two marked.
	tuitest.GoldenKeys(t, w, New, "-filtered", "/", "jetbrains", "enter", "s", "s", "s", "s", " ", " ")
}

func TestGoldenEmpty(t *testing.T) {
	tuitest.GoldenAt(t, tuitest.Open(t), New, 80, 21, tuitest.Shows("No licenses yet"))
}

// TestNarrowKeepsIDAndAssignee: the table drops the highest Priority first;
// the ID never drops, and the assignee is the last column that may.
func TestNarrowKeepsIDAndAssignee(t *testing.T) {
	w := tuitest.Standard(t)
	for _, c := range []struct {
		width     int
		want, not []string
	}{
		{120, []string{"ID", "Product", "Status", "Assignee", "Created", "Assigned at"}, nil},
		{80, []string{"ID", "Product", "Status", "Assignee", "Assigned at"}, []string{"Created"}},
		{60, []string{"ID", "Product", "Status", "Assignee"}, []string{"Created", "Assigned at"}},
	} {
		h := tuitest.Load(t, w, "", New)
		tab(h).SetSize(c.width, 21)
		header := tuitest.Flat(strings.SplitN(h.Tab.View(), "\n", 2)[0])
		tuitest.Contains(t, header, c.want...)
		for _, s := range c.not {
			if strings.Contains(header, s) {
				t.Errorf("%d columns show %s: %s", c.width, s, header)
			}
		}
	}
}
