package postgres

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/store/bolt"
)

// TestCopyRoundTripKeepsEverything copies a bbolt file into PostgreSQL
// and back into a new file: every answer, every event with its hash and
// the chain head are the same at each step.
func TestCopyRoundTripKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	openBolt := func(name string) *bolt.DB {
		db, err := bolt.Open(filepath.Join(dir, name), bolt.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	src := openBolt("src.db")
	if err := demo.Generate(src, equivalenceNow, demo.Options{Scale: 1500}); err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return equivalenceNow }
	want := everything(t, model.NewService(src, clock))
	pg := openFresh(t)
	back := openBolt("back.db")
	for _, step := range []struct {
		name     string
		from, to model.Store
	}{{"file to PostgreSQL", src, pg}, {"PostgreSQL to file", pg, back}} {
		c, err := model.Copy(step.from, step.to)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if c.Licenses < 1500 || c.Events == 0 || c.Head.Seq != uint64(c.Events) {
			t.Errorf("%s: copied %+v", step.name, c)
		}
		got := everything(t, model.NewService(step.to, clock))
		for what, w := range want {
			if got[what] != w {
				t.Errorf("%s: %s differs:\n got  %.300s\n want %.300s", step.name, what, firstDiff(got[what], w), firstDiff(w, got[what]))
			}
		}
	}
	if bad, err := pg.Check(); err != nil || len(bad) > 0 {
		t.Errorf("check of the PostgreSQL copy: %v %q", err, bad)
	}
	if bad, err := back.Check(); err != nil || len(bad) > 0 {
		t.Errorf("check of the file copied back: %v %q", err, bad)
	}
	// A destination holding anything is refused, and left as it was.
	before := everything(t, model.NewService(pg, clock))
	if _, err := model.Copy(src, pg); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a copy into a non-empty destination: %v, want it refused", err)
	}
	if after := everything(t, model.NewService(pg, clock)); after["activity"] != before["activity"] {
		t.Error("the refused copy changed the destination")
	}
}

// TestCopyRefusesABrokenChain: a source whose log was altered is not
// copied, so the copy cannot hide where.
func TestCopyRefusesABrokenChain(t *testing.T) {
	src, _ := demoOrg(t)
	sqlIn(t, src, `UPDATE events SET note = 'rewritten' WHERE seq = 4`)
	dst := openFresh(t)
	if _, err := model.Copy(src, dst); err == nil || !strings.Contains(err.Error(), "event 4") {
		t.Errorf("copying an altered log: %v, want a refusal naming event 4", err)
	}
	if err := dst.View(func(tx model.Tx) error {
		if last, _ := tx.LastSeq(); last != 0 {
			t.Errorf("the refused copy wrote %d events", last)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestCopyCarriesTheIDSequences: records deleted at the source keep
// their IDs used after a copy file → PostgreSQL → file: the next product,
// allocation and scheduled change get IDs after the deleted ones.
func TestCopyCarriesTheIDSequences(t *testing.T) {
	dir := t.TempDir()
	openBolt := func(name string) *bolt.DB {
		db, err := bolt.Open(filepath.Join(dir, name), bolt.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	src := openBolt("src.db")
	raised := model.LastIDs{Products: 7, Licenses: 70, Users: 17, Assets: 27, Allocations: 37, Scheduled: 47}
	if err := src.Update(func(tx model.Tx) error {
		if err := tx.PutOrg(model.Org{Name: "Seq", Currency: "EUR", AnchorDay: 1}); err != nil {
			return err
		}
		p := model.Product{Name: "Kept"}
		if err := tx.PutProduct(&p); err != nil {
			return err
		}
		return tx.RaiseLastIDs(raised) // as if newer records had come and gone
	}); err != nil {
		t.Fatal(err)
	}
	pg := openFresh(t)
	back := openBolt("back.db")
	for _, step := range []struct {
		name     string
		from, to model.Store
	}{{"file to PostgreSQL", src, pg}, {"PostgreSQL to file", pg, back}} {
		if _, err := model.Copy(step.from, step.to); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if err := step.to.View(func(tx model.Tx) error {
			ids, err := tx.LastIDs()
			if ids != raised {
				t.Errorf("%s: LastIDs %+v, want %+v", step.name, ids, raised)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := back.Update(func(tx model.Tx) error {
		p := model.Product{Name: "New"}
		if err := tx.PutProduct(&p); err != nil {
			return err
		}
		if p.ID != raised.Products+1 {
			t.Errorf("a product after the copies got ID %d, want %d", p.ID, raised.Products+1)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
