package postgres

import (
	"math"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/seats/seats/model"
)

// The event log is keyed by sequence number and never rewritten; each
// thing's history is a row of event_refs per thing an event names
// (Event.Refs), so the domain decides what belongs to whose history.

const eventCols = `seq, time, time_ns, actor, kind, product_id, product_name, license_id, user_id, user_name,
	asset_id, asset_name, allocation_id, from_value, to_value, count_from, count_to, first_license, last_license,
	amount, note, hash`

var (
	insertEventSQL = `INSERT INTO events (` + eventCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
		$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`
	selectEvents  = `SELECT ` + prefixed("e", eventCols) + ` FROM events e `
	insertRefsSQL = `INSERT INTO event_refs (kind, ref_id, seq) SELECT k::"char", id, $3 FROM unnest($1::text[], $2::bigint[]) AS x(k, id)`
	// insertEventWithRefsSQL is an event and its references in one
	// statement; the references' foreign key is checked at its end.
	insertEventWithRefsSQL = `WITH e AS (` + insertEventSQL + `)
		INSERT INTO event_refs (kind, ref_id, seq) SELECT k::"char", id, $1 FROM unnest($23::text[], $24::bigint[]) AS x(k, id)`
)

// prefixed qualifies each column of cols with table alias a.
func prefixed(a, cols string) string {
	names := strings.Split(cols, ",")
	for i, c := range names {
		names[i] = a + "." + strings.TrimSpace(c)
	}
	return strings.Join(names, ", ")
}

func scanEvent(row pgx.Row) (model.Event, error) {
	var e model.Event
	var tm pgtypeTime
	var countFrom, countTo int64
	err := row.Scan(&e.Seq, &tm.ts, &tm.ns, &e.Actor, &e.Kind, &e.ProductID, &e.Product, &e.LicenseID, &e.UserID, &e.User,
		&e.AssetID, &e.Asset, &e.AllocationID, &e.From, &e.To, &countFrom, &countTo, &e.FirstLicense, &e.LastLicense,
		&e.Amount, &e.Note, &e.Hash)
	e.Time, e.CountFrom, e.CountTo = tm.time(), int(countFrom), int(countTo)
	return e, err
}

func (t *tx) AppendEvent(e *model.Event) error {
	if !t.write {
		return errReadOnly
	}
	r, err := t.orgRow()
	if err != nil {
		return err
	}
	if next := r.seq + 1; e.Seq != next {
		return model.Corruptf("event %d appended where %d is next", e.Seq, next)
	}
	// An event is always new: COPY may take it and its references
	// (fresh.go).
	tm, tmNs := keyTime(e.Time)
	if err := t.hold(freshEvents, e.Seq, tm, tmNs, e.Actor, e.Kind, e.ProductID, e.Product, e.LicenseID, e.UserID, e.User,
		e.AssetID, e.Asset, e.AllocationID, e.From, e.To, int64(e.CountFrom), int64(e.CountTo), e.FirstLicense, e.LastLicense,
		int64(e.Amount), e.Note, e.Hash); err != nil {
		return err
	}
	for _, ref := range e.Refs() {
		if err := t.hold(freshRefs, rune(ref.Kind), int64(ref.ID), e.Seq); err != nil {
			return err
		}
	}
	r.seq, t.rowDirty = e.Seq, true
	stored := *e
	t.lastEvent = &stored
	return nil
}

func (t *tx) LastSeq() (uint64, error) {
	r, err := t.orgRow()
	if err != nil {
		return 0, err
	}
	return r.seq, nil
}

func (t *tx) Event(seq uint64) (model.Event, error) {
	if t.lastEvent != nil && t.lastEvent.Seq == seq {
		return *t.lastEvent, nil
	}
	return one(t, scanEvent, selectEvents+`WHERE seq = $1`, seq)
}

func (t *tx) Events(from uint64, reverse bool, fn func(model.Event) bool) error {
	return paged(func(after *model.Event, limit int) ([]model.Event, error) {
		switch {
		case !reverse && after != nil:
			return collectN(t, limit, scanEvent, selectEvents+`WHERE seq > $1 ORDER BY seq LIMIT $2`, after.Seq, limit)
		case !reverse:
			return collectN(t, limit, scanEvent, selectEvents+`WHERE seq >= $1 ORDER BY seq LIMIT $2`, min(from, math.MaxInt64), limit)
		}
		below := uint64(math.MaxInt64)
		switch {
		case after != nil:
			below = after.Seq
		case from != 0 && from < math.MaxInt64:
			below = from + 1
		}
		return collectN(t, limit, scanEvent, selectEvents+`WHERE seq < $1 ORDER BY seq DESC LIMIT $2`, below, limit)
	}, fn)
}

func (t *tx) EventsAbout(ref model.Ref, fn func(model.Event) bool) error {
	return t.about(ref, false, fn)
}

func (t *tx) EventsAboutNewestFirst(ref model.Ref, fn func(model.Event) bool) error {
	return t.about(ref, true, fn)
}

func (t *tx) about(ref model.Ref, newestFirst bool, fn func(model.Event) bool) error {
	kind := string(rune(ref.Kind))
	return paged(func(after *model.Event, limit int) ([]model.Event, error) {
		if newestFirst {
			below := uint64(math.MaxInt64)
			if after != nil {
				below = after.Seq
			}
			return collectN(t, limit, scanEvent, selectEvents+`JOIN event_refs r ON r.seq = e.seq
				WHERE r.kind = $1::"char" AND r.ref_id = $2 AND r.seq < $3 ORDER BY r.seq DESC LIMIT $4`, kind, ref.ID, below, limit)
		}
		var above uint64
		if after != nil {
			above = after.Seq
		}
		return collectN(t, limit, scanEvent, selectEvents+`JOIN event_refs r ON r.seq = e.seq
			WHERE r.kind = $1::"char" AND r.ref_id = $2 AND r.seq > $3 ORDER BY r.seq LIMIT $4`, kind, ref.ID, above, limit)
	}, fn)
}

var _ model.EventCounter = (*tx)(nil)

// CountEvents counts the stored log in the server (with what is queued
// sent first), so model.Copy need not read a million events back.
func (t *tx) CountEvents() (int, error) {
	return one(t, func(row pgx.Row) (int, error) { var n int; return n, row.Scan(&n) }, `SELECT count(*) FROM events`)
}
