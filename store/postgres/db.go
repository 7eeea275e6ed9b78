package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/seats/seats/model"
)

// Options tune Open.
type Options struct {
	// ReadOnly runs no migration and refuses every write.
	ReadOnly bool
	// Timeout is how long a writer waits for another writer of the same
	// organization (PostgreSQL's lock_timeout; 0: 10 s).
	Timeout time.Duration
	// Schema names the organization's schema when the URL's search_path
	// does not (default "seats").
	Schema string
	// NoSync commits without waiting for the server's disk
	// (synchronous_commit off): only for throwaway load-test data. A
	// crash may lose the last commits, never half of one.
	NoSync bool
}

// DefaultSchema holds the organization when neither the URL nor Options
// name one.
const DefaultSchema = "seats"

// DefaultTimeout is how long a writer waits for another.
const DefaultTimeout = 10 * time.Second

// DefaultStatementTimeout bounds every statement (PostgreSQL's
// statement_timeout) when the URL sets none, as a parameter
// (?statement_timeout=5s) or in options (-c statement_timeout=5s): a
// statement past it fails the transaction, which rolls back. The work
// over a whole organization (a bulk load, Check, VACUUM) is exempt from
// the default, never from a URL's own.
const DefaultStatementTimeout = 30 * time.Second

// maxAttempts bounds the retries of a transaction that PostgreSQL rolled
// back for a serialization failure or a deadlock; model's transaction
// functions may run again (model.Store).
const maxAttempts = 5

// DB is one organization in one PostgreSQL schema.
type DB struct {
	pool   *pgxpool.Pool
	schema string
	name   string // the URL without its password
	secret string // the password, to scrub from every error
	opts   Options
	// stmtTimeout is statement_timeout as given in the URL, or the
	// default's; ownTimeout says the URL gave it.
	stmtTimeout string
	ownTimeout  bool
}

var _ model.Store = (*DB)(nil)

// traceHook, when a test sets it, sees every statement of the stores
// opened after: the round-trip counts per operation are tested with it.
var traceHook pgx.QueryTracer

// Open connects to the database dsn names (a postgres:// URL) and to the
// schema of one organization in it, creating the schema or bringing it to
// this build's version unless opts.ReadOnly. Every error is one line
// without the password.
func Open(dsn string, opts Options) (*DB, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	db := &DB{name: redact(dsn), opts: opts}
	if err != nil {
		return nil, fmt.Errorf("%s is not a PostgreSQL URL seats can use: %s", db.name, scrub(oneLine(cause(err)), passwordOf(dsn)))
	}
	db.secret = cfg.ConnConfig.Password
	db.schema = schemaOf(cfg.ConnConfig.RuntimeParams, opts.Schema)
	if db.schema == "" {
		return nil, fmt.Errorf("%s: the schema name is empty", db.name)
	}
	rp := cfg.ConnConfig.RuntimeParams
	rp["search_path"] = pgx.Identifier{db.schema}.Sanitize()
	rp["lock_timeout"] = strconv.FormatInt(opts.Timeout.Milliseconds(), 10)
	db.stmtTimeout, db.ownTimeout = setting(rp, "statement_timeout")
	if !db.ownTimeout {
		rp["statement_timeout"] = strconv.FormatInt(DefaultStatementTimeout.Milliseconds(), 10)
		db.stmtTimeout = DefaultStatementTimeout.String()
	}
	if opts.NoSync {
		rp["synchronous_commit"] = "off"
	}
	if rp["application_name"] == "" {
		rp["application_name"] = "seats"
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	}
	if traceHook != nil {
		cfg.ConnConfig.Tracer = traceHook
	}
	ctx := context.Background()
	db.pool, err = pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, db.explain(err)
	}
	if err := db.prepare(ctx); err != nil {
		db.pool.Close()
		return nil, err
	}
	return db, nil
}

// prepare migrates the schema, or for a reader checks that it is current.
func (db *DB) prepare(ctx context.Context) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return db.explain(err)
	}
	defer conn.Release()
	if !db.opts.ReadOnly {
		return db.explain(migrate(ctx, conn.Conn(), db.schema, SchemaVersion))
	}
	v, err := version(ctx, conn, db.schema)
	switch {
	case errors.Is(err, errNoSchema):
		return fmt.Errorf("%s holds no Seats organization in schema %s (a command that writes creates it)", db.name, db.schema)
	case err != nil:
		return db.explain(err)
	case v < SchemaVersion:
		return fmt.Errorf("schema %s of %s was written by an older seats (version %d): run 'seats upgrade'", db.schema, db.name, v)
	case v > SchemaVersion:
		return fmt.Errorf("schema %s of %s was written by a newer seats (version %d): upgrade seats", db.schema, db.name, v)
	}
	return nil
}

// schemaOf reads the organization's schema from the URL's search_path
// (given as a parameter, or as -c search_path=… in options), else def,
// else DefaultSchema. Of a list, the first schema is the organization's.
func schemaOf(params map[string]string, def string) string {
	sp := params["search_path"]
	for _, f := range strings.Fields(params["options"]) {
		f = strings.TrimPrefix(strings.TrimPrefix(f, "-c"), "--")
		if v, ok := strings.CutPrefix(f, "search_path="); ok {
			sp = v
		}
	}
	if sp == "" {
		sp = def
	}
	if sp == "" {
		return DefaultSchema
	}
	first, _, _ := strings.Cut(sp, ",")
	return strings.Trim(strings.TrimSpace(first), `"`)
}

// setting is a server setting the URL gives, as a parameter or as -c
// name=value in options (which wins, as the server applies it last).
func setting(params map[string]string, name string) (string, bool) {
	v, ok := params[name]
	for _, f := range strings.Fields(params["options"]) {
		f = strings.TrimPrefix(strings.TrimPrefix(f, "-c"), "--")
		if x, found := strings.CutPrefix(f, name+"="); found {
			v, ok = x, true
		}
	}
	return v, ok
}

// unbounded lifts the default statement_timeout for the rest of a
// transaction doing whole-organization work; a URL's own stays.
func (db *DB) unbounded() string {
	if db.ownTimeout {
		return ""
	}
	return `SET LOCAL statement_timeout = 0`
}

// Path names the database as the user gave it, without the password.
func (db *DB) Path() string { return db.name }

// Schema is the organization's schema.
func (db *DB) Schema() string { return db.schema }

// Close ends every connection.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Backup is pg_dump's job: a PostgreSQL database is backed up, replicated
// and restored by its own tools.
func (db *DB) Backup(path string, force bool) error {
	return fmt.Errorf("seats backup copies bbolt files only: back up schema %s with pg_dump --schema=%s, or copy it to a file with seats migrate", db.schema, db.schema)
}

// Update runs fn in one write transaction that first locks the
// organization's row, so writers of one organization never interleave
// (bbolt's one-writer rule, across hosts). It runs in READ COMMITTED: once
// the lock is held no other writer can change anything, and each statement
// sees everything committed before it. A serialization failure or
// deadlock rolls back and runs fn again.
func (db *DB) Update(fn func(model.Tx) error) error {
	if db.opts.ReadOnly {
		return errors.New("database is open read-only")
	}
	for attempt := 1; ; attempt++ {
		err := db.run(true, fn)
		if attempt < maxAttempts && retryable(err) {
			time.Sleep(time.Duration(attempt) * 5 * time.Millisecond)
			continue
		}
		return err
	}
}

// View runs fn in one REPEATABLE READ READ ONLY transaction: a snapshot.
func (db *DB) View(fn func(model.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := db.run(false, fn)
		if attempt < maxAttempts && retryable(err) {
			continue
		}
		return err
	}
}

// readTx is the snapshot Check reads in.
var readTx = pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}

// run is one attempt. fn's own error is returned as it is; the store's
// errors are one line.
func (db *DB) run(write bool, fn func(model.Tx) error) error {
	ctx := context.Background()
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return db.explain(err)
	}
	t := newTx(ctx, db, conn, write)
	defer t.end()
	if err := t.begin(); err != nil {
		return err
	}
	if err := fn(t); err != nil {
		return err
	}
	return t.commit()
}

// Vacuum brings the planner's statistics and the visibility map up to
// date after a bulk load (seats migrate calls it), as a DBA would:
// without it the first reads of a fresh million licenses visit the heap
// for counts the index alone can answer, until autovacuum comes by.
func (db *DB) Vacuum() error {
	if db.opts.ReadOnly {
		return nil
	}
	ctx := context.Background()
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return db.explain(err)
	}
	defer conn.Release()
	if !db.ownTimeout {
		// VACUUM cannot run in a transaction: the session's setting is
		// lifted, and reset to the connection's own after.
		if _, err := conn.Exec(ctx, `SET statement_timeout = 0`); err != nil {
			return db.explain(err)
		}
		defer conn.Exec(ctx, `RESET statement_timeout`)
	}
	_, err = conn.Exec(ctx, `VACUUM (ANALYZE) organization, products, product_counts, license_days, licenses,
		users, assets, allocations, allocation_users, allocation_members, scheduled, events, event_refs`)
	return db.explain(err)
}
