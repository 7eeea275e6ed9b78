package tuitest

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/store"
)

// BenchDB is the large database the UI benchmarks share: the file named by
// SEATS_BENCH_DB (made once by `make bench` with `seats demo --scale`),
// else one generated here with SEATS_BENCH_SCALE licenses (default
// 1,000,000) in the benchmark's temporary folder.
func BenchDB(b *testing.B) string {
	b.Helper()
	if p := os.Getenv("SEATS_BENCH_DB"); p != "" {
		return p
	}
	scale := 1_000_000
	if s, err := strconv.Atoi(os.Getenv("SEATS_BENCH_SCALE")); err == nil && s > 0 {
		scale = s
	}
	path := filepath.Join(b.TempDir(), "seats.db")
	db, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	if err := demo.Generate(db, DemoNow, demo.Options{Scale: scale}); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d licenses in %s", scale, time.Since(start).Round(time.Millisecond))
	return path
}
