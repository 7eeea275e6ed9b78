// Package tuitest is what the terminal UI's tests share: real databases
// (a bbolt file in t.TempDir(), a pinned clock, a small organization made
// through the domain, or the demo), a Harness that drives a tab and its
// modals as the root does, keys by name, and teatest goldens. It imports
// store, so only _test files may import it; it imports no tab, form or
// table package, so all of their tests can use it.
package tuitest

import (
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/model/storetest"
	"github.com/seats/seats/store"
	"github.com/seats/seats/ui/tui/common"
)

// Now is the pinned time of every UI test.
var Now = time.Date(2026, time.March, 16, 9, 0, 0, 0, time.UTC)

// World is a database, a service on it and a context for a session.
type World struct {
	T    testing.TB
	Path string
	DB   store.DB
	Svc  *model.Service
	// Clock is the service's time; tests may move it.
	Clock time.Time
}

// Open makes an empty database with the clock at Now.
func Open(t testing.TB) *World {
	t.Helper()
	w := &World{T: t, Path: filepath.Join(t.TempDir(), "seats.db"), Clock: Now}
	w.open(store.Options{})
	return w
}

// open opens the world's file for its service, closed when the test ends.
func (w *World) open(opts store.Options) {
	w.T.Helper()
	db, err := store.Open(w.Path, opts)
	if err != nil {
		w.T.Fatal(err)
	}
	w.T.Cleanup(func() { db.Close() })
	w.DB = db
	w.Svc = model.NewService(db, func() time.Time { return w.Clock })
}

// Standard is the organization every test package shares with one seat
// of Office assigned to ana (storetest.StandardWithSeat), so that every
// tab has a held license to show.
func Standard(t testing.TB) *World {
	t.Helper()
	w := Open(t)
	w.Must(storetest.StandardWithSeat(w.Svc))
	return w
}

// DemoAtNow is the demo organization generated with the clock at Now, on
// a file of its own: the tabs' own goldens are drawn from it.
func DemoAtNow(t testing.TB) *World {
	t.Helper()
	w := Open(t)
	w.Must(demo.Generate(w.DB, w.Clock, demo.Options{}))
	return w
}

// DemoNow is the pinned present of the demo organization in UI tests.
var DemoNow = time.Date(2026, time.November, 24, 9, 0, 0, 0, time.UTC)

// Demo is the standard demo organization at DemoNow, on a file opened in
// shared mode, as the TUI opens it (so other handles can write to it).
func Demo(t testing.TB) *World {
	t.Helper()
	w := &World{T: t, Path: filepath.Join(t.TempDir(), "seats.db"), Clock: DemoNow}
	gen, err := store.Open(w.Path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Generate(gen, DemoNow, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	gen.Close()
	w.open(store.Options{Shared: true})
	return w
}

// Must fails the test on err.
func (w *World) Must(err error) {
	w.T.Helper()
	if err != nil {
		w.T.Fatal(err)
	}
}

// Context is a session acting as email ("" = the account owner), with
// lipgloss's default renderer (tests force the ASCII profile in TestMain).
func (w *World) Context(email string) *common.Context {
	w.T.Helper()
	u, err := w.Svc.ResolveActor(email)
	w.Must(err)
	ctx := common.NewContext(w.Svc, u, nil)
	ctx.Width, ctx.Height = 120, 37
	return ctx
}

// Check fails the test when the store's or the domain's invariants break.
func (w *World) Check() {
	w.T.Helper()
	bad, err := w.DB.Check()
	w.Must(err)
	if len(bad) > 0 {
		w.T.Fatalf("invariants broken: %v", bad)
	}
}

// Messages runs cmd and every command inside the batches it returns, and
// returns the messages they produce, batches flattened. A command that does
// not answer within wait (a tea.Tick, say) is left out, so tests can drain
// what an Update returned without sleeping through timers.
func Messages(cmd tea.Cmd, wait time.Duration) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(wait):
		return nil
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, Messages(c, wait)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}
