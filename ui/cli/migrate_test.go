package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seats/seats/store/postgres/pgtest"
)

// TestMigrateRoundTripThroughPostgres copies a demo file into PostgreSQL
// and from there into a new file: every export and the chain head are
// unchanged, and a destination that holds anything is refused untouched.
func TestMigrateRoundTripThroughPostgres(t *testing.T) {
	srv, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	h := newHarness(t)
	dir := t.TempDir()
	orig, back := filepath.Join(dir, "orig.db"), filepath.Join(dir, "back.db")
	pg := srv.URL("search_path=org_a")
	h.ok("demo", "--no-ui", "--db", orig)

	var out migrateJSON
	if err := json.Unmarshal([]byte(h.ok("migrate", "--from", orig, "--to", pg, "--json")), &out); err != nil {
		t.Fatal(err)
	}
	if out.Copied.Licenses == 0 || out.Copied.Events == 0 || out.Copied.Head.Seq != uint64(out.Copied.Events) {
		t.Errorf("migrate --json says it copied %+v", out.Copied)
	}
	if text := h.ok("migrate", "--from", pg, "--to", back); !strings.Contains(text, out.Copied.Head.Hash) {
		t.Errorf("the second migrate printed %q, want the same chain head %s", text, out.Copied.Head.Hash)
	}
	for _, kind := range []string{"products", "licenses", "users", "assets", "events"} {
		if a, b := h.ok("export", kind, "--db", orig), h.ok("export", kind, "--db", back); a != b {
			t.Errorf("export %s differs after the round trip", kind)
		}
	}
	h.ok("check", "--db", back)

	// Refusals: one line, exit 1, the destination as it was.
	before, _ := os.ReadFile(back)
	for _, dst := range []string{pg, back} {
		r := h.run("migrate", "--from", orig, "--to", dst)
		if r.code != 1 || !strings.Contains(r.err, "not empty") || strings.Count(strings.TrimSpace(r.err), "\n") > 0 {
			t.Errorf("migrate into the non-empty %s: exit %d, %q", dst, r.code, r.err)
		}
	}
	if after, _ := os.ReadFile(back); string(after) != string(before) {
		t.Error("a refused migrate changed the destination file")
	}
	missing := filepath.Join(dir, "missing.db")
	if r := h.run("migrate", "--from", missing, "--to", filepath.Join(dir, "new.db")); r.code != 1 {
		t.Errorf("migrate from a missing file: exit %d, %q", r.code, r.err)
	}
	if _, err := os.Stat(filepath.Join(dir, "new.db")); err == nil {
		t.Error("migrate from a missing file created the destination")
	}
	if r := h.run("migrate", "--from", orig, "--to", orig); r.code != 2 {
		t.Errorf("migrate onto itself: exit %d, %q", r.code, r.err)
	}
	// A failed copy removes the file it created.
	if err := srv.Exec(t.Context(), "SET search_path TO org_a; UPDATE events SET note = 'altered' WHERE seq = 2"); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "fresh.db")
	if r := h.run("migrate", "--from", pg, "--to", fresh); r.code != 1 || !strings.Contains(r.err, "event 2") {
		t.Errorf("migrate of an altered log: exit %d, %q", r.code, r.err)
	}
	if _, err := os.Stat(fresh); err == nil {
		t.Error("a failed migrate left the file it created")
	}
}
