package products

import (
	"testing"

	"github.com/seats/seats/ui/tui/tuitest"
)

func TestGolden(t *testing.T) {
	w := tuitest.DemoAtNow(t)
	tuitest.GoldenSizes(t, w, New, tuitest.Shows("row 1 of"))
	// Sorted by name, the last product selected.
	tuitest.GoldenKeys(t, w, New, "-sorted", "s", "G")
}

func TestGoldenEmpty(t *testing.T) {
	tuitest.GoldenAt(t, tuitest.Open(t), New, 80, 21, tuitest.Shows("No products yet"))
}
