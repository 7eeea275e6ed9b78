package activity

import (
	"strings"
	"testing"

	"github.com/seats/seats/ui/tui/tuitest"
)

// At 80 columns the log keeps who did each thing: an auditor's column.
func TestTheActorColumnStaysAt80Columns(t *testing.T) {
	h, m := open(t, tuitest.Standard(t), "", 0)
	for _, width := range []int{80, 120} {
		m.SetSize(width, 24)
		header := strings.SplitN(h.Tab.View(), "\n", 2)[0]
		for _, col := range []string{"Time", "Actor", "Kind", "Subject"} {
			if !strings.Contains(header, col) {
				t.Errorf("at %d columns the %s column is gone: %q", width, col, header)
			}
		}
	}
}
