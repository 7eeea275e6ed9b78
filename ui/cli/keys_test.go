package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/storetest"
)

// keyRoutes are every command line that could print license keys.
var keyRoutes = [][]string{
	{"products", "list", "--with-keys"},
	{"products", "list", "--with-keys", "--json"},
	{"export", "products", "--with-keys"},
	{"export", "products", "--with-keys", "--json"},
}

// plainRoutes print products without asking for keys: they never carry
// them, whoever asks.
var plainRoutes = [][]string{
	{"products", "list"},
	{"products", "list", "--json"},
	{"export", "products"},
	{"export", "products", "--json"},
	{"status", "--json"},
	{"products", "edit", "Office", "--vendor", "Contoso", "--json"},
}

// TestKeysByRoleOnEveryRoute: the owner (by default and by --as) and
// admins get the keys, each route writing exactly one keys_revealed event
// (who, which product, when); a member or a viewer is refused, nothing
// written, over the command line and over SSH alike.
func TestKeysByRoleOnEveryRoute(t *testing.T) {
	h := seeded(t)
	for _, c := range []struct {
		as string // "" = the account owner
		ok bool
	}{
		{"", true},
		{"owner@example.com", true},
		{"admin@example.com", true},
		{"ana@example.com", false},
		{"vic@example.com", false},
	} {
		who := c.as
		if who == "" {
			who = "owner@example.com"
		}
		for _, route := range keyRoutes {
			args := route
			if c.as != "" {
				args = append([]string{"--as", c.as}, route...)
			}
			if !c.ok {
				r := h.refused(args...)
				if !strings.Contains(r.err, "only the owner and admins can see license keys") || strings.Contains(r.out, storetest.OfficeKeys) {
					t.Fatalf("%s %q: %+v", who, route, r)
				}
				continue
			}
			before := lastSeq(t, h)
			contains(t, h.ok(args...), storetest.OfficeKeys)
			evs := eventsSince(t, h, before)
			if len(evs) != 1 || evs[0].Kind != model.EvKeysRevealed || evs[0].Actor != who || evs[0].Product != "Office" ||
				evs[0].Time.IsZero() || strings.Contains(evs[0].Note, storetest.OfficeKeys) {
				t.Fatalf("%s %q: events %+v", who, route, evs)
			}
		}
	}
	for _, as := range []string{"owner@example.com", "admin@example.com", "ana@example.com", "vic@example.com"} {
		for _, route := range plainRoutes {
			if route[0] == "products" && route[1] == "edit" && as != "owner@example.com" {
				continue
			}
			if out := h.ok(append([]string{"--as", as}, route...)...); strings.Contains(out, storetest.OfficeKeys) {
				t.Fatalf("%s %q shows the keys:\n%s", as, route, out)
			}
		}
	}
}

// TestKeysOverSSH: a session's user is the acting user: a viewer's
// --with-keys is refused, an admin's recorded in their name.
func TestKeysOverSSH(t *testing.T) {
	h := seeded(t)
	remote := func(actor string, args ...string) result {
		var out, errb bytes.Buffer
		env := h.env("", args)
		env.Stdout, env.Stderr = &out, &errb
		now, _ := time.Parse(time.RFC3339, testNow)
		env.Remote = &Remote{Actor: actor, Path: h.db, Now: func() time.Time { return now }}
		return result{Run(env), out.String(), errb.String()}
	}
	for _, route := range keyRoutes {
		for _, viewer := range []string{"vic@example.com", "ana@example.com"} {
			before := h.snapshot()
			r := remote(viewer, route...)
			if r.code == 0 || strings.Contains(r.out, storetest.OfficeKeys) || h.snapshot() != before {
				t.Fatalf("%s over SSH %q: %+v", viewer, route, r)
			}
		}
		before := lastSeq(t, h)
		r := remote("admin@example.com", route...)
		if r.code != 0 || !strings.Contains(r.out, storetest.OfficeKeys) {
			t.Fatalf("admin over SSH %q: %+v", route, r)
		}
		if evs := eventsSince(t, h, before); len(evs) != 1 || evs[0].Actor != "admin@example.com" || evs[0].Kind != model.EvKeysRevealed {
			t.Fatalf("admin over SSH %q: events %+v", route, evs)
		}
	}
}

// TestEditWithoutChangesSaysSo: an edit to the values a record has writes
// nothing, exits 0 and says "no changes".
func TestEditWithoutChangesSaysSo(t *testing.T) {
	h := seeded(t)
	for _, args := range [][]string{
		{"products", "edit", "Office", "--net-price", "10.00"},
		{"users", "edit", "ana@example.com", "--department", "Sales"},
		{"assets", "edit", "LAPTOP-1", "--type", "laptop"},
		{"org", "edit", "--anchor-day", "1"},
	} {
		before := h.snapshot()
		contains(t, h.ok(args...), "no changes")
		if h.snapshot() != before {
			t.Fatalf("%q wrote something", args)
		}
	}
}

func lastSeq(t *testing.T, h *harness) uint64 {
	t.Helper()
	svc, done := h.service()
	defer done()
	n, err := svc.LastSeq()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func eventsSince(t *testing.T, h *harness, seq uint64) []model.Event {
	t.Helper()
	svc, done := h.service()
	defer done()
	var evs []model.Event
	if err := svc.Events(seq+1, func(e model.Event) bool { evs = append(evs, e); return true }); err != nil {
		t.Fatal(err)
	}
	return evs
}
