package products

import (
	"strings"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

// storedKeys reads a product's keys as stored (every read of the service
// masks them).
func storedKeys(t *testing.T, w *tuitest.World, name string) string {
	t.Helper()
	var keys string
	w.Must(w.DB.View(func(tx model.Tx) error {
		p, err := tx.ProductByName(name)
		keys = p.Keys
		return err
	}))
	return keys
}

func stored(t *testing.T, w *tuitest.World, name string) model.Product {
	t.Helper()
	var p model.Product
	w.Must(w.DB.View(func(tx model.Tx) error {
		var err error
		p, err = tx.ProductByName(name)
		return err
	}))
	return p
}

func lastSeq(t *testing.T, w *tuitest.World) uint64 {
	t.Helper()
	n, err := w.Svc.LastSeq()
	w.Must(err)
	return n
}

// TestEditSaveWithoutChangesKeepsEverything: e then ctrl+s on a product
// with multi-line notes and keys keeps both as they are, writes no event
// and says "no changes"; with the keys revealed first, the same.
func TestEditSaveWithoutChangesKeepsEverything(t *testing.T) {
	w := tuitest.Standard(t)
	keys, notes := "AAAA-1111\nBBBB-2222", "Renewal via the reseller.\nCall Jane before March."
	_, err := w.Svc.EditProduct("", "Office", func(p *model.Product) error { p.Keys, p.Notes = keys, notes; return nil })
	w.Must(err)
	before := stored(t, w, "Office")

	for _, reveal := range []bool{false, true} {
		h := tuitest.Load(t, w, "", New)
		goTo(t, h, "Office")
		if reveal {
			h.Press("r")
		}
		seq := lastSeq(t, w)
		h.Press("e")
		v := tuitest.Flat(h.ModalView())
		if reveal != strings.Contains(v, "AAAA-1111") {
			t.Fatalf("revealed %v, edit form:\n%s", reveal, h.ModalView())
		}
		h.Press("ctrl+s")
		if h.Top() != nil || !strings.HasPrefix(h.LastStatus(), "no changes") {
			t.Fatalf("revealed %v: status %q, errs %v, modal\n%s", reveal, h.LastStatus(), h.Errs, h.ModalView())
		}
		if got := stored(t, w, "Office"); got != before {
			t.Fatalf("revealed %v: saved\n%+v\nwant\n%+v", reveal, got, before)
		}
		if n := lastSeq(t, w); n != seq {
			t.Fatalf("revealed %v: an unchanged save wrote %d events", reveal, n-seq)
		}
	}

	// A change to one line of the notes keeps the other lines and the keys.
	h := tuitest.Load(t, w, "", New)
	goTo(t, h, "Office")
	h.Press("e")
	focus(t, h, "Notes")
	h.Press("enter")
	h.Type("Jane left; ask Tom.")
	h.Press("ctrl+s")
	if h.Top() != nil || h.LastStatus() != "Office saved" {
		t.Fatalf("status %q, errs %v", h.LastStatus(), h.Errs)
	}
	p := stored(t, w, "Office")
	if p.Notes != notes+"\nJane left; ask Tom." || p.Keys != keys {
		t.Fatalf("notes %q keys %q", p.Notes, p.Keys)
	}
	w.Check()
}

// TestRevealWritesOneEvent: r reveals through the domain, which records
// who saw which product's keys; the reveal's own event does not mask them
// again, any other change does.
func TestRevealWritesOneEvent(t *testing.T) {
	w := tuitest.Standard(t)
	for _, who := range []string{"", "admin@example.com"} {
		h := tuitest.Load(t, w, who, New)
		goTo(t, h, "Office")
		seq := lastSeq(t, w)
		h.Press("r")
		if !strings.Contains(h.Tab.View(), "AAAA-BBBB") {
			t.Fatalf("%q: not revealed", who)
		}
		e := w.LastEvent(model.EvKeysRevealed)
		actor := who
		if actor == "" {
			actor = "owner@example.com"
		}
		if lastSeq(t, w) != seq+1 || e.Actor != actor || e.Product != "Office" || strings.Contains(e.Note, "AAAA") {
			t.Fatalf("%q: events %d, %+v", who, lastSeq(t, w)-seq, e)
		}
		h.Send(common.DataChangedMsg{Seq: e.Seq})
		if !strings.Contains(h.Tab.View(), "AAAA-BBBB") {
			t.Fatalf("%q: the reveal's own event masked the keys", who)
		}
		h.Press("r") // hide: writes nothing
		if lastSeq(t, w) != seq+1 {
			t.Fatal("hiding wrote an event")
		}
	}
}

// TestRevealRefusedForMembersAndViewers: r is not offered to a member or a
// viewer, and a reveal forced past the key is refused by the domain and
// writes nothing.
func TestRevealRefusedForMembersAndViewers(t *testing.T) {
	w := tuitest.Standard(t)
	for _, who := range []string{"ana@example.com", "vic@example.com"} {
		h := tuitest.Load(t, w, who, New)
		goTo(t, h, "Office")
		h.Refuses("r")
		p, _ := tab(h).selected()
		seq := lastSeq(t, w)
		h.Run(tab(h).revealKeys(p))
		if model.CodeOf(h.LastErr()) != model.CodeForbidden || strings.Contains(h.Tab.View(), "AAAA-BBBB") {
			t.Fatalf("%s: errs %v", who, h.Errs)
		}
		if lastSeq(t, w) != seq {
			t.Fatalf("%s: a refused reveal wrote an event", who)
		}
	}
}
