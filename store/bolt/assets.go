package bolt

import "github.com/seats/seats/model"

func (t *tx) Asset(id model.ID) (model.Asset, error) { return assets.get(t, id) }

func (t *tx) AssetByName(name string) (model.Asset, error) {
	return assets.lookup(t, bAssetByName, nameKey(name))
}

func (t *tx) Assets(fn func(model.Asset) bool) error { return assets.each(t, 0, fn) }

func (t *tx) PutAsset(a *model.Asset) error { return assets.put(t, a) }

// AssetNames iterates the asset name index in the order of the lower-cased
// names, handing out each name as written.
func (t *tx) AssetNames(fn func(name []byte, id model.ID) bool) error {
	return assets.keys(t, func(_, v []byte) bool { return fn(v[8:], be.Uint64(v)) })
}

func (t *tx) Allocation(id model.ID) (model.Allocation, error) { return allocations.get(t, id) }

func (t *tx) AllocationByName(name string) (model.Allocation, error) {
	return allocations.lookup(t, bAllocByName, nameKey(name))
}

func (t *tx) Allocations() ([]model.Allocation, error) { return allocations.all(t) }

func (t *tx) PutAllocation(a *model.Allocation) error { return allocations.put(t, a) }

func (t *tx) DeleteAllocation(id model.ID) error { return allocations.delete(t, id) }
