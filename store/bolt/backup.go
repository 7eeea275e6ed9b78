package bolt

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	bbolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the database to path while others
// keep using it: one read transaction is one snapshot, written to a
// temporary file beside path and renamed into place only when complete
// and synced. It never replaces what it did not create unless force, and
// never anything but a regular file other than the database itself.
func (db *DB) Backup(path string, force bool) error {
	if path == "" {
		return errors.New("no backup file given")
	}
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("cannot write the backup %s: %v", path, errors.Unwrap(err))
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("the backup %s is a symbolic link: name the file itself", path)
	case info.IsDir():
		return fmt.Errorf("the backup %s is a directory: name a file", path)
	case !info.Mode().IsRegular():
		return fmt.Errorf("the backup %s is not a regular file (%s)", path, info.Mode().Type())
	default:
		if own, err := os.Stat(db.path); err == nil && os.SameFile(own, info) {
			return fmt.Errorf("the backup %s is the database itself: name another file", path)
		}
		if !force {
			return fmt.Errorf("the backup %s exists: choose another name, or --force to replace it", path)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write the backup %s: %v", path, errors.Unwrap(err))
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	err = db.read(func(btx *bbolt.Tx) error { _, err := btx.WriteTo(tmp); return err })
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("backup failed: %w", err)
	}
	done = true
	return syncDir(path)
}

// syncDir makes a rename in path's directory durable.
func syncDir(path string) error {
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return err
	}
	return nil
}
