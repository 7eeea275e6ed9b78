package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
)

func TestDemoWritesADatabase(t *testing.T) {
	h := newHarness(t)
	out := h.ok("demo", "--no-ui", "--db", h.db)
	if strings.TrimSpace(out) != h.db {
		t.Fatalf("demo printed %q, want the path %s", out, h.db)
	}
	st := decode[map[string]any](t, h.ok("status", "--json"))
	if st["contracted"].(float64) == 0 || len(st["products"].([]any)) == 0 {
		t.Fatalf("demo organization is empty: %v", st)
	}
	h.ok("check")
	r := h.refused("demo", "--no-ui", "--db", h.db)
	contains(t, r.err, "already exists")

	// Without --db: a fresh temporary file, whatever SEATS_DB says.
	out = h.ok("demo", "--no-ui", "--json")
	path := decode[map[string]string](t, out)["db"]
	defer os.RemoveAll(filepath.Dir(path))
	if path == h.db || !strings.HasPrefix(filepath.Base(filepath.Dir(path)), "seats-demo-") {
		t.Fatalf("demo wrote %s", path)
	}
	h.ok("--db", path, "status", "--json")
}

func TestDemoScaleUsesBulkOpen(t *testing.T) {
	h := newHarness(t)
	bulk := false
	var out, errb bytes.Buffer
	env := h.env("", []string{"demo", "--scale", "200", "--no-ui", "--db", h.db})
	env.Stdout, env.Stderr = &out, &errb
	env.OpenBulk = func(path string) (Database, error) {
		bulk = true
		return store.Open(path, store.Options{NoSync: true})
	}
	if code := Run(env); code != 0 || !bulk {
		t.Fatalf("exit %d, bulk %v, stderr %q", code, bulk, errb.String())
	}
	h.ok("check")
}

func TestDemoRunsTheTUI(t *testing.T) {
	h := newHarness(t)
	r := h.fails(exitFailed, "demo", "--db", h.db)
	contains(t, r.err, "terminal UI", "--no-ui")
	if _, err := os.Stat(h.db); err == nil {
		t.Fatal("a refused demo wrote a database")
	}

	h.terminal = true
	ran := false
	h.tui = func(db Database, svc *model.Service, _ TUIOptions) error {
		defer db.Close()
		sum, err := svc.Status()
		ran = err == nil && len(sum.Products) > 0 && db.Path() == h.db
		return err
	}
	h.ok("demo", "--db", h.db)
	if !ran {
		t.Fatal("the TUI did not run on the demo database")
	}

	// A temporary demo goes away with its TUI session.
	var temp string
	h.tui = func(db Database, _ *model.Service, _ TUIOptions) error {
		temp = db.Path()
		return db.Close()
	}
	h.ok("demo")
	if _, err := os.Stat(temp); temp == "" || err == nil {
		t.Fatalf("temporary demo %q left behind", temp)
	}
}
