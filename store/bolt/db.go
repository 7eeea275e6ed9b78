package bolt

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Options tune Open.
type Options struct {
	// ReadOnly opens with a shared lock: many readers at once, no writer,
	// and not one byte of the file changes.
	ReadOnly bool
	// Timeout is how long to wait for another process's lock (0: 10 s).
	Timeout time.Duration
	// Shared keeps the file closed between transactions, opening it for
	// each one, so a long-lived interface (the TUI) never keeps other
	// processes out of the file.
	Shared bool
	// NoSync skips fsync on commit: only for throwaway load-test data.
	NoSync bool
}

// DefaultTimeout is how long a command waits for another writer.
const DefaultTimeout = 10 * time.Second

// DB is an open Seats database.
type DB struct {
	path string
	opts Options
	bolt *bbolt.DB // nil in Shared mode
	// shared is the handle of Shared mode, open only while in use.
	shared sharedFile
}

var _ model.Store = (*DB)(nil)

// Open opens the Seats database at path, creating it when it does not
// exist and opts.ReadOnly is not set, and upgrading a file of an older
// schema when opened for writing. Anything that is not a whole Seats file
// is refused with one line naming it, and left as it was.
func Open(path string, opts Options) (*DB, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if path == "" {
		return nil, errors.New("no database path given")
	}
	db := &DB{path: path, opts: opts}
	exists, err := db.precheck()
	if err != nil {
		return nil, err
	}
	if exists && !opts.ReadOnly {
		// Look before writing: bbolt's read-write open may write to the
		// file (a free-page list it finds missing), so a file is opened
		// for writing only once a read-only look found it ours.
		current, err := db.inspect()
		if err != nil {
			return nil, db.named(err)
		}
		if opts.Shared && current {
			return db, nil
		}
	}
	b, err := db.open(opts.ReadOnly)
	if err != nil {
		return nil, db.named(err)
	}
	if opts.ReadOnly {
		if err = db.view(b, readable); err != nil {
			b.Close()
		}
	} else {
		b, err = db.upgrade(b)
	}
	if err != nil {
		return nil, db.named(db.explain(err))
	}
	if opts.Shared {
		b.Close()
	} else {
		db.bolt = b
	}
	return db, nil
}

// inspect opens an existing file read-only and refuses it unless it is a
// Seats file this build reads, or one of an older schema it can upgrade
// (then current is false). A read never migrates, so it needs no look.
func (db *DB) inspect() (current bool, err error) {
	b, err := db.open(true)
	if err != nil {
		return false, err
	}
	defer b.Close()
	err = db.view(b, func(btx *bbolt.Tx) error {
		if v, err := schemaOf(btx); err == nil && v >= 1 && v < SchemaVersion {
			return nil
		}
		current = true
		return readable(btx)
	})
	return current, err
}

// precheck refuses what bbolt must never be handed: a FIFO would block
// the open, a device or directory is no database, and bbolt would turn a
// zero-length file into a new database.
func (db *DB) precheck() (exists bool, err error) {
	info, err := os.Stat(db.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if db.opts.ReadOnly {
			return false, fmt.Errorf("no database at %s", db.path)
		}
		if err := os.MkdirAll(filepath.Dir(db.path), 0o755); err != nil {
			return false, fmt.Errorf("cannot create the folder of %s: %v", db.path, errors.Unwrap(err))
		}
		return false, nil
	case err != nil:
		return false, fmt.Errorf("cannot open %s: %v", db.path, errors.Unwrap(err))
	case info.IsDir():
		return true, fmt.Errorf("%s is a directory, not a Seats database", db.path)
	case !info.Mode().IsRegular():
		return true, fmt.Errorf("%s is not a regular file (%s), not a Seats database", db.path, info.Mode().Type())
	case info.Size() == 0:
		return true, fmt.Errorf("%s is empty (0 bytes), not a Seats database: remove it to start a new one", db.path)
	}
	return true, nil
}

func (db *DB) open(readOnly bool) (*bbolt.DB, error) {
	var b *bbolt.DB
	o := &bbolt.Options{Timeout: db.opts.Timeout, ReadOnly: readOnly, NoSync: db.opts.NoSync}
	mapAhead(o, db.path)
	err := db.safely(func() (err error) { b, err = bbolt.Open(db.path, 0o600, o); return err })
	if err != nil {
		return nil, db.explain(err)
	}
	// bbolt maps the file: a page past a truncated end would be a fault,
	// not an error, so a file shorter than its own meta page says is
	// refused before any page is read.
	err = db.view(b, func(btx *bbolt.Tx) error {
		info, err := os.Stat(db.path)
		if err != nil {
			return err
		}
		if btx.Size() > info.Size() {
			return fmt.Errorf("%w: the file is %d bytes, its header says %d", errTruncated, info.Size(), btx.Size())
		}
		return nil
	})
	if err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// mapAhead sets how much of the file a writer maps at once: room for it
// to double and grow by 2 GiB. A large transaction (an import, a bulk
// load) grows the file as it commits, and whenever the file outgrows
// bbolt's mapping, bbolt remaps it and first copies every dirty node out
// of the old mapping (a fifth of an import of a million users). Mapping
// ahead costs address space, not memory. A new file maps ahead too: its
// first transaction may be a whole organization (seats demo, migrate).
func mapAhead(o *bbolt.Options, path string) {
	if o.ReadOnly || strconv.IntSize != 64 {
		return
	}
	info, err := os.Stat(path)
	switch {
	case err == nil:
		o.InitialMmapSize = int(2*info.Size()) + 2<<30
	case errors.Is(err, fs.ErrNotExist):
		o.InitialMmapSize = 2 << 30
	}
}

// growthStep is how far bbolt grows a file of size bytes beyond what a
// commit needs: bbolt grows a file mapped beyond 16 MiB by 16 MiB, which
// mapping ahead would make every file; half its size instead keeps a new
// file small, as bbolt's own doubling mapping does.
func growthStep(size int64) int { return int(min(max(size/2, 16<<10), 16<<20)) }

var (
	errTruncated = errors.New("truncated")
	// errPanic marks a panic or a memory fault inside bbolt, which a
	// damaged page can cause.
	errPanic = errors.New("unreadable data")
)

// explain turns bbolt's errors into one line an administrator can act on.
func (db *DB) explain(err error) error {
	var me *model.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &me) && me.Code == model.CodeCorrupt && !strings.Contains(err.Error(), db.path):
		return fmt.Errorf("%s is damaged (%w); restore it from a backup", db.path, err)
	case errors.As(err, &me):
		return err
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("database %s is in use by another seats process; waited %s", db.path, db.opts.Timeout)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch):
		return fmt.Errorf("%s is not a Seats database (not a bbolt file)", db.path)
	case errors.Is(err, errForeign):
		return fmt.Errorf("%s is not a Seats database (a bbolt file of another program)", db.path)
	case errors.Is(err, berrors.ErrChecksum):
		return fmt.Errorf("%s is damaged (checksum mismatch); restore it from a backup", db.path)
	case errors.Is(err, errTruncated), errors.Is(err, errPanic):
		return fmt.Errorf("%s is damaged (%v); restore it from a backup", db.path, err)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("cannot open %s: permission denied", db.path)
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("cannot write %s: it is on a read-only file system", db.path)
	}
	return err
}

// named makes sure an error from opening the file says which file.
func (db *DB) named(err error) error {
	if err == nil || strings.Contains(err.Error(), db.path) {
		return err
	}
	return fmt.Errorf("%s: %w", db.path, err)
}

// safely runs fn with memory faults turned into panics and panics into
// errors: bbolt reads pages straight from the mapped file, and a damaged
// page can make it panic or read past the mapping. It must run in the
// goroutine that touches the pages, which every View and Update does.
func (db *DB) safely(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
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
	err := db.bolt.Close()
	db.bolt = nil
	return err
}

// with runs fn on the open bbolt handle; in Shared mode, on the handle
// this process shares while any of its transactions runs.
func (db *DB) with(readOnly bool, fn func(*bbolt.DB) error) error {
	if db.bolt != nil {
		return fn(db.bolt)
	}
	if !db.opts.Shared {
		return errors.New("database is closed")
	}
	b, err := db.acquire(readOnly)
	if err != nil {
		return err
	}
	defer db.release()
	return fn(b)
}

// Update runs fn in one read-write transaction: all of its writes commit
// together, or none do when fn returns an error.
func (db *DB) Update(fn func(model.Tx) error) error {
	if db.opts.ReadOnly {
		return errors.New("database is open read-only")
	}
	return db.with(false, func(b *bbolt.DB) error {
		return db.update(b, func(btx *bbolt.Tx) error {
			t := &tx{b: btx}
			if err := fn(t); err != nil {
				return err
			}
			return t.flush()
		})
	})
}

// View runs fn in one read-only transaction (a consistent snapshot).
func (db *DB) View(fn func(model.Tx) error) error {
	return db.read(func(btx *bbolt.Tx) error { return fn(&tx{b: btx}) })
}

// read runs fn in one read-only transaction of the file (View, Check,
// Backup).
func (db *DB) read(fn func(*bbolt.Tx) error) error {
	return db.with(true, func(b *bbolt.DB) error { return db.view(b, fn) })
}

// view and update run fn in a transaction of b, faults and panics turned
// into errors (safely) and explained.
func (db *DB) view(b *bbolt.DB, fn func(*bbolt.Tx) error) error {
	return db.explain(db.safely(func() error { return b.View(fn) }))
}

func (db *DB) update(b *bbolt.DB, fn func(*bbolt.Tx) error) error {
	return db.explain(db.safely(func() error {
		return b.Update(func(btx *bbolt.Tx) error {
			b.AllocSize = growthStep(btx.Size()) // read by this commit only
			return fn(btx)
		})
	}))
}
