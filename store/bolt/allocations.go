package bolt

import (
	"errors"

	"github.com/seats/seats/model"
)

func (t *tx) Allocation(id model.ID) (model.Allocation, error) {
	return getJSON[model.Allocation](t.bucket(bAllocation), u64(id))
}

func (t *tx) AllocationByName(name string) (model.Allocation, error) {
	id, err := byName(t.bucket(bAllocByName), name)
	if err != nil {
		return model.Allocation{}, err
	}
	return t.Allocation(id)
}

func (t *tx) Allocations() ([]model.Allocation, error) {
	var out []model.Allocation
	err := eachJSON(t.bucket(bAllocation), func(a model.Allocation) bool { out = append(out, a); return true })
	return out, err
}

func (t *tx) PutAllocation(a *model.Allocation) error {
	b := t.bucket(bAllocation)
	if err := assignID(b, &a.ID); err != nil {
		return err
	}
	old, err := t.Allocation(a.ID)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return err
	}
	if err := rename(t.bucket(bAllocByName), old.Name, a.Name, u64(a.ID)); err != nil {
		return err
	}
	return putJSON(b, u64(a.ID), a)
}

func (t *tx) DeleteAllocation(id model.ID) error {
	a, err := t.Allocation(id)
	if err != nil {
		return err
	}
	if err := t.bucket(bAllocByName).Delete(nameKey(a.Name)); err != nil {
		return err
	}
	return t.bucket(bAllocation).Delete(u64(id))
}
