// Package storetest is the contract of model.Store and model.Tx as tests:
// every backend runs Run on fresh stores of its own and must pass all of
// it unchanged. The checks read and write only through model.Tx, so they
// hold for any backend; each names the rule it checks, and each fails when
// that rule is broken.
//
// The rules come from model/store.go. Where the interface leaves a choice
// open the suite leaves it open too (Counts of a deleted product may be
// zero or ErrNotFound; deleting a missing record may succeed or say
// ErrNotFound).
package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// Run checks every method of model.Store and model.Tx against its
// contract. open returns a fresh, empty store on each call and arranges
// its own cleanup (t.Cleanup). Run calls it once per check.
func Run(t *testing.T, open func(t *testing.T) model.Store) {
	t.Run("products", func(t *testing.T) { products(t, open) })
	t.Run("licenses", func(t *testing.T) { licenses(t, open) })
	t.Run("users", func(t *testing.T) { users(t, open) })
	t.Run("assets", func(t *testing.T) { assets(t, open) })
	t.Run("allocations", func(t *testing.T) { allocations(t, open) })
	t.Run("schedule", func(t *testing.T) { schedule(t, open) })
	t.Run("events", func(t *testing.T) { events(t, open) })
	t.Run("ids", func(t *testing.T) { ids(t, open) })
	t.Run("transactions", func(t *testing.T) { transactions(t, open) })
	t.Run("retry", func(t *testing.T) { retry(t, open) })
	t.Run("notify", func(t *testing.T) { notifyTx(t, open) })
}

type opener = func(t *testing.T) model.Store

// check runs one named rule on a fresh store.
func check(t *testing.T, open opener, name string, fn func(t *testing.T, s model.Store)) {
	t.Helper()
	t.Run(name, func(t *testing.T) { fn(t, open(t)) })
}

// t0 has nanoseconds so that a backend that rounds times is caught.
var t0 = time.Date(2026, 3, 16, 9, 30, 0, 123456789, time.UTC)

func at(d time.Duration) time.Time { return t0.Add(d) }

const (
	hour = time.Hour
	day  = 24 * time.Hour
)

func update(t *testing.T, s model.Store, fn func(tx model.Tx)) {
	t.Helper()
	if err := s.Update(func(tx model.Tx) error { fn(tx); return nil }); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func view(t *testing.T, s model.Store, fn func(tx model.Tx)) {
	t.Helper()
	if err := s.View(func(tx model.Tx) error { fn(tx); return nil }); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// must stops the check at an error the rule under test does not expect.
// Inside an Update it ends the transaction through its deferred rollback.
func must(t *testing.T, err error, what string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// got is a read that must succeed: got(tx.Product(id))(t).
func got[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		must(t, err, fmt.Sprintf("reading a %T", v))
		return v
	}
}

func notFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, model.ErrNotFound) {
		t.Errorf("%s: got error %v, want model.ErrNotFound", what, err)
	}
}

// same compares as JSON, which is what every interface shows of a record;
// times compare to the nanosecond.
func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if d := diff(got, want); d != "" {
		t.Errorf("%s: not as expected\n%s", what, d)
	}
}

// diff shows where two values' JSON first differs, with the lines
// before it for context, or "".
func diff(got, want any) string {
	g, w := asJSON(got), asJSON(want)
	if g == w {
		return ""
	}
	gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
	i := 0
	for i < len(gl) && i < len(wl) && gl[i] == wl[i] {
		i++
	}
	excerpt := func(ls []string) string {
		var b strings.Builder
		for j := max(0, i-3); j < min(len(ls), i+3); j++ {
			mark := "   "
			if j == i {
				mark = ">> "
			}
			b.WriteString("    " + mark + ls[j] + "\n")
		}
		return b.String()
	}
	return fmt.Sprintf("  got (%d lines):\n%s  want (%d lines):\n%s", len(gl), excerpt(gl), len(wl), excerpt(wl))
}

func asJSON(v any) string {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return fmt.Sprintf("(unencodable %T: %v)", v, err)
	}
	return string(b)
}

// gather collects what an iterator hands out, keyed by fn.
func gather[T, K any](t *testing.T, what string, iterate func(func(T) bool) error, key func(T) K) []K {
	t.Helper()
	out := []K{}
	must(t, iterate(func(v T) bool { out = append(out, key(v)); return true }), what)
	return out
}

// stops checks that iterate hands out nothing more once fn returns false
// (at the second item; the iterator must have at least three).
func stops[T any](t *testing.T, what string, iterate func(func(T) bool) error) {
	t.Helper()
	calls := 0
	err := iterate(func(T) bool { calls++; return calls < 2 })
	if err != nil {
		t.Errorf("%s: stopping early returned %v", what, err)
	}
	if calls != 2 {
		t.Errorf("%s: fn was called %d times, want 2 (it returned false at the second)", what, calls)
	}
}

func licenseID(l model.License) model.ID     { return l.ID }
func userID(u model.User) model.ID           { return u.ID }
func assetID(a model.Asset) model.ID         { return a.ID }
func scheduledID(s model.Scheduled) model.ID { return s.ID }
func eventSeq(e model.Event) uint64          { return e.Seq }
func productIDs(ps []model.Product) []model.ID {
	return idsOf(ps, func(p model.Product) model.ID { return p.ID })
}
func allocIDs(as []model.Allocation) []model.ID {
	return idsOf(as, func(a model.Allocation) model.ID { return a.ID })
}

func idsOf[T any](vs []T, id func(T) model.ID) []model.ID {
	out := []model.ID{}
	for _, v := range vs {
		out = append(out, id(v))
	}
	return out
}

// increasing reports whether ids are nonzero and strictly increasing.
func increasing(ids ...model.ID) bool {
	for i, id := range ids {
		if id == 0 || i > 0 && id <= ids[i-1] {
			return false
		}
	}
	return true
}
