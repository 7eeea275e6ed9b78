package postgres

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/store/bolt"
)

// Issue 14's speed figures, each side measured in the same run on the
// same data: the organizations are bbolt files copied into PostgreSQL by
// model.Copy (what seats migrate runs). SEATS_BENCH_DB names the scaled
// bbolt file (make bench's 1M demo file); without it one of benchScale()
// licenses is generated here first.

// benchNow is the pinned present of make bench's demo file.
var benchNow = time.Date(2026, time.November, 24, 9, 0, 0, 0, time.UTC)

// scaledFile is the scaled demo organization as a bbolt file.
func scaledFile(b *testing.B) string {
	b.Helper()
	if p := os.Getenv("SEATS_BENCH_DB"); p != "" {
		return p
	}
	return demoFile(b, benchScale())
}

func demoFile(b *testing.B, scale int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), fmt.Sprintf("demo-%d.db", scale))
	db, err := bolt.Open(path, bolt.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	if err := demo.Generate(db, benchNow, demo.Options{Scale: scale}); err != nil {
		b.Fatal(err)
	}
	b.Logf("demo --scale %d into bbolt: %s", scale, time.Since(start).Round(time.Millisecond))
	return path
}

// migrated copies the bbolt file at path into schema of s and returns
// both stores open, the file read-only.
func migrated(b *testing.B, path, url string) (*bolt.DB, *DB) {
	b.Helper()
	src, err := bolt.Open(path, bolt.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { src.Close() })
	dst, err := Open(url, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { dst.Close() })
	start := time.Now()
	c, err := model.Copy(src, dst)
	if err != nil {
		b.Fatal(err)
	}
	d := time.Since(start)
	b.Logf("migrate of %d licenses, %d users, %d events into PostgreSQL: %s", c.Licenses, c.Users, c.Events, d.Round(time.Millisecond))
	// As seats migrate does after its copy.
	if err := dst.Vacuum(); err != nil {
		b.Fatal(err)
	}
	return src, dst
}

// BenchmarkStatusSideBySide: the dashboard's summary (seats status) of
// the scaled organization on PostgreSQL, of a 1,000-license one on
// PostgreSQL, and of the same scaled organization on bbolt, interleaved
// in one loop. Targets: PG at scale within 2× of PG at 1k, and within 3×
// of bbolt at scale. "cmd" is the whole of a command's work: open,
// status, close (a connection and its set-up included).
func BenchmarkStatusSideBySide(b *testing.B) {
	s := durable(b)
	bigBolt, bigPG := migrated(b, scaledFile(b), s.URL("search_path=side_big"))
	_, smallPG := migrated(b, demoFile(b, 1000), s.URL("search_path=side_1k"))
	type target struct {
		name string
		svc  *model.Service
		took time.Duration
	}
	now := func() time.Time { return benchNow }
	ts := []*target{
		{name: "pg-big", svc: model.NewService(bigPG, now)},
		{name: "pg-1k", svc: model.NewService(smallPG, now)},
		{name: "bolt-big", svc: model.NewService(bigBolt, now)},
	}
	var cmdPG, cmdBolt time.Duration
	n := 0
	for b.Loop() {
		for _, t := range ts {
			start := time.Now()
			if _, err := t.svc.Status(); err != nil {
				b.Fatal(err)
			}
			t.took += time.Since(start)
		}
		start := time.Now()
		statusCommand(b, func() (model.Store, func() error, error) {
			db, err := Open(s.URL("search_path=side_big"), Options{ReadOnly: true})
			return db, func() error { return db.Close() }, err
		})
		cmdPG += time.Since(start)
		start = time.Now()
		statusCommand(b, func() (model.Store, func() error, error) {
			db, err := bolt.Open(bigBolt.Path(), bolt.Options{ReadOnly: true})
			return db, func() error { return db.Close() }, err
		})
		cmdBolt += time.Since(start)
		n++
	}
	us := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(n) }
	for _, t := range ts {
		b.ReportMetric(us(t.took), t.name+"-µs")
	}
	b.ReportMetric(float64(ts[0].took)/float64(ts[1].took), "pg-big/pg-1k")
	b.ReportMetric(float64(ts[0].took)/float64(ts[2].took), "pg-big/bolt-big")
	b.ReportMetric(us(cmdPG), "cmd-pg-big-µs")
	b.ReportMetric(us(cmdBolt), "cmd-bolt-big-µs")
	b.ReportMetric(float64(cmdPG)/float64(cmdBolt), "cmd-pg/bolt")
}

func statusCommand(b *testing.B, open func() (model.Store, func() error, error)) {
	db, closeDB, err := open()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := model.NewService(db, func() time.Time { return benchNow }).Status(); err != nil {
		b.Fatal(err)
	}
	if err := closeDB(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkWriteRates: on one durable server (fsync and
// synchronous_commit on), empty write transactions (BEGIN; SELECT … FOR
// UPDATE; COMMIT, as three statements and as one round trip) and assign
// or unassign with its event through model.Service, interleaved. Target:
// assign/unassign at ≥ 50 % of the empty transactions' rate.
func BenchmarkWriteRates(b *testing.B) {
	s := durable(b)
	db, err := Open(s.URL("search_path=side_write"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var on string
	if err := db.pool.QueryRow(context.Background(), "SHOW synchronous_commit").Scan(&on); err != nil || on != "on" {
		b.Fatalf("synchronous_commit is %q (%v)", on, err)
	}
	at := benchNow
	svc := model.NewService(db, func() time.Time { at = at.Add(time.Millisecond); return at })
	const owner = "owner@example.com"
	if _, err := svc.InviteUser("", model.User{Email: owner, First: "O", Last: "W"}); err != nil {
		b.Fatal(err)
	}
	if _, err := svc.CreateProduct(owner, model.Product{Name: "P", Contracted: 10}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var empty3, empty1, assign, unassign time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
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
		empty3 += time.Since(start)

		start = time.Now()
		batch := &pgx.Batch{}
		batch.Queue(`BEGIN`)
		batch.Queue(`SELECT 1 FROM organization FOR UPDATE`)
		batch.Queue(`COMMIT`)
		if err := db.pool.SendBatch(ctx, batch).Close(); err != nil {
			b.Fatal(err)
		}
		empty1 += time.Since(start)

		start = time.Now()
		l, err := svc.Assign(owner, "P", owner, false)
		if err != nil {
			b.Fatal(err)
		}
		assign += time.Since(start)
		start = time.Now()
		if _, _, err := svc.Unassign(owner, l.Code()); err != nil {
			b.Fatal(err)
		}
		unassign += time.Since(start)
		n++
	}
	rate := func(d time.Duration) float64 { return float64(n) / d.Seconds() }
	b.ReportMetric(rate(empty3), "empty-3-stmt-tx/s")
	b.ReportMetric(rate(empty1), "empty-1-trip-tx/s")
	b.ReportMetric(rate(assign), "assign/s")
	b.ReportMetric(rate(unassign), "unassign/s")
	both := rate(assign+unassign) * 2
	b.ReportMetric(both/rate(empty3), "assign+unassign/empty-3")
	b.ReportMetric(both/rate(empty1), "assign+unassign/empty-1")
}
