package model_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/storetest"
	"github.com/seats/seats/store"
)

// fxClock is a movable pinned clock.
type fxClock struct{ t time.Time }

func (c *fxClock) now() time.Time                 { return c.t }
func (c *fxClock) advance(d time.Duration)        { c.t = c.t.Add(d) }
func (c *fxClock) set(y int, m time.Month, d int) { c.t = time.Date(y, m, d, 9, 0, 0, 0, time.UTC) }

// fxWorld is a real bbolt file with a service on it.
type fxWorld struct {
	t     *testing.T
	path  string
	db    store.DB
	svc   *model.Service
	clock *fxClock
}

func fxOpen(t *testing.T) *fxWorld {
	t.Helper()
	w := &fxWorld{t: t, path: filepath.Join(t.TempDir(), "seats.db"), clock: &fxClock{}}
	w.clock.set(2026, time.March, 16)
	w.reopen()
	t.Cleanup(func() { w.db.Close() })
	return w
}

// reopen closes and reopens the file, as a restart would.
func (w *fxWorld) reopen() {
	w.t.Helper()
	if w.db != nil {
		w.db.Close()
	}
	db, err := store.Open(w.path, store.Options{})
	if err != nil {
		w.t.Fatal(err)
	}
	w.db, w.svc = db, model.NewService(db, w.clock.now)
}

func (w *fxWorld) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

// fxStandard is the organization every test package shares
// (storetest.Standard) on a fresh file.
func fxStandard(t *testing.T) *fxWorld {
	w := fxOpen(t)
	w.must(storetest.Standard(w.svc))
	return w
}

// snapshot renders everything stored, so a refused action can be shown
// to have changed nothing at all.
func (w *fxWorld) snapshot() string { return storetest.Dump(w.t, w.db) }

// check runs the store's and the domain's invariant checkers.
func (w *fxWorld) check() { storetest.Invariants(w.t, w.db, w.svc) }
