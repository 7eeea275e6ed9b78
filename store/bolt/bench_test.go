package bolt_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/store/bolt"
	bbolt "go.etcd.io/bbolt"
)

var benchNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

var (
	bigOnce sync.Once
	bigPath string
	bigErr  error
)

// bigDB builds, once per run, a database with 1,000,000 licenses over 20
// products, 70 % of them assigned, through the domain in large batches.
func bigDB(b *testing.B) string {
	bigOnce.Do(func() {
		dir, err := os.MkdirTemp("", "seats-bench")
		if err != nil {
			bigErr = err
			return
		}
		bigPath = buildDB(b, filepath.Join(dir, "big.db"), 20, 50_000, 100_000)
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigPath
}

// buildDB writes products × per licenses, 70 % of them assigned, and an
// event log of at least events events.
func buildDB(b *testing.B, path string, products, per, events int) string {
	db, err := bolt.Open(path, bolt.Options{NoSync: true})
	mustB(b, err)
	defer db.Close()
	var bigErr error
	{
		clock := benchNow.AddDate(0, -2, 0)
		svc := model.NewService(db, func() time.Time { return clock })
		_, bigErr = svc.InviteUser("", model.User{Email: "owner@example.com", First: "O", Last: "Owner"})
		for p := 0; p < products && bigErr == nil; p++ {
			name := fmt.Sprintf("Product %02d", p)
			_, bigErr = svc.CreateProduct("", model.Product{Name: name, Contracted: per, NetPrice: 1000, Period: model.Monthly})
		}
		// Assign directly through the store: building users for 700,000
		// seats one operation each would dominate the benchmark's set-up.
		bigErr = db.Update(func(tx model.Tx) error {
			// Gather first: a cursor's walk is undefined while its tree changes.
			var ls []model.License
			if err := tx.Licenses(0, func(l model.License) bool {
				if l.ID%10 < 7 {
					ls = append(ls, l)
				}
				return true
			}); err != nil {
				return err
			}
			for _, l := range ls {
				l.Status, l.AssigneeKind, l.AssigneeID, l.Since = model.Active, model.AssigneeAsset, l.ID, clock
				if err := tx.PutLicense(&l); err != nil {
					return err
				}
			}
			return nil
		})
		if bigErr == nil {
			bigErr = churn(svc, events)
		}
		if bigErr == nil { // as seats demo --scale does
			bigErr = db.Compact()
		}
	}
	mustB(b, bigErr)
	return path
}

// churn gives the big database an event log of at least n events: users
// invited, then seats of the first product assigned and unassigned through
// the domain, a few thousand operations per transaction.
func churn(svc *model.Service, n int) error {
	const users = 1000
	err := svc.Batch(func(b *model.Service) error {
		for i := 0; i < users; i++ {
			if _, err := b.InviteUser("", model.User{Email: fmt.Sprintf("u%04d@example.com", i), First: "U", Last: "X"}); err != nil {
				return err
			}
		}
		return nil
	})
	for done := users; err == nil && done < n; done += 5000 {
		err = svc.Batch(func(b *model.Service) error {
			for i := 0; i < 2500; i++ {
				l, err := b.Assign("", "Product 00", fmt.Sprintf("u%04d@example.com", i%users), false)
				if err != nil {
					return err
				}
				if _, _, err := b.Unassign("", l.Code()); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return err
}

// issue2Status is the dashboard summary as it was before billing and
// allocations came in (kept counters, idle and deactivated range counts,
// no allocation alerts): the baseline issue 3 measures against.
func issue2Status(db *bolt.DB, now time.Time) (int, error) {
	total := 0
	err := db.View(func(tx model.Tx) error {
		ps, err := tx.Products()
		if err != nil {
			return err
		}
		for _, p := range ps {
			c, err := tx.Counts(p.ID)
			if err != nil {
				return err
			}
			idle, err := tx.CountByStatus(p.ID, model.Available, time.Time{}, now.AddDate(0, 0, -model.IdleDays))
			if err != nil {
				return err
			}
			deact, err := tx.CountByStatus(p.ID, model.Deactivated, now.AddDate(0, -1, 0), time.Time{})
			if err != nil {
				return err
			}
			total += c.Available + c.Active + c.Deactivated + idle + deact
		}
		return nil
	})
	return total, err
}

// BenchmarkInvoiceStatusVsBaseline1M measures `seats status` and `seats
// invoice` (through the domain) against the issue-2 summary on the same
// 1,000,000-license, 100,000-event file, side by side.
func BenchmarkInvoiceStatusVsBaseline1M(b *testing.B) {
	path := bigDB(b)
	db, err := bolt.Open(path, bolt.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := model.NewService(db, func() time.Time { return benchNow })
	if seq, _ := svc.LastSeq(); seq < 100_000 {
		b.Fatalf("only %d events", seq)
	}
	const rounds = 20
	timeIt := func(fn func() error) time.Duration {
		start := time.Now()
		for r := 0; r < rounds; r++ {
			if err := fn(); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start) / rounds
	}
	b.ResetTimer()
	var base, status, invoice time.Duration
	for i := 0; i < b.N; i++ {
		base += timeIt(func() error { _, err := issue2Status(db, benchNow); return err })
		status += timeIt(func() error { _, err := svc.Status(); return err })
		invoice += timeIt(func() error { _, err := svc.Invoice(); return err })
	}
	b.ReportMetric(float64(base.Microseconds())/float64(b.N), "baseline-µs")
	b.ReportMetric(float64(status.Microseconds())/float64(b.N), "status-µs")
	b.ReportMetric(float64(invoice.Microseconds())/float64(b.N), "invoice-µs")
	b.ReportMetric(float64(status)/float64(base), "status-x-baseline")
	b.ReportMetric(float64(invoice)/float64(base), "invoice-x-baseline")
}

// BenchmarkStatus1MVs1k measures the dashboard summary (`seats status`
// through the domain) on the 1,000,000-license file against the same on a
// 1,000-license file built the same way, side by side in one run: kept
// counters and day counts make its cost independent of the licenses.
func BenchmarkStatus1MVs1k(b *testing.B) {
	open := func(path string) *model.Service {
		db, err := bolt.Open(path, bolt.Options{ReadOnly: true})
		mustB(b, err)
		b.Cleanup(func() { db.Close() })
		return model.NewService(db, func() time.Time { return benchNow })
	}
	big, small := open(bigDB(b)), open(buildDB(b, filepath.Join(b.TempDir(), "1k.db"), 20, 50, 1000))
	const rounds = 50
	timeIt := func(svc *model.Service, want int) time.Duration {
		start := time.Now()
		for r := 0; r < rounds; r++ {
			sum, err := svc.Status()
			if err != nil || sum.Contracted != want {
				b.Fatalf("status: %v %d", err, sum.Contracted)
			}
		}
		return time.Since(start) / rounds
	}
	b.ResetTimer()
	var bigTime, smallTime time.Duration
	for i := 0; i < b.N; i++ {
		smallTime += timeIt(small, 1000)
		bigTime += timeIt(big, 1_000_000)
	}
	b.ReportMetric(float64(bigTime.Microseconds())/float64(b.N), "status-1M-µs")
	b.ReportMetric(float64(smallTime.Microseconds())/float64(b.N), "status-1k-µs")
	b.ReportMetric(float64(bigTime)/float64(smallTime), "1M-x-1k")
}

// BenchmarkAssignUnassignVsEmptyCommit compares assign+unassign, each one
// durable transaction with its events, against empty bbolt commits on the
// same disk in the same run: fsync is the limit for both. It runs on three
// organizations, because a bigger file has deeper trees and more pages per
// change: a small one (50 users, one product), the standard demo
// organization, and the 1,000,000-license file of the other benchmarks.
// Both kinds of commit run in interleaved chunks, so a disk that
// speeds up or slows down during the run weighs on all of them alike.
func BenchmarkAssignUnassignVsEmptyCommit(b *testing.B) {
	b.Run("org=small", func(b *testing.B) {
		_, svc := openOps(b, filepath.Join(b.TempDir(), "ops.db"))
		_, err := svc.InviteUser("", model.User{Email: "owner@example.com", First: "O", Last: "Owner"})
		mustB(b, err)
		_, err = svc.CreateProduct("", model.Product{Name: "Office", Contracted: 100, Period: model.Monthly})
		mustB(b, err)
		benchOps(b, svc, "Office")
	})
	b.Run("org=demo", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "demo.db")
		db, svc := openOps(b, path)
		mustB(b, demo.Generate(db, benchNow, demo.Options{}))
		benchOps(b, svc, freestProduct(b, svc))
	})
	b.Run("org=1M", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "big.db")
		mustB(b, copyFile(bigDB(b), path))
		_, svc := openOps(b, path)
		benchOps(b, svc, freestProduct(b, svc))
	})
}

func mustB(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

func openOps(b *testing.B, path string) (*bolt.DB, *model.Service) {
	db, err := bolt.Open(path, bolt.Options{})
	mustB(b, err)
	b.Cleanup(func() { db.Close() })
	return db, model.NewService(db, func() time.Time { return benchNow })
}

// freestProduct is the per-user product with the most free seats.
func freestProduct(b *testing.B, svc *model.Service) string {
	sum, err := svc.Status()
	mustB(b, err)
	best, free := "", 0
	for _, p := range sum.Products {
		if p.Kind == model.PerUser && p.Available > free {
			best, free = p.Name, p.Available
		}
	}
	if free < 2 {
		b.Fatal("no per-user product with free seats")
	}
	return best
}

// copyFile streams: reading the 1M file whole left a 650 MB heap behind,
// and every later allocation of the benchmark paid page faults on memory
// the runtime had handed back (assign/unassign measured 6× slower).
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// benchOps assigns a seat of product to fresh users and unassigns it
// again, one durable transaction each, interleaved with empty commits on a
// plain bbolt file in the same folder, and reports the rates.
func benchOps(b *testing.B, svc *model.Service, product string) {
	users := make([]string, 50)
	for i := range users {
		users[i] = fmt.Sprintf("bench%02d@example.com", i)
		_, err := svc.InviteUser("", model.User{Email: users[i], First: "Bench", Last: "User"})
		mustB(b, err)
	}
	pair := func(j int) {
		l, err := svc.Assign("", product, users[j%len(users)], false)
		mustB(b, err)
		_, _, err = svc.Unassign("", l.Code())
		mustB(b, err)
	}
	for j := range users { // warm up: every user's first seat also enables them
		pair(j)
	}
	// The baseline is bbolt's own empty commit with bbolt's defaults (it
	// writes the free-page list and the meta page), not an empty commit on
	// our file, which skips the free-page list (see store/freelist.go).
	plain, err := bbolt.Open(filepath.Join(b.TempDir(), "plain.db"), 0o600, nil)
	mustB(b, err)
	defer plain.Close()
	const ops, chunk = 400, 40
	timed := func(total *time.Duration, fn func()) {
		start := time.Now()
		fn()
		*total += time.Since(start)
	}
	b.ResetTimer()
	var opTime, plainTime time.Duration
	for i := 0; i < b.N; i++ {
		for c := 0; c < ops/chunk; c++ {
			timed(&opTime, func() {
				for j := 0; j < chunk/2; j++ {
					pair(c*chunk + j)
				}
			})
			timed(&plainTime, func() {
				for j := 0; j < chunk; j++ {
					mustB(b, plain.Update(func(*bbolt.Tx) error { return nil }))
				}
			})
		}
	}
	opRate := float64(ops*b.N) / opTime.Seconds()
	plainRate := float64(ops*b.N) / plainTime.Seconds()
	b.ReportMetric(opRate, "ops/s")
	b.ReportMetric(plainRate, "empty-commits/s")
	b.ReportMetric(100*opRate/plainRate, "%-of-empty")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bigPath != "" {
		os.RemoveAll(filepath.Dir(bigPath))
	}
	os.Exit(code)
}
