package model_test

import (
	"strings"
	"testing"

	"github.com/seats/seats/model"
)

// TestKeysAreSecretInReads: no read of the service carries license keys,
// whoever asks; they show as KeysMask.
func TestKeysAreSecretInReads(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.EditProduct("", "Office", func(p *model.Product) error { p.Keys = "SECRET-1\nSECRET-2"; return nil })
	w.must(err)
	sum, err := w.svc.Status()
	w.must(err)
	ps, err := w.svc.Product("Office")
	w.must(err)
	if all := readAll(t, w.svc); strings.Contains(all, "SECRET") {
		t.Fatalf("a read shows the keys:\n%s", all)
	}
	for _, p := range append(sum.Products, ps) {
		if p.Name == "Office" && p.Keys != model.KeysMask {
			t.Fatalf("%s keys read as %q", p.Name, p.Keys)
		}
		if p.Name == "Antivirus" && p.Keys != "" {
			t.Fatalf("a product without keys reads %q", p.Keys)
		}
	}
}

// TestRevealKeysByRole: the owner and admins get the keys, each reveal
// recording exactly one event naming who and which product; a member or
// a viewer is refused and nothing is written. The same holds for the
// export of every product's keys.
func TestRevealKeysByRole(t *testing.T) {
	for _, c := range []struct {
		actor string
		ok    bool
	}{
		{"", true}, // the account owner, as the CLI acts by default
		{"owner@example.com", true},
		{"admin@example.com", true},
		{"ana@example.com", false},
		{"vic@example.com", false},
	} {
		w := fxStandard(t)
		_, err := w.svc.EditProduct("", "Office", func(p *model.Product) error { p.Keys = "SECRET-1\nSECRET-2"; return nil })
		w.must(err)
		who := c.actor
		if who == "" {
			who = "owner@example.com"
		}

		for _, route := range []struct {
			name string
			run  func() (string, error)
		}{
			{"reveal", func() (string, error) {
				r, err := w.svc.RevealKeys(c.actor, "Office")
				return r.Keys, err
			}},
			{"export", func() (string, error) {
				sum, err := w.svc.ProductsWithKeys(c.actor)
				var keys []string
				for _, p := range sum.Products {
					keys = append(keys, p.Keys)
				}
				return strings.Join(keys, "|"), err
			}},
		} {
			before, last := w.snapshot(), lastSeq(t, w.svc)
			keys, err := route.run()
			if !c.ok {
				if model.CodeOf(err) != model.CodeForbidden || strings.Contains(keys, "SECRET") {
					t.Fatalf("%s %s: got %q, %v; want refused", who, route.name, keys, err)
				}
				if w.snapshot() != before {
					t.Fatalf("%s %s: a refused reveal wrote something", who, route.name)
				}
				continue
			}
			w.must(err)
			if !strings.Contains(keys, "SECRET-1\nSECRET-2") {
				t.Fatalf("%s %s: got %q", who, route.name, keys)
			}
			var evs []model.Event
			w.must(w.svc.Events(last+1, func(e model.Event) bool { evs = append(evs, e); return true }))
			if len(evs) != 1 || evs[0].Kind != model.EvKeysRevealed || evs[0].Actor != who || evs[0].Product != "Office" ||
				!evs[0].Time.Equal(w.clock.t) || strings.Contains(evs[0].Note+evs[0].From+evs[0].To, "SECRET") {
				t.Fatalf("%s %s: events %+v, want one %s by %s on Office", who, route.name, evs, model.EvKeysRevealed, who)
			}
			w.clock.advance(1)
		}
		w.check()
	}
}

// TestRevealWithoutKeys records nothing.
func TestRevealWithoutKeys(t *testing.T) {
	w := fxStandard(t)
	before := w.snapshot()
	if _, err := w.svc.RevealKeys("", "Antivirus"); model.CodeOf(err) != model.CodeNotFound {
		t.Fatalf("got %v", err)
	}
	if w.snapshot() != before {
		t.Fatal("revealing no keys wrote something")
	}
}

func lastSeq(t *testing.T, svc *model.Service) uint64 {
	t.Helper()
	n, err := svc.LastSeq()
	if err != nil {
		t.Fatal(err)
	}
	return n
}
