package postgres

import (
	"strings"

	"github.com/jackc/pgx/v5"
)

// Rows new to the organization — licenses, events and their references
// whose keys lie above every stored one, so that nothing before them in
// the transaction can have touched them — are held back and sent by COPY
// (pgx CopyFrom), which loads them several times faster than as many
// INSERTs, each bound and executed apart. They always follow everything
// queued: a write queued after them, a read, and the commit send the
// queue first, then the held rows, table by table (a bulk load's users,
// licenses, events, then the references that point at the events), so the
// server sees every write in an order its foreign keys accept. A handful of rows, the
// usual single operation, rides in the queue as INSERTs instead: COPY
// costs round trips of its own.

const (
	freshUsers = iota // a bulk load's (bulk.go)
	freshLicenses
	freshEvents
	freshRefs
	nFresh
)

var freshTables = [nFresh]struct {
	name pgx.Identifier
	cols []string
}{
	freshUsers:    {pgx.Identifier{"users"}, columns(userCols)},
	freshLicenses: {pgx.Identifier{"licenses"}, columns(licenseCols)},
	freshEvents:   {pgx.Identifier{"events"}, columns(eventCols)},
	freshRefs:     {pgx.Identifier{"event_refs"}, []string{"kind", "ref_id", "seq"}},
}

const (
	// minCopy is the fewest held rows that go by COPY.
	minCopy = 64
	// maxFresh bounds the rows held in memory.
	maxFresh = 50_000
)

func columns(cols string) []string {
	names := strings.Split(cols, ",")
	for i, c := range names {
		names[i] = strings.TrimSpace(c)
	}
	return names
}

// hold keeps a new row of table for COPY.
func (t *tx) hold(table int, row ...any) error {
	if !t.write {
		return errReadOnly
	}
	t.fresh[table] = append(t.fresh[table], row)
	if t.nFresh++; t.nFresh >= maxFresh {
		return t.sendFresh()
	}
	return nil
}

// release makes the held rows part of what goes to the server next: a
// few are queued as INSERTs behind the queue, more go by COPY now, after
// the queue is sent.
func (t *tx) release() error {
	switch {
	case t.nFresh == 0:
		return nil
	case t.nFresh < minCopy:
		t.queueFresh()
		return nil
	}
	return t.sendFresh()
}

// queueFresh queues the held rows as INSERTs in COPY's order, each
// event with its references in one statement.
func (t *tx) queueFresh() {
	for _, row := range t.fresh[freshUsers] {
		t.queue.Queue(putUserSQL, row...)
	}
	for _, row := range t.fresh[freshLicenses] {
		t.queue.Queue(putLicenseSQL, row...)
	}
	refs := t.fresh[freshRefs]
	for _, row := range t.fresh[freshEvents] {
		kinds, ids, rest := refsOf(refs, row[0])
		if len(kinds) == 0 {
			t.queue.Queue(insertEventSQL, row...)
			continue
		}
		refs = rest
		t.queue.Queue(insertEventWithRefsSQL, append(row[:len(row):len(row)], kinds, ids)...)
	}
	// References of events not held here (none are appended that way).
	for len(refs) > 0 {
		seq := refs[0][2]
		kinds, ids, rest := refsOf(refs, seq)
		refs = rest
		t.queue.Queue(insertRefsSQL, kinds, ids, seq)
	}
	t.clearFresh()
}

// refsOf splits the leading references of event seq off refs.
func refsOf(refs [][]any, seq any) (kinds []string, ids []int64, rest [][]any) {
	for len(refs) > 0 && refs[0][2] == seq {
		kinds, ids = append(kinds, string(refs[0][0].(rune))), append(ids, refs[0][1].(int64))
		refs = refs[1:]
	}
	return kinds, ids, refs
}

// sendFresh sends the queue, then the held rows by COPY.
func (t *tx) sendFresh() error {
	if err := t.flushQueue(); err != nil {
		return err
	}
	t.open = true
	for table, rows := range t.fresh {
		if len(rows) == 0 {
			continue
		}
		if _, err := t.conn.Conn().CopyFrom(t.ctx, freshTables[table].name, freshTables[table].cols, pgx.CopyFromRows(rows)); err != nil {
			return t.db.explain(err)
		}
	}
	t.clearFresh()
	return nil
}

func (t *tx) clearFresh() {
	for i := range t.fresh {
		clear(t.fresh[i])
		t.fresh[i] = t.fresh[i][:0]
	}
	t.nFresh = 0
}
