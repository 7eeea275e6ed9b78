package model

import (
	"errors"
	"fmt"
	"strings"
)

func validateUser(u *User) error {
	var err error
	if u.Email, err = NormalizeEmail(u.Email); err != nil {
		return err
	}
	if u.First, err = cleanText(u.First, "first name", 100); err != nil {
		return err
	}
	if u.Last, err = cleanText(u.Last, "last name", 100); err != nil {
		return err
	}
	if u.First == "" || u.Last == "" {
		return Invalidf("first and last name are required")
	}
	if strings.Contains(u.First+u.Last, "\n") {
		return Invalidf("names must be one line")
	}
	if u.Department, err = cleanText(u.Department, "department", 100); err != nil {
		return err
	}
	if u.Role == "" {
		u.Role = RoleMember
	}
	if u.Role, err = ParseRole(string(u.Role)); err != nil {
		return err
	}
	if u.Kind, err = ParseUserKind(string(u.Kind)); err != nil {
		return err
	}
	if _, err := ParseDate(string(u.LastDay)); err != nil {
		return err
	}
	return nil
}

func (o *op) emailFree(email string, self ID) error {
	other, err := o.tx.UserByEmail(email)
	if err == nil && other.ID != self {
		return Conflictf("a user with email %s already exists", other.Email)
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return nil
}

// InviteUser adds a user in the invited state. The first user of a fresh
// database becomes the account owner; afterwards ownership only moves by
// TransferOwnership (Rule 6).
func (s *Service) InviteUser(actor string, u User) (User, error) {
	err := s.update(actor, func(o *op) error {
		if err := validateUser(&u); err != nil {
			return err
		}
		if err := o.emailFree(u.Email, 0); err != nil {
			return err
		}
		first := o.org.OwnerID == 0
		switch {
		case first:
			if u.Kind == KindExternal {
				return Conflictf("the account owner must be an employee")
			}
			u.Role = RoleOwner
		case u.Role == RoleOwner:
			return Conflictf("there is already an account owner: invite as admin, then transfer ownership")
		}
		u.ID, u.State, u.Held, u.LastDay, u.Created = 0, StateInvited, 0, "", o.now
		if err := o.tx.PutUser(&u); err != nil {
			return err
		}
		if first {
			o.org.OwnerID = u.ID
			if err := o.saveOrg(); err != nil {
				return err
			}
		}
		if err := o.emit(Event{Kind: EvUserInvited, UserID: u.ID, User: u.Email,
			To: fmt.Sprintf("%s %s, %s", u.Role, u.Kind, u.Department)}); err != nil {
			return err
		}
		return o.afterUserChange(&u)
	})
	return u, err
}

// EditUser applies edit to the user's current record and validates it.
// Role changes to or from owner go through TransferOwnership; state and
// held licenses follow from operations, not edits.
func (s *Service) EditUser(actor, email string, edit func(*User) error) (User, error) {
	var u User
	err := s.update(actor, func(o *op) error {
		cur, err := o.userByEmail(email)
		if err != nil {
			return err
		}
		u = cur
		if err := edit(&u); err != nil {
			return err
		}
		u.ID, u.State, u.Held, u.LastDay, u.Created = cur.ID, cur.State, cur.Held, cur.LastDay, cur.Created
		if err := validateUser(&u); err != nil {
			return err
		}
		if err := o.emailFree(u.Email, u.ID); err != nil {
			return err
		}
		if (u.Role == RoleOwner) != (cur.Role == RoleOwner) {
			return Conflictf("the account owner changes only by transferring ownership")
		}
		if u.Kind == KindExternal && cur.Held > 0 {
			return Conflictf("%s holds %d licenses: unassign them before making them external", cur.Email, cur.Held)
		}
		if u.Kind == KindExternal && u.Role == RoleOwner {
			return Conflictf("the account owner must be an employee")
		}
		from, to := diffUser(cur, u)
		if from == "" && to == "" {
			u = cur
			return unchanged(cur.Email)
		}
		if err := o.tx.PutUser(&u); err != nil {
			return err
		}
		if err := o.emit(Event{Kind: EvUserUpdated, UserID: u.ID, User: u.Email, From: from, To: to}); err != nil {
			return err
		}
		return o.afterUserChange(&u)
	})
	return u, err
}

func diffUser(a, b User) (from, to string) {
	var f, t []string
	add := func(name, x, y string) {
		if x != y {
			f, t = append(f, name+"="+x), append(t, name+"="+y)
		}
	}
	add("email", a.Email, b.Email)
	add("first", a.First, b.First)
	add("last", a.Last, b.Last)
	add("role", string(a.Role), string(b.Role))
	add("department", a.Department, b.Department)
	add("kind", string(a.Kind), string(b.Kind))
	return strings.Join(f, " "), strings.Join(t, " ")
}

// TransferOwnership makes another enabled employee the account owner and
// the previous owner an admin, in one transaction, so there is always
// exactly one owner (Rule 6). Only the owner can give ownership away.
func (s *Service) TransferOwnership(actor, email string) error {
	return s.update(actor, func(o *op) error {
		if err := o.requireOwner("transfer ownership"); err != nil {
			return err
		}
		to, err := o.userByEmail(email)
		if err != nil {
			return err
		}
		if to.ID == o.org.OwnerID {
			return Conflictf("%s is already the account owner", to.Email)
		}
		if to.State != StateEnabled || to.Kind != KindEmployee {
			return Conflictf("%s is %s: only an enabled employee (holding a license) can become the account owner", to.Email, to.State)
		}
		from := ""
		if o.org.OwnerID != 0 {
			prev, err := o.tx.User(o.org.OwnerID)
			if err != nil {
				return Corruptf("the account owner (user %d) is missing", o.org.OwnerID)
			}
			prev.Role = RoleAdmin
			if err := o.tx.PutUser(&prev); err != nil {
				return err
			}
			if err := o.syncMembership(prev); err != nil {
				return err
			}
			from = prev.Email
		}
		to.Role = RoleOwner
		if err := o.tx.PutUser(&to); err != nil {
			return err
		}
		if err := o.syncMembership(to); err != nil {
			return err
		}
		o.org.OwnerID = to.ID
		if err := o.saveOrg(); err != nil {
			return err
		}
		return o.emit(Event{Kind: EvOwnerTransferred, UserID: to.ID, User: to.Email, From: from, To: to.Email})
	})
}

// Termination tells what TerminateUser did.
type Termination struct {
	User      string    `json:"user"`
	LastDay   Date      `json:"last_day"`
	Immediate bool      `json:"immediate"`
	Released  []License `json:"released"`
}

// TerminateUser ends a user's work on lastDay: their licenses are released
// on that day (at once when it is today or past), and for products with
// reduce-on-termination the pool is scheduled to shrink by the seats freed
// (Rule 5). The owner cannot be terminated; transfer ownership first.
func (s *Service) TerminateUser(actor, email string, lastDay Date) (Termination, error) {
	var t Termination
	err := s.update(actor, func(o *op) error {
		if lastDay == "" {
			return Invalidf("a last work day is required")
		}
		d, err := ParseDate(string(lastDay))
		if err != nil {
			return err
		}
		u, err := o.userByEmail(email)
		if err != nil {
			return err
		}
		if u.State == StateTerminated {
			return Conflictf("%s is already terminated", u.Email)
		}
		if u.ID == o.org.OwnerID {
			return Conflictf("%s is the account owner: transfer ownership before terminating", u.Email)
		}
		if u.ID == o.actor.ID {
			return Conflictf("you cannot terminate yourself")
		}
		if err := o.dropSchedules(func(sc Scheduled) bool { return sc.Kind == ScheduleTerminate && sc.UserID == u.ID }); err != nil {
			return err
		}
		u.LastDay = d
		if err := o.tx.PutUser(&u); err != nil {
			return err
		}
		t = Termination{User: u.Email, LastDay: d}
		at := d.Time()
		if !at.After(o.now) {
			t.Immediate = true
			t.Released, err = o.releaseAndTerminate(u.ID, "terminated")
			return err
		}
		if err := o.tx.PutScheduled(&Scheduled{At: at, Kind: ScheduleTerminate, UserID: u.ID, ActorID: o.actor.ID}); err != nil {
			return err
		}
		return o.emit(Event{Kind: EvTerminationPlanned, UserID: u.ID, User: u.Email, To: string(d), Note: "licenses released on the last work day"})
	})
	return t, err
}

// releaseUser is the scheduled side of a termination.
func (o *op) releaseUser(id ID, note string) error {
	_, err := o.releaseAndTerminate(id, note)
	return err
}

func (o *op) releaseAndTerminate(id ID, note string) ([]License, error) {
	var held []License
	if err := o.tx.HeldBy(AssigneeUser, id, func(l License) bool {
		held = append(held, l)
		return true
	}); err != nil {
		return nil, err
	}
	var released []License
	for _, l := range held {
		r, _, err := o.unassign(l, note)
		if err != nil {
			return nil, err
		}
		released = append(released, r)
		p, err := o.product(l.ProductID)
		if err != nil {
			return nil, err
		}
		if p.ReduceOnTermination && r.Status == Available {
			if err := o.scheduleTerminationReduction(p); err != nil {
				return nil, err
			}
		}
	}
	u, err := o.tx.User(id)
	if err != nil {
		return nil, err
	}
	from := u.State
	u.State = StateTerminated
	if u.LastDay == "" {
		u.LastDay = DateOf(o.now)
	}
	if err := o.tx.PutUser(&u); err != nil {
		return nil, err
	}
	if err := o.syncMembership(u); err != nil {
		return nil, err
	}
	return released, o.emit(Event{Kind: EvUserTerminated, UserID: u.ID, User: u.Email, From: string(from), To: string(StateTerminated),
		Note: fmt.Sprintf("last work day %s, %d licenses released", u.LastDay, len(released))})
}

// scheduleTerminationReduction shrinks the pool by the seat a termination
// freed, at the end of the cycle like any removal.
func (o *op) scheduleTerminationReduction(p Product) error {
	r, err := o.planRemoval(p, 1, false)
	if err != nil {
		return nil // nothing left to reduce (already scheduled away)
	}
	if r.Immediate {
		return o.shrinkPool(&p, 1, false, "reduce on termination")
	}
	p.PendingRemoval++
	if err := o.tx.PutProduct(&p); err != nil {
		return err
	}
	if err := o.tx.PutScheduled(&Scheduled{At: r.Effective, Kind: ScheduleReduce, ProductID: p.ID, Count: 1, ActorID: o.actor.ID}); err != nil {
		return err
	}
	return o.emit(Event{Kind: EvRemovalScheduled, ProductID: p.ID, Product: p.Name, CountFrom: r.From, CountTo: r.To,
		Note: "reduce on termination, takes effect " + DateOf(r.Effective).String()})
}

// EvUserReinstated is a terminated user taken back: their history stays,
// they hold nothing until licenses are assigned again.
const EvUserReinstated = "user.reinstated"

// ReinstateUser takes a terminated user back: they become a disabled user
// (holding nothing) with no last work day, and rejoin the allocations that
// cover them. The termination stays in the history; this is a new event.
func (s *Service) ReinstateUser(actor, email string) (User, error) {
	var out User
	err := s.update(actor, func(o *op) error {
		u, err := o.userByEmail(email)
		if err != nil {
			return err
		}
		if u.State != StateTerminated {
			return Conflictf("%s is not terminated: only a terminated user can be reinstated", u.Email)
		}
		lastDay := u.LastDay
		u.State, u.LastDay = StateDisabled, ""
		u.Settle(0)
		if err := o.tx.PutUser(&u); err != nil {
			return err
		}
		if err := o.syncMembership(u); err != nil {
			return err
		}
		out = u
		return o.emit(Event{Kind: EvUserReinstated, UserID: u.ID, User: u.Email, From: string(StateTerminated), To: string(u.State),
			Note: fmt.Sprintf("reinstated after the last work day %s", lastDay)})
	})
	return out, err
}
