package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/storetest"
	"github.com/seats/seats/store"
	"github.com/seats/seats/store/memory"
)

// testNow is the pinned clock of every test: 16 March, mid-cycle.
const testNow = "2026-03-16T10:00:00Z"

// harness runs the command line in-process against a real bbolt file.
type harness struct {
	t        *testing.T
	db       string
	vars     map[string]string
	terminal bool
	tui      func(Database, *model.Service, TUIOptions) error
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "seats.db")
	return &harness{t: t, db: db, vars: map[string]string{"SEATS_DB": db, "SEATS_NOW": testNow, "HOME": dir}}
}

type result struct {
	code     int
	out, err string
}

func openStore(path string, o OpenOptions) (Database, error) {
	return store.Open(path, store.Options{ReadOnly: o.ReadOnly, Timeout: o.Wait})
}

func (h *harness) env(stdin string, args []string) Env {
	return Env{
		Args:       args,
		Stdin:      strings.NewReader(stdin),
		Getenv:     func(k string) string { return h.vars[k] },
		IsTerminal: func() bool { return h.terminal },
		Open:       openStore,
		Scratch:    func() model.Store { return memory.New() },
		RunTUI:     h.tui,
	}
}

// runIn runs one command line with stdin as the terminal's input.
func (h *harness) runIn(stdin string, args ...string) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	env := h.env(stdin, args)
	env.Stdout, env.Stderr = &out, &errb
	code := Run(env)
	return result{code, out.String(), errb.String()}
}

func (h *harness) run(args ...string) result {
	h.t.Helper()
	return h.runIn("", args...)
}

// ok runs a command that must succeed and returns its output.
func (h *harness) ok(args ...string) string {
	h.t.Helper()
	r := h.run(args...)
	if r.code != 0 {
		h.t.Fatalf("seats %q: exit %d, stderr %q, stdout %q", args, r.code, r.err, r.out)
	}
	return r.out
}

// fails runs a command that must exit with code and one line on stderr.
func (h *harness) fails(code int, args ...string) result {
	h.t.Helper()
	r := h.run(args...)
	h.expect(r, code, args)
	return r
}

func (h *harness) expect(r result, code int, args []string) {
	h.t.Helper()
	if r.code != code {
		h.t.Fatalf("seats %q: exit %d, want %d; stderr %q, stdout %q", args, r.code, code, r.err, r.out)
	}
	if !strings.HasPrefix(r.err, "seats: ") || strings.Count(r.err, "\n") != 1 {
		h.t.Fatalf("seats %q: stderr is not one 'seats: ...' line: %q", args, r.err)
	}
	if code == exitUsage && !strings.Contains(r.err, "--help") {
		h.t.Fatalf("seats %q: usage error without a --help hint: %q", args, r.err)
	}
}

// refused runs a command that must be refused (exit 1, one line) without
// changing the database.
func (h *harness) refused(args ...string) result {
	h.t.Helper()
	return h.refusedIn("", args...)
}

func (h *harness) refusedIn(stdin string, args ...string) result {
	h.t.Helper()
	before := h.snapshot()
	r := h.runIn(stdin, args...)
	h.expect(r, exitFailed, args)
	if after := h.snapshot(); after != before {
		h.t.Fatalf("seats %q was refused but changed the database:\nbefore %s\nafter  %s", args, before, after)
	}
	return r
}

// snapshot renders the database's state: the last event, the summary, and
// every user and license. Every change writes an event, so equal
// snapshots mean nothing changed.
func (h *harness) snapshot() string {
	h.t.Helper()
	db, err := store.Open(h.db, store.Options{ReadOnly: true})
	if err != nil {
		return "no database: " + err.Error()
	}
	defer db.Close()
	now, _ := time.Parse(time.RFC3339, h.vars["SEATS_NOW"])
	svc := model.NewService(db, func() time.Time { return now })
	seq, err := svc.LastSeq()
	if err != nil {
		h.t.Fatal(err)
	}
	sum, err := svc.Status()
	if err != nil {
		h.t.Fatal(err)
	}
	users, err := svc.Users()
	if err != nil {
		h.t.Fatal(err)
	}
	ls, _, err := svc.Licenses(model.LicenseFilter{})
	if err != nil {
		h.t.Fatal(err)
	}
	b, _ := json.Marshal([]any{seq, sum, users, ls})
	return string(b)
}

// service opens the test database directly, for checks the CLI cannot make.
func (h *harness) service() (*model.Service, func()) {
	h.t.Helper()
	db, err := store.Open(h.db, store.Options{})
	if err != nil {
		h.t.Fatal(err)
	}
	now, _ := time.Parse(time.RFC3339, h.vars["SEATS_NOW"])
	return model.NewService(db, func() time.Time { return now }), func() { db.Close() }
}

// seeded is the organization every test package shares, with ana
// holding LIC-000001 of Office (storetest.StandardWithSeat), made through
// the domain at the tests' clock. TestCLIMakesTheStandardOrganization
// shows the commands make the same.
func seeded(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	svc, done := h.service()
	defer done()
	if err := storetest.StandardWithSeat(svc); err != nil {
		t.Fatal(err)
	}
	return h
}

// decode parses JSON output into v, failing the test when it does not parse.
func decode[T any](t *testing.T, out string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("output is not JSON (%v):\n%s", err, out)
	}
	return v
}

// hasKeys fails unless the object has every key.
func hasKeys(t *testing.T, obj map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			t.Fatalf("JSON object lacks %q: %v", k, obj)
		}
	}
}

func contains(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Fatalf("output lacks %q:\n%s", w, out)
		}
	}
}
