// Package store keeps Seats in one bbolt file. It implements model.Store:
// every domain operation is one bbolt transaction, and the indexes and
// counters below change in that same transaction, so they can never drift
// from the records. The store decides no policy; it stores what the domain
// hands it and finds it again quickly.
//
// The bucket tree (all ids are 8-byte big-endian, so keys sort the way
// they are read; times are 8-byte order-preserving Unix nanoseconds):
//
//	meta         "schema" → uint32 version, "org" → Org (JSON), "magic" → "seats",
//	             "license_seq" → last license ID
//	products     id → Product (JSON)
//	product_name lower(name) → id
//	seats        every seat, its indexes and the event log, in one tree:
//	  'H' | kind | holder → head | products           (a user's or asset's newest event about no
//	                                                   product; the products it has a slot in)
//	  'L' | first license → product | last license    (where a run of license IDs lives)
//	  'P' | product | 'h' | kind | holder → license | head  (a holder's slot: the license it holds
//	                                                   there, 0 if none; its newest event about it)
//	  'P' | product | 'r' | license → License | head  (fixed 59-byte binary; head = newest event
//	                                                   about the license)
//	  'P' | product | 's' | status | 0 | day → n      (available and deactivated per day of since)
//	  'P' | product | 's' | status | 1 | since | license → ∅  (free seats oldest first)
//	  'e' | seq → links | Event (JSON)                (append-only; bucket sequence = last seq)
//	seats_stage  seats key → 'p' | value, or 'd'       (changes to seats not yet moved into it;
//	                                                    inline in the root page, see stage.go)
//	counts       product → available | active | deactivated (3 × uint64, kept by PutLicense)
//	users        id → User (JSON)
//	user_email   email (lower-case) → id
//	assets       id → Asset (JSON)
//	asset_name   lower(name) → id
//	allocations  id → Allocation (JSON)
//	alloc_name   lower(name) → id
//	schedule     at | id → Scheduled (JSON)            (earliest first)
//	event_head   kind | id → head                      (newest event about a product, an allocation
//	                                                    or a license of a deleted product)
//
// History is a chain per thing, not an index: each event's links name
// every thing it is about (Event.Refs) with the previous event about it,
// and each thing's head names its newest event. A head lives beside the
// data that a change to its thing writes anyway (a license's in its
// record; a holder's in its slot in the product the event is about, or in
// its 'H' entry, the newest of them being its head; a product's in
// event_head, which is small enough to live inside the root page).
//
// A seat change commits in two fdatasyncs like any bbolt commit; what it
// adds over an empty commit is its dirty pages, each one more write for
// the first fdatasync to wait on and more work to build. bbolt copies a
// changed page and every branch above it, per bucket: with the licenses,
// their indexes and the log in trees of their own, an assignment dirtied
// ten to thirteen pages. In the one seats tree it dirties the log's tail,
// the product's one or two leaves (the record, the status entry, the day
// count and the holder's slot), the branch above them and the root page:
// six writes with the meta page. Staged (stage.go), the product's changes
// ride in the root page, which every commit writes anyway, and reach its
// leaves once every few changes: four writes on average, against an empty
// bbolt commit's two (the free-page list and the meta page; a long-lived
// writer leaves the list for Close, see freelist.go). See codec.go for the
// key order and why it is what it is. New files use 8 KiB pages
// (pageSize).
package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/seats/seats/model"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Options tune Open.
type Options struct {
	// ReadOnly opens with a shared lock: many readers at once, no writer.
	ReadOnly bool
	// Timeout is how long to wait for another process's lock (0: 1 s).
	Timeout time.Duration
	// Shared keeps the file closed between transactions, opening it for
	// each one, so a long-lived interface (the TUI) never keeps other
	// processes out of the file.
	Shared bool
	// NoSync skips fsync on commit: only for throwaway load-test data.
	NoSync bool
}

// DB is an open Seats database.
type DB struct {
	path string
	opts Options
	bolt *bolt.DB // nil in Shared mode between transactions
	memo memo
}

var _ model.Store = (*DB)(nil)

// Open opens (creating if needed) the Seats database at path, upgrading its
// schema. A second writer gets a clear error after opts.Timeout instead of
// hanging; a file that is not a Seats database is refused without change.
func Open(path string, opts Options) (*DB, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = time.Second
	}
	if path == "" {
		return nil, errors.New("no database path given")
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("cannot create the database folder: %w", err)
		}
	} else if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("cannot open %s: %w", path, errors.Unwrap(err))
	}
	db := &DB{path: path, opts: opts}
	b, err := db.open(opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	if !opts.ReadOnly {
		moved := false
		if err := safely(func() (err error) { moved, err = migrate(b); return err }); err != nil {
			b.Close()
			return nil, db.explain(err)
		}
		if moved {
			db.bolt = b
			if err := db.Compact(); err != nil {
				db.Close()
				return nil, err
			}
			b, db.bolt = db.bolt, nil
		}
	} else if err := safely(func() error { return b.View(checkSchema) }); err != nil {
		b.Close()
		return nil, db.explain(err)
	}
	if opts.Shared {
		b.Close()
	} else {
		db.bolt = b
	}
	return db, nil
}

// pageSize is the page size of new files (an existing file keeps its
// own). Every page a commit dirties is one more write for fdatasync to
// wait on, so a seat change should dirty few: at 8 KiB a small product's
// records, status entries and slots fit a page or two, and a million
// licenses sit one branch level shallower than at 4 KiB. Measured with
// schema 5 on the demo organization, 4 KiB pages made an assignment write
// 10 pages instead of 7, and 16 KiB pages cost more CPU per page than the
// one page they saved: both were slower.
const pageSize = 8192

func (db *DB) open(readOnly bool) (*bolt.DB, error) {
	// bbolt starts a file with four pages, and Seats never made pages
	// smaller than 4 KiB: anything shorter is something else.
	if info, err := os.Stat(db.path); err == nil && info.Size() > 0 && info.Size() < 4*4096 {
		return nil, fmt.Errorf("%s is not a Seats database (too small to be a bbolt file)", db.path)
	}
	if !readOnly && !freelistWritten(db.path) {
		check, err := db.open(true)
		if err != nil {
			return nil, err
		}
		err = walkAll(check)
		check.Close()
		if err != nil {
			return nil, db.explain(err)
		}
	}
	var b *bolt.DB
	err := safely(func() error {
		var err error
		// The array freelist hands out the lowest free pages, the hashmap
		// freelist any free page: with the first a commit's pages lie
		// nearer each other, and fdatasync waits on fewer separate
		// writes (assign/unassign measured 1-2 points slower with the
		// hashmap freelist).
		b, err = bolt.Open(db.path, 0o600, &bolt.Options{
			Timeout:        db.opts.Timeout,
			ReadOnly:       readOnly,
			NoSync:         db.opts.NoSync,
			NoFreelistSync: !readOnly && !db.opts.Shared,
			PageSize:       pageSize,
			FreelistType:   bolt.FreelistArrayType,
		})
		return err
	})
	if err != nil {
		return nil, db.explain(err)
	}
	return b, nil
}

// explain turns bbolt's errors into one line an administrator can act on.
func (db *DB) explain(err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("database %s is in use by another seats process (locked); try again", db.path)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch):
		return fmt.Errorf("%s is not a Seats database (not a bbolt file)", db.path)
	case errors.Is(err, errForeign):
		return fmt.Errorf("%s is not a Seats database (a bbolt file of another program)", db.path)
	case errors.Is(err, berrors.ErrChecksum):
		return fmt.Errorf("%s is damaged (checksum mismatch); restore it from a backup", db.path)
	case errors.Is(err, errPanic):
		return fmt.Errorf("%s is damaged (%v); restore it from a backup", db.path, err)
	}
	return err
}

// errPanic marks a panic inside bbolt, which a damaged file can cause.
var errPanic = errors.New("unreadable data")

// safely runs fn, turning a panic (bbolt panics on some damaged pages)
// into an error so it never reaches the user.
func safely(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errPanic, r)
			if os.Getenv("SEATS_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "%s\n", debug.Stack())
			}
		}
	}()
	return fn()
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Close releases the file.
func (db *DB) Close() error {
	if db.bolt == nil {
		return nil
	}
	err := db.syncFreelist()
	if cerr := db.bolt.Close(); err == nil {
		err = cerr
	}
	db.bolt = nil
	return err
}

// syncFreelist writes bbolt's list of free pages on the way out (see
// freelist.go).
func (db *DB) syncFreelist() error {
	if db.bolt.IsReadOnly() || !db.bolt.NoFreelistSync {
		return nil
	}
	db.bolt.NoFreelistSync = false
	return safely(func() error { return db.bolt.Update(func(*bolt.Tx) error { return nil }) })
}

// with runs fn on the open bbolt handle, opening the file for just this
// call in Shared mode.
func (db *DB) with(readOnly bool, fn func(*bolt.DB) error) error {
	if db.bolt != nil {
		return fn(db.bolt)
	}
	if !db.opts.Shared {
		return errors.New("database is closed")
	}
	b, err := db.open(readOnly || db.opts.ReadOnly)
	if err != nil {
		return err
	}
	defer b.Close()
	return fn(b)
}

// Update runs fn in one read-write transaction: all of its writes commit
// together, or none do when fn returns an error.
func (db *DB) Update(fn func(model.Tx) error) error {
	if db.opts.ReadOnly {
		return errors.New("database is open read-only")
	}
	return db.with(false, func(b *bolt.DB) error {
		return db.explain(safely(func() error {
			return b.Update(func(btx *bolt.Tx) error {
				t := &tx{b: btx, m: &db.memo}
				if err := fn(t); err != nil {
					return err
				}
				return t.flush()
			})
		}))
	})
}

// View runs fn in one read-only transaction (a consistent snapshot).
func (db *DB) View(fn func(model.Tx) error) error {
	return db.with(true, func(b *bolt.DB) error {
		return db.explain(safely(func() error {
			return b.View(func(btx *bolt.Tx) error { return fn(&tx{b: btx, m: &db.memo}) })
		}))
	})
}

// Compact rewrites the file without its free pages. A bulk load (seats
// demo --scale) leaves thousands of pages free, and every commit that
// writes bbolt's free-page list (each in Shared mode, as the TUI's; a
// writer's Close) writes all of it: on a million-license demo, seven
// pages. The copy replaces the file only once it is complete and synced.
func (db *DB) Compact() error {
	if db.bolt == nil || db.opts.ReadOnly {
		return errors.New("compacting needs the database open for writing")
	}
	tmp := db.path + ".compact"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{
		PageSize:     db.bolt.Info().PageSize,
		FreelistType: bolt.FreelistArrayType,
		NoSync:       true, // one sync at the end
	})
	if err != nil {
		return fmt.Errorf("compacting: %w", err)
	}
	err = safely(func() error { return bolt.Compact(dst, db.bolt, 64<<20) })
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("compacting: %w", err)
	}
	if err := db.bolt.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	db.bolt = nil
	if err := os.Rename(tmp, db.path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("compacting: %w", err)
	}
	b, err := db.open(false)
	if err != nil {
		return err
	}
	db.bolt = b
	return nil
}

// Backup writes a consistent copy of the database to path while others
// keep using it: a read transaction sees one snapshot, and the copy is
// renamed into place only when complete.
func (db *DB) Backup(path string) error {
	if path == "" {
		return errors.New("no backup file given")
	}
	if abs, _ := filepath.Abs(path); abs != "" {
		if own, _ := filepath.Abs(db.path); abs == own {
			return errors.New("the backup file must not be the database itself")
		}
	}
	tmp := path + ".tmp"
	err := db.with(true, func(b *bolt.DB) error {
		return b.View(func(btx *bolt.Tx) error { return btx.CopyFile(tmp, 0o600) })
	})
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup failed: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup failed: %w", err)
	}
	return nil
}
