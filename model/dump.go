package model

import (
	"errors"
	"fmt"
)

// Records is an organization record by record, as stored: what Copy reads
// from a source and writes to a destination. Dump fills it from a store,
// record by record, and RecordsStore serves it back as a read-only store,
// so that `seats export all` and `seats import all` are Copy through a
// directory rather than a second copier.
type Records struct {
	Org         *Org
	Products    []Product
	Users       []User
	Assets      []Asset
	Licenses    []License
	Scheduled   []Scheduled
	Allocations []Allocation
	Events      []Event
}

// Record kinds, in the order Dump hands them out.
const (
	RecordOrg        = "org"
	RecordProduct    = "products"
	RecordUser       = "users"
	RecordAsset      = "assets"
	RecordLicense    = "licenses"
	RecordScheduled  = "scheduled"
	RecordAllocation = "allocations"
	RecordEvent      = "events"
)

// Dump reads src in one snapshot and hands each record to emit as it is
// stored (users unsettled, scheduled changes not applied), in the order
// Copy writes them. Products' license keys are left out unless withKeys:
// the caller decides who may have them (Service.RevealKeys). It refuses a
// src whose chain does not verify, and returns the chain's head.
func Dump(src Store, withKeys bool, emit func(kind string, record any) error) (ChainHead, error) {
	var head ChainHead
	err := src.View(func(tx Tx) error {
		var err error
		if head, err = verifiedHead(tx); err != nil {
			return err
		}
		org, err := tx.Org()
		switch {
		case err == nil:
			if err := emit(RecordOrg, org); err != nil {
				return err
			}
		case !errors.Is(err, ErrNotFound):
			return err
		}
		products, err := tx.Products()
		if err != nil {
			return err
		}
		for _, p := range products {
			if !withKeys {
				p.Keys = ""
			}
			if err := emit(RecordProduct, p); err != nil {
				return err
			}
		}
		var failed error
		put := func(kind string, v any) bool {
			failed = emit(kind, v)
			return failed == nil
		}
		for _, step := range []func() error{
			func() error { return tx.Users(func(u User) bool { return put(RecordUser, u) }) },
			func() error { return tx.Assets(func(a Asset) bool { return put(RecordAsset, a) }) },
			func() error { return tx.Licenses(0, func(l License) bool { return put(RecordLicense, l) }) },
			func() error { return tx.Schedule(func(s Scheduled) bool { return put(RecordScheduled, s) }) },
		} {
			if err := step(); err != nil {
				return err
			}
			if failed != nil {
				return failed
			}
		}
		allocations, err := tx.Allocations()
		if err != nil {
			return err
		}
		for _, a := range allocations {
			if err := emit(RecordAllocation, a); err != nil {
				return err
			}
		}
		err = tx.Events(1, false, func(e Event) bool { return put(RecordEvent, e) })
		return errOr(err, failed)
	})
	return head, err
}

// RecordsStore serves r as a read-only Store for Copy. Its Tx has what
// Copy reads (the organization, every record in ID order, the log and
// each product's counts); any other method and every Update refuse.
func RecordsStore(r *Records) Store {
	counts := map[ID]Counts{}
	for _, l := range r.Licenses {
		c := counts[l.ProductID]
		c.Add(l.Status, 1)
		counts[l.ProductID] = c
	}
	return recordsStore{r, counts}
}

type recordsStore struct {
	r      *Records
	counts map[ID]Counts
}

func (s recordsStore) View(fn func(Tx) error) error { return fn(recordsTx{r: s.r, counts: s.counts}) }

func (s recordsStore) Update(func(Tx) error) error {
	return Invalidf("a dumped organization is read only")
}

// recordsTx embeds a nil Tx for the methods Copy never calls on its
// source: calling one of them is a programming error and panics.
type recordsTx struct {
	Tx
	r      *Records
	counts map[ID]Counts
}

func (t recordsTx) Org() (Org, error) {
	if t.r.Org == nil {
		return Org{}, ErrNotFound
	}
	return *t.r.Org, nil
}

func (t recordsTx) Products() ([]Product, error) { return t.r.Products, nil }

func (t recordsTx) Allocations() ([]Allocation, error) { return t.r.Allocations, nil }

func each[T any](records []T, fn func(T) bool) error {
	for _, r := range records {
		if !fn(r) {
			break
		}
	}
	return nil
}

func (t recordsTx) Users(fn func(User) bool) error         { return each(t.r.Users, fn) }
func (t recordsTx) Assets(fn func(Asset) bool) error       { return each(t.r.Assets, fn) }
func (t recordsTx) Schedule(fn func(Scheduled) bool) error { return each(t.r.Scheduled, fn) }
func (t recordsTx) Licenses(from ID, fn func(License) bool) error {
	if from != 0 {
		return fmt.Errorf("a dumped organization lists its licenses from the first")
	}
	return each(t.r.Licenses, fn)
}

func (t recordsTx) Events(from uint64, reverse bool, fn func(Event) bool) error {
	if from != 1 || reverse {
		return fmt.Errorf("a dumped organization lists its events from the first, oldest first")
	}
	return each(t.r.Events, fn)
}

func (t recordsTx) LastSeq() (uint64, error) {
	if len(t.r.Events) == 0 {
		return 0, nil
	}
	return t.r.Events[len(t.r.Events)-1].Seq, nil
}

// Counts counts the product's licenses by status, as a store's counters
// would hold them.
func (t recordsTx) Counts(product ID) (Counts, error) { return t.counts[product], nil }

// LastIDs are the highest IDs the dump holds. A dump does not carry the
// source's sequences, so an ID only a deleted record had may be handed
// out again after an import (seats migrate carries them exactly).
func (t recordsTx) LastIDs() (LastIDs, error) {
	var ids LastIDs
	for _, p := range t.r.Products {
		ids.Products = max(ids.Products, p.ID)
	}
	for _, l := range t.r.Licenses {
		ids.Licenses = max(ids.Licenses, l.ID)
	}
	for _, u := range t.r.Users {
		ids.Users = max(ids.Users, u.ID)
	}
	for _, a := range t.r.Assets {
		ids.Assets = max(ids.Assets, a.ID)
	}
	for _, a := range t.r.Allocations {
		ids.Allocations = max(ids.Allocations, a.ID)
	}
	for _, s := range t.r.Scheduled {
		ids.Scheduled = max(ids.Scheduled, s.ID)
	}
	return ids, nil
}
