package bolt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

// tx is one transaction. The methods of model.Tx live beside their record
// family: products.go, licenses.go, users.go, assets.go, allocations.go,
// schedule.go, events.go.
type tx struct {
	b *bbolt.Tx
	// counts holds each product's counters as this transaction last read
	// or wrote them: a bulk load changes the same few thousand times.
	counts map[model.ID]model.Counts
	days   map[[17]byte]int64 // the same for day counts (dayKey → n)
}

var _ model.Tx = (*tx)(nil)

// bucket returns a bucket of the layout; readable checked at open that
// they all exist, so a missing one is damage.
func (t *tx) bucket(name []byte) *bbolt.Bucket {
	b := t.b.Bucket(name)
	if b == nil {
		panic(fmt.Sprintf("bucket %s is missing", name))
	}
	return b
}

// getJSON decodes the record stored under k.
func getJSON[T any](b *bbolt.Bucket, k []byte) (T, error) {
	var v T
	raw := b.Get(k)
	if raw == nil {
		return v, model.ErrNotFound
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, model.Corruptf("damaged %s record %x: %v", b.Tx().DB().Path(), k, err)
	}
	return v, nil
}

func putJSON(b *bbolt.Bucket, k []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(k, raw)
}

// eachJSON decodes every record of b in key order until fn returns false.
func eachJSON[T any](b *bbolt.Bucket, fn func(T) bool) error {
	c := b.Cursor()
	for k, raw := c.First(); k != nil; k, raw = c.Next() {
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			return model.Corruptf("damaged record %x in %s: %v", k, b.Tx().DB().Path(), err)
		}
		if !fn(v) {
			return nil
		}
	}
	return nil
}

// assignID gives a new record the next ID of its bucket; a record that
// comes with an ID (an import, a migration) moves the sequence past it.
func assignID(b *bbolt.Bucket, id *model.ID) error {
	if *id == 0 {
		n, err := b.NextSequence()
		*id = n
		return err
	}
	if *id > b.Sequence() {
		return b.SetSequence(*id)
	}
	return nil
}

// nameKey is how a name index spells a name: case does not make two
// products, assets or allocations different.
func nameKey(name string) []byte { return []byte(strings.ToLower(strings.TrimSpace(name))) }

// byName reads the ID a name index holds for name (the first 8 bytes of
// its value).
func byName(index *bbolt.Bucket, name string) (model.ID, error) {
	v := index.Get(nameKey(name))
	if v == nil {
		return 0, model.ErrNotFound
	}
	if len(v) < 8 {
		return 0, model.Corruptf("name index entry %q is damaged", name)
	}
	return be.Uint64(v), nil
}

// rename moves a record's name index entry from old to new, keeping value.
func rename(index *bbolt.Bucket, old, new string, value []byte) error {
	if old != "" && !bytes.Equal(nameKey(old), nameKey(new)) {
		if err := index.Delete(nameKey(old)); err != nil {
			return err
		}
	}
	return index.Put(nameKey(new), value)
}

func (t *tx) Org() (model.Org, error) { return getJSON[model.Org](t.bucket(bMeta), keyOrg) }

func (t *tx) PutOrg(o model.Org) error { return putJSON(t.bucket(bMeta), keyOrg, o) }

// LastIDs reads each record bucket's sequence.
func (t *tx) LastIDs() (model.LastIDs, error) {
	seq := func(b []byte) model.ID { return t.bucket(b).Sequence() }
	return model.LastIDs{Products: seq(bProduct), Licenses: seq(bLicense), Users: seq(bUser), Assets: seq(bAsset),
		Allocations: seq(bAllocation), Scheduled: seq(bScheduled)}, nil
}

// RaiseLastIDs moves each record bucket's sequence up to ids'.
func (t *tx) RaiseLastIDs(ids model.LastIDs) error {
	for _, s := range []struct {
		b    []byte
		last model.ID
	}{{bProduct, ids.Products}, {bLicense, ids.Licenses}, {bUser, ids.Users}, {bAsset, ids.Assets},
		{bAllocation, ids.Allocations}, {bScheduled, ids.Scheduled}} {
		if b := t.bucket(s.b); s.last > b.Sequence() {
			if err := b.SetSequence(s.last); err != nil {
				return err
			}
		}
	}
	return nil
}
