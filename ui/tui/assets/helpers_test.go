package assets

import (
	"testing"

	"github.com/seats/seats/ui/tui/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }
