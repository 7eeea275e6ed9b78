package bolt

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/seats/seats/store/bolt/legacy"
	bbolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout of doc.go. Schemas 1–6 were earlier
// layouts, schema 7 this one with users and events as JSON; a file of one
// of them is rewritten into this one by the first open for writing.
const SchemaVersion = 8

// magic marks a bbolt file as a Seats database, so another program's bbolt
// file is refused instead of being filled with our buckets.
var magic = []byte("seats")

var (
	keyMagic  = []byte("magic")
	keySchema = []byte("schema")
	keyOrg    = []byte("org")
)

var errForeign = errors.New("not a Seats database")

// schemaOf reads the file's schema: 0 for a new, empty bbolt file.
func schemaOf(btx *bbolt.Tx) (uint32, error) {
	meta := btx.Bucket(bMeta)
	if meta == nil {
		empty := true
		_ = btx.ForEach(func([]byte, *bbolt.Bucket) error { empty = false; return nil })
		if !empty {
			return 0, errForeign
		}
		return 0, nil
	}
	v := meta.Get(keySchema)
	if !bytes.Equal(meta.Get(keyMagic), magic) || len(v) != 4 {
		return 0, errForeign
	}
	return be.Uint32(v), nil
}

// readable refuses a file this build cannot read as it is.
func readable(btx *bbolt.Tx) error {
	v, err := schemaOf(btx)
	switch {
	case err != nil:
		return err
	case v == 0:
		return fmt.Errorf("%w (an empty bbolt file)", errForeign)
	case v > SchemaVersion:
		return fmt.Errorf("database schema %d is newer than this seats (%d): upgrade seats", v, SchemaVersion)
	case v < SchemaVersion:
		return fmt.Errorf("database schema %d was written by an older seats: run `seats upgrade` once to rewrite it for this one (%d)", v, SchemaVersion)
	}
	for _, name := range buckets {
		if btx.Bucket(name) == nil {
			return fmt.Errorf("%w: bucket %s is missing", errPanic, name)
		}
	}
	return nil
}

// upgrade sets up a new file or rewrites one of an older schema, in one
// transaction: an interrupted upgrade leaves the old file as it was. It
// returns the handle to go on with, and closes b when it fails.
func (db *DB) upgrade(b *bbolt.DB) (*bbolt.DB, error) {
	// Most opens find the schema current: a read transaction says so
	// without the write lock and the fsync of a commit.
	var v uint32
	err := db.view(b, func(btx *bbolt.Tx) (err error) { v, err = schemaOf(btx); return err })
	if err == nil && v >= SchemaVersion {
		err = db.view(b, readable) // which names a newer schema
	} else if err == nil {
		// The read-write open holds the file's lock: no other process
		// has changed it since.
		err = db.update(b, func(btx *bbolt.Tx) error { return rewrite(btx, v) })
		if err == nil && v > 0 {
			// The old layout's pages are free now: without compaction the
			// file would keep its old size and every commit would write a
			// longer free-page list.
			return db.compact(b)
		}
	}
	if err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// Compact rewrites the file without its free pages: a bulk load (seats
// demo --scale) leaves thousands of them.
func (db *DB) Compact() (err error) {
	if db.bolt == nil || db.opts.ReadOnly {
		return errors.New("compacting needs the database open for writing")
	}
	db.bolt, err = db.compact(db.bolt)
	return err
}

// rewrite creates the current layout beside whatever the file holds,
// copies a schema-1–6 file's records into it through the frozen readers,
// and drops the old layout.
func rewrite(btx *bbolt.Tx, from uint32) error {
	for _, name := range buckets {
		if _, err := btx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	meta := btx.Bucket(bMeta)
	if from == 7 {
		history := func(kind byte, id, seq uint64) error {
			b := btx.Bucket(bHistory[kind])
			if b == nil {
				return fmt.Errorf("%w: a history of unknown kind %q", errDamaged, kind)
			}
			b.FillPercent = 1 // its entries come in key order
			return b.Put(historyKey(kind, id, seq), nil)
		}
		if err := legacy.UpgradeV7(btx, encodeUser, encodeEvent, history); err != nil {
			return fmt.Errorf("upgrading the database from schema 7: %w", err)
		}
	} else if from > 0 {
		t := &tx{b: btx}
		if err := legacy.Read(btx, from, t); err != nil {
			return fmt.Errorf("upgrading the database from schema %d: %w", from, err)
		}
		if err := t.flush(); err != nil {
			return err
		}
		if err := t.RaiseLastIDs(legacy.LastIDs(btx, from)); err != nil {
			return err
		}
	}
	if from > 0 {
		// The old layout's buckets and meta keys go.
		keep := func(k []byte, current [][]byte) bool {
			return slices.ContainsFunc(current, func(n []byte) bool { return bytes.Equal(n, k) })
		}
		if err := deleteUnless(btx.Cursor(), func(k []byte) bool { return keep(k, buckets) }, func(k []byte) error { return btx.DeleteBucket(k) }); err != nil {
			return err
		}
		if err := deleteUnless(meta.Cursor(), func(k []byte) bool { return keep(k, [][]byte{keyMagic, keySchema, keyOrg}) }, meta.Delete); err != nil {
			return err
		}
	}
	if err := meta.Put(keyMagic, magic); err != nil {
		return err
	}
	return meta.Put(keySchema, be.AppendUint32(nil, SchemaVersion))
}

// deleteUnless deletes every key of c that keep refuses, gathered first:
// bbolt's cursor may skip a key after a delete under it.
func deleteUnless(c *bbolt.Cursor, keep func([]byte) bool, del func([]byte) error) error {
	var doomed [][]byte
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if !keep(k) {
			doomed = append(doomed, bytes.Clone(k))
		}
	}
	for _, k := range doomed {
		if err := del(k); err != nil {
			return err
		}
	}
	return nil
}

// compact rewrites the file without its free pages, through bbolt's own
// Compact into a new file that replaces the old one only when complete
// and synced. It closes b and returns a handle on the file as it is then.
func (db *DB) compact(b *bbolt.DB) (*bbolt.DB, error) {
	err := db.compactTo(b, db.path+".compact")
	b.Close()
	if err != nil {
		return nil, err
	}
	return db.open(false)
}

func (db *DB) compactTo(b *bbolt.DB, tmp string) error {
	if _, err := os.Lstat(tmp); err == nil {
		return fmt.Errorf("%s exists: a compaction was interrupted; remove it and try again", tmp)
	}
	dst, err := bbolt.Open(tmp, 0o600, &bbolt.Options{NoSync: true})
	if err != nil {
		return fmt.Errorf("compacting: %w", err)
	}
	err = db.safely(func() error { return bbolt.Compact(dst, b, 64<<20) })
	if err == nil && !db.opts.NoSync {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, db.path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("compacting: %w", err)
	}
	if db.opts.NoSync { // throwaway load-test data (see Options.NoSync)
		return nil
	}
	return syncDir(db.path)
}
