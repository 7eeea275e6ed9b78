package dashboard

import (
	"strings"
	"testing"

	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestAnEmptyDatabaseShowsTheOnboardingTextAndIsNotBusy(t *testing.T) {
	tab := loaded(t, tuitest.Open(t), "", 80, 24)
	if !strings.Contains(tab.View(), "No products yet") {
		t.Fatalf("no onboarding text:\n%s", tab.View())
	}
	if tab.(common.Busy).Busy() {
		t.Fatal("an empty database keeps the dashboard busy, so the spinner turns forever")
	}
}
