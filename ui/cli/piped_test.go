package cli

import (
	"strings"
	"testing"
)

// Piped, a table's cells are whole and separated by one tab, for scripts
// (as gh does); on a terminal the same table is aligned and its
// descriptive columns cut to fit.
func TestTablesPipedAreWholeAndTabSeparated(t *testing.T) {
	h := seeded(t)
	long := "Maximiliana Kowalczyk-Brzeczyszczykiewicz"
	h.ok("users", "invite", "max@example.com", "--first", "Maximiliana", "--last", "Kowalczyk-Brzeczyszczykiewicz", "--department", "Research and Development")

	piped := h.ok("users", "list")
	var row string
	for _, l := range strings.Split(piped, "\n") {
		if strings.HasPrefix(l, "max@example.com") {
			row = l
		}
	}
	cells := strings.Split(row, "\t")
	if len(cells) != 6 || cells[1] != long || cells[4] != "Research and Development" {
		t.Fatalf("piped row is not whole tab-separated cells: %q", row)
	}
	if strings.Contains(piped, "…") || strings.Contains(piped, "  ") {
		t.Fatalf("piped output is cut or aligned:\n%s", piped)
	}

	h.terminal = true
	shown := h.ok("users", "list")
	if strings.Contains(shown, long) || !strings.Contains(shown, "…") || strings.Contains(shown, "\t") {
		t.Fatalf("terminal output is not aligned and cut to fit:\n%s", shown)
	}
}
