package allocations

import (
	"testing"

	"github.com/seats/seats/ui/tui/users/kit/kittest"
)

// TestGolden waits for the first allocation's pane.
func TestGolden(t *testing.T) { kittest.GoldenSizes(t, demoWorld(t), New, "Reserves") }

// TestLook is for reading the tab and its views: go test -v -run Look.
func TestLook(t *testing.T) {
	kittest.Look(t, demoWorld, New, []string{"down"}, []string{"v"}, []string{"v"}, []string{"v"})
}
