package products

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

func tab(h *tuitest.Harness) *Tab { return h.Tab.(*Tab) }

// goTo moves the cursor to the product named name.
func goTo(t *testing.T, h *tuitest.Harness, name string) {
	t.Helper()
	h.Seek(tab(h).Data.Len(), func() bool { p, ok := tab(h).selected(); return ok && p.Name == name })
}

// focus tabs through the open form to the field labelled label.
func focus(t *testing.T, h *tuitest.Harness, label string) {
	t.Helper()
	for range 30 {
		if strings.Contains(ansi.Strip(h.ModalView()), "› "+label) {
			return
		}
		h.Press("tab")
	}
	t.Fatalf("no field %q in\n%s", label, ansi.Strip(h.ModalView()))
}

// set replaces the value of the text field labelled label.
func set(t *testing.T, h *tuitest.Harness, label, value string) {
	t.Helper()
	focus(t, h, label)
	h.Clear()
	h.Type(value)
}
