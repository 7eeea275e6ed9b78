// Package store opens the backend a database name points at. Every backend
// implements model.Store; the domain never learns which one runs: a
// postgres:// or postgresql:// URL is one organization in a PostgreSQL
// schema (store/postgres), anything else a bbolt file (store/bolt).
package store

import (
	"context"
	"strings"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store/bolt"
	"github.com/seats/seats/store/postgres"
)

// Options tune Open. Each backend takes the ones that mean something to it.
type Options struct {
	// ReadOnly opens for reading only: a shared lock on a file, no
	// migration and no write on PostgreSQL.
	ReadOnly bool
	// Timeout is how long to wait for another writer (0: 10 s).
	Timeout time.Duration
	// Shared keeps a bbolt file closed between transactions, so a
	// long-lived interface never keeps other processes out of it.
	Shared bool
	// NoSync skips fsync on a bbolt commit, and waiting for the disk on a
	// PostgreSQL one: only for throwaway data.
	NoSync bool
	// Schema names the PostgreSQL schema of the organization when the URL
	// does not (search_path); default "seats".
	Schema string
}

// DB is an open database.
type DB interface {
	model.Store
	// Path names the database as the user gave it (a URL without its
	// password).
	Path() string
	Close() error
	// Backup writes a consistent hot copy to path, replacing an existing
	// file only when force.
	Backup(path string, force bool) error
	// Check verifies the backend's own consistency and returns one line
	// per violation.
	Check() ([]string, error)
}

// Notifier is a DB that tells other processes' changes as they commit:
// Listen calls fn with the newest event sequence number after each write
// by anyone (and once after each reconnection), until ctx ends. A DB
// without it (a bbolt file) is polled.
type Notifier interface {
	Listen(ctx context.Context, fn func(seq uint64)) error
}

// IsPostgres reports whether name is a PostgreSQL URL.
func IsPostgres(name string) bool {
	return strings.HasPrefix(name, "postgres://") || strings.HasPrefix(name, "postgresql://")
}

// Open opens the database name points at.
func Open(name string, opts Options) (DB, error) {
	if IsPostgres(name) {
		db, err := postgres.Open(name, postgres.Options{ReadOnly: opts.ReadOnly, Timeout: opts.Timeout, Schema: opts.Schema, NoSync: opts.NoSync})
		if err != nil {
			return nil, err
		}
		return db, nil
	}
	db, err := bolt.Open(name, bolt.Options{ReadOnly: opts.ReadOnly, Timeout: opts.Timeout, Shared: opts.Shared, NoSync: opts.NoSync})
	if err != nil {
		return nil, err
	}
	return db, nil
}
