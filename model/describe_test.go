package model

import (
	"strings"
	"testing"
)

// A long note edited in one line shows that line's change, not both
// whole texts; short changes are shown whole.
func TestChangeShowsWhatChangedInALongNote(t *testing.T) {
	long := "Renewal handled by procurement.\nContact: Jane Doe, ext. 4411.\nKeys are in the vault under /licenses/office."
	e := Event{Kind: EvProductUpdated, From: "notes=" + long, To: "notes=" + strings.Replace(long, "ext. 4411", "ext. 4520", 1)}
	got := e.Change("EUR")
	for _, want := range []string{"notes: ", "4411", "4520", " → "} {
		if !strings.Contains(got, want) {
			t.Errorf("change %q lacks %q", got, want)
		}
	}
	for _, whole := range []string{"Renewal handled", "the vault under"} {
		if strings.Contains(got, whole) {
			t.Errorf("change %q repeats the unchanged text %q", got, whole)
		}
	}
	if strings.Contains(got, "\n") || len([]rune(got)) > changeWidth+10 {
		t.Errorf("change is not one short line: %q", got)
	}

	short := Event{Kind: EvProductUpdated, From: "price=10.00", To: "price=12.00"}
	if got := short.Change("EUR"); got != "price=10.00 → price=12.00" {
		t.Errorf("short change = %q", got)
	}
}
