package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/seats/seats/model"
)

// Check verifies what the store keeps beside the records, in one
// snapshot: the schema at this build's version with every index and
// constraint in place, the counters equal to a recount, no ID beyond its
// sequence, active licenses with a holder, the event log running 1..its
// sequence without gaps, and each event in the history of exactly the
// things it names. The hash chain and the domain's invariants are the
// domain's to verify (model.CheckTx), as on every backend. It returns one
// line per violation.
func (db *DB) Check() ([]string, error) {
	c := &checker{}
	ctx := context.Background()
	pg, err := db.pool.BeginTx(ctx, readTx)
	if err != nil {
		return nil, db.explain(err)
	}
	defer pg.Rollback(ctx)
	if sql := db.unbounded(); sql != "" {
		if _, err := pg.Exec(ctx, sql); err != nil {
			return nil, db.explain(err)
		}
	}
	for _, step := range []func(context.Context, pgx.Tx) error{db.checkSchema, c.counters, c.days, c.sequences, c.events} {
		var aborted *checkAborted
		if err := step(ctx, pg); errors.As(err, &aborted) {
			return aborted.bad, nil
		} else if err != nil {
			return nil, db.explain(err)
		}
	}
	return c.List(), nil
}

type checker struct{ model.Problems }

// each runs a query and hands every row to fn.
func each(ctx context.Context, pg pgx.Tx, sql string, fn func(pgx.Rows) error) error {
	rows, err := pg.Query(ctx, sql)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// The indexes the reads rely on; a DBA who drops one makes seats slow or,
// for a unique one, lets the data break the domain's rules.
var wantIndexes = []string{
	"allocation_members_by_user", "allocation_members_pkey", "allocation_users_pkey", "allocations_name_key_key", "allocations_pkey",
	"assets_name_key_key", "assets_pkey", "event_refs_by_event", "event_refs_pkey", "events_pkey",
	"license_days_pkey", "licenses_by_holder", "licenses_by_status", "licenses_pkey", "organization_pkey", "product_counts_pkey",
	"products_name_key_key", "products_pkey", "scheduled_by_time", "scheduled_pkey", "schema_migrations_pkey", "users_by_email", "users_email", "users_pkey",
}

func (db *DB) checkSchema(ctx context.Context, pg pgx.Tx) error {
	v, err := version(ctx, pg, db.schema)
	if err != nil {
		return err
	}
	var bad []string
	if v != SchemaVersion {
		bad = append(bad, fmt.Sprintf("schema %s is at version %d, this seats writes %d", db.schema, v, SchemaVersion))
	}
	have := map[string]bool{}
	err = each(ctx, pg, `SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()`, func(r pgx.Rows) error {
		var name string
		var valid bool
		if err := r.Scan(&name, &valid); err != nil {
			return err
		}
		have[name] = true
		if !valid {
			bad = append(bad, fmt.Sprintf("index %s is not valid: REINDEX it", name))
		}
		return nil
	})
	for _, name := range wantIndexes {
		if !have[name] {
			bad = append(bad, fmt.Sprintf("index %s is missing", name))
		}
	}
	var rows int
	if err == nil {
		err = pg.QueryRow(ctx, `SELECT count(*) FROM organization`).Scan(&rows)
	}
	if err == nil && rows != 1 {
		bad = append(bad, fmt.Sprintf("the organization table holds %d rows, not 1", rows))
	}
	if len(bad) > 0 {
		return &checkAborted{bad}
	}
	return err
}

// checkAborted stops a check whose schema is not what the rest assumes;
// Check reports its lines instead of an error.
type checkAborted struct{ bad []string }

func (e *checkAborted) Error() string { return strings.Join(e.bad, "; ") }

// counters compares each product's kept counters with a recount.
func (c *checker) counters(ctx context.Context, pg pgx.Tx) error {
	return each(ctx, pg, `WITH recount AS (
			SELECT product_id, count(*) FILTER (WHERE status = 'available') AS a,
				count(*) FILTER (WHERE status = 'active') AS c, count(*) FILTER (WHERE status = 'deactivated') AS d
			FROM licenses GROUP BY product_id)
		SELECT p.id, c.product_id IS NOT NULL, coalesce(c.available, 0), coalesce(c.active, 0), coalesce(c.deactivated, 0),
			coalesce(r.a, 0), coalesce(r.c, 0), coalesce(r.d, 0)
		FROM products p LEFT JOIN product_counts c ON c.product_id = p.id LEFT JOIN recount r ON r.product_id = p.id
		WHERE c.product_id IS NULL OR (c.available, c.active, c.deactivated) IS DISTINCT FROM (coalesce(r.a, 0), coalesce(r.c, 0), coalesce(r.d, 0))
		ORDER BY p.id`, func(r pgx.Rows) error {
		var id model.ID
		var kept bool
		var got, want model.Counts
		if err := r.Scan(&id, &kept, &got.Available, &got.Active, &got.Deactivated, &want.Available, &want.Active, &want.Deactivated); err != nil {
			return err
		}
		if !kept {
			c.Addf("product %d has no counters, a recount %+v", id, want)
		} else {
			c.Addf("product %d: counters say %+v, a recount %+v", id, got, want)
		}
		return nil
	})
}

// days compares the kept counts per product, status and day with a
// recount.
func (c *checker) days(ctx context.Context, pg pgx.Tx) error {
	return each(ctx, pg, `WITH recount AS (
			SELECT product_id, status, (since AT TIME ZONE 'UTC')::date AS day, count(*) AS n FROM licenses GROUP BY 1, 2, 3),
		kept AS (SELECT product_id, status, day, n FROM license_days WHERE n <> 0)
		SELECT coalesce(k.product_id, r.product_id), coalesce(k.status, r.status), coalesce(k.day, r.day)::text,
			coalesce(k.n, 0), coalesce(r.n, 0)
		FROM kept k FULL JOIN recount r ON (k.product_id, k.status, k.day) = (r.product_id, r.status, r.day)
		WHERE coalesce(k.n, 0) <> coalesce(r.n, 0)
		ORDER BY 1, 2, 3`, func(r pgx.Rows) error {
		var id model.ID
		var status, day string
		var kept, want int64
		if err := r.Scan(&id, &status, &day, &kept, &want); err != nil {
			return err
		}
		c.Addf("product %d: the day counts say %d %s since %s, a recount %d", id, kept, status, day, want)
		return nil
	})
}

// sequences checks that no record has an ID its sequence has not handed
// out (the next new record would collide with it), and that active
// licenses name their holder.
func (c *checker) sequences(ctx context.Context, pg pgx.Tx) error {
	err := each(ctx, pg, `SELECT t, n, last FROM organization o, LATERAL (VALUES
			('product', (SELECT max(id) FROM products), o.last_product_id),
			('license', (SELECT max(id) FROM licenses), o.last_license_id),
			('user', (SELECT max(id) FROM users), o.last_user_id),
			('asset', (SELECT max(id) FROM assets), o.last_asset_id),
			('allocation', (SELECT max(id) FROM allocations), o.last_allocation_id),
			('scheduled change', (SELECT max(id) FROM scheduled), o.last_scheduled_id)) AS x(t, n, last)
		WHERE n > last`, func(r pgx.Rows) error {
		var kind string
		var n, last uint64
		if err := r.Scan(&kind, &n, &last); err != nil {
			return err
		}
		c.Addf("%s %d is beyond the %s sequence %d", kind, n, kind, last)
		return nil
	})
	if err != nil {
		return err
	}
	return each(ctx, pg, `SELECT id FROM licenses WHERE status = 'active' AND (assignee_kind IS NULL OR assignee_id = 0) ORDER BY id`,
		func(r pgx.Rows) error {
			var id model.ID
			if err := r.Scan(&id); err != nil {
				return err
			}
			c.Addf("%s is active without an assignee", model.LicenseCode(id))
			return nil
		})
}

// events walks the log once in sequence order, with each event's history
// rows beside it, and compares them with what the domain says the event
// is about (Event.Refs).
func (c *checker) events(ctx context.Context, pg pgx.Tx) error {
	var last uint64
	if err := pg.QueryRow(ctx, `SELECT last_event_seq FROM organization`).Scan(&last); err != nil {
		return err
	}
	next := uint64(1)
	err := each(ctx, pg, `SELECT e.seq, e.product_id, e.license_id, e.user_id, e.asset_id, e.allocation_id,
			ARRAY(SELECT (r.kind::text || r.ref_id) COLLATE "C" AS ref FROM event_refs r WHERE r.seq = e.seq ORDER BY ref)
		FROM events e ORDER BY e.seq`, func(r pgx.Rows) error {
		var e model.Event
		var refs []string
		if err := r.Scan(&e.Seq, &e.ProductID, &e.LicenseID, &e.UserID, &e.AssetID, &e.AllocationID, &refs); err != nil {
			return err
		}
		if e.Seq != next {
			c.Addf("the event log jumps from %d to %d", next-1, e.Seq)
		}
		next = e.Seq + 1
		var want []string
		for _, ref := range e.Refs() {
			want = append(want, fmt.Sprintf("%c%d", ref.Kind, ref.ID))
		}
		slices.Sort(want)
		if !slices.Equal(refs, want) {
			c.Addf("event %d is in the history of %v, it names %v", e.Seq, refs, want)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if next-1 != last {
		c.Addf("the event log ends at %d, its sequence says %d", next-1, last)
	}
	return nil
}
