package postgres

import (
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/seats/seats/model"
)

// The schedule holds a handful of changes, earliest first.

const scheduledCols = `id, at, at_ns, kind, product_id, user_id, count, actor_id, force`

var putScheduledSQL = upsert("scheduled", scheduledCols)

func scanScheduled(row pgx.Row) (model.Scheduled, error) {
	var s model.Scheduled
	var at pgtype.Timestamptz
	var atNs int16
	err := row.Scan(&s.ID, &at, &atNs, &s.Kind, &s.ProductID, &s.UserID, &s.Count, &s.ActorID, &s.Force)
	s.At = fromTime(at, atNs)
	return s, err
}

func (t *tx) PutScheduled(s *model.Scheduled) error {
	if err := t.assignID(idScheduled, &s.ID); err != nil {
		return err
	}
	at, atNs := keyTime(s.At)
	t.schedule = nil
	return t.exec(putScheduledSQL, s.ID, at, atNs, s.Kind, s.ProductID, s.UserID, s.Count, s.ActorID, s.Force)
}

func (t *tx) Schedule(fn func(model.Scheduled) bool) error {
	all := t.schedule
	if all == nil {
		var err error
		if all, err = collect(t, scanScheduled, `SELECT `+scheduledCols+` FROM scheduled ORDER BY at, at_ns, id`); err != nil {
			return err
		}
	}
	for _, s := range all {
		if !fn(s) {
			return nil
		}
	}
	return nil
}

func (t *tx) DeleteScheduled(id model.ID) error {
	if !t.write {
		return errReadOnly
	}
	t.schedule = nil
	return t.exec(`DELETE FROM scheduled WHERE id = $1`, id)
}
