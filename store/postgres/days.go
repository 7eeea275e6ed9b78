package postgres

import (
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/seats/seats/model"
)

// Idle seats are counted by range of Since ("available for 30 days or
// more") on every dashboard and status. Counting the status index costs
// O(licenses), 150 ms at a million, so the store keeps, as bbolt does, a
// count per product, status and UTC day of Since (license_days), moved in
// the same transaction as every license change; CountByStatus adds up the
// whole days and counts the index only within the partial days at either
// end of the range.

// dayKey is one row of license_days.
type dayKey struct {
	product model.ID
	status  model.Status
	day     int64 // days since 1970-01-01 (UTC)
}

func dayOf(v time.Time) int64 {
	return int64(floorDiv(v.Unix(), 86400))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func dayStart(d int64) time.Time { return time.Unix(d*86400, 0).UTC() }

// moveDay records a license leaving (n -1) or entering (n +1) a day.
func (t *tx) moveDay(product model.ID, s model.Status, since time.Time, n int) {
	if t.days == nil {
		t.days = map[dayKey]int{}
	}
	t.days[dayKey{product, s, dayOf(since)}] += n
}

// moves are day counts to move, as the arrays of license_days' upsert.
type moves struct {
	products, ns []int64
	statuses     []string
	days         []time.Time
}

// dayMoves takes the day counts moved so far (nil: none).
func (t *tx) dayMoves() (*moves, error) {
	if len(t.days) == 0 {
		return nil, nil
	}
	m := &moves{}
	for k, n := range t.days {
		if n == 0 {
			continue
		}
		status, err := statusWord(k.status)
		if err != nil {
			return nil, err
		}
		m.products, m.statuses, m.days, m.ns = append(m.products, int64(k.product)), append(m.statuses, status), append(m.days, dayStart(k.day)), append(m.ns, int64(n))
	}
	clear(t.days)
	if len(m.products) == 0 {
		return nil, nil
	}
	return m, nil
}

// queueDays queues the day counts moved so far, in one statement.
func (t *tx) queueDays() error {
	m, err := t.dayMoves()
	if m == nil || err != nil {
		return err
	}
	t.queue.Queue(`INSERT INTO license_days (product_id, status, day, n)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::date[], $4::bigint[])
		ON CONFLICT (product_id, status, day) DO UPDATE SET n = license_days.n + EXCLUDED.n`, m.products, m.statuses, m.days, m.ns)
	return nil
}

// forgetDays drops the moves of a product being deleted: its rows go
// with it (ON DELETE CASCADE).
func (t *tx) forgetDays(product model.ID) {
	for k := range t.days {
		if k.product == product {
			delete(t.days, k)
		}
	}
}

// CountByStatus adds up whole days from license_days and counts the
// status index only for the partial days at either end: one round trip.
// A reader that asks for a second product's count of the same range (a
// status does, product by product) gets every product's in that round
// trip, and the rest from memory: its snapshot does not change.
func (t *tx) CountByStatus(product model.ID, s model.Status, from, to time.Time) (int, error) {
	status, err := statusWord(s)
	if err != nil {
		return 0, err
	}
	if t.write {
		if err := t.release(); err != nil {
			return 0, err
		}
		if err := t.queueDays(); err != nil {
			return 0, err
		}
	}
	if !to.IsZero() && !from.Before(to) {
		return 0, nil
	}
	scanN := func(row pgx.Row) (int, error) { var n int; return n, row.Scan(&n) }
	if t.write {
		args := []any{product, status}
		return one(t, scanN, `SELECT `+rangeCountSQL("$1", "$2", from, to, &args), args...)
	}
	key := rangeKey{s: s, from: from.Unix(), fromNs: from.Nanosecond(), to: to.Unix(), toNs: to.Nanosecond()}
	if counts, ok := t.ranges[key]; ok {
		return counts[product], nil
	}
	if t.ranges == nil {
		t.ranges, t.asked = map[rangeKey]map[model.ID]int{}, map[rangeKey]bool{}
	}
	if !t.asked[key] {
		t.asked[key] = true
		args := []any{product, status}
		return one(t, scanN, `SELECT `+rangeCountSQL("$1", "$2", from, to, &args), args...)
	}
	args := []any{status}
	type row struct {
		id model.ID
		n  int
	}
	rows, err := collect(t, func(r pgx.Row) (row, error) { var v row; return v, r.Scan(&v.id, &v.n) },
		rangeCountsSQL("$1", from, to, &args), args...)
	if err != nil {
		return 0, err
	}
	counts := make(map[model.ID]int, len(rows))
	for _, r := range rows {
		counts[r.id] = r.n
	}
	t.ranges[key] = counts
	return counts[product], nil
}

// rangeKey is one range of CountByStatus.
type rangeKey struct {
	s            model.Status
	from, to     int64
	fromNs, toNs int
}

// rangeCountSQL is the expression counting product's licenses of status
// with Since in [from, to) (zero to: no end), its arguments appended to
// args.
func rangeCountSQL(product, status string, from, to time.Time, args *[]any) string {
	index, days := rangeParts(product, status, from, to, args)
	if days == "" {
		return index
	}
	return index + ` + coalesce((SELECT sum(n) FROM license_days WHERE product_id = ` + product + ` AND status = ` + status + days + `), 0)`
}

// rangeCountsSQL is the query of every product's count of CountByStatus,
// (id, n) rows. The whole days are summed in one pass over license_days
// grouped by product: a product's day rows lie scattered over the
// table's pages, so summing product by product visits most pages once
// per product.
func rangeCountsSQL(status string, from, to time.Time, args *[]any) string {
	index, days := rangeParts("p.id", status, from, to, args)
	if days == "" {
		return `SELECT p.id, ` + index + ` FROM products p`
	}
	return `SELECT p.id, ` + index + ` + coalesce(d.n, 0) FROM products p LEFT JOIN
		(SELECT product_id, sum(n) AS n FROM license_days WHERE status = ` + status + days + ` GROUP BY product_id) d ON d.product_id = p.id`
}

// rangeParts splits a count of product's licenses of status with Since
// in [from, to) into the expression counting the status index within
// the partial days at either end, and the condition (" AND day …") on
// license_days' whole days between them ("": none).
func rangeParts(product, status string, from, to time.Time, args *[]any) (index, days string) {
	arg := func(v any) string { *args = append(*args, v); return "$" + strconv.Itoa(len(*args)) }
	// count counts the status index in [lo, hi).
	count := func(lo, hi time.Time) string {
		if !lo.Before(hi) {
			return `0`
		}
		loT, loNs := keyTime(lo)
		hiT, hiNs := keyTime(hi)
		return `(SELECT count(*) FROM licenses WHERE product_id = ` + product + ` AND status = ` + status +
			` AND (since, since_ns) >= (` + arg(loT) + `, ` + arg(loNs) + `) AND (since, since_ns) < (` + arg(hiT) + `, ` + arg(hiNs) + `))`
	}
	firstDay := dayOf(from) // the first day wholly inside
	if !dayStart(firstDay).Equal(from) {
		firstDay++
	}
	if !to.IsZero() && firstDay >= dayOf(to) {
		return count(from, to), ""
	}
	index = count(from, dayStart(firstDay))
	days = ` AND day >= ` + arg(dayStart(firstDay)) + `::date`
	if to.IsZero() {
		return index, days
	}
	lastDay := dayOf(to) // the first day not wholly inside
	days += ` AND day < ` + arg(dayStart(lastDay)) + `::date`
	return index + ` + ` + count(dayStart(lastDay), to), days
}
