package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
)

func TestCheck(t *testing.T) {
	h := seeded(t)
	contains(t, h.ok("check"), "ok: ", "passed every check")
	res := decode[map[string]any](t, h.ok("check", "--json"))
	if res["ok"] != true || len(res["problems"].([]any)) != 0 {
		t.Fatalf("check %v", res)
	}

	// Break an invariant behind the domain's back: a second owner.
	db, err := store.Open(h.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx model.Tx) error {
		u, err := tx.UserByEmail("ben@example.com")
		if err != nil {
			return err
		}
		u.Role = model.RoleOwner
		return tx.PutUser(&u)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	r := h.fails(exitFailed, "check")
	contains(t, r.out, "ben@example.com has the owner role but is not the account owner")
	contains(t, r.err, "problem")
	for _, line := range strings.Split(strings.TrimSpace(r.out), "\n") {
		if line == "" {
			t.Fatalf("empty violation line in %q", r.out)
		}
	}
	r = h.fails(exitFailed, "check", "--json")
	if res := decode[map[string]any](t, r.out); res["ok"] != false {
		t.Fatalf("check %v", res)
	}
}

func TestBackup(t *testing.T) {
	h := seeded(t)
	file := filepath.Join(t.TempDir(), "copy.db")
	contains(t, h.ok("backup", file), "backed up", file)
	copyOf := newHarness(t)
	copyOf.db, copyOf.vars["SEATS_DB"] = file, file
	contains(t, copyOf.ok("check"), "passed every check")
	if copyOf.snapshot() != h.snapshot() {
		t.Fatal("the backup differs from the database")
	}
	h.fails(exitFailed, "backup", h.db) // never over the database itself
	h.fails(exitFailed, "backup", filepath.Join(t.TempDir(), "no", "such", "dir", "x.db"))
	if _, err := os.Stat(h.db); err != nil {
		t.Fatal(err)
	}
}
