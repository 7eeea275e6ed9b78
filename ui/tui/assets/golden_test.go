package assets

import (
	"testing"

	"github.com/seats/seats/ui/tui/tuitest"
)

func TestGolden(t *testing.T) {
	tuitest.GoldenSizes(t, tuitest.DemoAtNow(t), New, tuitest.Shows("row 1 of"))
}

// TestLook is for reading the tab: go test -v -run Look.
func TestLook(t *testing.T) { tuitest.Look(t, tuitest.DemoAtNow, New, []string{"down"}) }
