package bolt

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

// family is a record type kept under its big-endian ID with one index
// from a key of each record (a name, an email) to its ID: products,
// users, assets and allocations are read, written and checked (check.go)
// by the same code.
type family[T any] struct {
	records, index []byte
	encode         func(T) []byte
	decode         func(id model.ID, raw []byte) (T, error)
	id             func(*T) *model.ID
	key            func(T) []byte // the index key; an empty one is not indexed
	value          func(T) []byte // the index value, the ID first (nil: the ID)
	fill           float64        // the records' FillPercent
}

// jsonFamily is a family stored as JSON, case-insensitive by name.
func jsonFamily[T any](records, index []byte, id func(*T) *model.ID, name func(T) string) family[T] {
	return family[T]{records: records, index: index, id: id, fill: bbolt.DefaultFillPercent,
		key:    func(v T) []byte { return nameKey(name(v)) },
		encode: func(v T) []byte { raw, _ := json.Marshal(v); return raw }, // model types always marshal
		decode: func(id model.ID, raw []byte) (T, error) { return decodeJSON[T](raw, records, u64(id)) }}
}

func decodeJSON[T any](raw, bucket, k []byte) (T, error) {
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, model.Corruptf("%s record %x is damaged: %v", bucket, k, err)
	}
	return v, nil
}

func (f family[T]) get(t *tx, id model.ID) (T, error) {
	raw := t.bucket(f.records).Get(u64(id))
	if raw == nil {
		var zero T
		return zero, model.ErrNotFound
	}
	return f.decode(id, raw)
}

// lookup reads the record whose index key is k.
func (f family[T]) lookup(t *tx, k []byte) (T, error) {
	v := t.bucket(f.index).Get(k)
	if len(v) < 8 {
		var zero T
		if v == nil {
			return zero, model.ErrNotFound
		}
		return zero, model.Corruptf("%s entry %q is damaged", f.index, k)
	}
	return f.get(t, be.Uint64(v))
}

// each decodes every record in ID order until fn returns false.
func (f family[T]) each(t *tx, fn func(T) bool) error {
	for k, raw := range scan(t.bucket(f.records), nil, nil) {
		if len(k) != 8 {
			return model.Corruptf("%s key %x is damaged", f.records, k)
		}
		v, err := f.decode(be.Uint64(k), raw)
		if err != nil || !fn(v) {
			return err
		}
	}
	return nil
}

func (f family[T]) all(t *tx) ([]T, error) {
	var out []T
	err := f.each(t, func(v T) bool { out = append(out, v); return true })
	return out, err
}

// put stores a record, giving a new one its ID, and moves its index entry.
func (f family[T]) put(t *tx, v *T) error {
	b := t.bucket(f.records)
	b.FillPercent = f.fill
	id := f.id(v)
	fresh := *id == 0 // a new ID has no record yet to look up
	if err := assignID(b, id); err != nil {
		return err
	}
	if !fresh {
		old, err := f.get(t, *id)
		switch {
		case err == nil:
			if k := f.key(old); len(k) > 0 && !bytes.Equal(k, f.key(*v)) {
				if err := t.bucket(f.index).Delete(k); err != nil {
					return err
				}
			}
		case !errors.Is(err, model.ErrNotFound):
			return err
		}
	}
	// Deferred in a bulk load (bulk.go): emails come in ID order.
	if err := t.putIndex(f.index, f.key(*v), f.entry(*v)); err != nil {
		return err
	}
	return b.Put(u64(*id), f.encode(*v))
}

// entry is the index value of v.
func (f family[T]) entry(v T) []byte {
	if f.value != nil {
		return f.value(v)
	}
	return u64(*f.id(&v))
}

func (f family[T]) delete(t *tx, id model.ID) (T, error) {
	v, err := f.get(t, id)
	if err != nil {
		return v, err
	}
	if err := t.bucket(f.index).Delete(f.key(v)); err != nil {
		return v, err
	}
	return v, t.bucket(f.records).Delete(u64(id))
}

// keys iterates the index until fn returns false.
func (f family[T]) keys(t *tx, fn func(k, v []byte) bool) error {
	for k, v := range scan(t.bucket(f.index), nil, nil) {
		if len(v) < 8 {
			return model.Corruptf("%s entry %q is damaged", f.index, k)
		}
		if !fn(k, v) {
			return nil
		}
	}
	return nil
}

var (
	products = jsonFamily(bProduct, bProductByName, func(p *model.Product) *model.ID { return &p.ID },
		func(p model.Product) string { return p.Name })
	allocations = jsonFamily(bAllocation, bAllocByName, func(a *model.Allocation) *model.ID { return &a.ID },
		func(a model.Allocation) string { return a.Name })
	// An asset's name index keeps the name as written beside the ID, so a
	// listing names assets without decoding their records (AssetNames).
	assets = func() family[model.Asset] {
		f := jsonFamily(bAsset, bAssetByName, func(a *model.Asset) *model.ID { return &a.ID },
			func(a model.Asset) string { return a.Name })
		f.value = func(a model.Asset) []byte { return append(u64(a.ID), a.Name...) }
		return f
	}()
	// Users are binary (codec.go), indexed by email as the domain stores
	// it. New users take the next ID, so the bucket grows at its end, and
	// a record rewritten later rarely grows by more than a few bytes.
	users = family[model.User]{records: bUser, index: bUserByEmail, encode: encodeUser, decode: decodeUser, fill: 0.95,
		id: func(u *model.User) *model.ID { return &u.ID }, key: func(u model.User) []byte { return []byte(u.Email) }}
)

// eachJSON decodes every record of a bucket in key order; a bucket made
// only when first needed (notify.go) may not exist yet.
func eachJSON[T any](t *tx, name []byte, fn func(T) bool) error {
	b := t.b.Bucket(name)
	if b == nil {
		return nil
	}
	for k, raw := range scan(b, nil, nil) {
		v, err := decodeJSON[T](raw, name, k)
		if err != nil || !fn(v) {
			return err
		}
	}
	return nil
}
