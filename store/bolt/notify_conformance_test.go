package bolt

import (
	"path/filepath"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/storetest"
)

// TestNotifyConformance runs the contract of model.NotifyTx.
func TestNotifyConformance(t *testing.T) {
	storetest.RunNotify(t, func(t *testing.T) model.Store {
		db, err := Open(filepath.Join(t.TempDir(), "seats.db"), Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := db.Close(); err != nil {
				t.Error(err)
			}
		})
		return db
	})
}
