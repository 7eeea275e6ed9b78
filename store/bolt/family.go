package bolt

import (
	"bytes"
	"encoding/json"
	"errors"
	"iter"
	"slices"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

// family is a record type kept under its big-endian ID, with the index
// entries each record implies (a name's entry, a license's status and
// holder entries, an event's histories): every record type is read,
// written and checked (check.go) by the same code, from one statement of
// its indexes.
type family[T any] struct {
	records []byte
	indexes [][]byte // the buckets entries adds to; keys reads the first
	encode  func(T) []byte
	decode  func(id model.ID, raw []byte) (T, error)
	// skim decodes as much of a record as entries needs (nil: decode);
	// a check reads every record through it.
	skim func(id model.ID, raw []byte) (T, error)
	id   func(*T) *model.ID
	// entries calls add with each index entry the record implies.
	entries func(v T, add func(index, k, v []byte))
	// origin is the key of the record an index entry comes from.
	origin func(index, k, v []byte) []byte
	// guard refuses a change of a stored record (nil: none is refused).
	guard func(old, v T) error
	fill  float64 // the records' FillPercent
}

// jsonFamily is a family stored as JSON with one index, case-insensitive
// by name, from the name to the ID.
func jsonFamily[T any](records, index []byte, id func(*T) *model.ID, name func(T) string) family[T] {
	return family[T]{records: records, indexes: [][]byte{index}, id: id, fill: bbolt.DefaultFillPercent,
		entries: func(v T, add func(index, k, v []byte)) { add(index, nameKey(name(v)), u64(*id(&v))) },
		origin:  func(_, _, v []byte) []byte { return v[:min(len(v), 8)] },
		encode:  func(v T) []byte { raw, _ := json.Marshal(v); return raw }, // model types always marshal
		decode:  func(id model.ID, raw []byte) (T, error) { return decodeJSON[T](raw, records, u64(id)) }}
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

func (f family[T]) lookup(t *tx, index, k []byte) (T, error) {
	v := t.bucket(index).Get(k)
	if v == nil {
		var zero T
		return zero, model.ErrNotFound
	}
	return f.indexed(t, index, k, v)
}

// indexed reads the record the entry k → v of index comes from (origin).
func (f family[T]) indexed(t *tx, index, k, v []byte) (T, error) {
	rk := f.origin(index, k, v)
	if len(rk) != 8 {
		var zero T
		return zero, model.Corruptf("%s entry %x is damaged", index, k)
	}
	r, err := f.get(t, be.Uint64(rk))
	if errors.Is(err, model.ErrNotFound) {
		return r, model.Corruptf("%s entry %x names %s %d, which does not exist", index, k, f.records, be.Uint64(rk))
	}
	return r, err
}

// listed hands fn the records of the entries of index that entries
// yields, until fn returns false.
func (f family[T]) listed(t *tx, index []byte, entries iter.Seq2[[]byte, []byte], fn func(T) bool) error {
	for k, v := range entries {
		r, err := f.indexed(t, index, k, v)
		if err != nil || !fn(r) {
			return err
		}
	}
	return nil
}

func (f family[T]) each(t *tx, from model.ID, fn func(T) bool) error {
	return f.read(scan(t.bucket(f.records), u64(from), nil), fn)
}

func (f family[T]) read(entries iter.Seq2[[]byte, []byte], fn func(T) bool) error {
	for k, raw := range entries {
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
	err := f.each(t, 0, func(v T) bool { out = append(out, v); return true })
	return out, err
}

type indexEntry struct {
	index, k, v []byte
	n           int // its place among a bulk load's deferred entries of its index: a later put of a key wins
}

func (f family[T]) entriesOf(v T) []indexEntry {
	var es []indexEntry
	f.entries(v, func(index, k, v []byte) { es = append(es, indexEntry{index: index, k: k, v: v}) })
	return es
}

// put stores a record, giving a new one its ID, and moves its index
// entries from those of the version it replaces.
func (f family[T]) put(t *tx, v *T) error {
	_, _, err := f.replace(t, v)
	return err
}

// replace is put, returning the version it replaced when there was one.
func (f family[T]) replace(t *tx, v *T) (old T, found bool, err error) {
	b := t.bucket(f.records)
	b.FillPercent = f.fill
	id := f.id(v)
	// No record is stored beyond its bucket's sequence (assignID), so a
	// new ID, or one past it (an import, a migration, the next event),
	// has no old version to look up.
	fresh := *id == 0 || *id > b.Sequence()
	if err := assignID(b, id); err != nil {
		return old, false, err
	}
	if !fresh {
		switch old, err = f.get(t, *id); {
		case err == nil:
			found = true
		case !errors.Is(err, model.ErrNotFound):
			return old, false, err
		}
	}
	if found && f.guard != nil {
		if err := f.guard(old, *v); err != nil {
			return old, found, err
		}
	}
	es := f.entriesOf(*v)
	if found {
		for _, o := range f.entriesOf(old) {
			same := func(e indexEntry) bool { return bytes.Equal(e.index, o.index) && bytes.Equal(e.k, o.k) }
			if slices.ContainsFunc(es, same) {
				continue
			}
			if err := t.bucket(o.index).Delete(o.k); err != nil {
				return old, found, err
			}
		}
	}
	for _, e := range es {
		if err := t.putIndex(e); err != nil {
			return old, found, err
		}
	}
	return old, found, b.Put(u64(*id), f.encode(*v))
}

func (f family[T]) delete(t *tx, id model.ID) error {
	v, err := f.get(t, id)
	if err != nil {
		return err
	}
	return f.drop(t, v)
}

func (f family[T]) drop(t *tx, v T) error {
	for _, e := range f.entriesOf(v) {
		if err := t.bucket(e.index).Delete(e.k); err != nil {
			return err
		}
	}
	return t.bucket(f.records).Delete(u64(*f.id(&v)))
}

func (f family[T]) keys(t *tx, fn func(k, v []byte) bool) error {
	for k, v := range scan(t.bucket(f.indexes[0]), nil, nil) {
		if len(v) < 8 {
			return model.Corruptf("%s entry %q is damaged", f.indexes[0], k)
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
		f.entries = func(a model.Asset, add func(index, k, v []byte)) {
			add(bAssetByName, nameKey(a.Name), append(u64(a.ID), a.Name...))
		}
		return f
	}()
	// Users are binary (codec.go), indexed by email as the domain stores
	// it. New users take the next ID, so the bucket grows at its end, and
	// a record rewritten later rarely grows by more than a few bytes.
	users = family[model.User]{records: bUser, indexes: [][]byte{bUserByEmail}, encode: encodeUser, decode: decodeUser,
		fill: 0.95, id: func(u *model.User) *model.ID { return &u.ID },
		entries: func(u model.User, add func(index, k, v []byte)) { add(bUserByEmail, []byte(u.Email), u64(u.ID)) },
		origin:  func(_, _, v []byte) []byte { return v[:min(len(v), 8)] }}
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
