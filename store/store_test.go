package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
	bolt "go.etcd.io/bbolt"
)

func openTemp(t *testing.T) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "s.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var t0 = time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)

func mustCheck(t *testing.T, db *DB) {
	t.Helper()
	bad, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Fatalf("check: %s", strings.Join(bad, "\n"))
	}
}

func TestLicenseIndexesAndCountsFollowEveryChange(t *testing.T) {
	db := openTemp(t)
	var pid model.ID
	err := db.Update(func(tx model.Tx) error {
		p := model.Product{Name: "Office"}
		if err := tx.PutProduct(&p); err != nil {
			return err
		}
		pid = p.ID
		for i := 0; i < 5; i++ {
			l := model.License{ProductID: p.ID, Status: model.Available, Since: t0.Add(time.Duration(i) * time.Hour)}
			if err := tx.PutLicense(&l); err != nil {
				return err
			}
		}
		l, _ := tx.License(2)
		l.Status, l.AssigneeKind, l.AssigneeID, l.Since = model.Active, model.AssigneeUser, 7, t0.Add(24*time.Hour)
		if err := tx.PutLicense(&l); err != nil {
			return err
		}
		l, _ = tx.License(5)
		l.Status, l.Since = model.Deactivated, t0.Add(48*time.Hour)
		return tx.PutLicense(&l)
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	err = db.View(func(tx model.Tx) error {
		c, _ := tx.Counts(pid)
		if c != (model.Counts{Available: 3, Active: 1, Deactivated: 1}) {
			t.Errorf("counts %+v", c)
		}
		var ids []model.ID
		tx.LicensesByStatus(pid, model.Available, time.Time{}, func(l model.License) bool { ids = append(ids, l.ID); return true })
		if len(ids) != 3 || ids[0] != 1 || ids[1] != 3 || ids[2] != 4 {
			t.Errorf("available oldest first: %v", ids)
		}
		if n, _ := tx.CountByStatus(pid, model.Available, time.Time{}, t0.Add(150*time.Minute)); n != 2 {
			t.Errorf("available before 11:30: %d, want 2", n)
		}
		held, err := tx.HeldOf(model.AssigneeUser, 7, pid)
		if err != nil || held.ID != 2 {
			t.Errorf("held of user 7: %v %v", held, err)
		}
		if _, err := tx.HeldOf(model.AssigneeUser, 8, pid); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("user 8 holds nothing, got %v", err)
		}
		got, _ := tx.License(2)
		if !got.Since.Equal(t0.Add(24*time.Hour)) || got.AssigneeID != 7 {
			t.Errorf("round trip: %+v", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Deleting the product takes its licenses and index entries with it.
	if err := db.Update(func(tx model.Tx) error { return tx.DeleteProduct(pid) }); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
}

func TestNameIndexesFollowRenames(t *testing.T) {
	db := openTemp(t)
	err := db.Update(func(tx model.Tx) error {
		u := model.User{Email: "ana@example.com"}
		if err := tx.PutUser(&u); err != nil {
			return err
		}
		u.Email = "ana.ruiz@example.com"
		if err := tx.PutUser(&u); err != nil {
			return err
		}
		if _, err := tx.UserByEmail("ana@example.com"); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("old email still found: %v", err)
		}
		a := model.Asset{Name: "LAPTOP-1"}
		if err := tx.PutAsset(&a); err != nil {
			return err
		}
		if got, err := tx.AssetByName("laptop-1"); err != nil || got.ID != a.ID {
			t.Errorf("asset by name, any case: %v %v", got, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
}

func TestEventsAndHistoryIndex(t *testing.T) {
	db := openTemp(t)
	err := db.Update(func(tx model.Tx) error {
		for i := 0; i < 4; i++ {
			e := model.Event{Kind: model.EvLicenseAssigned, ProductID: 1, LicenseID: model.ID(1 + i%2), Time: t0}
			if err := tx.AppendEvent(&e); err != nil {
				return err
			}
			if e.Seq != uint64(i+1) {
				t.Errorf("seq %d, want %d", e.Seq, i+1)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx model.Tx) error {
		var about []uint64
		tx.EventsAbout(model.Ref{Kind: model.RefLicense, ID: 2}, func(e model.Event) bool { about = append(about, e.Seq); return true })
		if len(about) != 2 || about[0] != 2 || about[1] != 4 {
			t.Errorf("history of license 2: %v", about)
		}
		var rev []uint64
		tx.Events(3, true, func(e model.Event) bool { rev = append(rev, e.Seq); return true })
		if len(rev) != 3 || rev[0] != 3 {
			t.Errorf("reverse from 3: %v", rev)
		}
		var newest []uint64
		tx.Events(0, true, func(e model.Event) bool { newest = append(newest, e.Seq); return false })
		if newest[0] != 4 {
			t.Errorf("newest first: %v", newest)
		}
		if last, _ := tx.LastSeq(); last != 4 {
			t.Errorf("last seq %d", last)
		}
		return nil
	})
	mustCheck(t, db)
}

func TestScheduleEarliestFirst(t *testing.T) {
	db := openTemp(t)
	db.Update(func(tx model.Tx) error {
		for _, d := range []int{3, 1, 2} {
			if err := tx.PutScheduled(&model.Scheduled{At: t0.AddDate(0, 0, d), Kind: model.ScheduleReduce, Count: d}); err != nil {
				return err
			}
		}
		return tx.DeleteScheduled(3) // the one at day 2
	})
	var got []int
	db.View(func(tx model.Tx) error {
		return tx.Schedule(func(s model.Scheduled) bool { got = append(got, s.Count); return true })
	})
	if len(got) != 2 || got[0] != 1 || got[1] != 3 {
		t.Fatalf("schedule %v, want [1 3]", got)
	}
}

func TestFailedUpdateChangesNothing(t *testing.T) {
	db := openTemp(t)
	boom := errors.New("refused")
	err := db.Update(func(tx model.Tx) error {
		p := model.Product{Name: "Office"}
		tx.PutProduct(&p)
		tx.PutLicense(&model.License{ProductID: p.ID, Status: model.Available})
		tx.AppendEvent(&model.Event{Kind: model.EvProductCreated, ProductID: p.ID})
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	db.View(func(tx model.Tx) error {
		ps, _ := tx.Products()
		last, _ := tx.LastSeq()
		if len(ps) != 0 || last != 0 {
			t.Errorf("a failed transaction left %d products and %d events", len(ps), last)
		}
		return nil
	})
}

func TestSecondWriterGetsClearErrorQuickly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	a, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	start := time.Now()
	_, err = Open(path, Options{Timeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second open: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("second open took %v", d)
	}
}

func TestSharedModeLeavesTheFileFree(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	shared, err := Open(path, Options{Shared: true})
	if err != nil {
		t.Fatal(err)
	}
	other, err := Open(path, Options{Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatalf("a shared handle locked the file out: %v", err)
	}
	if err := other.Update(func(tx model.Tx) error { return tx.AppendEvent(&model.Event{Kind: "x"}) }); err != nil {
		t.Fatal(err)
	}
	other.Close()
	var last uint64
	if err := shared.View(func(tx model.Tx) error { last, _ = tx.LastSeq(); return nil }); err != nil {
		t.Fatal(err)
	}
	if last != 1 {
		t.Fatalf("shared handle sees seq %d, want 1", last)
	}
}

func TestForeignAndDamagedFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte(strings.Repeat("hello world\n", 1000)), 0o600)
	if _, err := Open(text, Options{}); err == nil || !strings.Contains(err.Error(), "not a Seats database") {
		t.Errorf("text file: %v", err)
	}
	tiny := filepath.Join(dir, "tiny")
	os.WriteFile(tiny, []byte("x"), 0o600)
	if _, err := Open(tiny, Options{}); err == nil || !strings.Contains(err.Error(), "not a Seats database") {
		t.Errorf("tiny file: %v", err)
	}
	// A bbolt file of another program is left alone.
	other := filepath.Join(dir, "other.db")
	b, _ := bolt.Open(other, 0o600, nil)
	b.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
	b.Close()
	if _, err := Open(other, Options{}); err == nil || !strings.Contains(err.Error(), "not a Seats database") {
		t.Errorf("foreign bbolt file: %v", err)
	}
	b, _ = bolt.Open(other, 0o600, nil)
	b.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bMeta) != nil {
			t.Error("the foreign file was modified")
		}
		return nil
	})
	b.Close()
}

func TestDamagedPagesNeverPanic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, _ := openWithLicenses(t, path, 2000)
	db.Close()
	raw, _ := os.ReadFile(path)
	// Scribble over everything after the meta pages.
	for i := 4 * 4096; i < len(raw); i += 7 {
		raw[i] ^= 0x5a
	}
	os.WriteFile(path, raw, 0o600)
	db, err := Open(path, Options{})
	if err != nil {
		return // refused cleanly
	}
	defer db.Close()
	if _, err := db.Check(); err == nil {
		bad, _ := db.Check()
		if len(bad) == 0 {
			t.Fatal("a scribbled file passed the check")
		}
	}
	_ = db.View(func(tx model.Tx) error { return tx.Licenses(0, func(model.License) bool { return true }) })
}

func TestCheckFindsBrokenIndexesAndCounts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, _ := Open(path, Options{})
	db.Update(func(tx model.Tx) error {
		p := model.Product{Name: "Office"}
		tx.PutProduct(&p)
		for i := 0; i < 3; i++ {
			tx.PutLicense(&model.License{ProductID: p.ID, Status: model.Available, Since: t0})
		}
		tx.AppendEvent(&model.Event{Kind: "x", ProductID: p.ID})
		tx.AppendEvent(&model.Event{Kind: "x", ProductID: p.ID})
		return nil
	})
	mustCheck(t, db)
	damageFinds(t, db, func(tx *bolt.Tx) {
		tx.Bucket(bCounts).Put(u64(1), encodeCounts(model.Counts{Available: 9}))
		seats := tx.Bucket(bSeats)
		c := seats.Cursor()
		k, _ := c.Seek(statusPrefix(1, model.Available))
		seats.Delete(bytes.Clone(k))
		seats.Delete(eventKey(1))
		seats.Put(placeKey(99), placeValue(1, 99))
		seats.Put(dayKey(1, model.Deactivated, dayOf(t0)), u64(2))
		tx.Bucket(bUserEmail).Put([]byte("ghost@example.com"), u64(42))
	}, "kept counts", "missing from the status index", "event log gap", "ghost@example.com",
		"license place LIC-000099–LIC-000099 of product 1 names 1 licenses, 0 are stored there", "per-day count")
}

// damageFinds closes db, damages its file with bbolt directly, and
// expects the check to report each of wants.
func damageFinds(t *testing.T, db *DB, damage func(*bolt.Tx), wants ...string) {
	t.Helper()
	path := db.Path()
	db.Close()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(btx *bolt.Tx) error {
		// Damage the tree itself, with nothing staged over it.
		if err := openSeatTree(btx).Flush(); err != nil {
			t.Fatal(err)
		}
		damage(btx)
		return nil
	})
	b.Close()
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	bad, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(bad, "\n")
	for _, want := range wants {
		if !strings.Contains(all, want) {
			t.Errorf("check missed %q in:\n%s", want, all)
		}
	}
}

func TestBackupIsAConsistentCopy(t *testing.T) {
	db := openTemp(t)
	db.Update(func(tx model.Tx) error {
		p := model.Product{Name: "Office"}
		tx.PutProduct(&p)
		return tx.PutLicense(&model.License{ProductID: p.ID, Status: model.Available, Since: t0})
	})
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(out); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(db.Path()); err == nil {
		t.Error("backing up onto the database itself must be refused")
	}
	cp, err := Open(out, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	mustCheck(t, cp)
	cp.View(func(tx model.Tx) error {
		if c, _ := tx.Counts(1); c.Available != 1 {
			t.Errorf("copy counts %+v", c)
		}
		return nil
	})
}

// encodeLicenseV1 writes a license as schema 3 and before did.
func encodeLicenseV1(l model.License) []byte {
	b := encodeLicense(l, 0)[:licenseSizeV1]
	b[0] = licenseV1
	return b
}

// atSchema makes a new bbolt file at schema version v, for a migration
// test to fill as a database of that version.
func atSchema(t *testing.T, v uint32) (string, *bolt.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.db")
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrateTo(b, v); err != nil {
		t.Fatal(err)
	}
	return path, b
}

// Each migration is tested from the version before it.
func TestMigrationFromEmptyFile(t *testing.T) {
	_, b := atSchema(t, 1)
	b.View(func(tx *bolt.Tx) error {
		if v, _ := schemaOf(tx); v != 1 {
			t.Errorf("schema %d after migration 1", v)
		}
		if tx.Bucket(bLicenses) == nil || tx.Bucket(bCounts) != nil {
			t.Error("migration 1 creates the record buckets and not yet the counters")
		}
		return nil
	})
	b.Close()
}

func TestMigrationBuildsCountsFromLicenses(t *testing.T) {
	path, b := atSchema(t, 1)
	// A version-1 database: licenses and indexes, no counters.
	b.Update(func(btx *bolt.Tx) error {
		for i, s := range []model.Status{model.Available, model.Active, model.Active, model.Deactivated} {
			l := model.License{ID: uint64(i + 1), ProductID: 1, Status: s, Since: t0}
			if s == model.Active {
				l.AssigneeKind, l.AssigneeID = model.AssigneeUser, uint64(i)
				btx.Bucket(bLicHolder).Put(v4HolderKey(l), nil)
			}
			btx.Bucket(bLicenses).Put(u64(l.ID), encodeLicenseV1(l))
			btx.Bucket(bLicStatus).Put(v4StatusKey(l), nil)
		}
		btx.Bucket(bLicenses).SetSequence(4)
		btx.Bucket(bProductName).Put([]byte("office"), u64(1))
		return putJSON(btx.Bucket(bProducts), u64(1), model.Product{ID: 1, Name: "Office"})
	})
	b.Close()
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx model.Tx) error {
		if c, _ := tx.Counts(1); c != (model.Counts{Available: 1, Active: 2, Deactivated: 1}) {
			t.Errorf("migrated counts %+v", c)
		}
		return nil
	})
	mustCheck(t, db) // includes the per-day counts built by migration 3
}

func TestMigrationBuildsPerDayCounts(t *testing.T) {
	path, b := atSchema(t, 2)
	b.Update(func(btx *bolt.Tx) error {
		if btx.Bucket(bLicDays) != nil {
			t.Error("per-day counts exist before migration 3")
		}
		for i := 1; i <= 5; i++ {
			l := model.License{ID: uint64(i), ProductID: 1, Status: model.Available, Since: t0.AddDate(0, 0, -i*10)}
			btx.Bucket(bLicenses).Put(u64(l.ID), encodeLicenseV1(l))
			btx.Bucket(bLicStatus).Put(v4StatusKey(l), nil)
		}
		btx.Bucket(bLicenses).SetSequence(5)
		btx.Bucket(bCounts).Put(u64(1), encodeCounts(model.Counts{Available: 5}))
		btx.Bucket(bProductName).Put([]byte("office"), u64(1))
		return putJSON(btx.Bucket(bProducts), u64(1), model.Product{ID: 1, Name: "Office"})
	})
	b.Close()
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCheck(t, db)
	db.View(func(tx model.Tx) error {
		if n, _ := tx.CountByStatus(1, model.Available, time.Time{}, t0.AddDate(0, 0, -25)); n != 3 {
			t.Errorf("idle for 25 days: %d, want 3", n)
		}
		return nil
	})
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, _ := Open(path, Options{})
	db.Close()
	b, _ := bolt.Open(path, 0o600, nil)
	b.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put([]byte("schema"), []byte{0, 0, 0, 99}) })
	b.Close()
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("newer schema: %v", err)
	}
}

// CountByStatus mixes per-day counts with index scans at the range ends;
// it must agree with a plain scan for any range.
func TestCountByStatusAgreesWithAScan(t *testing.T) {
	db := openTemp(t)
	rng := rand.New(rand.NewPCG(1, 2))
	at := func() time.Time { return t0.Add(time.Duration(rng.IntN(90*24*60)) * time.Minute) }
	db.Update(func(tx model.Tx) error {
		p := model.Product{Name: "Office"}
		tx.PutProduct(&p)
		for i := 0; i < 3000; i++ {
			s := []model.Status{model.Available, model.Deactivated}[rng.IntN(2)]
			tx.PutLicense(&model.License{ProductID: p.ID, Status: s, Since: at()})
		}
		return nil
	})
	mustCheck(t, db)
	db.View(func(tx model.Tx) error {
		for i := 0; i < 300; i++ {
			from, to := at(), at()
			if from.After(to) {
				from, to = to, from
			}
			switch i % 4 {
			case 0:
				from = time.Time{}
			case 1:
				to = time.Time{}
			case 2:
				from = from.Truncate(24 * time.Hour)
			}
			want := 0
			tx.LicensesByStatus(1, model.Available, time.Time{}, func(l model.License) bool {
				if !l.Since.Before(from) && (to.IsZero() || l.Since.Before(to)) {
					want++
				}
				return true
			})
			if got, _ := tx.CountByStatus(1, model.Available, from, to); got != want {
				t.Fatalf("[%v, %v): %d, want %d", from, to, got, want)
			}
		}
		return nil
	})
}

func TestMigrationChainsHistories(t *testing.T) {
	path, b := atSchema(t, 3)
	// A version-3 database: events as plain JSON, found through the
	// event_ref index; license 3 belonged to a product since deleted.
	evs := []model.Event{
		{Kind: model.EvProductCreated, ProductID: 1, Product: "Office"},
		{Kind: model.EvUserInvited, UserID: 7, User: "ana@example.com"},
		{Kind: model.EvLicenseAssigned, ProductID: 1, LicenseID: 1, UserID: 7, User: "ana@example.com"},
		{Kind: model.EvLicenseAssigned, ProductID: 1, LicenseID: 3, AssetID: 4, Asset: "PC-4"},
		{Kind: model.EvLicenseUnassigned, ProductID: 1, LicenseID: 1, UserID: 7, User: "ana@example.com"},
		{Kind: model.EvAllocationCreated, ProductID: 1, AllocationID: 2},
		{Kind: model.EvLicenseAssigned, ProductID: 1, LicenseID: 2, UserID: 7, User: "ana@example.com"},
	}
	raws := map[uint64]string{}
	err := b.Update(func(btx *bolt.Tx) error {
		for i := 1; i <= 2; i++ {
			l := model.License{ID: uint64(i), ProductID: 1, Status: model.Available, Since: t0}
			if i == 2 {
				l.Status, l.AssigneeKind, l.AssigneeID = model.Active, model.AssigneeUser, 7
				btx.Bucket(bLicHolder).Put(v4HolderKey(l), nil)
			}
			btx.Bucket(bLicenses).Put(u64(l.ID), encodeLicenseV1(l))
			btx.Bucket(bLicStatus).Put(v4StatusKey(l), nil)
		}
		btx.Bucket(bLicenses).SetSequence(3)
		btx.Bucket(bCounts).Put(u64(1), encodeCounts(model.Counts{Available: 1, Active: 1}))
		btx.Bucket(bLicDays).Put(v4DayKey(1, model.Available, dayOf(t0)), u64(1))
		btx.Bucket(bLicDays).Put(v4DayKey(1, model.Active, dayOf(t0)), u64(1))
		btx.Bucket(bProductName).Put([]byte("office"), u64(1))
		putJSON(btx.Bucket(bProducts), u64(1), model.Product{ID: 1, Name: "Office"})
		btx.Bucket(bUserEmail).Put([]byte("ana@example.com"), u64(7))
		putJSON(btx.Bucket(bUsers), u64(7), model.User{ID: 7, Email: "ana@example.com"})
		btx.Bucket(bAssetName).Put([]byte("pc-4"), u64(4))
		putJSON(btx.Bucket(bAssets), u64(4), model.Asset{ID: 4, Name: "PC-4"})
		btx.Bucket(bAllocName).Put([]byte("team"), u64(2))
		putJSON(btx.Bucket(bAllocations), u64(2), model.Allocation{ID: 2, Name: "Team", ProductID: 1})
		events := btx.Bucket(bEvents)
		for _, e := range evs {
			e.Seq, _ = events.NextSequence()
			if err := putJSON(events, u64(e.Seq), e); err != nil {
				return err
			}
			raws[e.Seq] = string(events.Get(u64(e.Seq)))
			for _, r := range e.Refs() {
				btx.Bucket(bEventRef).Put(key(r.Kind, r.ID, e.Seq), nil)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCheck(t, db)
	want := map[model.Ref][]uint64{
		{Kind: model.RefProduct, ID: 1}:    {1, 6},
		{Kind: model.RefUser, ID: 7}:       {2, 3, 5, 7},
		{Kind: model.RefLicense, ID: 1}:    {3, 5},
		{Kind: model.RefLicense, ID: 2}:    {7},
		{Kind: model.RefLicense, ID: 3}:    {4},
		{Kind: model.RefAsset, ID: 4}:      {4},
		{Kind: model.RefAllocation, ID: 2}: {6},
		{Kind: model.RefUser, ID: 8}:       nil,
	}
	db.View(func(mtx model.Tx) error {
		for r, seqs := range want {
			var got []uint64
			if err := mtx.EventsAbout(r, func(e model.Event) bool { got = append(got, e.Seq); return true }); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(seqs) {
				t.Errorf("history of %c%d: %v, want %v", r.Kind, r.ID, got, seqs)
			}
		}
		return nil
	})
	db.bolt.View(func(btx *bolt.Tx) error {
		if btx.Bucket(bEventRef) != nil {
			t.Error("event_ref is still there")
		}
		for seq, raw := range raws {
			_, js, err := eventLinks(btx.Bucket(bSeats).Get(eventKey(seq)))
			if err != nil || string(js) != raw {
				t.Errorf("event %d: JSON changed: %s (%v)", seq, js, err)
			}
		}
		if h := seqValue(btx.Bucket(bEventHead).Get(key(model.RefLicense, uint64(3)))); h != 4 {
			t.Errorf("the head of deleted license 3 is %d, want 4", h)
		}
		return nil
	})
	// The chains go on from where the index left off.
	err = db.Update(func(mtx model.Tx) error {
		return mtx.AppendEvent(&model.Event{Kind: model.EvLicenseUnassigned, ProductID: 1, LicenseID: 2, UserID: 7})
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	db.View(func(mtx model.Tx) error {
		var got []uint64
		mtx.EventsAbout(model.Ref{Kind: model.RefUser, ID: 7}, func(e model.Event) bool { got = append(got, e.Seq); return true })
		if fmt.Sprint(got) != "[2 3 5 7 8]" {
			t.Errorf("history of user 7 after one more event: %v", got)
		}
		return nil
	})
}

func seqsAbout(t *testing.T, mtx model.Tx, r model.Ref) string {
	t.Helper()
	var got []uint64
	if err := mtx.EventsAbout(r, func(e model.Event) bool { got = append(got, e.Seq); return true }); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(got)
}

// A holder's history head shares the holder index with its licenses and
// must never be taken for one; a license's history outlives its product.
func TestHistoryChainsBesideTheirThings(t *testing.T) {
	db := openTemp(t)
	u, a := model.Ref{Kind: model.RefUser, ID: 7}, model.Ref{Kind: model.RefAsset, ID: 3}
	err := db.Update(func(mtx model.Tx) error {
		for _, p := range []*model.Product{{Name: "Office"}, {Name: "CAD"}} {
			if err := mtx.PutProduct(p); err != nil {
				return err
			}
			for i := 0; i < 2; i++ {
				if err := mtx.PutLicense(&model.License{ProductID: p.ID, Status: model.Available, Since: t0}); err != nil {
					return err
				}
			}
		}
		if err := mtx.PutUser(&model.User{ID: 7, Email: "ana@example.com", State: model.StateEnabled}); err != nil {
			return err
		}
		events := []model.Event{
			{Kind: model.EvUserInvited, UserID: 7},                                   // 1
			{Kind: model.EvLicenseAssigned, ProductID: 1, LicenseID: 1, UserID: 7},   // 2
			{Kind: model.EvLicenseAssigned, ProductID: 2, LicenseID: 3, UserID: 7},   // 3
			{Kind: model.EvLicenseAssigned, ProductID: 1, LicenseID: 2, AssetID: 3},  // 4
			{Kind: model.EvLicensesAdded, ProductID: 1},                              // 5
			{Kind: model.EvLicenseUnassigned, ProductID: 1, LicenseID: 1, UserID: 7}, // 6
		}
		for _, e := range events {
			if err := mtx.AppendEvent(&e); err != nil {
				return err
			}
		}
		for id, holder := range map[model.ID]model.Ref{3: u, 2: a} {
			l, _ := mtx.License(id)
			l.Status, l.AssigneeKind, l.AssigneeID = model.Active, model.AssigneeKind(holder.Kind), holder.ID
			if err := mtx.PutLicense(&l); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	db.View(func(mtx model.Tx) error {
		var held []model.ID
		mtx.HeldBy(model.AssigneeUser, 7, func(l model.License) bool { held = append(held, l.ID); return true })
		if fmt.Sprint(held) != "[3]" {
			t.Errorf("user 7 holds %v, want [3]", held)
		}
		if got, err := mtx.User(7); err != nil || got.Held != 1 {
			t.Errorf("user 7 held %d (%v), want 1", got.Held, err)
		}
		if l, err := mtx.HeldOf(model.AssigneeAsset, 3, 1); err != nil || l.ID != 2 {
			t.Errorf("asset 3 holds %v (%v) of product 1", l.ID, err)
		}
		for r, want := range map[model.Ref]string{
			u: "[1 2 3 6]", a: "[4]", {Kind: model.RefLicense, ID: 1}: "[2 6]",
			{Kind: model.RefLicense, ID: 3}: "[3]", {Kind: model.RefProduct, ID: 1}: "[5]",
		} {
			if got := seqsAbout(t, mtx, r); got != want {
				t.Errorf("history of %c%d: %s, want %s", r.Kind, r.ID, got, want)
			}
		}
		return nil
	})
	// Rewriting a license keeps its history; deleting its product keeps it too.
	err = db.Update(func(mtx model.Tx) error {
		l, _ := mtx.License(1)
		l.Status = model.Deactivated
		if err := mtx.PutLicense(&l); err != nil {
			return err
		}
		if got := seqsAbout(t, mtx, model.Ref{Kind: model.RefLicense, ID: 1}); got != "[2 6]" {
			t.Errorf("history of license 1 after a rewrite: %s", got)
		}
		return mtx.DeleteProduct(1)
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	db.View(func(mtx model.Tx) error {
		if got := seqsAbout(t, mtx, model.Ref{Kind: model.RefLicense, ID: 1}); got != "[2 6]" {
			t.Errorf("history of license 1 after its product went: %s", got)
		}
		if got := seqsAbout(t, mtx, u); got != "[1 2 3 6]" {
			t.Errorf("history of user 7 after product 1 went: %s", got)
		}
		return nil
	})
}

func TestCheckFindsBrokenHistories(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, _ := Open(path, Options{})
	db.Update(func(mtx model.Tx) error {
		p := model.Product{Name: "Office"}
		mtx.PutProduct(&p)
		mtx.PutLicense(&model.License{ProductID: p.ID, Status: model.Available, Since: t0})
		for i := 0; i < 3; i++ {
			mtx.AppendEvent(&model.Event{Kind: model.EvLicenseAssigned, ProductID: 1, LicenseID: 1, UserID: 7})
		}
		return mtx.AppendEvent(&model.Event{Kind: model.EvAllocationCreated, AllocationID: 4})
	})
	mustCheck(t, db)
	damageFinds(t, db, func(btx *bolt.Tx) {
		// License 1's head goes back one event; event 2 skips event 1 for user 7.
		seats := btx.Bucket(bSeats)
		l, _ := decodeLicense(1, seats.Get(recordKey(1, 1)))
		seats.Put(recordKey(1, 1), encodeLicense(l, 2))
		links, raw, _ := eventLinks(seats.Get(eventKey(2)))
		for i := range links {
			if links[i].ref.Kind == model.RefUser {
				links[i].prev = 0
			}
		}
		seats.Put(eventKey(2), linkEvent(links, bytes.Clone(raw)))
		// A user's head filed in event_head, and allocation 4's head lost.
		btx.Bucket(bEventHead).Put(key(model.RefUser, uint64(9)), u64(1))
		btx.Bucket(bEventHead).Delete(key(model.RefAllocation, uint64(4)))
	}, "the history of l1 starts at event 2, its newest event is 3",
		"event 2 links to event 0 in the history of u7, whose previous event is 1",
		"event_head keeps the history of u9", "the history of g4 starts at event 0, its newest event is 4")
}

// New files get 8 KiB pages; a file made with other pages keeps them.
func TestPageSizeOfNewAndOldFiles(t *testing.T) {
	db := openTemp(t)
	if ps := db.bolt.Info().PageSize; ps != pageSize {
		t.Errorf("new file: %d-byte pages, want %d", ps, pageSize)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	b, _ := bolt.Open(path, 0o600, &bolt.Options{PageSize: 4096})
	if _, err := migrateTo(b, 3); err != nil {
		t.Fatal(err)
	}
	b.Close()
	old, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if ps := old.bolt.Info().PageSize; ps != 4096 {
		t.Errorf("old file: %d-byte pages, want 4096", ps)
	}
	mustCheck(t, old)
}

// The memo hands out copies, and a record changed behind its back (here by
// another handle on the file) is decoded afresh.
func TestMemoNeverServesStaleRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(path, Options{Shared: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(mtx model.Tx) error {
		return mtx.PutUser(&model.User{Email: "ana@example.com", First: "Ana"})
	})
	read := func() model.User {
		var u model.User
		db.View(func(mtx model.Tx) error { u, err = mtx.User(1); return err })
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	u := read()
	u.First = "changed by the caller"
	if got := read(); got.First != "Ana" {
		t.Fatalf("the memo shared its copy: %q", got.First)
	}
	other, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	other.Update(func(mtx model.Tx) error {
		u, _ := mtx.User(1)
		u.First = "Ana María"
		return mtx.PutUser(&u)
	})
	other.Close()
	if got := read(); got.First != "Ana María" {
		t.Fatalf("stale record after another process changed it: %q", got.First)
	}
}

// A writer skips bbolt's list of free pages in every commit (one page
// fewer for fdatasync) and writes it once when it closes, so the next
// writer to open the file reads it instead of walking the whole tree.
func TestFreeListIsWrittenOnClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx model.Tx) error { return tx.PutProduct(&model.Product{Name: "Office"}) }); err != nil {
		t.Fatal(err)
	}
	if freelistWritten(path) {
		t.Error("a commit wrote the free-page list")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if !freelistWritten(path) {
		t.Error("closing did not write the free-page list")
	}
	// Readers and Shared mode never write it per commit either way.
	shared, err := Open(path, Options{Shared: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := shared.Update(func(tx model.Tx) error { return tx.PutProduct(&model.Product{Name: "Figma"}) }); err != nil {
		t.Fatal(err)
	}
	if !freelistWritten(path) {
		t.Error("a Shared-mode commit left the file without its free-page list")
	}
}

// A writer that dies before closing leaves no free-page list; the next
// writer rebuilds it, and the file stays whole through further changes.
func TestFileLeftWithoutFreeListReopens(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.db")
	db, product := openWithLicenses(t, path, 3000)
	defer db.Close()
	// Free some pages, then take the file as a crash would leave it.
	err := db.Update(func(tx model.Tx) error {
		var some []model.License // a cursor's walk is undefined while its tree changes
		err := tx.LicensesByStatus(product, model.Available, time.Time{}, func(l model.License) bool {
			if l.ID%3 == 0 {
				some = append(some, l)
			}
			return true
		})
		for _, l := range some {
			l.Status, l.Since = model.Deactivated, t0.Add(time.Hour)
			if err == nil {
				err = tx.PutLicense(&l)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	crashed := filepath.Join(dir, "crashed.db")
	os.WriteFile(crashed, raw, 0o600)
	if freelistWritten(crashed) {
		t.Fatal("the crash image has a free-page list; the test proves nothing")
	}
	again, err := Open(crashed, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	mustCheck(t, again)
	for i := 0; i < 50; i++ {
		err := again.Update(func(tx model.Tx) error {
			return tx.PutLicense(&model.License{ProductID: product, Status: model.Available, Since: t0})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	mustCheck(t, again)
}

// bbolt rebuilds a missing free-page list in a goroutine of its own, where
// a damaged page's panic could not be caught: a damaged file left by a
// writer that died must still be refused with a message.
func TestDamagedFileWithoutFreeListNeverPanics(t *testing.T) {
	for stride := 7; stride < 14; stride++ {
		path := filepath.Join(t.TempDir(), "s.db")
		db, _ := openWithLicenses(t, path, 2000)
		raw, _ := os.ReadFile(path) // as the writer's crash leaves it
		db.Close()
		if !freelistWritten(path) {
			t.Fatal("closing did not write the free-page list")
		}
		for i := 4*4096 + stride; i < len(raw); i += stride {
			raw[i] ^= 0x5a
		}
		os.WriteFile(path, raw, 0o600)
		if freelistWritten(path) {
			t.Fatal("the crash image has a free-page list; the test proves nothing")
		}
		db, err := Open(path, Options{})
		if err == nil {
			db.Close()
			t.Errorf("stride %d: a scribbled file opened", stride)
		} else if !strings.Contains(err.Error(), "damaged") {
			t.Errorf("stride %d: %v", stride, err)
		}
	}
}

// openWithLicenses opens a new file at path holding one product with n
// available licenses.
func openWithLicenses(t *testing.T, path string, n int) (*DB, model.ID) {
	t.Helper()
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := model.Product{Name: "Office"}
	err = db.Update(func(tx model.Tx) error {
		if err := tx.PutProduct(&p); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if err := tx.PutLicense(&model.License{ProductID: p.ID, Status: model.Available, Since: t0}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, p.ID
}
