package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// --dry-run on a mutating command checks the rules, asks nothing, prints
// what would be recorded and leaves the database byte for byte as it was;
// a refused dry run is refused as the real run would be.
func TestDryRunShowsWhatWouldBeRecordedAndChangesNothing(t *testing.T) {
	h := seeded(t)
	before, err := os.ReadFile(h.db)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"assign", "Office", "ben@example.com"},
		{"licenses", "add", "Office", "2"}, // would ask and charge
		{"users", "terminate", "ana@example.com", "--last-day", "2026-03-20"},
		{"products", "delete", "Antivirus"},
	} {
		out := h.ok(append(args, "--dry-run")...)
		contains(t, out, "dry run: nothing was changed; it would record:")
	}
	contains(t, h.ok("assign", "Office", "ben@example.com", "--dry-run"), "license.assigned", "ben@example.com")
	js := decode[map[string]any](t, h.ok("licenses", "add", "Office", "2", "--dry-run", "--json"))
	if js["dry_run"] != true || len(js["events"].([]any)) == 0 {
		t.Fatalf("dry run JSON %v", js)
	}
	h.refused("--as", "vic@example.com", "assign", "Office", "ben@example.com", "--dry-run")
	h.refused("unassign", "LIC-999999", "--dry-run")
	after, err := os.ReadFile(h.db)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Fatal("a dry run changed the database file")
	}

	missing := filepath.Join(t.TempDir(), "none.db")
	h.refused("--db", missing, "products", "add", "X", "--dry-run")
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("a dry run created a database")
	}
}
