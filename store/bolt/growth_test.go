package bolt

import (
	"os"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// A writer maps far ahead of the file (mapAhead); bbolt would then grow
// every file by 16 MiB at a time unless the growth step follows the size.
func TestWritesKeepASmallFileSmall(t *testing.T) {
	db := openTemp(t)
	withLicenses(t, db, 20)
	path := db.Path()
	db.Close()
	for range 3 { // each open maps ahead of the file it finds
		db, err := Open(path, Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		withLicenses(t, db, 200)
		db.Close()
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() > 1<<20 {
		t.Fatalf("620 licenses take a %d-byte file", info.Size())
	}
}

// Counters and day counts are written when the transaction ends; inside
// it, reads must already see every change.
func TestCountsInsideATransactionSeeItsOwnChanges(t *testing.T) {
	db := openTemp(t)
	pid := withLicenses(t, db, 10)
	err := db.Update(func(tx model.Tx) error {
		for id := model.ID(1); id <= 4; id++ {
			l, err := tx.License(id)
			if err != nil {
				return err
			}
			l.Status, l.AssigneeKind, l.AssigneeID, l.Since = model.Active, model.AssigneeUser, id, t0.Add(48*time.Hour)
			if err := tx.PutLicense(&l); err != nil {
				return err
			}
		}
		c, err := tx.Counts(pid)
		if err != nil || c.Active != 4 || c.Available != 6 {
			t.Errorf("counts inside the transaction: %+v %v", c, err)
		}
		n, err := tx.CountByStatus(pid, model.Active, t0.Add(24*time.Hour), t0.Add(72*time.Hour))
		if err != nil || n != 4 {
			t.Errorf("active in range inside the transaction: %d %v", n, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
}
