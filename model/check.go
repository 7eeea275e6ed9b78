package model

import (
	"errors"
	"fmt"
)

// Check verifies every domain invariant in one read transaction and
// returns one line per violation (none: all is well). The store checks its
// own mechanics (indexes, counters, event sequence) separately.
func (s *Service) Check() ([]string, error) {
	var out []string
	err := s.store.View(func(tx Tx) error {
		var err error
		out, err = CheckTx(tx)
		return err
	})
	return out, err
}

// CheckTx is Check inside a caller's transaction.
func CheckTx(tx Tx) ([]string, error) {
	var bad []string
	fail := func(format string, a ...any) { bad = append(bad, fmt.Sprintf(format, a...)) }

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
