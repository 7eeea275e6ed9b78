package postgres

import (
	"context"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
)

// tripCounter counts the round trips a store sends (a query, a batch or
// a COPY is one) and keeps their first statements, for the tests that
// hold operations to their budget of round trips.
type tripCounter struct {
	mu    sync.Mutex
	trips []string
}

func (c *tripCounter) add(sql string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.trips = append(c.trips, strings.Join(strings.Fields(sql), " "))
}

func (c *tripCounter) reset() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.trips
	c.trips = nil
	return t
}

func (c *tripCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	c.add(d.SQL)
	return ctx
}

func (c *tripCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (c *tripCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	var first []string
	for _, q := range d.Batch.QueuedQueries {
		first = append(first, q.SQL)
	}
	c.add("batch[" + strings.Join(first, " ; ") + "]")
	return ctx
}

func (c *tripCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (c *tripCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}

func (c *tripCounter) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceCopyFromStartData) context.Context {
	c.add("copy " + d.TableName.Sanitize())
	return ctx
}

func (c *tripCounter) TraceCopyFromEnd(context.Context, *pgx.Conn, pgx.TraceCopyFromEndData) {}

// tracing installs a counter on the stores opened until stop.
func tracing() (c *tripCounter, stop func()) {
	c = &tripCounter{}
	traceHook = c
	return c, func() { traceHook = nil }
}
