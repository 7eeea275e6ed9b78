// Package store opens the backend a database name points at. Every backend
// implements model.Store; the domain never learns which one runs. Today
// that is one: a bbolt file (store/bolt).
package store

import (
	"github.com/seats/seats/model"
	"github.com/seats/seats/store/bolt"
)

// Options tune Open.
type Options = bolt.Options

// DB is an open database.
type DB interface {
	model.Store
	// Path names the database as the user gave it.
	Path() string
	Close() error
	// Backup writes a consistent hot copy to path, replacing an existing
	// file only when force.
	Backup(path string, force bool) error
	// Check verifies the backend's own consistency and returns one line
	// per violation.
	Check() ([]string, error)
}

// Open opens the database at path.
func Open(path string, opts Options) (DB, error) {
	db, err := bolt.Open(path, opts)
	if err != nil {
		return nil, err
	}
	return db, nil
}
