package postgres

import (
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/seats/seats/model"
)

const assetCols = `id, name, inventory, serial, type, location, owner_id, created, created_ns, retired, retired_ns`

// schemaAssetsRetired lets an asset be retired (kept for its history, no
// longer offered); NULL is in service, as every asset was before.
const schemaAssetsRetired = `
ALTER TABLE assets ADD COLUMN retired timestamptz;
ALTER TABLE assets ADD COLUMN retired_ns smallint NOT NULL DEFAULT 0;
`

var putAssetSQL = upsert("assets", assetCols+", name_key")

func scanAsset(row pgx.Row) (model.Asset, error) {
	var a model.Asset
	var created, retired pgtype.Timestamptz
	var createdNs, retiredNs int16
	err := row.Scan(&a.ID, &a.Name, &a.Inventory, &a.Serial, &a.Type, &a.Location, &a.OwnerID, &created, &createdNs, &retired, &retiredNs)
	a.Created = fromTime(created, createdNs)
	a.Retired = fromTime(retired, retiredNs)
	return a, err
}

func (t *tx) Asset(id model.ID) (model.Asset, error) {
	return one(t, scanAsset, `SELECT `+assetCols+` FROM assets WHERE id = $1`, id)
}

func (t *tx) AssetByName(name string) (model.Asset, error) {
	return one(t, scanAsset, `SELECT `+assetCols+` FROM assets WHERE name_key = $1`, nameKey(name))
}

func (t *tx) Assets(fn func(model.Asset) bool) error {
	return inIDOrder(t, scanAsset, assetCols, "assets", func(a model.Asset) model.ID { return a.ID }, fn)
}

func (t *tx) PutAsset(a *model.Asset) error {
	if err := t.assignID(idAsset, &a.ID); err != nil {
		return err
	}
	created, createdNs := toTime(a.Created)
	retired, retiredNs := toTime(a.Retired)
	return t.exec(putAssetSQL, a.ID, a.Name, a.Inventory, a.Serial, a.Type, a.Location, a.OwnerID, created, createdNs, retired, retiredNs, nameKey(a.Name))
}

// AssetNames hands fn every asset's name in the order of its key (the
// lower-cased name) with its ID, in one query.
func (t *tx) AssetNames(fn func(name []byte, id model.ID) bool) error {
	ns, err := collect(t, scanNamed, `SELECT name, id FROM assets ORDER BY name_key`)
	if err != nil {
		return err
	}
	for _, n := range ns {
		if !fn([]byte(n.name), n.id) {
			return nil
		}
	}
	return nil
}
