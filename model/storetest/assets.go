package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

func fullAsset(name string) model.Asset {
	return model.Asset{Name: name, Inventory: "INV-7", Serial: "SN-7", Type: "laptop", Location: "Berlin", OwnerID: 4, Created: at(3 * hour)}
}

func putAsset(t *testing.T, tx model.Tx, a model.Asset) model.Asset {
	t.Helper()
	must(t, tx.PutAsset(&a), "PutAsset "+a.Name)
	return a
}

func assets(t *testing.T, open opener) {
	check(t, open, "Asset and AssetByName of a missing asset are ErrNotFound", func(t *testing.T, s model.Store) {
		update(t, s, func(tx model.Tx) { putAsset(t, tx, fullAsset("laptop-1")) })
		view(t, s, func(tx model.Tx) {
			for _, id := range []model.ID{0, 2, 1 << 40} {
				_, err := tx.Asset(id)
				notFound(t, fmt.Sprintf("Asset(%d)", id), err)
			}
			for _, n := range []string{"laptop-2", "laptop", ""} {
				_, err := tx.AssetByName(n)
				notFound(t, "AssetByName("+n+")", err)
			}
		})
	})

	check(t, open, "PutAsset assigns increasing IDs, keeps a given one and goes above it", func(t *testing.T, s model.Store) {
		var ids []model.ID
		update(t, s, func(tx model.Tx) {
			ids = append(ids, putAsset(t, tx, fullAsset("a")).ID, putAsset(t, tx, fullAsset("b")).ID)
			given := fullAsset("given")
			given.ID = 50
			if putAsset(t, tx, given).ID != 50 {
				t.Errorf("PutAsset with ID 50 changed the ID")
			}
			ids = append(ids, 50)
		})
		update(t, s, func(tx model.Tx) { ids = append(ids, putAsset(t, tx, fullAsset("c")).ID) })
		if !increasing(ids...) {
			t.Errorf("asset IDs %v (the third given) are not nonzero and increasing", ids)
		}
	})

	check(t, open, "PutAsset stores every field", func(t *testing.T, s model.Store) {
		var a model.Asset
		update(t, s, func(tx model.Tx) { a = putAsset(t, tx, fullAsset("laptop-1")) })
		view(t, s, func(tx model.Tx) {
			same(t, "Asset", got(tx.Asset(a.ID))(t), a)
			same(t, "AssetByName", got(tx.AssetByName("laptop-1"))(t), a)
			same(t, "Assets", gather(t, "Assets", tx.Assets, func(a model.Asset) model.Asset { return a }), []model.Asset{a})
		})
	})

	check(t, open, "PutAsset round-trips Retired (zero: in service; a time to the nanosecond) and back", func(t *testing.T, s model.Store) {
		var a model.Asset
		update(t, s, func(tx model.Tx) { a = putAsset(t, tx, fullAsset("laptop-1")) })
		view(t, s, func(tx model.Tx) {
			if got := got(tx.Asset(a.ID))(t); !got.InService() {
				t.Errorf("a new asset reads as retired at %v", got.Retired)
			}
		})
		a.Retired = at(5 * hour).Add(123)
		update(t, s, func(tx model.Tx) { putAsset(t, tx, a) })
		view(t, s, func(tx model.Tx) {
			same(t, "retired Asset", got(tx.Asset(a.ID))(t), a)
			same(t, "retired AssetByName", got(tx.AssetByName("laptop-1"))(t), a)
		})
		a.Retired = time.Time{}
		update(t, s, func(tx model.Tx) { putAsset(t, tx, a) })
		view(t, s, func(tx model.Tx) { same(t, "returned to service", got(tx.Asset(a.ID))(t), a) })
	})

	check(t, open, "AssetByName matches case-insensitively", func(t *testing.T, s model.Store) {
		var a model.Asset
		update(t, s, func(tx model.Tx) { a = putAsset(t, tx, fullAsset("Laptop-Ann")) })
		view(t, s, func(tx model.Tx) {
			for _, n := range []string{"Laptop-Ann", "laptop-ann", "LAPTOP-ANN"} {
				got, err := tx.AssetByName(n)
				if err != nil || got.ID != a.ID {
					t.Errorf("AssetByName(%q) = %d, %v; want %d", n, got.ID, err, a.ID)
				}
			}
		})
	})

	check(t, open, "AssetByName follows a rename", func(t *testing.T, s model.Store) {
		var a model.Asset
		update(t, s, func(tx model.Tx) { a = putAsset(t, tx, fullAsset("laptop-1")) })
		a.Name = "laptop-2"
		update(t, s, func(tx model.Tx) { putAsset(t, tx, a) })
		view(t, s, func(tx model.Tx) {
			_, err := tx.AssetByName("laptop-1")
			notFound(t, "AssetByName of the old name", err)
			same(t, "AssetByName of the new name", got(tx.AssetByName("laptop-2"))(t), a)
		})
	})

	check(t, open, "Assets iterates in ID order", func(t *testing.T, s model.Store) {
		update(t, s, func(tx model.Tx) {
			for _, c := range []struct {
				id   model.ID
				name string
			}{{30, "a"}, {10, "c"}, {20, "b"}} {
				a := fullAsset(c.name)
				a.ID = c.id
				putAsset(t, tx, a)
			}
		})
		view(t, s, func(tx model.Tx) {
			same(t, "Assets", gather(t, "Assets", tx.Assets, assetID), []model.ID{10, 20, 30})
			stops(t, "Assets", tx.Assets)
		})
	})
}
