package users

import (
	"testing"

	"github.com/seats/seats/ui/tui/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

// selectUser moves the cursor to email's row through the filter.
func selectUser(t *testing.T, h *tuitest.Harness, email string) {
	t.Helper()
	h.Filter(email)
	u, ok := h.Tab.(*Tab).selected()
	if !ok || u.Email != email {
		t.Fatalf("selected %q, want %s", u.Email, email)
	}
}
