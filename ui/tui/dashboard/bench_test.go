package dashboard

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/store"
	"github.com/seats/seats/ui/tui/tuitest"
)

// BenchmarkLoads measures the three loads on a generated organization of
// SEATS_BENCH_SCALE licenses (default 1,000,000): the summary is the app's
// first frame; the invoice and the trend follow it.
func BenchmarkLoads(b *testing.B) {
	scale := 1_000_000
	if s, err := strconv.Atoi(os.Getenv("SEATS_BENCH_SCALE")); err == nil && s > 0 {
		scale = s
	}
	path := filepath.Join(b.TempDir(), "seats.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	if err := demo.Generate(db, tuitest.Now, demo.Options{Scale: scale}); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d licenses in %s", scale, time.Since(start).Round(time.Millisecond))
	svc := model.NewService(db, func() time.Time { return tuitest.Now })
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		st := loadStatus(svc, 1, 1)().(statusMsg)
		if st.err != nil {
			b.Fatal(st.err)
		}
		t1 := time.Now()
		if inv := loadInvoice(svc, 1, 1)().(invoiceMsg); inv.err != nil {
			b.Fatal(inv.err)
		}
		t2 := time.Now()
		tr := loadTrend(svc, 1, 1, nil, st.sum.Assigned, st.seq, st.sum.Now)().(trendMsg)
		if tr.err != nil {
			b.Fatal(tr.err)
		}
		t3 := time.Now()
		b.ReportMetric(float64(t1.Sub(t0).Microseconds())/1000, "status-ms")
		b.ReportMetric(float64(t2.Sub(t1).Microseconds())/1000, "invoice-ms")
		b.ReportMetric(float64(t3.Sub(t2).Microseconds())/1000, "trend-ms")
	}
}
