package allocations

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/ui/tui/tuitest"
)

// TestGolden waits for the first allocation's pane.
func TestGolden(t *testing.T) {
	tuitest.GoldenSizes(t, tuitest.DemoAtNow(t), New, tuitest.Shows("Reserves"))
}

// TestLook is for reading the tab and its views: go test -v -run Look.
func TestLook(t *testing.T) {
	tuitest.Look(t, tuitest.DemoAtNow, New, []string{"down"}, []string{"v"}, []string{"v"}, []string{"v"})
}

// TestUsersPickerGolden: the allocation form's Users field is a filterable
// multi-select of the users the domain says an allocation may name (no
// external); typing narrows, space chooses, the head counts the chosen.
func TestUsersPickerGolden(t *testing.T) {
	for _, s := range tuitest.Sizes {
		t.Run(s.Name, func(t *testing.T) {
			w := tuitest.Standard(t)
			h := tuitest.New(t, w, "", New, s.Width, s.Height)
			h.Press("n", "tab", "tab", "tab")
			h.Press("space") // admin@ (the first)
			h.Type("a")
			h.Press("down", "space") // ana@
			view := h.ModalView()
			tuitest.Contains(t, view, "2 chosen", "[x] admin@example.com", "[x] ana@example.com")
			if strings.Contains(view, "ext@partner.com") {
				t.Fatalf("an external is offered:\n%s", view)
			}
			teatest.RequireEqualOutput(t, []byte(view))
		})
	}
}
