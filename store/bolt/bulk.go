package bolt

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// A bulk load (model.BulkLoader: seats migrate, seats import all) is one
// write transaction, and bbolt splits a bucket's nodes only at commit, so
// until then every key of a bucket goes into one ever-growing node. Records
// come in ascending IDs and sequence numbers and so land at its end, but
// their index entries (histories, the license status and holder indexes,
// the email and name indexes) come in the records' order, not in the
// index's: each put would move the node's tail, and a load of n events
// would cost n² moves.
//
// So during a load the tx defers index entries and puts them in ascending
// key order per bucket, which only appends: before the commit, and before
// anything reads or changes that bucket (tx.bucket), so the transaction
// sees them at once. Everything else — records, counters, day counts, ID
// sequences — goes as the Tx puts write it. The puts an index bucket gets
// after such a read land mid-node again; Copy reads no index before its
// last record, so its load sorts each index once.

var _ model.BulkLoader = (*DB)(nil)

// Load runs fn in one write transaction (see Update); records go through
// the Tx's own puts, which defer their index entries.
func (db *DB) Load(fn func(model.Tx, model.Bulk) error) error {
	return db.Update(func(mt model.Tx) error {
		t := mt.(*tx)
		t.deferred = map[string][]indexEntry{}
		if err := fn(t, model.TxBulk{Tx: t}); err != nil {
			return err
		}
		for name := range t.deferred {
			t.bucket([]byte(name)) // puts what is deferred
		}
		t.deferred = nil
		return t.deferErr
	})
}

// putIndex puts an index entry, or defers it in a bulk load. The checks
// are Put's own, so a deferred put fails where Put would.
func (t *tx) putIndex(e indexEntry) error {
	if t.deferred == nil {
		return t.bucket(e.index).Put(e.k, e.v)
	}
	switch {
	case len(e.k) == 0:
		return bolterrors.ErrKeyRequired
	case len(e.k) > bbolt.MaxKeySize:
		return bolterrors.ErrKeyTooLarge
	case len(e.v) > bbolt.MaxValueSize:
		return bolterrors.ErrValueTooLarge
	}
	es := t.deferred[string(e.index)]
	e.n = len(es)
	t.deferred[string(e.index)] = append(es, e)
	return nil
}

// putDeferred puts the entries deferred for b in key order, the later of
// two puts of one key last, as the puts would (by place: a stable sort
// of millions of entries takes twice as long).
func (t *tx) putDeferred(name []byte, b *bbolt.Bucket) {
	es := t.deferred[string(name)]
	delete(t.deferred, string(name))
	// A load fills an empty database: its index entries arrive in key
	// order and stay where they are put, so bbolt may pack their pages
	// (at its default half-full split the 1M demo's file is a third bigger).
	b.FillPercent = 1
	slices.SortFunc(es, func(a, b indexEntry) int { return cmp.Or(bytes.Compare(a.k, b.k), cmp.Compare(a.n, b.n)) })
	for _, e := range es {
		if err := b.Put(e.k, e.v); err != nil && t.deferErr == nil {
			t.deferErr = err
		}
	}
}
