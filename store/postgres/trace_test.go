package postgres

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// tripCounter counts the round trips a store sends (a query, a batch or
// a COPY is one) and keeps their first statements, for the tests that
// hold operations to their budget of round trips.
type tripCounter struct {
	mu    sync.Mutex
	trips []string
	times []time.Duration
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
	c.trips, c.times = nil, nil
	return t
}

type startKey struct{}

func (c *tripCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	c.add(d.SQL)
	return context.WithValue(ctx, startKey{}, time.Now())
}

func (c *tripCounter) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryEndData) {
	c.took(ctx)
}

// took records how long the round trip begun in ctx took.
func (c *tripCounter) took(ctx context.Context) {
	if at, ok := ctx.Value(startKey{}).(time.Time); ok {
		c.mu.Lock()
		c.times = append(c.times, time.Since(at))
		c.mu.Unlock()
	}
}

func (c *tripCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	var first []string
	for _, q := range d.Batch.QueuedQueries {
		first = append(first, q.SQL)
	}
	c.add("batch[" + strings.Join(first, " ; ") + "]")
	return context.WithValue(ctx, startKey{}, time.Now())
}

func (c *tripCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (c *tripCounter) TraceBatchEnd(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchEndData) {
	c.took(ctx)
}

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
