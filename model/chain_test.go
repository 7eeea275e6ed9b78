package model_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
)

// fxBusy is the standard organization after a little of everything, so
// that every way of writing an event (emit, growPool, due changes) is in
// its log.
func fxBusy(t *testing.T) *fxWorld {
	w := fxStandard(t)
	_, err := w.svc.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com"}, false)
	w.must(err)
	w.clock.advance(time.Hour)
	_, err = w.svc.AddLicenses("", "Office", 3)
	w.must(err)
	_, err = w.svc.Assign("", "Antivirus", "LAPTOP-1", false)
	w.must(err)
	_, _, err = w.svc.Unassign("", "LIC-000001")
	w.must(err)
	_, err = w.svc.RemoveLicenses("", "Office", 1, false)
	w.must(err)
	w.clock.set(2026, time.April, 2) // the removal falls due
	_, err = w.svc.EditOrg("", func(o *model.Org) error { o.Name = "Busy Org"; return nil })
	w.must(err)
	return w
}

// events reads the whole log as the store holds it.
func (w *fxWorld) events() []model.Event {
	w.t.Helper()
	var out []model.Event
	w.must(w.db.View(func(tx model.Tx) error {
		return tx.Events(0, false, func(e model.Event) bool { out = append(out, e); return true })
	}))
	return out
}

func TestEventsChainFromTheGenesisHash(t *testing.T) {
	w := fxBusy(t)
	evs := w.events()
	kinds := map[string]bool{}
	prev := model.GenesisHash
	for i, e := range evs {
		kinds[e.Kind] = true
		if e.Seq != uint64(i+1) {
			t.Fatalf("event %d has seq %d", i+1, e.Seq)
		}
		if want := model.EventHash(prev, e); e.Hash != want {
			t.Fatalf("event %d (%s): hash %q, want %q", e.Seq, e.Kind, e.Hash, want)
		}
		prev = e.Hash
	}
	for _, k := range []string{model.EvLicensesAdded, model.EvLicenseAssigned, model.EvLicensesRemoved, model.EvOrgUpdated} {
		if !kinds[k] {
			t.Fatalf("no %s event in the log: %v", k, kinds)
		}
	}
	head, err := w.svc.VerifyChain()
	w.must(err)
	if head.Seq != uint64(len(evs)) || head.Hash != prev || head.Kind != evs[len(evs)-1].Kind {
		t.Fatalf("head %+v, want event %d %s", head, len(evs), prev)
	}
	empty := fxOpen(t)
	if h, err := empty.svc.VerifyChain(); err != nil || h.Seq != 0 || h.Hash != model.GenesisHash {
		t.Fatalf("empty log head %+v, %v", h, err)
	}
}

// A name with bytes that are not UTF-8 passes validation; a store that
// keeps JSON replaces them, so the hash must be of the cleaned text.
func TestEventTextIsHashedAsAStoreKeepsIt(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.CreateProduct("", model.Product{Name: "Caf\xe9 \xffPro", Contracted: 1})
	w.must(err)
	if _, err := w.svc.VerifyChain(); err != nil {
		t.Fatal(err)
	}
	evs := w.events()
	last := evs[len(evs)-1]
	if !utf8.ValidString(last.Product) || last.Product != "Caf\uFFFD \uFFFDPro" {
		t.Fatalf("stored product name %q", last.Product)
	}
	bad, err := w.svc.Check()
	w.must(err)
	for _, b := range bad {
		if strings.Contains(b, "hash") {
			t.Fatalf("check: %s", b)
		}
	}
}

func TestAWriteWithTheClockBehindTheLogIsRefused(t *testing.T) {
	w := fxStandard(t)
	last := w.events()
	at := last[len(last)-1].Time
	before := w.snapshot()
	w.clock.t = at.Add(-time.Second)
	_, err := w.svc.AddLicenses("", "Office", 1)
	if model.CodeOf(err) != model.CodeConflict {
		t.Fatalf("a write with the clock behind: %v", err)
	}
	want := fmt.Sprintf("the clock (%s) is behind the last recorded event (%s): check the system clock; nothing was changed",
		w.clock.t.Format(time.RFC3339), at.Format(time.RFC3339))
	if err.Error() != want {
		t.Fatalf("message %q\nwant    %q", err, want)
	}
	if err := w.svc.ApplyDue(); err != nil {
		t.Fatalf("nothing due, yet: %v", err)
	}
	if w.snapshot() != before {
		t.Fatal("a refused write changed the database")
	}
	if _, err := w.svc.Status(); err != nil {
		t.Fatalf("reads must still work: %v", err)
	}
	w.clock.t = at // the same instant is not behind
	_, err = w.svc.AddLicenses("", "Office", 1)
	w.must(err)
}

func TestAnEventWithoutAHashIsDamage(t *testing.T) {
	w := fxStandard(t)
	w.must(w.db.Update(func(tx model.Tx) error {
		last, err := tx.LastSeq()
		if err != nil {
			return err
		}
		return tx.AppendEvent(&model.Event{Seq: last + 1, Time: w.clock.t, Kind: "forged", Actor: "nobody"})
	}))
	before := w.snapshot()
	_, err := w.svc.AddLicenses("", "Office", 1)
	if model.CodeOf(err) != model.CodeCorrupt || !strings.Contains(err.Error(), "has no valid hash") {
		t.Fatalf("extending a log whose newest event has no hash: %v", err)
	}
	if w.snapshot() != before {
		t.Fatal("the refused write changed the database")
	}
	bad, err := w.svc.Check()
	w.must(err)
	if len(bad) != 1 || !strings.Contains(bad[0], "it has no hash") {
		t.Fatalf("check: %q", bad)
	}
}

// copyLog writes events into a new store through its Tx, altering the
// event with seq k on the way.
func copyLog(t *testing.T, evs []model.Event, k uint64, alter func(*model.Event)) (model.Store, *model.Service) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "copy.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	err = db.Update(func(tx model.Tx) error {
		for _, e := range evs {
			if e.Seq == k {
				alter(&e)
			}
			if err := tx.AppendEvent(&e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, model.NewService(db, func() time.Time { return evs[len(evs)-1].Time })
}

// chainLines keeps a check's lines about the hash chain.
func chainLines(bad []string) []string {
	var out []string
	for _, b := range bad {
		if strings.Contains(b, "hash") || strings.Contains(b, "head") {
			out = append(out, b)
		}
	}
	return out
}

func TestCheckNamesTheFirstAlteredEvent(t *testing.T) {
	w := fxBusy(t)
	evs := w.events()
	n := uint64(len(evs))
	_, svc := copyLog(t, evs, 0, nil)
	if bad, err := svc.Check(); err != nil || len(bad) != 0 {
		t.Fatalf("an unaltered copy: %q, %v", bad, err)
	}
	alterations := map[string]func(*model.Event){
		"note":   func(e *model.Event) { e.Note += "!" },
		"actor":  func(e *model.Event) { e.Actor = "mallory@example.com" },
		"time":   func(e *model.Event) { e.Time = e.Time.Add(time.Nanosecond) },
		"count":  func(e *model.Event) { e.CountTo++ },
		"hash":   func(e *model.Event) { e.Hash = model.EventHash(e.Hash, *e) },
		"nohash": func(e *model.Event) { e.Hash = "" },
	}
	for name, alter := range alterations {
		for _, k := range []uint64{1, n / 2, n} {
			t.Run(fmt.Sprintf("%s of event %d", name, k), func(t *testing.T) {
				_, svc := copyLog(t, evs, k, alter)
				bad, err := svc.Check()
				if err != nil {
					t.Fatal(err)
				}
				lines := chainLines(bad)
				if len(lines) != 1 || !strings.HasPrefix(lines[0], fmt.Sprintf("event %d (", k)) ||
					!strings.HasSuffix(lines[0], "the log was altered at or before it") {
					t.Fatalf("check of a log with event %d altered: %q", k, bad)
				}
				_, err = svc.VerifyChain()
				if model.CodeOf(err) != model.CodeCorrupt || !strings.HasPrefix(err.Error(), fmt.Sprintf("event %d (", k)) {
					t.Fatalf("verify: %v", err)
				}
			})
		}
	}
}

func TestCheckHeadProvesTheLogStillExtendsIt(t *testing.T) {
	w := fxStandard(t)
	head1, err := w.svc.VerifyChain()
	w.must(err)
	_, err = w.svc.Assign("", "Office", "ana@example.com", false)
	w.must(err)
	head2, err := w.svc.VerifyChain()
	w.must(err)
	if head2.Seq <= head1.Seq {
		t.Fatalf("heads %+v then %+v", head1, head2)
	}
	for _, h := range []string{head1.Hash, strings.ToUpper(head1.Hash), " " + head2.Hash + "\n", model.GenesisHash} {
		if bad, err := w.svc.CheckHead(h); err != nil || len(bad) != 0 {
			t.Fatalf("head %q: %q, %v", h, bad, err)
		}
	}
	foreign := model.EventHash(head1.Hash, model.Event{Seq: 1})
	bad, err := w.svc.CheckHead(foreign)
	w.must(err)
	if len(bad) != 1 || bad[0] != "the log does not extend head "+foreign+": the event with that hash is gone or was altered" {
		t.Fatalf("a head the log never had: %q", bad)
	}
	if _, err := w.svc.CheckHead("LIC-000001"); model.CodeOf(err) != model.CodeInvalid {
		t.Fatalf("not a hash: %v", err)
	}

	evs := w.events()
	// Altered at or before the head: the head is no longer reached.
	_, svc := copyLog(t, evs, head1.Seq, func(e *model.Event) { e.Note = "rewritten" })
	bad, err = svc.CheckHead(head1.Hash)
	w.must(err)
	if lines := chainLines(bad); len(lines) != 2 || !strings.HasPrefix(lines[0], fmt.Sprintf("event %d (", head1.Seq)) || !strings.Contains(lines[1], "does not extend head "+head1.Hash) {
		t.Fatalf("a head at an altered event: %q", bad)
	}
	// Altered after it: the head is still reached, the alteration named.
	_, svc = copyLog(t, evs, head2.Seq, func(e *model.Event) { e.Note = "rewritten" })
	bad, err = svc.CheckHead(head1.Hash)
	w.must(err)
	if lines := chainLines(bad); len(lines) != 1 || !strings.HasPrefix(lines[0], fmt.Sprintf("event %d (", head2.Seq)) {
		t.Fatalf("a head before an altered event: %q", bad)
	}
}
