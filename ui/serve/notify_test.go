package serve

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// A change that raises an alert reaches a webhook through serve's own
// notify loop, at the interval the config gives; once the server has
// stopped, the loop has too, and nothing more is sent. Its log never
// holds the SMTP password.
func TestServeNotifyLoopDeliversAndStops(t *testing.T) {
	var mu sync.Mutex
	var got []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct{ Product, Reason string }
		_ = json.NewDecoder(r.Body).Decode(&m)
		mu.Lock()
		got = append(got, m.Reason+" "+m.Product)
		mu.Unlock()
	}))
	defer hook.Close()
	received := func(product string) bool {
		mu.Lock()
		defer mu.Unlock()
		for _, g := range got {
			if strings.HasSuffix(g, " "+product) {
				return true
			}
		}
		return false
	}
	ts := startServer(t, func(c *Config) { c.NotifyEvery = 20 * time.Millisecond })
	const password = "s3rve-l00p-pw"
	_, err := ts.svc.EditNotifySettings("", func(s *model.NotifySettings) error {
		s.Channels = []model.Channel{
			{Name: "ops", Type: model.ChannelWebhook, URL: hook.URL},
			// A mail server that refuses: its failure is logged.
			{Name: "mail", Type: model.ChannelEmail, To: []string{"lead@example.com"}},
		}
		s.SMTP = model.SMTPServer{Host: "127.0.0.1", Port: 1, TLS: model.TLSNone, User: "seats",
			Password: model.NewSecret(password), From: "seats@example.com"}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	expiring := func(name string) {
		t.Helper()
		if _, err := ts.svc.CreateProduct("", model.Product{Name: name, Kind: model.PerUser, Contracted: 1,
			Expires: model.Date("2026-12-01")}); err != nil {
			t.Fatal(err)
		}
	}
	expiring("Loop Test")
	deadline := time.Now().Add(10 * time.Second)
	for !received("Loop Test") {
		if time.Now().After(deadline) {
			t.Fatalf("serve's loop did not deliver the new alert in 10 s; got %q; log %s", got, ts.log.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	for !strings.Contains(ts.log.String(), "notification not delivered") {
		if time.Now().After(deadline) {
			t.Fatalf("the refused mail is not in the log: %s", ts.log.String())
		}
		time.Sleep(10 * time.Millisecond)
	}

	if err := ts.shutdown(); err != nil {
		t.Fatal(err)
	}
	expiring("After Stop")
	time.Sleep(200 * time.Millisecond) // ten intervals
	if received("After Stop") {
		t.Fatal("the notify loop ran on after the server stopped")
	}
	if strings.Contains(ts.log.String(), password) {
		t.Fatalf("serve's log holds the SMTP password: %s", ts.log.String())
	}
}
