package bolt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"strings"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

// tx is one transaction. The methods of model.Tx live beside their record
// family: products.go, licenses.go, users.go, assets.go (and allocations),
// schedule.go, events.go.
type tx struct {
	b *bbolt.Tx
	// counts and days hold the counters and day counts (dayKey → n) this
	// transaction changed, until flush writes them.
	counts map[model.ID]model.Counts
	days   map[[17]byte]int64
	// deferred holds, in a bulk load only (bulk.go), the index entries
	// not yet put, by bucket name.
	deferred map[string][]indexEntry
	deferErr error // the first failed deferred put
}

var _ model.Tx = (*tx)(nil)

// bucket returns a bucket of the layout; readable checked at open that
// they all exist, so a missing one is damage. Entries deferred for the
// bucket go in first, so whoever reads or changes it sees them.
func (t *tx) bucket(name []byte) *bbolt.Bucket {
	b := t.b.Bucket(name)
	if b == nil {
		panic(fmt.Sprintf("bucket %s is missing", name))
	}
	if len(t.deferred[string(name)]) > 0 {
		t.putDeferred(name, b)
	}
	return b
}

// scan yields the entries of b from seek on (nil: the first) while their
// keys start with prefix.
func scan(b *bbolt.Bucket, seek, prefix []byte) iter.Seq2[[]byte, []byte] {
	return func(yield func(k, v []byte) bool) {
		c := b.Cursor()
		k, v := c.First()
		if seek != nil {
			k, v = c.Seek(seek)
		}
		for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if !yield(k, v) {
				return
			}
		}
	}
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

func (t *tx) Org() (model.Org, error) { return getJSON[model.Org](t, bMeta, keyOrg) }

func (t *tx) PutOrg(o model.Org) error { return t.putJSON(bMeta, keyOrg, o) }

// getJSON reads the JSON record k of a bucket; one made only when first
// needed (notify.go) may not exist yet.
func getJSON[T any](t *tx, name, k []byte) (T, error) {
	var raw []byte
	if b := t.b.Bucket(name); b != nil {
		raw = b.Get(k)
	}
	if raw == nil {
		var zero T
		return zero, model.ErrNotFound
	}
	return decodeJSON[T](raw, name, k)
}

// putJSON stores v as the JSON record k of a bucket, made if need be.
func (t *tx) putJSON(name, k []byte, v any) error {
	b, err := t.b.CreateBucketIfNotExists(name)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(k, raw)
}

// sequences pairs each record bucket with its field of ids.
func sequences(ids *model.LastIDs) map[string]*model.ID {
	return map[string]*model.ID{string(bProduct): &ids.Products, string(bLicense): &ids.Licenses, string(bUser): &ids.Users,
		string(bAsset): &ids.Assets, string(bAllocation): &ids.Allocations, string(bScheduled): &ids.Scheduled}
}

func (t *tx) LastIDs() (ids model.LastIDs, err error) {
	for b, id := range sequences(&ids) {
		*id = t.bucket([]byte(b)).Sequence()
	}
	return ids, nil
}

func (t *tx) RaiseLastIDs(ids model.LastIDs) error {
	for name, last := range sequences(&ids) {
		if b := t.bucket([]byte(name)); *last > b.Sequence() {
			if err := b.SetSequence(*last); err != nil {
				return err
			}
		}
	}
	return nil
}
