package model

import (
	"errors"
	"fmt"
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
// of it or nothing. It refuses a dst that
// holds anything, and a src whose chain does not verify (copying it would
// hide where it was altered); before committing it verifies dst's chain
// and counters against src's.
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
			head, err := verifiedHead(in)
			if err != nil {
				return err
			}
			if err := copyRecords(in, out, bulk, &c); err != nil {
				return err
			}
			if err := copyEvents(in, bulk, &c); err != nil {
				return err
			}
			ids, err := in.LastIDs()
			if err != nil {
				return err
			}
			if err := out.RaiseLastIDs(ids); err != nil {
				return err
			}
			copied, err := verifiedHead(out)
			if err != nil {
				return fmt.Errorf("the copy's event log does not verify: %w", err)
			}
			if copied != head {
				return Corruptf("the copy's chain ends at %d %s, the source's at %d %s", copied.Seq, copied.Hash, head.Seq, head.Hash)
			}
			c.Head = head
			return sameCounts(in, out)
		})
	})
	return c, err
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

// copyEvents appends src's log to dst's, each event as it is, hash and all.
func copyEvents(in Tx, bulk Bulk, c *Copied) error {
	events := newBatcher(bulk.AppendEvents, &c.Events)
	return events.drain(in.Events(1, false, events.add))
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
