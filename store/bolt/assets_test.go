package bolt

import (
	"testing"
	"time"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

// An asset written before assets could be retired has no "retired" field:
// it reads as in service, and a retirement round-trips.
func TestAssetWithoutRetiredReadsInService(t *testing.T) {
	db := openTemp(t)
	old := `{"id":1,"name":"PC-OLD","type":"laptop","created":"2025-01-02T03:04:05Z"}`
	if err := db.bolt.Update(func(btx *bbolt.Tx) error { return btx.Bucket(bAsset).Put(u64(1), []byte(old)) }); err != nil {
		t.Fatal(err)
	}
	var a model.Asset
	if err := db.View(func(tx model.Tx) error {
		var err error
		a, err = tx.Asset(1)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !a.InService() || a.Name != "PC-OLD" || a.Type != "laptop" {
		t.Fatalf("old record read as %+v", a)
	}
	when := time.Date(2026, 3, 1, 10, 0, 0, 123, time.UTC)
	a.Retired = when
	if err := db.Update(func(tx model.Tx) error { return tx.PutAsset(&a) }); err != nil {
		t.Fatal(err)
	}
	if err := db.View(func(tx model.Tx) error {
		var err error
		a, err = tx.Asset(1)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !a.Retired.Equal(when) {
		t.Fatalf("retired %v, want %v", a.Retired, when)
	}
}
