package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/seats/seats/store/postgres/pgtest"
)

// TestDemoIntoPostgresIsTheFileDemo generates the demo straight into
// PostgreSQL schemas (the bulk path: a scratch file copied in by COPY)
// and into files, the standard one and a scaled one, and expects the
// same reports from both, a clean check, no file left behind, and a
// refusal for a schema that holds anything.
func TestDemoIntoPostgresIsTheFileDemo(t *testing.T) {
	srv, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	h := newHarness(t)
	dir := t.TempDir()
	t.Chdir(dir)
	for _, tc := range []struct {
		name  string
		scale []string
	}{{"standard", nil}, {"scaled", []string{"--scale", "3000"}}} {
		file := filepath.Join(t.TempDir(), "demo.db")
		url := srv.URL("search_path=demo_" + tc.name)
		h.ok(append([]string{"demo", "--no-ui", "--db", file}, tc.scale...)...)
		if out := h.ok(append([]string{"demo", "--no-ui", "--db", url}, tc.scale...)...); out == "" {
			t.Fatalf("%s: demo printed nothing", tc.name)
		}
		for _, read := range [][]string{{"status", "--json"}, {"invoice", "--json"}, {"users", "list", "--json"},
			{"export", "events"}, {"history", "LIC-000001", "--json"}} {
			a := h.ok(append(read, "--db", file)...)
			b := h.ok(append(read, "--db", url)...)
			if a != b {
				t.Errorf("%s: seats %q differs:\nfile     %.400s\npostgres %.400s", tc.name, read, a, b)
			}
		}
		h.ok("check", "--db", url)
		r := h.fails(exitFailed, append([]string{"demo", "--no-ui", "--db", url}, tc.scale...)...)
		contains(t, r.err, "not empty")
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) > 0 {
		t.Fatalf("a demo into PostgreSQL left %v behind (%v)", entries, err)
	}
}
