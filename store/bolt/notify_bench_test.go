package bolt_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store/bolt"
	"github.com/seats/seats/ui/send"
)

// BenchmarkNotifyNoOpPass1M is a notify pass with nothing to send on the
// 1,000,000-license organization, after a first pass has settled every
// alert: it reads the alert states, the settings and the dashboard's
// counters, never every license. The budget is 50 ms.
func BenchmarkNotifyNoOpPass1M(b *testing.B) {
	path := filepath.Join(b.TempDir(), "notify.db")
	mustB(b, copyFile(bigDB(b), path))
	db, err := bolt.Open(path, bolt.Options{})
	mustB(b, err)
	b.Cleanup(func() { db.Close() })
	svc := model.NewService(db, func() time.Time { return benchNow })
	hook := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	b.Cleanup(hook.Close)
	_, err = svc.EditNotifySettings("", func(s *model.NotifySettings) error {
		s.Channels = []model.Channel{{Name: "ops", Type: model.ChannelWebhook, URL: hook.URL}}
		return nil
	})
	mustB(b, err)
	snd := &send.Sender{}
	if _, err := send.Pass(context.Background(), svc, "", snd); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		r, err := send.Pass(context.Background(), svc, "", snd)
		if err != nil || len(r.Plan.Queued) != 0 || r.Delivered != 0 {
			b.Fatalf("a no-op pass did something: %+v %v", r, err)
		}
	}
	per := time.Since(start) / time.Duration(b.N)
	b.ReportMetric(float64(per.Microseconds())/1000, "ms/pass")
	if per > 50*time.Millisecond {
		b.Logf("over the 50 ms budget: %s a pass", per)
	}
}
