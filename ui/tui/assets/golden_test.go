package assets

import (
	"testing"

	"github.com/seats/seats/ui/tui/users/kit/kittest"
)

func TestGolden(t *testing.T) { kittest.GoldenSizes(t, demoWorld(t), New, "row 1 of") }

// TestLook is for reading the tab: go test -v -run Look.
func TestLook(t *testing.T) { kittest.Look(t, demoWorld, New, []string{"down"}) }
