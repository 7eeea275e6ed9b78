package licenses

import (
	"strings"
	"testing"

	"github.com/seats/seats/ui/tui/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

func tab(h *tuitest.Harness) *Tab { return h.Tab.(*Tab) }

// goTo moves the cursor to the license code.
func goTo(t *testing.T, h *tuitest.Harness, code string) {
	t.Helper()
	h.Seek(tab(h).Data.Len(), func() bool { l, ok := tab(h).selected(); return ok && l.Code() == code })
}

// helpLine is the tab's help keys in order, so a run of keys can be found.
func helpLine(h *tuitest.Harness) string { return " " + strings.Join(h.HelpKeys(), " ") + " " }
