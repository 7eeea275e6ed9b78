package dashboard

import (
	"testing"

	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

// loaded is a dashboard of w's data at width × height, fully loaded.
func loaded(t *testing.T, w *tuitest.World, email string, width, height int) common.Tab {
	t.Helper()
	return tuitest.New(t, w, email, New, width, height).Tab
}
