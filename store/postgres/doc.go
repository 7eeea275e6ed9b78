// Package postgres keeps one Seats organization in one PostgreSQL schema
// and implements model.Store on it with pgx. Many hosts can share an
// organization; many organizations can share a database, one schema each
// (the URL's search_path, else Options.Schema, else "seats").
//
// The schema is relational so that a DBA or a BI tool can read it with
// plain SQL (migrations.go has every column):
//
//	organization        the one row: the organization's settings, the last ID handed out per record type, last_event_seq
//	products            id → product; name_key (lower-cased name) UNIQUE
//	product_counts      product_id → available | active | deactivated, kept with every license change
//	license_days        (product_id, status, day) → licenses whose Since falls on that UTC day, kept likewise
//	licenses            id → license, FK product ON DELETE CASCADE
//	                      licenses_by_status (product_id, status, since, since_ns, id): oldest free seat first, idle ranges
//	                      licenses_by_holder UNIQUE (assignee_kind, assignee_id, product_id) WHERE active: one seat per holder
//	users               id → user; UNIQUE lower(email)
//	assets              id → asset; name_key UNIQUE
//	allocations         id → allocation; name_key UNIQUE; departments text[]
//	allocation_users    (allocation_id, position) → user named directly
//	allocation_members  (allocation_id, position) → user covered now
//	scheduled           id → a future change; (at, at_ns, id) earliest first
//	events              seq → event, hash-chained by the domain (the hash is stored as model computes it)
//	event_refs          (kind, ref_id, seq): each thing's history, one row per thing an event names
//	schema_migrations   version → when it was applied
//	license_holders     a view: each license with its product and holder named
//
// Rules are the domain's: the store keeps what model hands it, keeps the
// counters and histories in step in the same transaction, and finds it
// again. Times keep PostgreSQL's microseconds in timestamptz columns and
// the nanoseconds beyond them in *_ns columns, since the event hashes are
// computed over nanoseconds.
//
// Writers of one organization never interleave: every write transaction
// starts by locking the organization's row (SELECT … FOR UPDATE), which
// gives bbolt's one-writer rule across hosts, waiting at most
// Options.Timeout (lock_timeout). Readers run in REPEATABLE READ READ ONLY
// snapshots and never wait. A transaction PostgreSQL rolls back for a
// serialization failure or a deadlock runs again (model's transaction
// functions are retry-safe). Every write ends with NOTIFY on the schema's
// channel carrying the new event sequence (Listen).
//
// Round trips are what a PostgreSQL transaction costs, so writes that
// return nothing are queued and sent with the next read or the COMMIT
// (tx.go), and a writer's BEGIN, lock and first reads share one round trip.
// New licenses and events go by COPY when there are many (fresh.go), idle
// ranges are added up from license_days rather than counted (days.go), and
// a reader's snapshot lets it read every product's counters, and every
// allocation member's seat, in one query each.
package postgres
