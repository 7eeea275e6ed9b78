package bolt

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
	bbolt "go.etcd.io/bbolt"
)

// txOnly hides a store's BulkLoader, so Copy writes through Update and the
// Tx puts in the order it hands records over.
type txOnly struct{ model.Store }

// demoDB generates a load-test demo organization into a fresh file.
func demoDB(t *testing.T, scale int) *DB {
	t.Helper()
	db := openTemp(t)
	if err := demo.Generate(db, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), demo.Options{Scale: scale}); err != nil {
		t.Fatal(err)
	}
	return db
}

// contents lists every bucket's sequence, keys and values, nested buckets
// by path.
func contents(t *testing.T, db *DB) []string {
	t.Helper()
	var out []string
	var walk func(path string, b *bbolt.Bucket) error
	walk = func(path string, b *bbolt.Bucket) error {
		out = append(out, fmt.Sprintf("%s sequence %d", path, b.Sequence()))
		return b.ForEach(func(k, v []byte) error {
			if v == nil && b.Bucket(k) != nil {
				return walk(fmt.Sprintf("%s/%x", path, k), b.Bucket(k))
			}
			out = append(out, fmt.Sprintf("%s %x=%x", path, k, v))
			return nil
		})
	}
	if err := db.bolt.View(func(btx *bbolt.Tx) error {
		return btx.ForEach(func(name []byte, b *bbolt.Bucket) error { return walk(string(name), b) })
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// histories lists, for every thing the log names, the sequence numbers of
// its history both ways.
func histories(t *testing.T, db *DB, refs []model.Ref) []string {
	t.Helper()
	var out []string
	if err := db.View(func(tx model.Tx) error {
		for _, r := range refs {
			var seqs, back []uint64
			if err := tx.EventsAbout(r, func(e model.Event) bool { seqs = append(seqs, e.Seq); return true }); err != nil {
				return err
			}
			if err := tx.EventsAboutNewestFirst(r, func(e model.Event) bool { back = append(back, e.Seq); return true }); err != nil {
				return err
			}
			out = append(out, fmt.Sprintf("%c%d %v %v", r.Kind, r.ID, seqs, back))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBulkLoadWritesWhatTheTxPutsWrite copies one demo organization twice,
// through Load (index entries deferred and sorted) and through Update
// (index entries in the order the records come): the two files must hold
// the same buckets, keys, values and sequences, pass the checker, and
// list every thing's history as the source does.
func TestBulkLoadWritesWhatTheTxPutsWrite(t *testing.T) {
	src := demoDB(t, 3000)
	bulk, plain := openTemp(t), openTemp(t)
	if _, err := model.Copy(src, bulk); err != nil {
		t.Fatal(err)
	}
	if _, err := model.Copy(src, txOnly{plain}); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, bulk)
	got, want := contents(t, bulk), contents(t, plain)
	if !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("bulk-loaded file differs from the Tx-put one at entry %d of %d/%d:\n got %s\nwant %s", i, len(got), len(want), got[i], want[i])
			}
		}
		t.Fatalf("bulk-loaded file has %d entries, the Tx-put one %d", len(got), len(want))
	}
	var refs []model.Ref
	seen := map[model.Ref]bool{}
	if err := src.View(func(tx model.Tx) error {
		return tx.Events(1, false, func(e model.Event) bool {
			for _, r := range e.Refs() {
				if !seen[r] {
					seen[r] = true
					refs = append(refs, r)
				}
			}
			return true
		})
	}); err != nil {
		t.Fatal(err)
	}
	kinds := map[byte]bool{}
	for _, r := range refs {
		kinds[r.Kind] = true
	}
	if len(refs) < 3000 || len(kinds) < 4 {
		t.Fatalf("the demo's log names %d things of %d kinds: too few to test the histories", len(refs), len(kinds))
	}
	if got, want := histories(t, bulk, refs), histories(t, src, refs); !slices.Equal(got, want) {
		t.Fatal("a history listed from the bulk-loaded file differs from the source's")
	}
}

// TestReadsInsideALoadSeeItsIndexEntries reads every index a bulk load
// defers from inside the load, after bulk puts, and changes a bulk-loaded
// license through the Tx: the reads see the new entries, the change moves
// them, and the committed file is clean.
func TestReadsInsideALoadSeeItsIndexEntries(t *testing.T) {
	db := openTemp(t)
	const n = 40
	err := db.Load(func(tx model.Tx, bulk model.Bulk) error {
		p := model.Product{Name: "Office", Kind: model.PerUser, Contracted: n}
		if err := tx.PutProduct(&p); err != nil {
			return err
		}
		// Descending holders and times: index order opposite to ID order.
		var ls []model.License
		for i := range n {
			l := model.License{ID: model.ID(i + 1), ProductID: p.ID, Status: model.Available, Created: t0,
				Since: t0.Add(time.Duration(n-i) * time.Hour)}
			if i%2 == 0 {
				l.Status, l.AssigneeKind, l.AssigneeID, l.AssignedAt = model.Active, model.AssigneeUser, model.ID(n-i), l.Since
			}
			ls = append(ls, l)
		}
		if err := bulk.PutLicenses(ls); err != nil {
			return err
		}
		var es []model.Event
		for i := range n {
			es = append(es, model.Event{Seq: uint64(i + 1), Time: t0, Kind: model.EvLicenseAssigned, ProductID: p.ID,
				LicenseID: model.ID(n - i), UserID: model.ID(i%3 + 1)})
		}
		if err := bulk.AppendEvents(es); err != nil {
			return err
		}

		var active []model.ID
		if err := tx.LicensesByStatus(p.ID, model.Active, time.Time{}, func(l model.License) bool {
			active = append(active, l.ID)
			return true
		}); err != nil {
			return err
		}
		// Oldest Since first: the highest IDs.
		if len(active) != n/2 || active[0] != n-1 || active[len(active)-1] != 1 {
			return fmt.Errorf("active licenses inside the load: %v", active)
		}
		if c, err := tx.CountByStatus(p.ID, model.Available, time.Time{}, time.Time{}); err != nil || c != n/2 {
			return fmt.Errorf("available count inside the load: %d %v", c, err)
		}
		held, err := tx.HeldOf(model.AssigneeUser, n, p.ID)
		if err != nil || held.ID != 1 {
			return fmt.Errorf("user %d holds %v inside the load: %w", n, held.ID, err)
		}
		var seqs []uint64
		if err := tx.EventsAbout(model.Ref{Kind: model.RefUser, ID: 2}, func(e model.Event) bool {
			seqs = append(seqs, e.Seq)
			return true
		}); err != nil {
			return err
		}
		if len(seqs) != 13 || seqs[0] != 2 || seqs[1] != 5 {
			return fmt.Errorf("user 2's history inside the load: %v", seqs)
		}

		// A Tx put after the reads moves entries put from the deferred
		// ones; a second bulk round defers again.
		l := ls[0]
		l.Status, l.AssigneeKind, l.AssigneeID, l.Since = model.Available, 0, 0, t0.Add(time.Duration(n+1)*time.Hour)
		if err := tx.PutLicense(&l); err != nil {
			return err
		}
		if _, err := tx.HeldOf(model.AssigneeUser, n, p.ID); !errors.Is(err, model.ErrNotFound) {
			return fmt.Errorf("user %d still holds a license after it was freed: %v", n, err)
		}
		more := []model.License{{ID: n + 1, ProductID: p.ID, Status: model.Active, AssigneeKind: model.AssigneeUser,
			AssigneeID: n, Created: t0, AssignedAt: t0, Since: t0}}
		if err := bulk.PutLicenses(more); err != nil {
			return err
		}
		if held, err := tx.HeldOf(model.AssigneeUser, n, p.ID); err != nil || held.ID != n+1 {
			return fmt.Errorf("user %d holds %v after the second round: %w", n, held.ID, err)
		}
		// A Tx put that moves entries still deferred, with no read between.
		last := model.License{ID: n + 2, ProductID: p.ID, Status: model.Active, AssigneeKind: model.AssigneeUser,
			AssigneeID: n + 2, Created: t0, AssignedAt: t0, Since: t0}
		if err := bulk.PutLicenses([]model.License{last}); err != nil {
			return err
		}
		last.Status, last.AssigneeKind, last.AssigneeID = model.Available, 0, 0
		if err := tx.PutLicense(&last); err != nil {
			return err
		}
		if _, err := tx.HeldOf(model.AssigneeUser, n+2, p.ID); !errors.Is(err, model.ErrNotFound) {
			return fmt.Errorf("user %d still holds a license after it was freed: %v", n+2, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
}

// BenchmarkCopyIntoBolt copies a 20,000-license demo organization into an
// empty file, as seats import all and seats migrate do: through Load, and
// through the Tx puts in the order Copy hands records over, as before Load.
func BenchmarkCopyIntoBolt(b *testing.B) {
	src, err := Open(filepath.Join(b.TempDir(), "src.db"), Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	if err := demo.Generate(src, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), demo.Options{Scale: 20_000}); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		dst  func(*DB) model.Store
	}{{"Load", func(db *DB) model.Store { return db }}, {"TxPuts", func(db *DB) model.Store { return txOnly{db} }}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				dst, err := Open(filepath.Join(b.TempDir(), fmt.Sprintf("dst%d.db", i)), Options{NoSync: true})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := model.Copy(src, c.dst(dst)); err != nil {
					b.Fatal(err)
				}
				dst.Close()
			}
		})
	}
}
