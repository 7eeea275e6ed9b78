package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/seats/seats/model"
)

// tx is one transaction. The methods of model.Tx live beside their record
// family: products.go, licenses.go, users.go, assets.go, allocations.go,
// schedule.go, events.go.
//
// Writes that return nothing the domain needs are queued and sent to the
// server together (one round trip) before the next read and at the end,
// so a bulk change of 50,000 licenses costs a few hundred round trips,
// not 50,000. A failed queued write fails the read or the commit that
// sends it, and the transaction with it.
type tx struct {
	ctx   context.Context
	db    *DB
	conn  *pgxpool.Conn
	write bool
	open  bool // BEGIN was sent, and neither COMMIT nor ROLLBACK has ended it
	queue pgx.Batch

	row      *orgRow // the organization's row: read at the lock, or on first use
	rowDirty bool

	counts    map[model.ID]*counted // per-product counters this transaction read or changed
	allCounts bool                  // every product's counters are in counts
	// lic holds the licenses this write transaction read or wrote (up to
	// maxCached), so PutLicense knows the version it replaces.
	lic map[model.ID]model.License
	// lastEvent is the newest event (read at the lock, or appended here),
	// which the domain reads back to chain the next one.
	lastEvent *model.Event
	// schedule is the schedule as read at the lock, until it changes.
	schedule []model.Scheduled
	// fresh holds new rows for COPY behind the queue (fresh.go); nFresh
	// counts them.
	fresh  [nFresh][][]any
	nFresh int
	// days holds the moves of license_days not yet queued (days.go).
	days map[dayKey]int
	// members are the (user, product) pairs of the allocations a reader
	// listed, and held the seats they hold, read for all of them at once
	// on the first HeldOf of one (a snapshot does not change).
	members map[[2]model.ID]bool
	held    map[[2]model.ID]model.License
	// ranges are a reader's counts of every product for a range of
	// CountByStatus asked for twice (asked).
	ranges map[rangeKey]map[model.ID]int
	asked  map[rangeKey]bool
	// users and heldBy are a writer's users and holders' seats as read
	// or written here (the owner's from the start: most operations act as
	// the owner); a seat put drops its holders' lists.
	users  map[model.ID]model.User
	heldBy map[holder][]model.License
	// riders are reads for the next round trip (riders.go); products
	// are every product, as read with the first (nil: not kept), and
	// heldRead the seats a holder rider read.
	riders      []rider
	products    []model.Product
	heldRead    []model.License
	heldReadOK  bool
	holderRides int
	// byEmail files the kept users by lower-cased email; allEmails: it
	// holds every stored one (emails.go).
	byEmail   map[string]model.ID
	allEmails bool
	emailAsks int
	// page holds the holders of a reader's first page of licenses
	// (users.go).
	page pageHolders
}

type holder struct {
	kind model.AssigneeKind
	id   model.ID
}

var _ model.Tx = (*tx)(nil)

const (
	// maxQueued bounds the writes held before they are sent.
	maxQueued = 2000
	maxCached = 100_000
)

type counted struct {
	model.Counts
	dirty bool
}

// orgRow is the organization's row: the organization, and the last ID of
// each record type and the last event.
type orgRow struct {
	setUp bool
	org   model.Org
	last  [nIDs]uint64
	seq   uint64
}

// The ID sequences kept in the organization's row, in column order.
const (
	idProduct = iota
	idLicense
	idUser
	idAsset
	idAllocation
	idScheduled
	nIDs
)

const orgCols = `set_up, name, currency, anchor_day, expiry_warning_days, owner_id, invoiced_at, invoiced_at_ns,
	last_product_id, last_license_id, last_user_id, last_asset_id, last_allocation_id, last_scheduled_id, last_event_seq`

var errReadOnly = errors.New("a read-only transaction cannot write")

func newTx(ctx context.Context, db *DB, conn *pgxpool.Conn, write bool) *tx {
	t := &tx{ctx: ctx, db: db, conn: conn, write: write, counts: map[model.ID]*counted{}, heldBy: map[holder][]model.License{}}
	if write {
		t.lic = map[model.ID]model.License{}
		t.users = map[model.ID]model.User{}
	}
	return t
}

// begin starts the transaction. A reader's BEGIN goes out with its first
// read. A writer's goes out with the lock on the organization's row
// (waiting at most lock_timeout for the writer holding it) and the reads
// every operation starts with, the newest event, the schedule and the
// counters: one round trip. In READ COMMITTED each statement sees what committed
// before it, so the reads behind the lock see the last writer's work.
func (t *tx) begin() error {
	if !t.write {
		t.queue.Queue(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`)
		// Nearly every reader starts with the organization, and a status
		// with every product and its counters: a row or two each.
		t.ride(rider{sql: `SELECT ` + orgCols + ` FROM organization`, take: takeAll(scanOrgRow, func(r []orgRow) {
			if len(r) == 1 && t.row == nil {
				t.row = &r[0]
			}
		})})
		t.rideProducts()
		t.ride(rider{sql: selectCounts, take: takeAll(scanCounts, t.keepCounts)})
		return nil
	}
	b := &pgx.Batch{}
	b.Queue(`BEGIN ISOLATION LEVEL READ COMMITTED`)
	b.Queue(`SELECT ` + orgCols + ` FROM organization FOR UPDATE`)
	b.Queue(selectEvents + `WHERE seq = (SELECT last_event_seq FROM organization)`)
	b.Queue(`SELECT ` + scheduledCols + ` FROM scheduled ORDER BY at, at_ns, id`)
	b.Queue(selectCounts)
	b.Queue(`SELECT ` + userCols + ` FROM users WHERE id = (SELECT owner_id FROM organization)`)
	b.Queue(`SELECT ` + licenseCols + ` FROM licenses WHERE status = 'active' AND assignee_kind = 'user'
		AND assignee_id = (SELECT owner_id FROM organization) ORDER BY product_id, id`)
	t.rideProducts()
	for _, r := range t.riders {
		b.Queue(r.sql, r.args...)
	}
	riders := t.riders
	t.riders = nil
	t.open = true
	br := t.conn.SendBatch(t.ctx, b)
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return t.db.explain(err)
	}
	rows, err := br.Query()
	if err != nil {
		return t.db.explain(err)
	}
	r, err := readAll(rows, scanOrgRow)
	if err != nil {
		return t.db.explain(err)
	}
	if len(r) != 1 {
		return model.Corruptf("schema %s has %d organization rows", t.db.schema, len(r))
	}
	t.row = &r[0]
	if rows, err = br.Query(); err != nil {
		return t.db.explain(err)
	}
	last, err := readAll(rows, scanEvent)
	if err != nil {
		return t.db.explain(err)
	}
	if len(last) == 1 {
		t.lastEvent = &last[0]
	}
	if rows, err = br.Query(); err != nil {
		return t.db.explain(err)
	}
	sched, err := readAll(rows, scanScheduled)
	if err != nil {
		return t.db.explain(err)
	}
	t.schedule = sched
	if t.schedule == nil {
		t.schedule = []model.Scheduled{}
	}
	if rows, err = br.Query(); err != nil {
		return t.db.explain(err)
	}
	cs, err := readAll(rows, scanCounts)
	if err != nil {
		return t.db.explain(err)
	}
	t.keepCounts(cs)
	if rows, err = br.Query(); err != nil {
		return t.db.explain(err)
	}
	owner, err := readAll(rows, scanUser)
	if err != nil {
		return t.db.explain(err)
	}
	if rows, err = br.Query(); err != nil {
		return t.db.explain(err)
	}
	held, err := readAll(rows, scanLicense)
	if err != nil {
		return t.db.explain(err)
	}
	for _, r := range riders {
		rows, err := br.Query()
		if err == nil {
			err = r.take(rows)
		}
		if err != nil {
			return t.db.explain(err)
		}
	}
	if len(owner) == 1 {
		t.users[owner[0].ID] = owner[0]
		t.keepEmail(owner[0])
		t.heldBy[holder{model.AssigneeUser, owner[0].ID}] = held
		for _, l := range held {
			t.lic[l.ID] = l
		}
	}
	return t.db.explain(br.Close())
}

// commit ends a writer with what is queued, its counters, the
// organization's row, the notification and COMMIT in one round trip.
func (t *tx) commit() error {
	if !t.write {
		if !t.open {
			return nil
		}
		_, err := t.conn.Exec(t.ctx, `COMMIT`)
		t.open = err != nil
		return t.db.explain(err)
	}
	if err := t.release(); err != nil {
		return err
	}
	if err := t.finish(); err != nil {
		return err
	}
	t.queue.Queue(`COMMIT`)
	if err := t.flushQueue(); err != nil {
		return err
	}
	t.open = false
	return nil
}

// end rolls back what did not commit and gives the connection back; a
// connection that cannot even roll back is closed, not reused.
func (t *tx) end() {
	if t.open {
		if _, err := t.conn.Exec(context.Background(), `ROLLBACK`); err != nil {
			t.conn.Conn().Close(context.Background())
		}
	}
	t.conn.Release()
}

func scanOrgRow(row pgx.Row) (orgRow, error) {
	var r orgRow
	var inv pgtype.Timestamptz
	var invNs int16
	o := &r.org
	err := row.Scan(&r.setUp, &o.Name, &o.Currency, &o.AnchorDay, &o.ExpiryWarningDays, &o.OwnerID, &inv, &invNs,
		&r.last[idProduct], &r.last[idLicense], &r.last[idUser], &r.last[idAsset], &r.last[idAllocation], &r.last[idScheduled], &r.seq)
	o.InvoicedAt = fromTime(inv, invNs)
	return r, err
}

// orgRow is the organization's row; a reader reads it on first use.
func (t *tx) orgRow() (*orgRow, error) {
	if t.row == nil {
		r, err := one(t, scanOrgRow, `SELECT `+orgCols+` FROM organization`)
		if errors.Is(err, model.ErrNotFound) {
			return nil, model.Corruptf("schema %s has no organization row", t.db.schema)
		}
		if err != nil {
			return nil, err
		}
		t.row = &r
	}
	return t.row, nil
}

// finish queues the day counts, the counters, the organization's row
// and the notification that commits with them as one statement (each a
// data-modifying CTE): the server's cost of a small write transaction is
// mostly per statement, not per row.
func (t *tx) finish() error {
	r, err := t.orgRow()
	if err != nil {
		return err
	}
	var parts []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	days, err := t.dayMoves()
	if err != nil {
		return err
	}
	if days != nil {
		parts = append(parts, `INSERT INTO license_days (product_id, status, day, n)
		SELECT * FROM unnest(`+arg(days.products)+`::bigint[], `+arg(days.statuses)+`::text[], `+arg(days.days)+`::date[], `+arg(days.ns)+`::bigint[])
		ON CONFLICT (product_id, status, day) DO UPDATE SET n = license_days.n + EXCLUDED.n`)
	}
	var ids, avail, active, deact []int64
	for id, c := range t.counts {
		if c.dirty {
			ids, avail, active, deact = append(ids, int64(id)), append(avail, int64(c.Available)), append(active, int64(c.Active)), append(deact, int64(c.Deactivated))
		}
	}
	if len(ids) > 0 {
		parts = append(parts, `INSERT INTO product_counts (product_id, available, active, deactivated)
		SELECT * FROM unnest(`+arg(ids)+`::bigint[], `+arg(avail)+`::bigint[], `+arg(active)+`::bigint[], `+arg(deact)+`::bigint[])
		ON CONFLICT (product_id) DO UPDATE SET available = EXCLUDED.available, active = EXCLUDED.active, deactivated = EXCLUDED.deactivated`)
	}
	if t.rowDirty {
		o := r.org
		inv, invNs := toTime(o.InvoicedAt)
		parts = append(parts, `UPDATE organization SET set_up = `+arg(r.setUp)+`, name = `+arg(o.Name)+`, currency = `+arg(o.Currency)+
			`, anchor_day = `+arg(o.AnchorDay)+`, expiry_warning_days = `+arg(o.ExpiryWarningDays)+`, owner_id = `+arg(o.OwnerID)+
			`, invoiced_at = `+arg(inv)+`::timestamptz, invoiced_at_ns = `+arg(invNs)+`, last_product_id = `+arg(r.last[idProduct])+
			`, last_license_id = `+arg(r.last[idLicense])+`, last_user_id = `+arg(r.last[idUser])+`, last_asset_id = `+arg(r.last[idAsset])+
			`, last_allocation_id = `+arg(r.last[idAllocation])+`, last_scheduled_id = `+arg(r.last[idScheduled])+`, last_event_seq = `+arg(r.seq))
	}
	// The notification is delivered when (and only if) the transaction
	// commits.
	notify := `SELECT pg_notify(` + arg(t.db.channel()) + `, ` + arg(strconv.FormatUint(r.seq, 10)) + `)`
	if len(parts) == 0 {
		t.queue.Queue(notify, args...)
		return nil
	}
	var sql strings.Builder
	for i, p := range parts {
		if i == 0 {
			sql.WriteString("WITH ")
		} else {
			sql.WriteString(", ")
		}
		sql.WriteString("w" + strconv.Itoa(i) + " AS (" + p + ")")
	}
	sql.WriteString(" " + notify)
	t.queue.Queue(sql.String(), args...)
	return nil
}

// exec queues a write, behind the new rows held for COPY.
func (t *tx) exec(sql string, args ...any) error {
	if !t.write {
		return errReadOnly
	}
	if err := t.release(); err != nil {
		return err
	}
	t.queue.Queue(sql, args...)
	if t.queue.Len() >= maxQueued {
		return t.flushQueue()
	}
	return nil
}

// flushQueue sends the queued writes.
func (t *tx) flushQueue() error {
	n := t.queue.Len()
	if n == 0 {
		return nil
	}
	b := t.queue
	t.queue = pgx.Batch{}
	t.open = true
	br := t.conn.SendBatch(t.ctx, &b)
	var first error
	for range n {
		if _, err := br.Exec(); err != nil && first == nil {
			first = err
		}
	}
	if err := br.Close(); err != nil && first == nil {
		first = err
	}
	return t.db.explain(first)
}

// collect reads every row of a query with scan, sending what is queued
// ahead of it in the same round trip so the read sees it. The connection
// is free again when it returns, so callbacks may read and write.
func collect[T any](t *tx, scan func(pgx.Row) (T, error), sql string, args ...any) ([]T, error) {
	return collectN(t, 0, scan, sql, args...)
}

// collectN is collect for a query of about n rows (a page's limit): the
// rows go into room made once, where growing a slice of 4,096 events
// copied each of them about twice.
func collectN[T any](t *tx, n int, scan func(pgx.Row) (T, error), sql string, args ...any) ([]T, error) {
	var (
		rows pgx.Rows
		br   pgx.BatchResults
		err  error
	)
	if err := t.release(); err != nil {
		return nil, err
	}
	if n := t.queue.Len(); n > 0 || len(t.riders) > 0 {
		b, riders := t.queue, t.riders
		t.queue, t.riders = pgx.Batch{}, nil
		for _, r := range riders {
			b.Queue(r.sql, r.args...)
		}
		b.Queue(sql, args...)
		t.open = true
		br = t.conn.SendBatch(t.ctx, &b)
		for range n {
			if _, err := br.Exec(); err != nil {
				br.Close()
				return nil, t.db.explain(err)
			}
		}
		for _, r := range riders {
			rs, err := br.Query()
			if err == nil {
				err = r.take(rs)
			}
			if err != nil {
				br.Close()
				return nil, t.db.explain(err)
			}
		}
		rows, err = br.Query()
	} else {
		rows, err = t.conn.Query(t.ctx, sql, args...)
	}
	var out []T
	if err == nil {
		if n > 0 {
			out = make([]T, 0, n)
		}
		err = readInto(&out, rows, scan)
	}
	if br != nil {
		if cerr := br.Close(); err == nil {
			err = cerr
		}
	}
	return out, t.db.explain(err)
}

// readAll scans every row and closes rows.
func readAll[T any](rows pgx.Rows, scan func(pgx.Row) (T, error)) ([]T, error) {
	var out []T
	err := readInto(&out, rows, scan)
	return out, err
}

// readInto appends every row to out and closes rows.
func readInto[T any](out *[]T, rows pgx.Rows, scan func(pgx.Row) (T, error)) error {
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			*out = nil
			return err
		}
		*out = append(*out, v)
	}
	return rows.Err()
}

// one reads the single row a query returns, or ErrNotFound.
func one[T any](t *tx, scan func(pgx.Row) (T, error), sql string, args ...any) (T, error) {
	vs, err := collect(t, scan, sql, args...)
	if err != nil || len(vs) == 0 {
		var zero T
		if err == nil {
			err = model.ErrNotFound
		}
		return zero, err
	}
	return vs[0], nil
}

// paged hands fn the rows of a keyset-paged listing: fetch returns the
// page after the last row handed out (nil: the first) of at most limit
// rows. Pages start small, since the domain often wants only the first
// row (the oldest free seat), and grow for listings.
func paged[T any](fetch func(after *T, limit int) ([]T, error), fn func(T) bool) error {
	return pagedFrom(16, fetch, fn)
}

// pagedFrom is paged with a first page of limit rows.
func pagedFrom[T any](limit int, fetch func(after *T, limit int) ([]T, error), fn func(T) bool) error {
	var after *T
	for {
		page, err := fetch(after, limit)
		if err != nil {
			return err
		}
		for _, v := range page {
			if !fn(v) {
				return nil
			}
		}
		if len(page) < limit {
			return nil
		}
		after = &page[len(page)-1]
		limit = min(limit*4, 4096)
	}
}

// inIDOrder hands fn every row of a table in ID order, paged.
func inIDOrder[T any](t *tx, scan func(pgx.Row) (T, error), cols, table string, id func(T) model.ID, fn func(T) bool) error {
	sql := `SELECT ` + cols + ` FROM ` + table + ` WHERE id > $1 ORDER BY id LIMIT $2`
	return paged(func(after *T, limit int) ([]T, error) {
		var from model.ID
		if after != nil {
			from = id(*after)
		}
		return collect(t, scan, sql, from, limit)
	}, fn)
}

// assignID gives a new record the next ID of its type; a record that
// comes with an ID (an import, a migration) moves the sequence past it.
func (t *tx) assignID(kind int, id *model.ID) error {
	if !t.write {
		return errReadOnly
	}
	r, err := t.orgRow()
	if err != nil {
		return err
	}
	switch {
	case *id == 0:
		r.last[kind]++
		*id = r.last[kind]
	case *id > r.last[kind]:
		r.last[kind] = *id
	default:
		return nil
	}
	t.rowDirty = true
	return nil
}

// Times are stored as PostgreSQL's microseconds and the nanoseconds
// beyond them (see the schema). A zero time is NULL where a column may be
// empty; ordering columns keep it as the year 1.
func toTime(v time.Time) (any, int16) {
	if v.IsZero() {
		return nil, 0
	}
	return keyTime(v)
}

func keyTime(v time.Time) (time.Time, int16) {
	us := v.Truncate(time.Microsecond)
	return us, int16(v.Sub(us))
}

func fromTime(ts pgtype.Timestamptz, ns int16) time.Time {
	if !ts.Valid {
		return time.Time{}
	}
	return ts.Time.UTC().Add(time.Duration(ns))
}

// Dates are PostgreSQL dates, empty as NULL.
func toDate(d model.Date) any {
	if d == "" {
		return nil
	}
	return string(d)
}

func fromDate(d pgtype.Date) model.Date {
	if !d.Valid {
		return ""
	}
	return model.DateOf(d.Time)
}

// nameKey is how a name column's key spells a name: case does not make
// two products, assets or allocations different.
func nameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// channel is the NOTIFY channel of the organization's schema. A channel
// name is an identifier (at most 63 bytes), so a long schema name is
// stood for by its hash.
func (db *DB) channel() string {
	if name := "seats." + db.schema; len(name) <= 63 {
		return name
	}
	sum := sha256.Sum256([]byte(db.schema))
	return "seats." + hex.EncodeToString(sum[:16])
}

func (t *tx) Org() (model.Org, error) {
	r, err := t.orgRow()
	if err != nil {
		return model.Org{}, err
	}
	if !r.setUp {
		return model.Org{}, model.ErrNotFound
	}
	return r.org, nil
}

func (t *tx) PutOrg(o model.Org) error {
	if !t.write {
		return errReadOnly
	}
	r, err := t.orgRow()
	if err != nil {
		return err
	}
	r.setUp, r.org, t.rowDirty = true, o, true
	return nil
}

// upsert is the statement that stores a record under its key (the first
// column), inserting or replacing it; its arguments are cols in order.
func upsert(table, cols string) string {
	names := strings.Split(cols, ",")
	var ph, set []string
	for i, c := range names {
		c = strings.TrimSpace(c)
		names[i] = c
		ph = append(ph, "$"+strconv.Itoa(i+1))
		if i > 0 {
			set = append(set, c+" = EXCLUDED."+c)
		}
	}
	return "INSERT INTO " + table + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(ph, ", ") +
		") ON CONFLICT (" + names[0] + ") DO UPDATE SET " + strings.Join(set, ", ")
}

// pgtypeTime scans a time column and its nanoseconds.
type pgtypeTime struct {
	ts pgtype.Timestamptz
	ns int16
}

func (p pgtypeTime) time() time.Time { return fromTime(p.ts, p.ns) }

// LastIDs reads the ID sequences of the organization's row.
func (t *tx) LastIDs() (model.LastIDs, error) {
	r, err := t.orgRow()
	if err != nil {
		return model.LastIDs{}, err
	}
	l := r.last
	return model.LastIDs{Products: l[idProduct], Licenses: l[idLicense], Users: l[idUser], Assets: l[idAsset],
		Allocations: l[idAllocation], Scheduled: l[idScheduled]}, nil
}

// RaiseLastIDs moves the organization row's ID sequences up to ids'.
func (t *tx) RaiseLastIDs(ids model.LastIDs) error {
	for kind, id := range map[int]model.ID{idProduct: ids.Products, idLicense: ids.Licenses, idUser: ids.Users,
		idAsset: ids.Assets, idAllocation: ids.Allocations, idScheduled: ids.Scheduled} {
		if id == 0 {
			continue
		}
		if err := t.assignID(kind, &id); err != nil {
			return err
		}
	}
	return nil
}
