package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// migration is one step of the schema. The steps are an ordered list in
// Go rather than files for a library such as goose: there are few of
// them, they must run inside the transaction that holds the schema's lock
// (so two seats processes starting together never both apply one), and a
// list the build carries cannot go missing or out of order on a host.
// A shipped step is never edited: a change is a new step at the end.
type migration struct {
	name string
	sql  string
}

// migrations[i] brings the schema to version i+1.
var migrations = []migration{
	{"tables for one organization", schemaV1},
	{"event log views for reporting", schemaV2},
	{"licenses per product, status and day; users by email", schemaV3},
	{"assets can be retired", schemaAssetsRetired},
	{"notification settings, alert states and the outbox", schemaNotify},
}

// SchemaVersion is the schema this build writes.
var SchemaVersion = len(migrations)

// Times keep PostgreSQL's microseconds in a timestamptz column people can
// query, and the nanoseconds beyond them in a column of their own (_ns):
// the domain's times, and the event hashes computed from them, are exact
// to the nanosecond. IDs that mean "none" when zero are 0, not NULL, as
// the domain has them. Names are matched through *_key columns the store
// fills as the domain compares names (lower-cased, trimmed), in byte order
// (COLLATE "C"), so Go and PostgreSQL never disagree on a case mapping.
const schemaV1 = `
CREATE TABLE organization (
	-- The one row of this schema; every writer locks it first.
	id boolean PRIMARY KEY DEFAULT true CHECK (id),
	set_up boolean NOT NULL DEFAULT false,
	name text NOT NULL DEFAULT '',
	currency text NOT NULL DEFAULT '',
	anchor_day integer NOT NULL DEFAULT 0,
	expiry_warning_days integer NOT NULL DEFAULT 0,
	owner_id bigint NOT NULL DEFAULT 0,
	invoiced_at timestamptz,
	invoiced_at_ns smallint NOT NULL DEFAULT 0,
	-- The last ID handed out per record type, and the last event: never
	-- lowered by a delete, rolled back with the transaction that raised it.
	last_product_id bigint NOT NULL DEFAULT 0,
	last_license_id bigint NOT NULL DEFAULT 0,
	last_user_id bigint NOT NULL DEFAULT 0,
	last_asset_id bigint NOT NULL DEFAULT 0,
	last_allocation_id bigint NOT NULL DEFAULT 0,
	last_scheduled_id bigint NOT NULL DEFAULT 0,
	last_event_seq bigint NOT NULL DEFAULT 0
);
INSERT INTO organization DEFAULT VALUES;

CREATE TABLE products (
	id bigint PRIMARY KEY,
	name text NOT NULL,
	name_key text COLLATE "C" NOT NULL UNIQUE,
	software text NOT NULL,
	vendor text NOT NULL,
	license_type text NOT NULL,
	kind text NOT NULL,
	contracted integer NOT NULL,
	period text NOT NULL,
	net_price bigint NOT NULL,
	vat_basis integer NOT NULL,
	purchased date,
	expires date,
	support_until date,
	invoice text NOT NULL,
	serial text NOT NULL,
	inventory text NOT NULL,
	org_unit text NOT NULL,
	location text NOT NULL,
	keys text NOT NULL,
	policy text NOT NULL,
	reduce_on_termination boolean NOT NULL,
	notes text NOT NULL,
	pending_removal integer NOT NULL,
	created timestamptz,
	created_ns smallint NOT NULL
);

-- Kept in the transaction that changes a license, never recounted on read.
CREATE TABLE product_counts (
	product_id bigint PRIMARY KEY REFERENCES products ON DELETE CASCADE,
	available bigint NOT NULL,
	active bigint NOT NULL,
	deactivated bigint NOT NULL
);

CREATE TABLE licenses (
	id bigint PRIMARY KEY,
	product_id bigint NOT NULL REFERENCES products ON DELETE CASCADE,
	status text NOT NULL CHECK (status IN ('available', 'active', 'deactivated')),
	-- 'user' or 'asset' while active; no foreign key, as either table may be meant.
	assignee_kind text CHECK (assignee_kind IN ('user', 'asset')),
	assignee_id bigint NOT NULL,
	created timestamptz,
	created_ns smallint NOT NULL,
	assigned_at timestamptz,
	assigned_at_ns smallint NOT NULL,
	since timestamptz NOT NULL,
	since_ns smallint NOT NULL,
	created_seq bigint NOT NULL
);
-- The oldest free seat first, idle seats by range.
CREATE INDEX licenses_by_status ON licenses (product_id, status, since, since_ns, id);
-- One seat of a product per holder.
CREATE UNIQUE INDEX licenses_by_holder ON licenses (assignee_kind, assignee_id, product_id) WHERE status = 'active';

CREATE TABLE users (
	id bigint PRIMARY KEY,
	-- Lower-cased by the domain; unique whatever the case.
	email text COLLATE "C" NOT NULL,
	first_name text NOT NULL,
	last_name text NOT NULL,
	role text NOT NULL,
	department text NOT NULL,
	kind text NOT NULL,
	state text NOT NULL,
	last_day date,
	created timestamptz,
	created_ns smallint NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE assets (
	id bigint PRIMARY KEY,
	name text NOT NULL,
	name_key text COLLATE "C" NOT NULL UNIQUE,
	inventory text NOT NULL,
	serial text NOT NULL,
	type text NOT NULL,
	location text NOT NULL,
	owner_id bigint NOT NULL,
	created timestamptz,
	created_ns smallint NOT NULL
);

CREATE TABLE allocations (
	id bigint PRIMARY KEY,
	name text NOT NULL,
	name_key text COLLATE "C" NOT NULL UNIQUE,
	-- No foreign key: the store keeps what the domain hands it, and the
	-- contract (model/storetest) lets an allocation name any product ID.
	product_id bigint NOT NULL,
	quantity integer NOT NULL,
	departments text[],
	rule boolean NOT NULL,
	rule_department text NOT NULL,
	rule_role text NOT NULL,
	created timestamptz,
	created_ns smallint NOT NULL
);
-- The users an allocation names directly, in the order given.
CREATE TABLE allocation_users (
	allocation_id bigint NOT NULL REFERENCES allocations ON DELETE CASCADE,
	position integer NOT NULL,
	user_id bigint NOT NULL,
	PRIMARY KEY (allocation_id, position)
);
-- The users an allocation covers now (kept by the domain).
CREATE TABLE allocation_members (
	allocation_id bigint NOT NULL REFERENCES allocations ON DELETE CASCADE,
	position integer NOT NULL,
	user_id bigint NOT NULL,
	PRIMARY KEY (allocation_id, position)
);
CREATE INDEX allocation_members_by_user ON allocation_members (user_id);

CREATE TABLE scheduled (
	id bigint PRIMARY KEY,
	at timestamptz NOT NULL,
	at_ns smallint NOT NULL,
	kind text NOT NULL,
	product_id bigint NOT NULL,
	user_id bigint NOT NULL,
	count integer NOT NULL,
	actor_id bigint NOT NULL,
	force boolean NOT NULL
);
CREATE INDEX scheduled_by_time ON scheduled (at, at_ns, id);

-- Append-only; hash chains each event to the one before it (SHA-256,
-- computed by the domain over the canonical encoding of the fields).
CREATE TABLE events (
	seq bigint PRIMARY KEY CHECK (seq > 0),
	time timestamptz NOT NULL,
	time_ns smallint NOT NULL,
	actor text NOT NULL,
	kind text NOT NULL,
	product_id bigint NOT NULL,
	product_name text NOT NULL,
	license_id bigint NOT NULL,
	user_id bigint NOT NULL,
	user_name text NOT NULL,
	asset_id bigint NOT NULL,
	asset_name text NOT NULL,
	allocation_id bigint NOT NULL,
	from_value text NOT NULL,
	to_value text NOT NULL,
	count_from bigint NOT NULL,
	count_to bigint NOT NULL,
	first_license bigint NOT NULL,
	last_license bigint NOT NULL,
	amount bigint NOT NULL,
	note text NOT NULL,
	hash text NOT NULL
);
-- Each thing's history: one row per thing an event names (the domain's
-- Event.Refs; kind p product, l license, u user, s asset, g allocation).
CREATE TABLE event_refs (
	kind "char" NOT NULL,
	ref_id bigint NOT NULL,
	seq bigint NOT NULL REFERENCES events,
	PRIMARY KEY (kind, ref_id, seq)
);
CREATE INDEX event_refs_by_event ON event_refs (seq);
`

// schemaV2 adds what a report wants and the domain does not: each
// license with its product and holder named.
const schemaV2 = `
CREATE VIEW license_holders AS
SELECT l.id AS license_id, 'LIC-' || lpad(l.id::text, 6, '0') AS code,
	p.name AS product, l.status, l.assignee_kind,
	coalesce(u.email, a.name) AS holder, l.since
FROM licenses l
JOIN products p ON p.id = l.product_id
LEFT JOIN users u ON l.assignee_kind = 'user' AND u.id = l.assignee_id
LEFT JOIN assets a ON l.assignee_kind = 'asset' AND a.id = l.assignee_id;
`

// schemaV3 keeps a count of licenses per product, status and UTC day of
// Since, so that idle ranges are added up by day rather than counted
// (days.go); it starts from a count of the licenses there are. It also
// orders users by email as bytes, for listings.
const schemaV3 = `
CREATE TABLE license_days (
	product_id bigint NOT NULL REFERENCES products ON DELETE CASCADE,
	status text NOT NULL,
	day date NOT NULL,
	n bigint NOT NULL,
	PRIMARY KEY (product_id, status, day)
);
INSERT INTO license_days (product_id, status, day, n)
	SELECT product_id, status, (since AT TIME ZONE 'UTC')::date, count(*) FROM licenses GROUP BY 1, 2, 3;
-- Listings name holders by email in byte order (model.NameIndex).
CREATE INDEX users_by_email ON users (email COLLATE "C", id);
`

// versionTable records each applied step.
const versionTable = `
CREATE TABLE IF NOT EXISTS schema_migrations (
	version integer PRIMARY KEY,
	name text NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
)`

var errNoSchema = errors.New("no Seats schema")

// version reads the schema's version: 0 with errNoSchema when the schema
// or its version table does not exist.
func version(ctx context.Context, q querier, schema string) (int, error) {
	var exists bool
	err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'schema_migrations')`, schema).Scan(&exists)
	if err != nil {
		return 0, err
	}
	if !exists {
		return 0, errNoSchema
	}
	var v int
	err = q.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM `+pgx.Identifier{schema, "schema_migrations"}.Sanitize()).Scan(&v)
	return v, err
}

type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// migrate brings the schema to target (normally SchemaVersion) in one
// transaction, holding a lock per schema so that processes starting at
// once apply each step once; it creates the schema when it is missing.
func migrate(ctx context.Context, conn *pgx.Conn, schema string, target int) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('seats migrate ' || $1, 0))`, schema); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `SET LOCAL search_path TO `+pgx.Identifier{schema}.Sanitize()); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, versionTable); err != nil {
		return err
	}
	v, err := version(ctx, tx, schema)
	if err != nil {
		return err
	}
	if v > len(migrations) {
		return fmt.Errorf("schema %s is at version %d, newer than this seats knows (%d): upgrade seats", schema, v, len(migrations))
	}
	for i := v; i < target; i++ {
		m := migrations[i]
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return &storeError{msg: oneLine(fmt.Sprintf("migrating schema %s to version %d (%s) failed, nothing was changed: %s", schema, i+1, m.name, cause(err))), cause: err}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, i+1, m.name); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}
