package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
)

var hashLine = regexp.MustCompile(`(?m)^[0-9a-f]{64}$`)

// verifiedHead runs history --verify and returns the head it printed,
// checked against its JSON.
func verifiedHead(t *testing.T, h *harness, thing string) model.ChainHead {
	t.Helper()
	out := h.ok("history", thing, "--verify")
	contains(t, out, "History of ", "The event log verifies: ")
	hash := hashLine.FindString(out)
	if hash == "" {
		t.Fatalf("no head hash on a line of its own:\n%s", out)
	}
	res := decode[struct {
		Events []map[string]any `json:"events"`
		Head   model.ChainHead  `json:"head"`
	}](t, h.ok("history", thing, "--verify", "--json"))
	if res.Head.Hash != hash || res.Head.Seq == 0 || len(res.Events) == 0 {
		t.Fatalf("history --verify --json %+v, printed head %s", res.Head, hash)
	}
	return res.Head
}

func TestHistoryVerifyPrintsAHeadThatCheckHeadProves(t *testing.T) {
	h := seeded(t)
	head := verifiedHead(t, h, "ana@example.com")
	contains(t, h.ok("check", "--head", head.Hash), "passed every check", "the log still extends head "+head.Hash)
	h.ok("assign", "Office", "ben@example.com")
	later := verifiedHead(t, h, "Office")
	if later.Seq <= head.Seq {
		t.Fatalf("head %d after a write, was %d", later.Seq, head.Seq)
	}
	contains(t, h.ok("check", "--head", strings.ToUpper(head.Hash)), "the log still extends head "+head.Hash)
	if res := decode[checkJSON](t, h.ok("check", "--head", later.Hash, "--json")); !res.OK || res.Head != later.Hash {
		t.Fatalf("check --head --json %+v", res)
	}

	foreign := model.EventHash(head.Hash, model.Event{Seq: 99})
	r := h.fails(exitFailed, "check", "--head", foreign)
	contains(t, r.out, "the log does not extend head "+foreign)
	h.fails(exitUsage, "check", "--head", "LIC-000001")
	h.fails(exitUsage, "check", "--head", "")
}

// An event appended behind the domain's back, with a hash that does not
// chain, is named by check and stops history --verify.
func TestCheckAndHistoryVerifyNameAForgedEvent(t *testing.T) {
	h := seeded(t)
	head := verifiedHead(t, h, "ana@example.com")
	db, err := store.Open(h.db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var forged model.Event
	err = db.Update(func(tx model.Tx) error {
		last, err := tx.Event(head.Seq)
		if err != nil {
			return err
		}
		forged = last
		forged.Seq, forged.Note = last.Seq+1, "forged"
		return tx.AppendEvent(&forged)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	name := "event " + itoa(int(forged.Seq)) + " ("
	r := h.fails(exitFailed, "check")
	contains(t, r.out, name, "hash does not match: the log was altered at or before it")
	r = h.fails(exitFailed, "history", "ana@example.com", "--verify")
	contains(t, r.err, name, "hash does not match")
	// The head printed before the forgery is still extended; the check
	// fails all the same, naming the forged event.
	r = h.fails(exitFailed, "check", "--head", head.Hash)
	contains(t, r.out, name)
	if strings.Contains(r.out, "does not extend head") {
		t.Fatalf("the head before the forged event is no longer extended:\n%s", r.out)
	}
}

func TestStatusShowsDueChangesAsNotYetRecorded(t *testing.T) {
	h := seeded(t)
	h.ok("licenses", "remove", "Office", "1", "--yes")
	if res := decode[statusJSON](t, h.ok("status", "--json")); res.DueUnrecorded != 0 {
		t.Fatalf("due before the cycle end: %d", res.DueUnrecorded)
	}
	h.vars["SEATS_NOW"] = "2026-04-02T10:00:00Z"
	before, err := os.ReadFile(h.db)
	if err != nil {
		t.Fatal(err)
	}
	out := h.ok("status")
	contains(t, out, "1 scheduled change has fallen due and shown applied, not yet recorded")
	res := decode[statusJSON](t, h.ok("status", "--json"))
	if res.DueUnrecorded != 1 || res.Products[0].Contracted != 2 || res.Products[0].PendingRemoval != 0 {
		t.Fatalf("status --json after the cycle end: due %d, %+v", res.DueUnrecorded, res.Products[0])
	}
	if after, _ := os.ReadFile(h.db); string(after) != string(before) {
		t.Fatal("status changed the file")
	}
	h.ok("assign", "Office", "ben@example.com") // the first write records it
	if res := decode[statusJSON](t, h.ok("status", "--json")); res.DueUnrecorded != 0 || res.Products[0].Contracted != 2 {
		t.Fatalf("status after the first write: due %d, %+v", res.DueUnrecorded, res.Products[0])
	}
	if strings.Contains(h.ok("status"), "fallen due") {
		t.Fatal("status still speaks of due changes once they are recorded")
	}
}
