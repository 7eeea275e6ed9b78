package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestNotifyCommands(t *testing.T) {
	h := seeded(t)
	var mu sync.Mutex
	var bodies []string
	fail := 1
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if fail > 0 {
			fail--
			http.Error(w, "nope", http.StatusBadGateway)
			return
		}
		bodies = append(bodies, string(raw))
	}))
	defer srv.Close()

	contains(t, h.ok("notify", "settings", "show"), "No channels")
	h.fails(exitUsage, "notify", "settings", "set", "--url", srv.URL)
	h.ok("notify", "settings", "set", "--channel", "ops", "--type", "webhook", "--url", srv.URL+"/hook/T0K3N", "--min-severity", "warning")
	const pw = "sup3r-s3cret-pw"
	out := string(h.runIn(pw+"\n", "notify", "settings", "set", "--smtp-host", "127.0.0.1", "--smtp-tls", "none", "--smtp-from", "seats@example.com", "--smtp-user", "u", "--smtp-password-stdin").out)
	contains(t, out, "password set")
	h.refused("--as", "ana@example.com", "notify", "settings", "set", "--reminder", "2h")
	h.fails(exitFailed, "--as", "ana@example.com", "notify", "settings", "show")

	// An overage-like critical alert: a reduction below the assigned.
	h.ok("assign", "Office", "ben@example.com")
	h.ok("licenses", "remove", "Office", "2", "--force", "--yes")
	// Bare `seats notify` is one pass: exit 1 when a delivery failed.
	r := h.run("notify")
	if r.code != exitFailed || !strings.Contains(r.out, "failed: webhook ops: POST to 127.0.0.1") || !strings.Contains(r.out, "502") {
		t.Fatalf("first pass: exit %d, out %q, err %q", r.code, r.out, r.err)
	}
	st := h.ok("notify", "status")
	contains(t, st, "reduction_below_assigned", "502", "1 pending (1 failing)")

	for _, args := range [][]string{{"notify", "settings", "show"}, {"notify", "settings", "show", "--json"}, {"notify", "status", "--json"}, {"history", "--json", "Office"}, {"export", "--json"}} {
		r := h.run(args...)
		for _, secret := range []string{pw, "T0K3N"} {
			// The settings' JSON, for scripts, has the webhook URL as set.
			scriptURL := secret == "T0K3N" && args[1] == "settings" && len(args) == 4
			if strings.Contains(r.out+r.err, secret) && !scriptURL {
				t.Errorf("seats %q shows %q: %s", args, secret, r.out)
			}
		}
	}
	var js struct {
		Pending []struct {
			Attempts  int    `json:"attempts"`
			LastError string `json:"last_error"`
		} `json:"pending"`
	}
	if err := json.Unmarshal([]byte(h.ok("notify", "status", "--json")), &js); err != nil || len(js.Pending) != 1 || js.Pending[0].Attempts != 1 {
		t.Fatalf("status JSON %+v %v", js, err)
	}
	// The retry waits for its backoff: a pass now sends nothing and succeeds.
	contains(t, h.ok("notify", "run"), "0 notifications queued, 0 delivered")
	h.vars["SEATS_NOW"] = "2026-03-16T10:30:00Z"
	contains(t, h.ok("notify", "run"), "1 delivered")
	contains(t, h.ok("notify"), "0 notifications queued, 0 delivered")
	contains(t, h.ok("notify", "--json"), `"delivered": 0`)
	mu.Lock()
	if len(bodies) != 1 || !strings.Contains(bodies[0], `"reason":"appeared"`) {
		t.Fatalf("webhook got %q", bodies)
	}
	mu.Unlock()
	contains(t, h.ok("notify", "settings", "test", "--channel", "ops"), "ops: accepted")

	// Routes take product names and keep the product through a rename.
	h.ok("notify", "settings", "set", "--channel", "design", "--type", "webhook", "--url", srv.URL+"/d", "--products", "office")
	h.ok("products", "edit", "Office", "--name", "Office E3")
	contains(t, h.ok("notify", "settings", "show"), "Office E3")
	// The route's product ID is internal (JSON names the product); the
	// new name shown is the route following the product.
	var set struct {
		Channels []struct {
			Name     string   `json:"name"`
			Products []string `json:"products"`
		} `json:"channels"`
	}
	if err := json.Unmarshal([]byte(h.ok("notify", "settings", "show", "--json")), &set); err != nil || len(set.Channels) != 2 ||
		strings.Join(set.Channels[1].Products, ",") != "Office E3" {
		t.Fatalf("the route after the rename: %+v %v", set, err)
	}
	h.fails(exitFailed, "notify", "settings", "set", "--channel", "design", "--products", "Office")
}
