package cli

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
)

func TestHelpOnEveryCommand(t *testing.T) {
	h := newHarness(t)
	for _, help := range []string{"--help", "-h", "--help=true"} {
		out := h.ok(help)
		contains(t, out, "Usage:", "Commands:")
		fits80(t, out)
	}
	for _, cmd := range commands {
		words := strings.Fields(cmd.name)
		for _, args := range [][]string{
			append(append([]string{}, words...), "--help"),
			append([]string{"-h"}, words...),
			append([]string{"help"}, words...),
			// Help wins over otherwise bad usage.
			append(append([]string{}, words...), "--no-such-flag", "-h"),
		} {
			out := h.ok(args...)
			contains(t, out, "Usage: seats "+cmd.name)
			fits80(t, out)
		}
	}
	if _, err := os.Stat(h.db); err == nil {
		t.Fatal("--help created the database")
	}
}

// fits80 fails on a help line wider than 80 columns; example command
// lines are exempt (they must stay whole to be copied).
func fits80(t *testing.T, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if len([]rune(line)) > 80 && !strings.HasPrefix(line, "  seats ") {
			t.Errorf("help line over 80 columns: %q", line)
		}
	}
}

func TestFlagNamesAreConsistent(t *testing.T) {
	// A flag name takes a value in every command or in none, so the
	// command words can be found before the command is known.
	kinds := map[string]bool{}
	for _, cmd := range commands {
		for _, d := range cmd.allFlags() {
			v := d.kind != boolFlag
			if old, ok := kinds[d.name]; ok && old != v {
				t.Errorf("flag --%s takes a value in some commands only", d.name)
			}
			kinds[d.name] = v
		}
	}
}

func TestBadUsageExits2(t *testing.T) {
	h := seeded(t)
	before := h.snapshot()
	for _, args := range [][]string{
		{"frob"},
		{"help", "nope"},
		{"products"},
		{"products", "frob"},
		{"status", "extra"},
		{"status", "--no-such-flag"},
		{"status", "--check=maybe"},
		{"status", "--db"},
		{"products", "add"},
		{"products", "add", "X", "--net-price", "12.345"},
		{"products", "add", "X", "--net-price", "-1"},
		{"products", "add", "X", "--vat-percent", "101"},
		{"products", "add", "X", "--expires", "2026-02-30"},
		{"products", "add", "X", "--assignment", "per-planet"},
		{"products", "add", "X", "--contracted", "-5"},
		{"products", "add", ""},
		{"products", "edit", "Office"},
		{"users", "invite", "not-an-email", "--first", "A", "--last", "B"},
		{"users", "invite", "x@example.com", "--first", "A"},
		{"users", "invite", "x@example.com", "--first", "A", "--last", "B", "--role", "king"},
		{"users", "terminate", "ben@example.com"},
		{"users", "terminate", "ben@example.com", "--last-day", "tomorrow"},
		{"licenses", "add", "Office"},
		{"licenses", "add", "Office", "0"},
		{"licenses", "add", "Office", "-3"},
		{"licenses", "add", "Office", "two"},
		{"licenses", "remove", "Office", "1.5"},
		{"licenses", "list", "--status", "lost"},
		{"assign", "Office"},
		{"unassign", "LICENSE-42"},
		{"history"},
		{"usage", "--by", "planet"},
		{"export", "planets"},
		{"org", "edit"},
		{"org", "edit", "--anchor-day", "x"},
		{"org", "edit", "--currency", "EURO"},
		{"allocations", "add", "A", "--quantity", "2"},
		{"allocations", "add", "A", "--product", "Office", "--quantity", "2", "--rule-role", "admin"},
		{"demo", "--scale", "lots"},
		{"--as", "not-an-email", "status"},
		{"--json"},
	} {
		h.fails(exitUsage, args...)
	}
	if h.snapshot() != before {
		t.Fatal("bad usage changed the database")
	}
}

func TestFlagsBeforeAndAfterArguments(t *testing.T) {
	h := seeded(t)
	other := h.db
	h.vars["SEATS_DB"] = "" // only --db names the database now
	contains(t, h.ok("--db", other, "assign", "Office", "ben@example.com"), "LIC-000002")
	contains(t, h.ok("unassign", "--db="+other, "LIC-000002"), "ben@example.com")
	contains(t, h.ok("assign", "--db", other, "Office", "--json", "ben@example.com"), `"id": "LIC-000002"`)
	contains(t, h.ok("--db", other, "--", "history", "LIC-000002"), "license.assigned")
}

func TestDefaultDatabaseLocation(t *testing.T) {
	h := newHarness(t)
	home := h.vars["HOME"]
	delete(h.vars, "SEATS_DB")
	h.ok("products", "add", "P")
	if _, err := os.Stat(home + "/.local/share/seats/seats.db"); err != nil {
		t.Fatalf("no database under HOME: %v", err)
	}
	h.vars["XDG_DATA_HOME"] = home + "/xdg"
	h.ok("products", "add", "P")
	if _, err := os.Stat(home + "/xdg/seats/seats.db"); err != nil {
		t.Fatalf("no database under XDG_DATA_HOME: %v", err)
	}
	delete(h.vars, "HOME")
	delete(h.vars, "XDG_DATA_HOME")
	h.fails(exitFailed, "status")
}

func TestReadingAMissingDatabaseCreatesNothing(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{"status"}, {"products", "list"}, {"check"}, {"export", "users"}, {"history", "x"}} {
		r := h.fails(exitFailed, args...)
		contains(t, r.err, "no database")
	}
	if _, err := os.Stat(h.db); err == nil {
		t.Fatal("a read created the database")
	}
}

func TestSEATSNOWPinsTheClock(t *testing.T) {
	h := newHarness(t)
	h.vars["SEATS_NOW"] = "2025-07-04T08:30:00Z"
	p := decode[map[string]any](t, h.ok("products", "add", "Pinned", "--json", "--contracted", "1"))
	if p["created"] != "2025-07-04T08:30:00Z" {
		t.Fatalf("created %v, want the pinned SEATS_NOW", p["created"])
	}
	list := decode[[]map[string]any](t, h.ok("products", "list", "--json"))
	if got := list[0]["created"]; got != "2025-07-04T08:30:00Z" {
		t.Fatalf("created %v, want the pinned SEATS_NOW", got)
	}
	h.vars["SEATS_NOW"] = "yesterday"
	r := h.fails(exitUsage, "status")
	contains(t, r.err, "SEATS_NOW")
}

func TestActingUser(t *testing.T) {
	h := seeded(t)
	r := h.refused("--as", "vic@example.com", "products", "add", "Viewer Product")
	contains(t, r.err, "viewer")
	h.refused("--as", "ana@example.com", "assign", "Office", "ben@example.com")
	h.refused("--as", "nobody@example.com", "products", "add", "Ghost")
	h.ok("--as", "vic@example.com", "status")
	contains(t, h.ok("--as", "ADMIN@example.com", "products", "add", "By Admin"), "created By Admin")
	events := decode[[]map[string]any](t, h.ok("history", "By Admin", "--json"))
	if events[0]["actor"] != "admin@example.com" {
		t.Fatalf("actor %v, want admin@example.com", events[0]["actor"])
	}
}

func TestLockedDatabaseFailsAfterWait(t *testing.T) {
	h := seeded(t)
	held, err := store.Open(h.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	start := time.Now()
	r := h.fails(exitFailed, "--wait", "500ms", "status")
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Fatalf("a locked database took %v to refuse under --wait 500ms", d)
	}
	contains(t, r.err, "in use by another seats process; waited 500ms")
}

func TestPanicsBecomeOneLine(t *testing.T) {
	var out, errb strings.Builder
	code := Run(Env{
		Args:   []string{"--db", t.TempDir() + "/x.db", "products", "add", "X"},
		Stdout: &out, Stderr: &errb,
		Open: func(string, OpenOptions) (Database, error) { panic("boom") },
	})
	if code != exitFailed || errb.String() != "seats: internal error: boom\n" {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
}

func TestOpenErrorsAreOneLine(t *testing.T) {
	h := newHarness(t)
	if err := os.WriteFile(h.db, []byte(strings.Repeat("not a database\n", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	r := h.fails(exitFailed, "status")
	contains(t, r.err, "not a Seats database")
	h.fails(exitFailed, "check")
}

func TestTerminalUI(t *testing.T) {
	h := seeded(t)
	r := h.fails(exitFailed) // no RunTUI in this build
	contains(t, r.err, "terminal UI")

	var got struct {
		actor string
		owner string
	}
	h.tui = func(db Database, svc *model.Service, o TUIOptions) error {
		actor := o.Actor
		u, err := svc.ResolveActor(actor)
		got.actor, got.owner = actor, u.Email
		db.Close()
		return err
	}
	r = h.fails(exitFailed) // no terminal
	contains(t, r.err, "needs a terminal")

	h.terminal = true
	h.ok()
	if got.actor != "" || got.owner != "owner@example.com" {
		t.Fatalf("TUI ran as %+v", got)
	}
	h.ok("--as", "Admin@Example.com")
	if got.actor != "admin@example.com" {
		t.Fatalf("TUI ran as %q", got.actor)
	}
	h.tui = func(db Database, _ *model.Service, _ TUIOptions) error {
		db.Close()
		return errors.New("screen too small")
	}
	r = h.fails(exitFailed)
	contains(t, r.err, "screen too small")
	h.fails(exitUsage, "--yes")
}
