package bolt

import (
	"errors"

	"github.com/seats/seats/model"
)

func (t *tx) Asset(id model.ID) (model.Asset, error) {
	return getJSON[model.Asset](t.bucket(bAsset), u64(id))
}

func (t *tx) AssetByName(name string) (model.Asset, error) {
	id, err := byName(t.bucket(bAssetByName), name)
	if err != nil {
		return model.Asset{}, err
	}
	return t.Asset(id)
}

func (t *tx) Assets(fn func(model.Asset) bool) error { return eachJSON(t.bucket(bAsset), fn) }

// PutAsset keeps the name as written beside the ID in the name index, so
// a listing names assets without decoding their records (AssetNames).
func (t *tx) PutAsset(a *model.Asset) error {
	b := t.bucket(bAsset)
	if err := assignID(b, &a.ID); err != nil {
		return err
	}
	old, err := t.Asset(a.ID)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return err
	}
	if err := rename(t.bucket(bAssetByName), old.Name, a.Name, key(a.ID, []byte(a.Name))); err != nil {
		return err
	}
	return putJSON(b, u64(a.ID), a)
}

// AssetNames iterates the asset name index in the order of the lower-cased
// names, handing out each name as written.
func (t *tx) AssetNames(fn func(name []byte, id model.ID) bool) error {
	c := t.bucket(bAssetByName).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(v) < 8 {
			return model.Corruptf("asset name index entry %q is damaged", k)
		}
		if !fn(v[8:], be.Uint64(v)) {
			return nil
		}
	}
	return nil
}
