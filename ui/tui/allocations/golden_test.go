package allocations

import (
	"testing"

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
