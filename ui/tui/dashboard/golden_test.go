package dashboard

import (
	"testing"

	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

// loadedAll: the invoice and the trend may be below the first screen.
func loadedAll(tab common.Tab) bool {
	m := tab.(*Model)
	return m.sum != nil && (m.inv != nil || m.invErr != nil) && (m.trend != nil || m.trendErr != nil)
}

func TestGolden(t *testing.T) {
	w := tuitest.DemoAtNow(t)
	tuitest.GoldenSizes(t, w, New, tuitest.When(loadedAll))
	tuitest.GoldenKeys(t, w, New, "-bottom", "G")
}

func TestGoldenEmpty(t *testing.T) {
	tuitest.GoldenAt(t, tuitest.Open(t), New, 80, 21, tuitest.When(func(tab common.Tab) bool { return tab.(*Model).sum != nil }))
}
