package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seats/seats/model"
	bolt "go.etcd.io/bbolt"
)

// Migration 5 folds schema 4's licenses, indexes, per-day counts and log
// into the seats bucket, without losing a license, an index entry, a
// history or the sequences.
func TestMigrationFoldsSeatsIntoOneTree(t *testing.T) {
	path, b := atSchema(t, 4)
	// A version-4 database: product 1 holds licenses 1–3 and 6, product 2
	// licenses 4–5; license 2 is held by user 7 and license 4 by asset 9.
	ls := []model.License{
		{ID: 1, ProductID: 1, Status: model.Available, Since: t0},
		{ID: 2, ProductID: 1, Status: model.Active, AssigneeKind: model.AssigneeUser, AssigneeID: 7, Since: t0, AssignedAt: t0},
		{ID: 3, ProductID: 1, Status: model.Deactivated, Since: t0.AddDate(0, 0, 1)},
		{ID: 4, ProductID: 2, Status: model.Active, AssigneeKind: model.AssigneeAsset, AssigneeID: 9, Since: t0, AssignedAt: t0},
		{ID: 5, ProductID: 2, Status: model.Available, Since: t0.AddDate(0, 0, -40)},
		{ID: 6, ProductID: 1, Status: model.Available, Since: t0.AddDate(0, 0, -40)},
	}
	evs := []model.Event{
		{Kind: model.EvProductCreated, ProductID: 1, Product: "Office"},
		{Kind: model.EvProductCreated, ProductID: 2, Product: "CAD"},
		{Kind: model.EvLicenseAssigned, ProductID: 1, LicenseID: 2, UserID: 7, User: "ana@example.com"},
		{Kind: model.EvLicenseAssigned, ProductID: 2, LicenseID: 4, AssetID: 9, Asset: "PC-9"},
	}
	err := b.Update(func(btx *bolt.Tx) error {
		heads := map[model.Ref]uint64{}
		events := btx.Bucket(bEvents)
		for _, e := range evs {
			e.Seq, _ = events.NextSequence()
			refs := e.Refs()
			links := make([]link, len(refs))
			for i, r := range refs {
				links[i] = link{r, heads[r]}
				heads[r] = e.Seq
			}
			raw, _ := encodeEvent(links, &e)
			events.Put(u64(e.Seq), raw)
		}
		days := map[string]uint64{}
		counts := map[model.ID]model.Counts{}
		for _, l := range ls {
			btx.Bucket(bLicenses).Put(u64(l.ID), encodeLicense(l, heads[model.Ref{Kind: model.RefLicense, ID: l.ID}]))
			btx.Bucket(bLicStatus).Put(v4StatusKey(l), nil)
			if l.Status == model.Active {
				btx.Bucket(bLicHolder).Put(v4HolderKey(l), nil)
			}
			days[string(v4DayKey(l.ProductID, l.Status, dayOf(l.Since)))]++
			c := counts[l.ProductID]
			addCount(&c, l.Status, 1)
			counts[l.ProductID] = c
		}
		for k, n := range days {
			btx.Bucket(bLicDays).Put([]byte(k), u64(n))
		}
		for id, c := range counts {
			btx.Bucket(bCounts).Put(u64(id), encodeCounts(c))
		}
		for r, seq := range heads {
			switch r.Kind {
			case model.RefUser, model.RefAsset:
				btx.Bucket(bLicHolder).Put(v4HolderHeadKey(r), u64(seq))
			case model.RefProduct:
				btx.Bucket(bEventHead).Put(key(r.Kind, r.ID), u64(seq))
			}
		}
		btx.Bucket(bLicenses).SetSequence(8) // licenses 7 and 8 were deleted with a product
		for _, p := range []model.Product{{ID: 1, Name: "Office"}, {ID: 2, Name: "CAD"}} {
			putJSON(btx.Bucket(bProducts), u64(p.ID), p)
			btx.Bucket(bProductName).Put([]byte(strings.ToLower(p.Name)), u64(p.ID))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	before, _ := os.Stat(path)
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCheck(t, db)
	// The pages the five old trees held are not left free: Open compacted
	// the file, which replaces it.
	if after, _ := os.Stat(path); os.SameFile(before, after) {
		t.Error("the file was not compacted after the migration")
	}
	db.bolt.View(func(btx *bolt.Tx) error {
		for _, name := range [][]byte{bLicenses, bLicStatus, bLicHolder, bLicDays, bEvents} {
			if btx.Bucket(name) != nil {
				t.Errorf("bucket %s is still there", name)
			}
		}
		// Licenses 1–3 are one run, 4–5 another, 6 a third.
		n := 0
		c := btx.Bucket(bSeats).Cursor()
		for k, _ := c.Seek([]byte{spPlace}); k != nil && k[0] == spPlace; k, _ = c.Next() {
			n++
		}
		if n != 3 {
			t.Errorf("%d runs of license IDs, want 3", n)
		}
		return nil
	})
	db.View(func(tx model.Tx) error {
		for _, want := range ls {
			got, err := tx.License(want.ID)
			if err != nil || got != want {
				t.Errorf("license %d: %+v (%v), want %+v", want.ID, got, err, want)
			}
		}
		if l, err := tx.HeldOf(model.AssigneeAsset, 9, 2); err != nil || l.ID != 4 {
			t.Errorf("asset 9 holds %+v (%v)", l, err)
		}
		var free []uint64
		tx.LicensesByStatus(1, model.Available, t0.AddDate(-1, 0, 0), func(l model.License) bool { free = append(free, l.ID); return true })
		if fmt.Sprint(free) != "[6 1]" {
			t.Errorf("free licenses of product 1, oldest first: %v", free)
		}
		if n, _ := tx.CountByStatus(2, model.Available, t0.AddDate(-1, 0, 0), t0.AddDate(0, 0, -30)); n != 1 {
			t.Errorf("idle licenses of product 2: %d, want 1", n)
		}
		if seq, _ := tx.LastSeq(); seq != 4 {
			t.Errorf("last event %d, want 4", seq)
		}
		if got := seqsAbout(t, tx, model.Ref{Kind: model.RefUser, ID: 7}); got != "[3]" {
			t.Errorf("history of user 7: %s", got)
		}
		return nil
	})
	// New licenses continue the sequence; the log continues too.
	err = db.Update(func(tx model.Tx) error {
		l := model.License{ProductID: 2, Status: model.Available, Since: t0}
		if err := tx.PutLicense(&l); err != nil {
			return err
		}
		if l.ID != 9 {
			t.Errorf("new license got ID %d, want 9", l.ID)
		}
		return tx.AppendEvent(&model.Event{Kind: model.EvLicensesAdded, ProductID: 2, LicenseID: l.ID})
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
}

// A holder's slots and entry must agree with each other and with the
// licenses they name.
func TestCheckFindsBrokenSlots(t *testing.T) {
	db := openTemp(t)
	db.Update(func(mtx model.Tx) error {
		p := model.Product{Name: "Office"}
		mtx.PutProduct(&p)
		for i := 0; i < 2; i++ {
			mtx.PutLicense(&model.License{ProductID: p.ID, Status: model.Active, AssigneeKind: model.AssigneeUser, AssigneeID: uint64(7 + i), Since: t0})
		}
		return mtx.AppendEvent(&model.Event{Kind: model.EvLicenseAssigned, ProductID: 1, LicenseID: 1, UserID: 7})
	})
	mustCheck(t, db)
	damageFinds(t, db, func(btx *bolt.Tx) {
		seats := btx.Bucket(bSeats)
		seats.Put(slotKey(1, model.RefUser, 7), slotValue(0, 1))                              // u7 lost its license
		seats.Put(slotKey(1, model.RefUser, 8), slotValue(1, 0))                              // u8's slot names u7's
		seats.Put(holderKey(model.RefUser, 9), holderEntry{products: []model.ID{1}}.encode()) // a slot that is not there
	}, "LIC-000001 is held by u7, whose slot in product 1 names LIC-000000",
		"LIC-000002 is held by u8, whose slot in product 1 names LIC-000001",
		"the entry of u9 lists product 1, where it has no slot")
}

// Compact drops the free pages that bulk work leaves and keeps every
// record, index, counter and sequence.
func TestCompactKeepsEverythingButFreePages(t *testing.T) {
	db := openTemp(t)
	for _, name := range []string{"Office", "CAD"} {
		db.Update(func(mtx model.Tx) error {
			p := model.Product{Name: name}
			mtx.PutProduct(&p)
			for i := 0; i < 3000; i++ {
				mtx.PutLicense(&model.License{ProductID: p.ID, Status: model.Available, Since: t0})
			}
			return mtx.AppendEvent(&model.Event{Kind: model.EvProductCreated, ProductID: p.ID})
		})
	}
	db.Update(func(mtx model.Tx) error { return mtx.DeleteProduct(1) })
	// bbolt counts free pages when it opens the file.
	freePages := func() int {
		db.bolt.Close()
		db.bolt, _ = db.open(false)
		return db.bolt.Stats().FreePageN
	}
	before := freePages()
	if before < 50 {
		t.Fatalf("only %d free pages before compacting: the test needs more", before)
	}
	if err := db.Compact(); err != nil {
		t.Fatal(err)
	}
	if after := freePages(); after > 5 {
		t.Errorf("%d free pages after compacting, %d before", after, before)
	}
	mustCheck(t, db)
	db.Update(func(mtx model.Tx) error {
		if c, _ := mtx.Counts(2); c.Available != 3000 {
			t.Errorf("counts after compacting: %+v", c)
		}
		l := model.License{ProductID: 2, Status: model.Available, Since: t0}
		if err := mtx.PutLicense(&l); err != nil || l.ID != 6001 {
			t.Errorf("next license after compacting: %d (%v), want 6001", l.ID, err)
		}
		if seq, _ := mtx.LastSeq(); seq != 2 {
			t.Errorf("last event after compacting: %d", seq)
		}
		return nil
	})
	mustCheck(t, db)
}

// A new file is not compacted: it had nothing to move.
func TestNewFileIsNotCompacted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	b, _ := bolt.Open(path, 0o600, nil)
	moved, err := migrate(b)
	b.Close()
	if err != nil || moved {
		t.Errorf("a new file: moved %v, %v", moved, err)
	}
}

// The schema-4 index keys, for building old files to migrate.
func v4StatusKey(l model.License) []byte {
	return key(l.ProductID, l.Status, timeKey(l.Since), l.ID)
}

func v4HolderKey(l model.License) []byte {
	return key(l.AssigneeKind, l.AssigneeID, l.ProductID, l.ID)
}
