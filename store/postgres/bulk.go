package postgres

import "github.com/seats/seats/model"

// A bulk load (model.BulkLoader: seats migrate, and seats demo, which
// generates into a scratch file and copies it here) is one write
// transaction whose new rows go by COPY: users, licenses, events and
// their references, as in any large transaction (fresh.go). The
// default statement_timeout does not bound it (see DefaultStatementTimeout).
// Counters, day counts, ID sequences and the chain's head move as the
// Tx puts move them, and commit with the rows.

var _ model.BulkLoader = (*DB)(nil)

// Load runs fn in one write transaction (see Update).
func (db *DB) Load(fn func(model.Tx, model.Bulk) error) error {
	return db.Update(func(mt model.Tx) error {
		t := mt.(*tx)
		if sql := db.unbounded(); sql != "" {
			if err := t.exec(sql); err != nil {
				return err
			}
		}
		// Tx's puts already hold new users, licenses and events for COPY.
		return fn(t, model.TxBulk{Tx: t})
	})
}
