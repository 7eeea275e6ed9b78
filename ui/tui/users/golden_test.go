package users

import (
	"testing"

	"github.com/seats/seats/ui/tui/tuitest"
)

// TestGolden waits for the first user's licenses in the pane.
func TestGolden(t *testing.T) {
	tuitest.GoldenSizes(t, tuitest.DemoAtNow(t), New, tuitest.Shows("since 20"))
}

// TestLook is for reading the tab: go test -v -run Look.
func TestLook(t *testing.T) { tuitest.Look(t, tuitest.DemoAtNow, New, []string{"down", "down"}) }
