package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Check verifies every domain invariant and the event log's hash chain in
// one read transaction and returns one line per violation (none: all is
// well). The store checks its own mechanics (indexes, counters, event
// sequence) separately.
func (s *Service) Check() ([]string, error) { return s.CheckHead("") }

// CheckHead is Check that also proves the log still extends head, a hash
// printed earlier (see VerifyChain): the event with that hash must still
// be in the chain as recomputed from the first event. "" checks no head.
func (s *Service) CheckHead(head string) ([]string, error) {
	head, err := ParseHead(head)
	if err != nil {
		return nil, err
	}
	var out []string
	err = s.store.View(func(tx Tx) error {
		var err error
		out, err = checkTx(tx, head)
		return err
	})
	return out, err
}

// CheckTx is Check inside a caller's transaction.
func CheckTx(tx Tx) ([]string, error) { return checkTx(tx, "") }

func checkTx(tx Tx, head string) ([]string, error) {
	tx = settled(tx)
	var bad []string
	fail := func(format string, a ...any) { bad = append(bad, fmt.Sprintf(format, a...)) }

	ch, err := verifyChain(tx, head)
	if err != nil {
		return nil, err
	}
	if ch.problem != "" {
		fail("%s", ch.problem)
	}
	if head != "" && !ch.extends {
		fail("the log does not extend head %s: the event with that hash is gone or was altered", head)
	}

	org, err := tx.Org()
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	products, err := tx.Products()
	if err != nil {
		return nil, err
	}
	byID := map[ID]Product{}
	for _, p := range products {
		byID[p.ID] = p
	}
	pending := map[ID]int{}
	if err := tx.Schedule(func(sc Scheduled) bool {
		if sc.Kind == ScheduleReduce {
			pending[sc.ProductID] += sc.Count
		}
		return true
	}); err != nil {
		return nil, err
	}
	for _, p := range products {
		c, err := tx.Counts(p.ID)
		if err != nil {
			return nil, err
		}
		if want := max(0, p.Contracted-c.Active); c.Available != want {
			fail("%s: %d available, but %d contracted and %d assigned means %d", p.Name, c.Available, p.Contracted, c.Active, want)
		}
		if p.Contracted < 0 || p.PendingRemoval < 0 || p.PendingRemoval > p.Contracted {
			fail("%s: contracted %d with %d pending removal is impossible", p.Name, p.Contracted, p.PendingRemoval)
		}
		if pending[p.ID] != p.PendingRemoval {
			fail("%s: pending removal %d but %d scheduled", p.Name, p.PendingRemoval, pending[p.ID])
		}
		// Replaying the count-change events must land on the stored count.
		count, seen := 0, false
		if err := tx.EventsAbout(Ref{RefProduct, p.ID}, func(e Event) bool {
			if !e.ChangesCount() {
				return true
			}
			if e.CountFrom != count {
				fail("%s: event %d changes the count from %d, but the replay is at %d", p.Name, e.Seq, e.CountFrom, count)
			}
			count, seen = e.CountTo, true
			return true
		}); err != nil {
			return nil, err
		}
		if (seen || p.Contracted != 0) && count != p.Contracted {
			fail("%s: contracted %d, but its events replay to %d", p.Name, p.Contracted, count)
		}
	}

	if err := checkAllocations(tx, byID, fail); err != nil {
		return nil, err
	}

	held := map[Ref]int{}
	perHolder := map[[3]ID]ID{}
	if err := tx.Licenses(0, func(l License) bool {
		p, ok := byID[l.ProductID]
		if !ok {
			fail("%s belongs to missing product %d", l.Code(), l.ProductID)
			return true
		}
		switch {
		case l.Status != Active && (l.AssigneeKind != NoAssignee || l.AssigneeID != 0):
			fail("%s is %s but names an assignee", l.Code(), l.Status)
		case l.Status == Active:
			want := AssigneeUser
			if p.Kind == PerDevice {
				want = AssigneeAsset
			}
			if l.AssigneeKind != want || l.AssigneeID == 0 {
				fail("%s of %s (%s) is assigned to the wrong kind of holder", l.Code(), p.Name, p.Kind)
				return true
			}
			key := [3]ID{ID(l.AssigneeKind), l.AssigneeID, l.ProductID}
			if other, dup := perHolder[key]; dup {
				fail("holder %c%d has two licenses of %s: %s and %s", l.AssigneeKind, l.AssigneeID, p.Name, LicenseCode(other), l.Code())
			}
			perHolder[key] = l.ID
			held[Ref{byte(l.AssigneeKind), l.AssigneeID}]++
		}
		return true
	}); err != nil {
		return nil, err
	}

	owners := 0
	if err := tx.Users(func(u User) bool {
		n := held[Ref{byte(AssigneeUser), u.ID}]
		delete(held, Ref{byte(AssigneeUser), u.ID})
		if u.Held != n {
			fail("%s: record says %d licenses held, %d found", u.Email, u.Held, n)
		}
		switch {
		case n > 0 && u.State != StateEnabled:
			fail("%s holds %d licenses but is %s", u.Email, n, u.State)
		case n == 0 && u.State == StateEnabled:
			fail("%s is enabled but holds no license", u.Email)
		case n > 0 && u.Kind == KindExternal:
			fail("%s is an external consultant but holds %d licenses", u.Email, n)
		}
		if u.Role == RoleOwner {
			owners++
			if u.ID != org.OwnerID {
				fail("%s has the owner role but is not the account owner", u.Email)
			}
		}
		return true
	}); err != nil {
		return nil, err
	}
	if org.OwnerID != 0 && owners != 1 {
		fail("%d users have the owner role; there must be exactly one", owners)
	}
	if org.OwnerID != 0 {
		if u, err := tx.User(org.OwnerID); err != nil || u.Role != RoleOwner {
			fail("the account owner (user %d) is missing or not an owner", org.OwnerID)
		}
	}
	for r := range held {
		if r.Kind == byte(AssigneeAsset) {
			if _, err := tx.Asset(r.ID); err != nil {
				fail("licenses are assigned to missing asset %d", r.ID)
			}
			continue
		}
		fail("licenses are assigned to missing user %d", r.ID)
	}
	return bad, nil
}

// ChainHead names the newest event of a verified log: printed and kept,
// it lets a later check prove the log still extends it.
type ChainHead struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
	// Time and Kind describe the newest event, for people.
	Time time.Time `json:"time,omitzero"`
	Kind string    `json:"kind,omitempty"`
}

// VerifyChain recomputes every event's hash, oldest first, and returns
// the head (seq 0 and GenesisHash for an empty log, which every log
// extends), or a Corrupt error naming the first
// event whose hash does not match.
func (s *Service) VerifyChain() (ChainHead, error) {
	var ch chainCheck
	err := s.store.View(func(tx Tx) error {
		var err error
		ch, err = verifyChain(tx, "")
		return err
	})
	if err != nil {
		return ChainHead{}, err
	}
	if ch.problem != "" {
		return ChainHead{}, Corruptf("%s", ch.problem)
	}
	return ch.head, nil
}

// chainCheck is what a walk over the log found.
type chainCheck struct {
	head    ChainHead
	problem string // the first event whose hash does not match ("": none)
	// extends is set when the recomputed chain passes through the head
	// sought: an unaltered prefix of the log ends with it.
	extends bool
}

// verifyChain streams the log, holding one hash at a time. After a
// mismatch it goes on chaining the recomputed hashes, so that only an
// unaltered prefix of the log can reach a head printed earlier.
func verifyChain(tx Tx, find string) (chainCheck, error) {
	ch := chainCheck{head: ChainHead{Hash: GenesisHash}, extends: find == GenesisHash}
	prev := GenesisHash
	err := tx.Events(1, false, func(e Event) bool {
		h := EventHash(prev, e)
		if ch.problem == "" && e.Hash != h {
			what := "hash does not match"
			if e.Hash == "" {
				what = "it has no hash"
			}
			ch.problem = fmt.Sprintf("event %d (%s %s): %s: the log was altered at or before it",
				e.Seq, e.Time.UTC().Format(time.RFC3339), oneLine(e.Kind), what)
		}
		if h == find {
			ch.extends = true
		}
		ch.head = ChainHead{Seq: e.Seq, Hash: h, Time: e.Time, Kind: e.Kind}
		prev = h
		return true
	})
	return ch, err
}

// ParseHead reads a head hash as a person gives it: hex, any case ("":
// none).
func ParseHead(head string) (string, error) {
	head = strings.ToLower(strings.TrimSpace(head))
	if head == "" || validHash(head) {
		return head, nil
	}
	return "", Invalidf("%q is not an event hash: a head is the 64 hex digits 'seats history --verify' prints", cutText(head, 80))
}

// oneLine keeps a stored string (which a damaged log may fill with
// anything) to one short line.
func oneLine(s string) string {
	return cutText(strings.Join(strings.Fields(s), " "), 40)
}

func cutText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
