package model

import "time"

// Store runs domain operations in transactions. Package store/bolt
// implements it on a bbolt file; every domain operation is exactly one
// Update (or View) call, and the events it writes go through the same Tx,
// so a change and its record commit or vanish together.
//
// A backend may run fn more than once (a serialization failure retried):
// fn must have no effect outside the Tx, and every call must start from
// the state the store holds, the earlier attempts' writes rolled back.
// model/storetest is the contract every backend passes.
type Store interface {
	Update(fn func(Tx) error) error
	View(fn func(Tx) error) error
}

// Tx is one transaction. Getters return ErrNotFound for a missing record.
// Put methods assign an ID when the record's ID is zero and keep every
// secondary index and counter in step with the record; they decide nothing:
// rules are checked by the domain before it calls them. Iteration callbacks
// return false to stop early.
type Tx interface {
	// Org returns ErrNotFound before the organization is set up.
	Org() (Org, error)
	PutOrg(Org) error

	Product(id ID) (Product, error)
	// ProductByName matches case-insensitively.
	ProductByName(name string) (Product, error)
	// Products lists every product in ID order.
	Products() ([]Product, error)
	PutProduct(p *Product) error
	// DeleteProduct removes the product, its licenses and their index entries.
	DeleteProduct(id ID) error

	License(id ID) (License, error)
	// PutLicense stores l, moving its status/assignee index entries and the
	// product's Counts from the license's previous version.
	PutLicense(l *License) error
	// LicensesByStatus iterates one product's licenses of one status, oldest
	// Since first, starting at since (zero: from the first).
	LicensesByStatus(product ID, s Status, since time.Time, fn func(License) bool) error
	// CountByStatus counts one product's licenses of one status whose Since
	// lies in [from, to) (zero to: no upper bound).
	CountByStatus(product ID, s Status, from, to time.Time) (int, error)
	// HeldBy iterates the active licenses held by a user or asset, by product.
	HeldBy(kind AssigneeKind, id ID, fn func(License) bool) error
	// HeldOf returns the license of one product held by a user or asset.
	HeldOf(kind AssigneeKind, id ID, product ID) (License, error)
	// Licenses iterates every license in ID order, starting at from.
	Licenses(from ID, fn func(License) bool) error
	// Counts returns a product's counters without scanning licenses.
	Counts(product ID) (Counts, error)

	// User, UserByEmail and Users return users as stored: Held is zero and
	// State as last put (the domain settles them, see User.Settle); PutUser
	// does not store Held. Users iterates in ID order.
	User(id ID) (User, error)
	// UserByEmail takes a normalized (lower-case) email.
	UserByEmail(email string) (User, error)
	Users(fn func(User) bool) error
	PutUser(u *User) error

	Asset(id ID) (Asset, error)
	// AssetByName matches case-insensitively.
	AssetByName(name string) (Asset, error)
	Assets(fn func(Asset) bool) error
	PutAsset(a *Asset) error

	Allocation(id ID) (Allocation, error)
	AllocationByName(name string) (Allocation, error)
	Allocations() ([]Allocation, error)
	PutAllocation(a *Allocation) error
	DeleteAllocation(id ID) error

	// PutScheduled stores a future change; DueScheduled lists those due at
	// or before t, earliest first; DeleteScheduled removes one once applied.
	PutScheduled(s *Scheduled) error
	Schedule(fn func(Scheduled) bool) error
	DeleteScheduled(id ID) error

	// AppendEvent stores e exactly as given (the domain sets Seq to
	// LastSeq()+1 and Hash, see EventHash) and indexes it under every Ref
	// it names. A Seq that is not the next one is refused.
	AppendEvent(e *Event) error
	// Events iterates from seq upwards (reverse: from seq downwards; 0 means the newest).
	Events(from uint64, reverse bool, fn func(Event) bool) error
	// EventsAbout iterates the events naming ref, oldest first.
	EventsAbout(ref Ref, fn func(Event) bool) error
	// EventsAboutNewestFirst iterates the events naming ref, newest first.
	EventsAboutNewestFirst(ref Ref, fn func(Event) bool) error
	// Event returns one event by sequence number.
	Event(seq uint64) (Event, error)
	LastSeq() (uint64, error)

	// LastIDs returns each record family's ID sequence: the last ID
	// handed out, which a deleted record's ID still counts in.
	// RaiseLastIDs moves each sequence up to the given ID (a sequence
	// never goes back), as putting a record with that ID would; a copy
	// carries its source's sequences with it.
	LastIDs() (LastIDs, error)
	RaiseLastIDs(LastIDs) error
}

// LastIDs is the last ID handed out per record family.
type LastIDs struct {
	Products, Licenses, Users, Assets, Allocations, Scheduled ID
}

// Raise is ids with each sequence moved up to other's.
func (ids LastIDs) Raise(other LastIDs) LastIDs {
	return LastIDs{max(ids.Products, other.Products), max(ids.Licenses, other.Licenses), max(ids.Users, other.Users),
		max(ids.Assets, other.Assets), max(ids.Allocations, other.Allocations), max(ids.Scheduled, other.Scheduled)}
}
