package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seats/seats/model/storetest"
)

func TestExportAllImportAllReproducesTheDemo(t *testing.T) {
	src := newHarness(t)
	src.ok("demo", "--no-ui", "--db", src.db)
	// Some of everything: a deactivated license, a scheduled reduction,
	// a user leaving later.
	src.ok("users", "terminate", decode[[]map[string]any](t, src.ok("users", "list", "--json"))[3]["email"].(string),
		"--last-day", "2099-01-31", "--yes")
	dir := filepath.Join(t.TempDir(), "export")
	out := src.ok("export", "all", dir)
	contains(t, out, "exported to "+dir, "chain head")
	for _, kind := range dumpKinds {
		if _, err := os.Stat(filepath.Join(dir, kind+".jsonl")); err != nil {
			t.Fatal(err)
		}
	}
	keys, _ := os.ReadFile(filepath.Join(dir, "products.jsonl"))
	if strings.Contains(string(keys), `"keys"`) {
		t.Fatal("export all without --with-keys wrote license keys")
	}

	dst := newHarness(t)
	dst.db = filepath.Join(t.TempDir(), "copy.db")
	contains(t, dst.ok("import", "all", dir), "imported "+dir, "chain verified")
	for _, args := range [][]string{
		{"status", "--json"}, {"invoice", "--json"}, {"licenses", "list", "--json"}, {"users", "list", "--json"},
		{"export", "events", "--json"}, {"assets", "list", "--json"}, {"allocations", "list", "--json"}, {"org", "show", "--json"},
		{"history", "--verify", "LIC-000001", "--json"},
	} {
		want, got := src.ok(args...), dst.ok(args...)
		if got != want {
			t.Errorf("seats %s after export all / import all:\n%s\nwant:\n%s", strings.Join(args, " "), got, want)
		}
	}
	dst.ok("check")
	for _, p := range decode[[]map[string]any](t, src.ok("products", "list", "--json")) {
		args := []string{"history", p["name"].(string), "--json"}
		if want, got := src.ok(args...), dst.ok(args...); got != want {
			t.Errorf("history of %s differs after the round trip", p["name"])
		}
	}
	for _, u := range decode[[]map[string]any](t, src.ok("users", "list", "--json")) {
		args := []string{"history", u["email"].(string), "--json"}
		if want, got := src.ok(args...), dst.ok(args...); got != want {
			t.Errorf("history of %s differs after the round trip", u["email"])
		}
	}

	// The destination must be empty; a second import changes nothing.
	before := dst.snapshot()
	r := dst.refused("import", "all", dir)
	contains(t, r.err, "not empty")
	if dst.snapshot() != before {
		t.Fatal("a refused import all changed the database")
	}
	// An export directory must be empty too.
	r = src.refused("export", "all", "--dir", dir)
	contains(t, r.err, "not empty")
}

func TestExportAllKeysOnlyForOwnerAndAdmins(t *testing.T) {
	h := seeded(t)
	dir := filepath.Join(t.TempDir(), "k")
	h.refused("export", "all", "--dir", dir, "--with-keys", "--as", "ana@example.com")
	h.ok("export", "all", "--dir", dir, "--with-keys", "--as", "admin@example.com")
	b, _ := os.ReadFile(filepath.Join(dir, "products.jsonl"))
	if !strings.Contains(string(b), storetest.OfficeKeys) {
		t.Fatal("export all --with-keys left the keys out")
	}
	dst := newHarness(t)
	dst.ok("import", "all", dir, "--dry-run")
	if _, err := os.Stat(dst.db); err == nil {
		if out := dst.run("status", "--json"); out.code == 0 && strings.Contains(out.out, "Office") {
			t.Fatal("a dry run imported")
		}
	}
	dst.ok("import", "all", dir)
	contains(t, dst.ok("products", "list", "--with-keys", "--json"), storetest.OfficeKeys)
	contains(t, dst.ok("history", "Office", "--json"), "export")
	dst.ok("check")
}

func TestImportAllRefusesAnAlteredExport(t *testing.T) {
	h := seeded(t)
	dir := filepath.Join(t.TempDir(), "x")
	h.ok("export", "all", "--dir", dir)
	path := filepath.Join(dir, "events.jsonl")
	b, _ := os.ReadFile(path)
	altered := strings.Replace(string(b), `"Office"`, `"Forged"`, 1) // a product's name in one event
	if altered == string(b) {
		t.Fatal("the export names no Office to alter")
	}
	os.WriteFile(path, []byte(altered), 0o600)
	dst := newHarness(t)
	r := dst.refused("import", "all", dir)
	contains(t, r.err, "nothing changed", "altered")
	dst.refused("import", "all", t.TempDir())
	h.fails(exitUsage, "export", "all")
}
