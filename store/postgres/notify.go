package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// Listen calls fn with the newest event sequence number each time a
// writer of this organization commits, on any host: every write
// transaction ends with NOTIFY on the schema's channel, delivered at
// commit. It also calls fn once after each (re)connection, since changes
// made while it was not listening were not told. It keeps one connection
// of its own, reconnects after a failure, and returns when ctx ends.
func (db *DB) Listen(ctx context.Context, fn func(seq uint64)) error {
	for {
		db.listen(ctx, fn)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
}

// listen is one connection's worth of Listen.
func (db *DB) listen(ctx context.Context, fn func(seq uint64)) error {
	conn, err := pgx.ConnectConfig(ctx, db.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{db.channel()}.Sanitize()); err != nil {
		return err
	}
	var seq uint64
	if err := conn.QueryRow(ctx, `SELECT last_event_seq FROM organization`).Scan(&seq); err != nil {
		return err
	}
	fn(seq)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if seq, err := strconv.ParseUint(n.Payload, 10, 64); err == nil {
			fn(seq)
		}
	}
}
