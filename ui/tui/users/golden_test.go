package users

import (
	"testing"

	"github.com/seats/seats/ui/tui/users/kit/kittest"
)

// TestGolden waits for the first user's licenses in the pane.
func TestGolden(t *testing.T) { kittest.GoldenSizes(t, demoWorld(t), New, "since 20") }

// TestLook is for reading the tab: go test -v -run Look.
func TestLook(t *testing.T) { kittest.Look(t, demoWorld, New, []string{"down", "down"}) }
