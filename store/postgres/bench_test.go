package postgres

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/store/postgres/pgtest"
)

// The benchmarks run on a server of their own that syncs every commit
// (fsync and synchronous_commit on), as the figures assume.
// SEATS_PG_BENCH_SCALE sets the licenses of the scaled organization
// (default 100,000).

func durable(b *testing.B) *pgtest.Server {
	b.Helper()
	s, err := pgtest.StartDurable()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(s.Stop)
	return s
}

func benchScale() int {
	if n, err := strconv.Atoi(os.Getenv("SEATS_PG_BENCH_SCALE")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// BenchmarkEmptyWriteTx is the floor every write pays: BEGIN, the
// organization's row locked, COMMIT.
func BenchmarkEmptyWriteTx(b *testing.B) {
	s := durable(b)
	db, err := Open(s.URL("search_path=bench_empty"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		tx, err := db.pool.Begin(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(ctx, `SELECT 1 FROM organization FOR UPDATE`); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssignUnassign assigns a seat and releases it again, one
// domain operation (one transaction, with its event) each.
func BenchmarkAssignUnassign(b *testing.B) {
	s := durable(b)
	db, err := Open(s.URL("search_path=bench_assign"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	svc := model.NewService(db, func() time.Time { now = now.Add(time.Millisecond); return now })
	const owner = "owner@example.com"
	if _, err := svc.InviteUser("", model.User{Email: owner, First: "O", Last: "W"}); err != nil {
		b.Fatal(err)
	}
	if _, err := svc.CreateProduct(owner, model.Product{Name: "P", Contracted: 10}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		l, err := svc.Assign(owner, "P", owner, false)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := svc.Unassign(owner, l.Code()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(2*b.N), "µs/op-half")
}

// BenchmarkStatus reads the dashboard's summary of a scaled demo
// organization, and of the standard (small) one for comparison.
func BenchmarkStatus(b *testing.B) {
	s := durable(b)
	now := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	for _, scale := range []int{0, benchScale()} {
		db, err := Open(s.URL(fmt.Sprintf("search_path=bench_status_%d", scale)), Options{})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := demo.Generate(db, now, demo.Options{Scale: scale}); err != nil {
			b.Fatal(err)
		}
		b.Logf("demo --scale %d into PostgreSQL: %s", scale, time.Since(start).Round(time.Millisecond))
		svc := model.NewService(db, func() time.Time { return now })
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			for b.Loop() {
				if _, err := svc.Status(); err != nil {
					b.Fatal(err)
				}
			}
		})
		db.Close()
	}
}
