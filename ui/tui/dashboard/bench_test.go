package dashboard

import (
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
	"github.com/seats/seats/ui/tui/tuitest"
)

// BenchmarkLoads measures the three loads on the shared large database
// (tuitest.BenchDB): the summary is the app's first frame; the invoice and
// the trend follow it.
func BenchmarkLoads(b *testing.B) {
	db, err := store.Open(tuitest.BenchDB(b), store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := model.NewService(db, func() time.Time { return tuitest.DemoNow })
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		st := loadStatus(svc, nil, 1, 1)().(statusMsg)
		if st.err != nil {
			b.Fatal(st.err)
		}
		t1 := time.Now()
		if inv := loadInvoice(svc, nil, 1, 1)().(invoiceMsg); inv.err != nil {
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
