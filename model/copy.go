package model

import (
	"errors"
	"fmt"
	"time"
)

// Copied says what Copy copied and the chain head both stores now end
// with.
type Copied struct {
	Products    int       `json:"products"`
	Licenses    int       `json:"licenses"`
	Users       int       `json:"users"`
	Assets      int       `json:"assets"`
	Allocations int       `json:"allocations"`
	Scheduled   int       `json:"scheduled"`
	Events      int       `json:"events"`
	Head        ChainHead `json:"head"`
}

// Copy copies the organization src holds into dst exactly as stored:
// the same IDs, the same records, the event log with the same sequence
// numbers and hashes. It reads src in one snapshot and writes dst in one
// transaction (through its BulkLoader when it has one), so dst gets all
// of it or nothing. It refuses a dst that holds anything, and a src whose
// chain does not verify (copying it would hide where it was altered:
// verified as the log streams over); before committing it checks dst's
// log (copiedLog) and counters against src's.
//
// Records come through Tx as they are stored: users unsettled, scheduled
// changes not applied, so the copy is of the data, not of a view of it.
// dst's ID sequences are src's (Tx.LastIDs), so an ID a deleted record
// had is not handed out again after the copy either.
func Copy(src, dst Store) (Copied, error) {
	var c Copied
	err := load(dst, func(out Tx, bulk Bulk) error {
		c = Copied{}
		if err := mustBeEmpty(out); err != nil {
			return err
		}
		return src.View(func(in Tx) error {
			if err := copyRecords(in, out, bulk, &c); err != nil {
				return err
			}
			head, err := copyEvents(in, bulk, &c)
			if err != nil {
				return err
			}
			ids, err := in.LastIDs()
			if err != nil {
				return err
			}
			if err := out.RaiseLastIDs(ids); err != nil {
				return err
			}
			if err := copiedLog(out, head, c.Events); err != nil {
				return err
			}
			c.Head = head
			return sameCounts(in, out)
		})
	})
	return c, err
}

// EventCounter is a Tx that counts its stored events without reading
// them (a server's count(*)): Copy then checks the copy's log by its
// count and its newest events instead of reading a million back.
type EventCounter interface {
	CountEvents() (int, error)
}

// copiedLog checks that out stores the log Copy handed it, whose chain
// (verified as it streamed out of the source) ends at head: every event
// there (counted where the store can count), the newest chained to the
// one before and ending at head, as stored. A store that cannot count
// has its chain recomputed in full.
func copiedLog(out Tx, head ChainHead, events int) error {
	counter, ok := out.(EventCounter)
	if !ok {
		copied, err := verifiedHead(out)
		if err != nil {
			return fmt.Errorf("the copy's event log does not verify: %w", err)
		}
		if copied != head {
			return Corruptf("the copy's chain ends at %d %s, the source's at %d %s", copied.Seq, copied.Hash, head.Seq, head.Hash)
		}
		return nil
	}
	n, err := counter.CountEvents()
	if err != nil {
		return err
	}
	if n != events {
		return Corruptf("the copy holds %d events, the source %d", n, events)
	}
	last, err := out.LastSeq()
	if err != nil {
		return err
	}
	if last != head.Seq {
		return Corruptf("the copy's log ends at event %d, the source's at %d", last, head.Seq)
	}
	if head.Seq == 0 {
		return nil
	}
	prev, tail := GenesisHash, ChainHead{}
	from := head.Seq - 1
	if from == 0 {
		from = 1
	}
	var failed error
	if err := out.Events(from, false, func(e Event) bool {
		if e.Seq < head.Seq {
			prev = e.Hash
			return true
		}
		tail = ChainHead{Seq: e.Seq, Hash: EventHash(prev, e), Time: e.Time, Kind: e.Kind}
		if e.Hash != tail.Hash {
			failed = Corruptf("the copy's event %d does not hash as stored", e.Seq)
		}
		return false
	}); err != nil {
		return err
	}
	if failed != nil {
		return failed
	}
	if tail != head {
		return Corruptf("the copy's chain ends at %d %s, the source's at %d %s", tail.Seq, tail.Hash, head.Seq, head.Hash)
	}
	return nil
}

// mustBeEmpty refuses a store holding an organization or any record.
func mustBeEmpty(tx Tx) error {
	refuse := Conflictf("the destination is not empty: an organization is copied (seats migrate, seats import all) into an empty database only")
	if _, err := tx.Org(); err == nil {
		return refuse
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	if ps, err := tx.Products(); err != nil || len(ps) > 0 {
		return errOr(err, refuse)
	}
	if as, err := tx.Allocations(); err != nil || len(as) > 0 {
		return errOr(err, refuse)
	}
	if last, err := tx.LastSeq(); err != nil || last > 0 {
		return errOr(err, refuse)
	}
	held := false
	found := func() bool { held = true; return false }
	for _, iterate := range []func() error{
		func() error { return tx.Users(func(User) bool { return found() }) },
		func() error { return tx.Assets(func(Asset) bool { return found() }) },
		func() error { return tx.Licenses(0, func(License) bool { return found() }) },
		func() error { return tx.Schedule(func(Scheduled) bool { return found() }) },
	} {
		if err := iterate(); err != nil {
			return err
		}
	}
	if held {
		return refuse
	}
	return nil
}

func errOr(err, otherwise error) error {
	if err != nil {
		return err
	}
	return otherwise
}

// verifiedHead recomputes tx's chain and returns its head.
func verifiedHead(tx Tx) (ChainHead, error) {
	ch, err := verifyChain(tx, "")
	if err != nil {
		return ChainHead{}, err
	}
	if ch.problem != "" {
		return ChainHead{}, Corruptf("%s; run 'seats check'", ch.problem)
	}
	return ch.head, nil
}

// copyRecords copies everything but the log, products before the
// licenses that belong to them.
func copyRecords(in, out Tx, bulk Bulk, c *Copied) error {
	org, err := in.Org()
	switch {
	case err == nil:
		if err := out.PutOrg(org); err != nil {
			return err
		}
	case !errors.Is(err, ErrNotFound):
		return err
	}
	products, err := in.Products()
	if err != nil {
		return err
	}
	for _, p := range products {
		if err := out.PutProduct(&p); err != nil {
			return err
		}
		c.Products++
	}
	users := newBatcher(bulk.PutUsers, &c.Users)
	if err := users.drain(in.Users(users.add)); err != nil {
		return err
	}
	assets := newBatcher(bulk.PutAssets, &c.Assets)
	if err := assets.drain(in.Assets(assets.add)); err != nil {
		return err
	}
	licenses := newBatcher(bulk.PutLicenses, &c.Licenses)
	if err := licenses.drain(in.Licenses(0, licenses.add)); err != nil {
		return err
	}
	var failed error
	if err := in.Schedule(func(s Scheduled) bool {
		if failed = out.PutScheduled(&s); failed != nil {
			return false
		}
		c.Scheduled++
		return true
	}); err != nil {
		return err
	}
	if failed != nil {
		return failed
	}
	allocations, err := in.Allocations()
	if err != nil {
		return err
	}
	for _, a := range allocations {
		if err := out.PutAllocation(&a); err != nil {
			return err
		}
		c.Allocations++
	}
	return nil
}

// copyEvents appends src's log to dst's, each event as it is, hash and
// all, verifying src's chain as it goes (a log altered anywhere is not
// copied: the transaction fails, dst keeps nothing) and returning its
// head.
func copyEvents(in Tx, bulk Bulk, c *Copied) (ChainHead, error) {
	events := newBatcher(bulk.AppendEvents, &c.Events)
	head := ChainHead{Hash: GenesisHash}
	var broken error
	err := events.drain(in.Events(1, false, func(e Event) bool {
		h := EventHash(head.Hash, e)
		if e.Hash != h {
			what := "hash does not match"
			if e.Hash == "" {
				what = "it has no hash"
			}
			broken = Corruptf("event %d (%s %s): %s: the log was altered at or before it; run 'seats check'",
				e.Seq, e.Time.UTC().Format(time.RFC3339), oneLine(e.Kind), what)
			return false
		}
		head = ChainHead{Seq: e.Seq, Hash: h, Time: e.Time, Kind: e.Kind}
		return events.add(e)
	}))
	if broken != nil {
		return ChainHead{}, broken
	}
	return head, err
}

// sameCounts compares every product's counters in both stores.
func sameCounts(in, out Tx) error {
	products, err := in.Products()
	if err != nil {
		return err
	}
	for _, p := range products {
		a, err := in.Counts(p.ID)
		if err != nil {
			return err
		}
		b, err := out.Counts(p.ID)
		if err != nil {
			return err
		}
		if a != b {
			return Corruptf("product %q: the copy counts %+v, the source %+v", p.Name, b, a)
		}
	}
	return nil
}
