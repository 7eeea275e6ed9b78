package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// SystemActor is the actor recorded when nobody owns the organization yet
// (a fresh database) and for changes that fall due with time.
const SystemActor = "system"

// Service is the domain's entry point. Every mutating method is one store
// transaction: it applies changes that have fallen due, resolves and
// authorizes the acting user, checks the rules, writes the change and its
// events, and commits all of it or nothing.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService wires the domain to a store and a clock (nil: time.Now).
func NewService(st Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, now: now}
}

// Now is the service's clock, in UTC.
func (s *Service) Now() time.Time { return s.now().UTC() }

// op is the state of one operation inside its transaction.
type op struct {
	tx    Tx
	now   time.Time
	actor User // zero ID when acting as SystemActor
	org   Org
	// head is the newest event this operation read or wrote (see
	// appendEvent); events are appended in order, all with the same time
	// and actor.
	head chainLink
}

func (o *op) actorName() string {
	if o.actor.ID == 0 {
		return SystemActor
	}
	return o.actor.Email
}

// emit appends an event stamped with the operation's time and actor.
func (o *op) emit(e Event) error {
	e.Time = o.now
	if e.Actor == "" {
		e.Actor = o.actorName()
	}
	return o.appendEvent(&e)
}

// update runs fn as one write transaction on behalf of actor, who must be
// allowed to change data (Rule 7). Everything fn depends on is made inside
// the transaction function, so a store that runs it again starts afresh.
func (s *Service) update(actor string, fn func(o *op) error) error {
	return s.updateAs(actor, func(u User) error {
		if why := ReadOnlyReason(u); why != "" {
			return Forbiddenf("%s", why)
		}
		return nil
	}, fn)
}

// updateAs is update with its own check of the acting user (who is never
// SystemActor when it runs).
func (s *Service) updateAs(actor string, allowed func(User) error, fn func(o *op) error) error {
	return s.store.Update(func(tx Tx) error {
		o := &op{tx: settled(tx), now: s.Now()}
		if err := o.loadOrg(); err != nil {
			return err
		}
		if err := o.checkClock(); err != nil {
			return err
		}
		if err := o.applyDue(); err != nil {
			return err
		}
		if err := o.resolveActor(actor); err != nil {
			return err
		}
		if o.actor.ID != 0 {
			if err := allowed(o.actor); err != nil {
				return err
			}
		}
		return fn(o)
	})
}

// checkClock refuses a write whose clock is behind the log's newest event
// before anything is written: nothing is recorded out of time order.
func (o *op) checkClock() error {
	last, err := o.tx.LastSeq()
	if err != nil {
		return err
	}
	hash, at, err := o.chainHead(last)
	if err != nil {
		return err
	}
	if o.now.Before(at) {
		return clockBehind(o.now, at)
	}
	o.head = chainLink{seq: last, hash: hash, time: at}
	return nil
}

// view runs fn in one read transaction, which writes nothing. When
// scheduled changes have fallen due, fn sees them applied: the domain
// applies them to an overlay over the read transaction, which is thrown
// away with it; the next write records them at their boundary times.
func (s *Service) view(fn func(o *op) error) error {
	now := s.Now()
	return s.store.View(func(tx Tx) error {
		due, err := countDue(tx, now, 1)
		if err != nil {
			return err
		}
		if due > 0 {
			tx = newOverlay(tx)
		}
		o := &op{tx: settled(tx), now: now}
		if err := o.loadOrg(); err != nil {
			return err
		}
		if due > 0 {
			if err := o.applyDue(); err != nil {
				return err
			}
		}
		return fn(o)
	})
}

// ApplyDue records every scheduled change that has fallen due (for cron
// or a ticking UI; every write does it first anyway). Nothing due, it
// writes nothing.
func (s *Service) ApplyDue() error {
	if n, err := s.DueNotRecorded(); err != nil || n == 0 {
		return err
	}
	now := s.Now()
	return s.store.Update(func(tx Tx) error {
		o := &op{tx: settled(tx), now: now}
		if err := o.loadOrg(); err != nil {
			return err
		}
		if err := o.checkClock(); err != nil {
			return err
		}
		return o.applyDue()
	})
}

// DueNotRecorded counts the scheduled changes that have fallen due but
// are not recorded yet: reads show them applied, and interfaces say so.
// A change that one of them triggers (a termination's reduction whose
// cycle has also ended) is not counted until it is scheduled.
func (s *Service) DueNotRecorded() (int, error) {
	now := s.Now()
	n := 0
	err := s.store.View(func(tx Tx) error {
		var err error
		n, err = countDue(tx, now, 0)
		return err
	})
	return n, err
}

// Version names the state a read sees: the newest event, and how many
// scheduled changes a read shows applied that no write has recorded yet.
// Two reads with the same Version see the same data.
type Version struct {
	Seq uint64
	Due int
}

// Version reads the store's Version in one transaction.
func (s *Service) Version() (Version, error) {
	now := s.Now()
	var v Version
	err := s.store.View(func(tx Tx) error {
		var err error
		if v.Seq, err = tx.LastSeq(); err != nil {
			return err
		}
		v.Due, err = countDue(tx, now, 0)
		return err
	})
	return v, err
}

// countDue counts the schedule entries due at or before now, stopping at
// limit (0: no limit).
func countDue(tx Tx, now time.Time, limit int) (int, error) {
	n := 0
	err := tx.Schedule(func(sc Scheduled) bool {
		if sc.At.After(now) {
			return false
		}
		n++
		return limit == 0 || n < limit
	})
	return n, err
}

// DefaultOrg is the organization of a fresh database.
func DefaultOrg() Org {
	return Org{Name: "My Organization", Currency: "EUR", AnchorDay: 1, ExpiryWarningDays: 30}
}

func (o *op) loadOrg() error {
	org, err := o.tx.Org()
	if errors.Is(err, ErrNotFound) {
		o.org = DefaultOrg()
		return nil
	}
	if err != nil {
		return err
	}
	o.org = org
	return nil
}

func (o *op) saveOrg() error { return o.tx.PutOrg(o.org) }

// resolveActor finds the acting user: the given email, else the account
// owner. A fresh database has no users yet; then the person holding the
// file acts as SystemActor until the first user (the owner) is invited.
func (o *op) resolveActor(email string) error {
	if strings.TrimSpace(email) == "" {
		if o.org.OwnerID == 0 {
			return nil
		}
		u, err := o.tx.User(o.org.OwnerID)
		if err != nil {
			return Corruptf("the account owner (user %d) is missing", o.org.OwnerID)
		}
		o.actor = u
		return nil
	}
	u, err := o.userByEmail(email)
	if err != nil {
		return err
	}
	if u.State == StateTerminated {
		return Forbiddenf("%s is terminated and cannot act", u.Email)
	}
	o.actor = u
	return nil
}

// ResolveActor returns the user an interface acts as ("" = account owner).
// The zero User means a fresh database with no owner yet.
func (s *Service) ResolveActor(email string) (User, error) {
	var u User
	err := s.view(func(o *op) error {
		if err := o.resolveActor(email); err != nil {
			return err
		}
		u = o.actor
		return nil
	})
	return u, err
}

func (o *op) userByEmail(email string) (User, error) {
	e, err := NormalizeEmail(email)
	if err != nil {
		return User{}, err
	}
	u, err := o.tx.UserByEmail(e)
	if errors.Is(err, ErrNotFound) {
		return User{}, NotFoundf("no user %s", e)
	}
	return u, err
}

func (o *op) productByName(name string) (Product, error) {
	n := strings.TrimSpace(name)
	if n == "" {
		return Product{}, Invalidf("a product name is required")
	}
	p, err := o.tx.ProductByName(n)
	if errors.Is(err, ErrNotFound) {
		return Product{}, NotFoundf("no product %q", n)
	}
	return p, err
}

func (o *op) assetByName(name string) (Asset, error) {
	n := strings.TrimSpace(name)
	if n == "" {
		return Asset{}, Invalidf("an asset name is required")
	}
	a, err := o.tx.AssetByName(n)
	if errors.Is(err, ErrNotFound) {
		return Asset{}, NotFoundf("no asset %q", n)
	}
	return a, err
}

func (o *op) license(code string) (License, error) {
	id, ok := ParseLicenseCode(code)
	if !ok {
		return License{}, Invalidf("invalid license ID %q (want LIC-000042)", code)
	}
	l, err := o.tx.License(id)
	if errors.Is(err, ErrNotFound) {
		return License{}, NotFoundf("no license %s", LicenseCode(id))
	}
	return l, err
}

func (o *op) product(id ID) (Product, error) {
	p, err := o.tx.Product(id)
	if errors.Is(err, ErrNotFound) {
		return Product{}, Corruptf("product %d is missing", id)
	}
	return p, err
}

// assigneeName renders who holds a license.
func (o *op) assigneeName(kind AssigneeKind, id ID) string {
	switch kind {
	case AssigneeUser:
		if u, err := o.tx.User(id); err == nil {
			return u.Email
		}
	case AssigneeAsset:
		if a, err := o.tx.Asset(id); err == nil {
			return a.Name
		}
	}
	if id == 0 {
		return ""
	}
	return fmt.Sprintf("#%d", id)
}

// requireOwner refuses unless the actor is the account owner (or nobody
// owns a fresh database yet).
func (o *op) requireOwner(what string) error {
	if o.actor.ID != 0 && o.actor.Role != RoleOwner {
		return Forbiddenf("only the account owner can %s", what)
	}
	return nil
}

func positive(n int, what string) error {
	if n <= 0 {
		return Invalidf("%s must be a positive number, not %d", what, n)
	}
	if n > 10_000_000 {
		return Invalidf("%s of %d is too large", what, n)
	}
	return nil
}

// settledTx hands the domain users settled from the licenses they hold: a
// store keeps a user as put (see Tx), and what a user holds, and so
// whether they are enabled, follows from the holder index.
type settledTx struct{ Tx }

// settledNames is a settledTx over a Tx that also names holders from its
// indexes (see NameIndex), which listings look for.
type settledNames struct {
	settledTx
	NameIndex
}

// settled wraps tx once.
func settled(tx Tx) Tx {
	switch tx.(type) {
	case settledTx, settledNames:
		return tx
	}
	s := settledTx{tx}
	if ix, ok := tx.(NameIndex); ok {
		return settledNames{s, ix}
	}
	return s
}

func (t settledTx) settle(u *User) error {
	n := 0
	if err := t.Tx.HeldBy(AssigneeUser, u.ID, func(License) bool { n++; return true }); err != nil {
		return err
	}
	u.Settle(n)
	return nil
}

func (t settledTx) User(id ID) (User, error) {
	u, err := t.Tx.User(id)
	if err != nil {
		return u, err
	}
	return u, t.settle(&u)
}

func (t settledTx) UserByEmail(email string) (User, error) {
	u, err := t.Tx.UserByEmail(email)
	if err != nil {
		return u, err
	}
	return u, t.settle(&u)
}

func (t settledTx) Users(fn func(User) bool) error {
	var serr error
	err := t.Tx.Users(func(u User) bool {
		if serr = t.settle(&u); serr != nil {
			return false
		}
		return fn(u)
	})
	if err != nil {
		return err
	}
	return serr
}
