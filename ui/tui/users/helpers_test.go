package users

import (
	"testing"

	"github.com/seats/seats/ui/tui/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

// selectUser moves the cursor to email's row through the filter. It
// reopens the filter with / instead of clearing it with esc first: with no
// filter applied, esc clears the marks.
func selectUser(t *testing.T, h *tuitest.Harness, email string) {
	t.Helper()
	h.Press("/")
	h.Clear()
	h.Type(email)
	h.Press("enter")
	u, ok := h.Tab.(*Tab).selected()
	if !ok || u.Email != email {
		t.Fatalf("selected %q, want %s", u.Email, email)
	}
}
