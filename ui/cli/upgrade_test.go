package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A file of an older schema is read by no read command (each says which
// command upgrades it and changes nothing); `seats upgrade` rewrites it,
// after which reads and check work.
func TestReadsOfAnOlderSchemaNameTheUpgradeAndChangeNothing(t *testing.T) {
	h := newHarness(t)
	old, err := os.ReadFile(filepath.Join("..", "..", "store", "bolt", "testdata", "schema5.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(h.db, old, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"status"}, {"licenses", "list"}, {"check"}, {"history", "--verify", "Office"}} {
		r := h.run(args...)
		h.expect(r, exitFailed, args)
		if !strings.Contains(r.err, "seats upgrade") {
			t.Errorf("seats %q on a schema-5 file: %q, want it to name `seats upgrade`", args, r.err)
		}
		if now, _ := os.ReadFile(h.db); !bytes.Equal(now, old) {
			t.Fatalf("seats %q changed a schema-5 file", args)
		}
	}
	contains(t, h.ok("upgrade"), "in this seats' format")
	contains(t, h.ok("check"), "passed every check")
	contains(t, h.ok("status"), "Office")
	h.fails(exitFailed, "upgrade", "--db", filepath.Join(t.TempDir(), "missing.db"))
}
