package bolt

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

func openTemp(t *testing.T) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "seats.db"), Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustCheck(t *testing.T, db *DB) {
	t.Helper()
	bad, err := db.Check()
	if err != nil || len(bad) > 0 {
		t.Fatalf("check: %v %q", err, bad)
	}
}

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// withLicenses makes a product with n available licenses, one a day apart.
func withLicenses(t *testing.T, db *DB, n int) model.ID {
	t.Helper()
	var pid model.ID
	err := db.Update(func(tx model.Tx) error {
		p := model.Product{Name: "Office", Kind: model.PerUser, Contracted: n}
		if err := tx.PutProduct(&p); err != nil {
			return err
		}
		pid = p.ID
		for i := 0; i < n; i++ {
			l := model.License{ProductID: p.ID, Status: model.Available, Created: t0, Since: t0.Add(time.Duration(i) * 7 * time.Hour)}
			if err := tx.PutLicense(&l); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

func TestCountByStatusAgreesWithAScan(t *testing.T) {
	db := openTemp(t)
	pid := withLicenses(t, db, 300)
	rng := rand.New(rand.NewPCG(1, 2))
	err := db.Update(func(tx model.Tx) error {
		// Move some licenses to other statuses so every status has a spread of days.
		for id := model.ID(1); id <= 300; id += 3 {
			l, _ := tx.License(id)
			l.Status, l.AssigneeKind, l.AssigneeID = model.Active, model.AssigneeUser, id
			if err := tx.PutLicense(&l); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	span := 300 * 7 * time.Hour
	err = db.View(func(tx model.Tx) error {
		for i := 0; i < 500; i++ {
			var from, to time.Time
			if rng.IntN(5) > 0 {
				from = t0.Add(time.Duration(rng.Int64N(int64(span))) - 24*time.Hour)
			}
			if rng.IntN(5) > 0 {
				to = t0.Add(time.Duration(rng.Int64N(int64(span))))
			}
			if i%7 == 0 { // whole days exactly
				from, to = from.Truncate(24*time.Hour), to.Truncate(24*time.Hour)
			}
			for _, s := range []model.Status{model.Available, model.Active} {
				want := 0
				tx.Licenses(0, func(l model.License) bool {
					if l.Status == s && !l.Since.Before(from) && (to.IsZero() || l.Since.Before(to)) {
						want++
					}
					return true
				})
				got, err := tx.CountByStatus(pid, s, from, to)
				if err != nil {
					return err
				}
				if got != want {
					return fmt.Errorf("%s in [%v, %v): counted %d, a scan finds %d", s, from, to, got, want)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
}

func TestSecondWriterWaitsThenGetsAClearError(t *testing.T) {
	db := openTemp(t)
	start := time.Now()
	_, err := Open(db.Path(), Options{Timeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "in use by another seats process") {
		t.Fatalf("second writer: %v", err)
	}
	if waited := time.Since(start); waited < 250*time.Millisecond || waited > 3*time.Second {
		t.Fatalf("waited %v for a 300ms timeout", waited)
	}
}

func TestSecondWriterGetsTheLockOnceTheFirstLetsGo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seats.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() { time.Sleep(200 * time.Millisecond); db.Close(); close(closed) }()
	other, err := Open(path, Options{Timeout: 5 * time.Second})
	<-closed
	if err != nil {
		t.Fatal(err)
	}
	other.Close()
}

func TestSharedModeLeavesTheFileFree(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seats.db")
	shared, err := Open(path, Options{Shared: true})
	if err != nil {
		t.Fatal(err)
	}
	other, err := Open(path, Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("a shared-mode store kept the file locked: %v", err)
	}
	if err := other.Update(func(tx model.Tx) error { return tx.PutOrg(model.DefaultOrg()) }); err != nil {
		t.Fatal(err)
	}
	other.Close()
	if err := shared.View(func(tx model.Tx) error { _, err := tx.Org(); return err }); err != nil {
		t.Fatalf("shared mode does not see the other writer's change: %v", err)
	}
}

func TestFailedUpdateLeavesNothing(t *testing.T) {
	db := openTemp(t)
	pid := withLicenses(t, db, 3)
	boom := errors.New("boom")
	err := db.Update(func(tx model.Tx) error {
		l, _ := tx.License(1)
		l.Status, l.AssigneeKind, l.AssigneeID = model.Active, model.AssigneeUser, 9
		tx.PutLicense(&l)
		tx.PutUser(&model.User{Email: "x@example.com"})
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("update: %v", err)
	}
	db.View(func(tx model.Tx) error {
		c, _ := tx.Counts(pid)
		if c.Available != 3 || c.Active != 0 {
			t.Errorf("counts after a failed update: %+v", c)
		}
		if _, err := tx.UserByEmail("x@example.com"); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("user of a failed update: %v", err)
		}
		return nil
	})
	mustCheck(t, db)
}

// TestCheckFindsEveryKindOfDrift breaks one index, counter or log entry at
// a time behind the store's back and expects check to name it.
func TestCheckFindsEveryKindOfDrift(t *testing.T) {
	cases := []struct {
		name   string
		damage func(btx *bbolt.Tx)
		want   string
	}{
		{"counter", func(btx *bbolt.Tx) {
			btx.Bucket(bCounts).Put(u64(1), encodeCounts(model.Counts{Available: 9}))
		}, "counters say"},
		{"status entry gone", func(btx *bbolt.Tx) {
			c := btx.Bucket(bLicByStatus).Cursor()
			k, _ := c.First()
			btx.Bucket(bLicByStatus).Delete(bytes.Clone(k))
		}, "license_by_status has no entry"},
		{"status entry wrong", func(btx *bbolt.Tx) {
			btx.Bucket(bLicByStatus).Put(key(uint64(1), byte(model.Active), timeKey(t0), uint64(2)), nil)
		}, "does not match"},
		{"holder entry stray", func(btx *bbolt.Tx) {
			btx.Bucket(bLicByHolder).Put(key(byte(model.AssigneeUser), uint64(7), uint64(1)), u64(2))
		}, "license_by_holder"},
		{"day count", func(btx *bbolt.Tx) {
			btx.Bucket(bLicDays).Put(dayKey(1, model.Available, dayOf(t0)), u64(99))
		}, "counted on day"},
		{"license damaged", func(btx *bbolt.Tx) { btx.Bucket(bLicense).Put(u64(2), []byte{1, 2, 3}) }, "LIC-000002"},
		{"name index", func(btx *bbolt.Tx) { btx.Bucket(bProductByName).Delete([]byte("office")) }, "product_by_name"},
		{"event gap", func(btx *bbolt.Tx) { btx.Bucket(bEvent).Delete(u64(1)) }, "jumps from"},
		{"history entry gone", func(btx *bbolt.Tx) { btx.Bucket(bHistory[model.RefProduct]).Delete(historyKey(model.RefProduct, 1, 1)) }, "event_by_product has no entry"},
		{"name entry stray", func(btx *bbolt.Tx) { btx.Bucket(bAssetByName).Put([]byte("ghost"), append(u64(9), "Ghost"...)) }, "asset_by_name: entry"},
		{"user damaged", func(btx *bbolt.Tx) { btx.Bucket(bUser).Put(u64(4), []byte{userV1, 200}) }, "user 4"},
		{"history in the wrong bucket", func(btx *bbolt.Tx) {
			btx.Bucket(bHistory[model.RefProduct]).Put(historyKey(model.RefLicense, 1, 1), nil)
		}, "event_by_product: entry"},
		{"history entry stray", func(btx *bbolt.Tx) { btx.Bucket(bHistory[model.RefUser]).Put(historyKey(model.RefUser, 5, 2), nil) }, "event_by_thing: entry"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := openTemp(t)
			withLicenses(t, db, 3)
			if err := db.Update(func(tx model.Tx) error {
				for seq := uint64(1); seq <= 2; seq++ {
					e := model.Event{Seq: seq, Time: t0, Kind: model.EvProductUpdated, ProductID: 1}
					if err := tx.AppendEvent(&e); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			mustCheck(t, db)
			if err := db.bolt.Update(func(btx *bbolt.Tx) error { c.damage(btx); return nil }); err != nil {
				t.Fatal(err)
			}
			bad, err := db.Check()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.Join(bad, "\n"), c.want) {
				t.Fatalf("check after %s damage: %q, want a line with %q", c.name, bad, c.want)
			}
		})
	}
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestReadOnlyOpenChangesNoByteAndReadsAMode0444File(t *testing.T) {
	db := openTemp(t)
	withLicenses(t, db, 5)
	path := db.Path()
	db.Close()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	before := fileHash(t, path)
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := ro.View(func(tx model.Tx) error { return tx.Licenses(0, func(model.License) bool { return true }) }); err != nil {
		t.Fatal(err)
	}
	if bad, err := ro.Check(); err != nil || len(bad) > 0 {
		t.Fatalf("check: %v %q", err, bad)
	}
	if err := ro.Update(func(model.Tx) error { return nil }); err == nil {
		t.Fatal("a read-only store took an update")
	}
	ro.Close()
	if fileHash(t, path) != before {
		t.Fatal("a read-only open changed the file")
	}
}

func TestUnusableFilesAreRefusedWithOneLineAndLeftAlone(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "foreign.db")
	fb, err := bbolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	fb.Update(func(btx *bbolt.Tx) error { _, err := btx.CreateBucket([]byte("widgets")); return err })
	fb.Close()
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	random := filepath.Join(dir, "random.db")
	junk := make([]byte, 64<<10)
	for i := range junk {
		junk[i] = byte(i*7 + i/13)
	}
	os.WriteFile(random, junk, 0o600)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	good := openTemp(t)
	withLicenses(t, good, 20)
	good.Close()
	truncated := filepath.Join(dir, "truncated.db")
	raw, _ := os.ReadFile(good.Path())
	os.WriteFile(truncated, raw[:len(raw)/2], 0o600)
	newer := filepath.Join(dir, "newer.db")
	os.WriteFile(newer, raw, 0o600)
	nb, _ := bbolt.Open(newer, 0o600, nil)
	nb.Update(func(btx *bbolt.Tx) error {
		return btx.Bucket(bMeta).Put(keySchema, be.AppendUint32(nil, SchemaVersion+1))
	})
	nb.Close()

	for _, c := range []struct{ path, want string }{
		{foreign, "another program"},
		{empty, "empty (0 bytes)"},
		{random, "not a Seats database"},
		{fifo, "not a regular file"},
		{dir, "is a directory"},
		{"/dev/null", "not a regular file"},
		{truncated, "damaged"},
		{newer, "newer than this seats"},
		{filepath.Join(dir, "missing.db"), "no database at"},
	} {
		for _, ro := range []bool{true, false} {
			if c.path == filepath.Join(dir, "missing.db") && !ro {
				continue
			}
			var before [32]byte
			info, _ := os.Stat(c.path)
			regular := info != nil && info.Mode().IsRegular()
			if regular {
				before = fileHash(t, c.path)
			}
			db, err := Open(c.path, Options{ReadOnly: ro, Timeout: time.Second})
			if err == nil {
				db.Close()
				t.Errorf("%s (read-only %v) opened", c.path, ro)
				continue
			}
			if msg := err.Error(); !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") || !strings.Contains(msg, c.path) {
				t.Errorf("%s (read-only %v): %q, want one line naming the file with %q", c.path, ro, msg, c.want)
			}
			if regular && fileHash(t, c.path) != before {
				t.Errorf("%s (read-only %v) was changed", c.path, ro)
			}
		}
	}
}

// TestDamagedPagesNeverPanic flips bytes in every page of a real file and
// reads everything through the store: errors are fine, a panic or a fault
// is not (safely turns both into errors; without it the test dies).
func TestDamagedPagesNeverPanic(t *testing.T) {
	good := openTemp(t)
	withLicenses(t, good, 2000)
	good.Close()
	raw, _ := os.ReadFile(good.Path())
	const page = 4096
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 60; i++ {
		bad := bytes.Clone(raw)
		p := 2 + rng.IntN(len(raw)/page-2)
		for j := 0; j < 1+rng.IntN(40); j++ {
			bad[p*page+rng.IntN(page)] ^= byte(1 + rng.IntN(255))
		}
		path := filepath.Join(t.TempDir(), "bad.db")
		os.WriteFile(path, bad, 0o600)
		db, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			continue
		}
		db.View(func(tx model.Tx) error {
			tx.Products()
			tx.Licenses(0, func(model.License) bool { return true })
			tx.LicensesByStatus(1, model.Available, time.Time{}, func(model.License) bool { return true })
			tx.CountByStatus(1, model.Available, t0, t0.AddDate(0, 1, 0))
			return tx.Events(0, true, func(model.Event) bool { return true })
		})
		db.Check()
		db.Close()
	}
}

func TestBackupIsAConsistentCopyAndNeverReplacesUnasked(t *testing.T) {
	db := openTemp(t)
	withLicenses(t, db, 10)
	dir := t.TempDir()
	to := filepath.Join(dir, "copy.db")
	if err := db.Backup(to, false); err != nil {
		t.Fatal(err)
	}
	cp, err := Open(to, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, cp)
	cp.Close()
	before := fileHash(t, to)
	if err := db.Backup(to, false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if fileHash(t, to) != before {
		t.Fatal("a refused backup changed the file")
	}
	if err := db.Backup(to, true); err != nil {
		t.Fatalf("forced backup: %v", err)
	}
	link := filepath.Join(dir, "link.db")
	os.Symlink(to, link)
	fifo := filepath.Join(dir, "fifo")
	syscall.Mkfifo(fifo, 0o600)
	for _, c := range []struct{ path, want string }{
		{db.Path(), "database itself"}, {dir, "directory"}, {link, "symbolic link"}, {fifo, "not a regular file"}, {"/dev/null", "not a regular file"},
	} {
		if err := db.Backup(c.path, true); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("backup to %s: %v, want %q", c.path, err, c.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("backups left files behind: %v", entries)
	}
}
