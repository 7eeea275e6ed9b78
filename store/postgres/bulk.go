package postgres

import "github.com/seats/seats/model"

// A bulk load (model.BulkLoader: seats migrate, and seats demo, which
// generates into a scratch file and copies it here) is one write
// transaction whose new rows go by COPY: licenses, events and their
// references as in any large transaction (fresh.go), and users too. The
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
		return fn(t, bulk{model.TxBulk{Tx: t}, t})
	})
}

// bulk takes users by COPY and the rest through the Tx's puts, which
// already hold new licenses and events for COPY.
type bulk struct {
	model.TxBulk
	t *tx
}

func (b bulk) PutUsers(us []model.User) error {
	r, err := b.t.orgRow()
	if err != nil {
		return err
	}
	for i := range us {
		u := &us[i]
		if u.ID == 0 || u.ID <= r.last[idUser] {
			// Not new: an ordinary put.
			if err := b.t.PutUser(u); err != nil {
				return err
			}
			continue
		}
		if err := b.t.assignID(idUser, &u.ID); err != nil {
			return err
		}
		created, createdNs := toTime(u.Created)
		if err := b.t.hold(freshUsers, u.ID, u.Email, u.First, u.Last, u.Role, u.Department, u.Kind, u.State,
			toDate(u.LastDay), created, createdNs); err != nil {
			return err
		}
	}
	return nil
}
