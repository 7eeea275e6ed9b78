package model

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"time"
)

// Org returns the organization's settings.
func (s *Service) Org() (Org, error) {
	var org Org
	err := s.view(func(o *op) error { org = o.org; return nil })
	return org, err
}

// Product returns one product by name with its counts.
func (s *Service) Product(name string) (ProductStatus, error) {
	var ps ProductStatus
	err := s.view(func(o *op) error {
		p, err := o.productByName(name)
		if err != nil {
			return err
		}
		ps.Product = p
		ps.Counts, err = o.tx.Counts(p.ID)
		return err
	})
	ps.Keys = ps.MaskedKeys()
	return ps, err
}

// User returns one user by email.
func (s *Service) User(email string) (User, error) {
	var u User
	err := s.view(func(o *op) error {
		var err error
		u, err = o.userByEmail(email)
		return err
	})
	return u, err
}

// Users lists every user, in creation order.
func (s *Service) Users() ([]User, error) {
	var out []User
	err := s.view(func(o *op) error {
		out = nil // a store may run this again
		return o.tx.Users(func(u User) bool { out = append(out, u); return true })
	})
	return out, err
}

// Assets lists every asset, in creation order.
func (s *Service) Assets() ([]Asset, error) {
	var out []Asset
	err := s.view(func(o *op) error {
		out = nil
		return o.tx.Assets(func(a Asset) bool { out = append(out, a); return true })
	})
	return out, err
}

// Asset returns one asset by name.
func (s *Service) Asset(name string) (Asset, error) {
	var a Asset
	err := s.view(func(o *op) error {
		var err error
		a, err = o.assetByName(name)
		return err
	})
	return a, err
}

// License returns one license by its code.
func (s *Service) License(code string) (License, error) {
	var l License
	err := s.view(func(o *op) error {
		var err error
		l, err = o.license(code)
		return err
	})
	return l, err
}

// LicenseFilter narrows a license listing; zero fields match everything.
type LicenseFilter struct {
	Product string
	Status  Status
	// Holder is an email or asset name.
	Holder string
}

// Names resolves the IDs in license rows to display names.
type Names struct {
	Products map[ID]string
	Users    map[ID]string
	Assets   map[ID]string
}

// Assignee renders a license's holder.
func (n Names) Assignee(l License) string {
	switch l.AssigneeKind {
	case AssigneeUser:
		return n.Users[l.AssigneeID]
	case AssigneeAsset:
		return n.Assets[l.AssigneeID]
	}
	return ""
}

// Licenses lists licenses matching f in ID order (a holder's by product,
// then ID), with the names to show them.
func (s *Service) Licenses(f LicenseFilter) ([]License, Names, error) {
	var out []License
	var names Names
	err := s.view(func(o *op) error {
		out, names = nil, Names{}
		// A narrowed listing names only the holders it shows: reading every
		// user and asset would cost more than the listing at scale.
		if f.Holder == "" && f.Product == "" {
			d, err := o.directory()
			if err != nil {
				return err
			}
			names = d.Names()
			n, err := o.countLicenses(f)
			if err != nil {
				return err
			}
			out = make([]License, 0, n)
		} else {
			defer func() { names = o.namesOf(out) }()
		}
		return o.eachLicense(f, func(l License) bool { out = append(out, l); return true })
	})
	return out, names, err
}

// eachLicense hands fn the licenses matching f in the order Licenses
// lists them, until fn returns false.
func (o *op) eachLicense(f LicenseFilter, fn func(License) bool) error {
	keep := func(l License) bool {
		if f.Status != 0 && l.Status != f.Status {
			return true
		}
		return fn(l)
	}
	switch {
	case f.Holder != "":
		kind, id := AssigneeUser, ID(0)
		if strings.Contains(f.Holder, "@") {
			u, err := o.userByEmail(f.Holder)
			if err != nil {
				return err
			}
			id = u.ID
		} else {
			a, err := o.assetByName(f.Holder)
			if err != nil {
				return err
			}
			kind, id = AssigneeAsset, a.ID
		}
		var pid ID
		if f.Product != "" {
			p, err := o.productByName(f.Product)
			if err != nil {
				return err
			}
			pid = p.ID
		}
		return o.tx.HeldBy(kind, id, func(l License) bool {
			if pid != 0 && l.ProductID != pid {
				return true
			}
			return keep(l)
		})
	case f.Product != "":
		p, err := o.productByName(f.Product)
		if err != nil {
			return err
		}
		statuses := []Status{Available, Active, Deactivated}
		if f.Status != 0 {
			statuses = []Status{f.Status}
		}
		// The status index orders by status, then since: gather the
		// product's licenses to hand them over by ID.
		var ls []License
		for _, st := range statuses {
			if err := o.tx.LicensesByStatus(p.ID, st, time.Time{}, func(l License) bool { ls = append(ls, l); return true }); err != nil {
				return err
			}
		}
		sortLicenses(ls)
		for _, l := range ls {
			if !keep(l) {
				break
			}
		}
		return nil
	}
	return o.tx.Licenses(0, keep)
}

func sortLicenses(ls []License) {
	slices.SortFunc(ls, func(a, b License) int { return cmp.Compare(a.ID, b.ID) })
}

// namesOf names every product and the holders of ls.
func (o *op) namesOf(ls []License) Names {
	n := Names{Products: map[ID]string{}, Users: map[ID]string{}, Assets: map[ID]string{}}
	if ps, err := o.tx.Products(); err == nil {
		for _, p := range ps {
			n.Products[p.ID] = p.Name
		}
	}
	for _, l := range ls {
		switch l.AssigneeKind {
		case AssigneeUser:
			if _, ok := n.Users[l.AssigneeID]; !ok {
				n.Users[l.AssigneeID] = o.assigneeName(AssigneeUser, l.AssigneeID)
			}
		case AssigneeAsset:
			if _, ok := n.Assets[l.AssigneeID]; !ok {
				n.Assets[l.AssigneeID] = o.assigneeName(AssigneeAsset, l.AssigneeID)
			}
		}
	}
	return n
}

// Subject is the thing a history is about, as resolved from user input.
type Subject struct {
	Ref   Ref    `json:"-"`
	Kind  string `json:"kind"`
	Label string `json:"label"`
}

// resolveSubject reads LIC-000042, an email, a product name or an asset name.
func (o *op) resolveSubject(thing string) (Subject, error) {
	thing = strings.TrimSpace(thing)
	if thing == "" {
		return Subject{}, Invalidf("say whose history: a license ID, email, product or asset")
	}
	if id, ok := ParseLicenseCode(thing); ok && strings.HasPrefix(strings.ToUpper(thing), "LIC-") {
		l, err := o.license(thing)
		if err != nil {
			return Subject{}, err
		}
		return Subject{Ref{RefLicense, id}, "license", l.Code()}, nil
	}
	if strings.Contains(thing, "@") {
		u, err := o.userByEmail(thing)
		if err != nil {
			return Subject{}, err
		}
		return Subject{Ref{RefUser, u.ID}, "user", u.Email}, nil
	}
	if p, err := o.tx.ProductByName(thing); err == nil {
		return Subject{Ref{RefProduct, p.ID}, "product", p.Name}, nil
	} else if !errors.Is(err, ErrNotFound) {
		return Subject{}, err
	}
	if a, err := o.tx.AssetByName(thing); err == nil {
		return Subject{Ref{RefAsset, a.ID}, "asset", a.Name}, nil
	} else if !errors.Is(err, ErrNotFound) {
		return Subject{}, err
	}
	if a, err := o.tx.AllocationByName(thing); err == nil {
		return Subject{Ref{RefAllocation, a.ID}, "allocation", a.Name}, nil
	} else if !errors.Is(err, ErrNotFound) {
		return Subject{}, err
	}
	return Subject{}, NotFoundf("no license, user, product, asset or allocation %q", thing)
}

// History returns a thing's events, oldest first. A license's history
// starts with the event that created it (one event creates a whole range).
func (s *Service) History(thing string) (Subject, []Event, error) {
	var subj Subject
	var out []Event
	err := s.view(func(o *op) error {
		out = nil
		var err error
		if subj, err = o.resolveSubject(thing); err != nil {
			return err
		}
		return o.history(subj.Ref, func(e Event) bool { out = append(out, e); return true })
	})
	return subj, out, err
}

// HistoryOf is History for a record the interface already holds.
func (s *Service) HistoryOf(ref Ref) ([]Event, error) {
	var out []Event
	err := s.view(func(o *op) error {
		out = nil
		return o.history(ref, func(e Event) bool { out = append(out, e); return true })
	})
	return out, err
}

func (o *op) history(ref Ref, fn func(Event) bool) error {
	if ref.Kind == RefLicense {
		l, err := o.tx.License(ref.ID)
		if err != nil {
			if errors.Is(err, ErrNotFound) {
				return NotFoundf("no license %s", LicenseCode(ref.ID))
			}
			return err
		}
		if l.CreatedSeq != 0 {
			if e, err := o.tx.Event(l.CreatedSeq); err == nil {
				if !fn(e) {
					return nil
				}
			}
		}
	}
	return o.tx.EventsAbout(ref, fn)
}

// Activity returns up to limit events, newest first, below seq before (0: from the newest).
func (s *Service) Activity(before uint64, limit int) ([]Event, error) {
	var out []Event
	err := s.view(func(o *op) error {
		out = nil
		from := uint64(0)
		if before > 1 {
			from = before - 1
		} else if before == 1 {
			return nil
		}
		return o.tx.Events(from, true, func(e Event) bool {
			if out == nil && limit > 0 {
				// A dashboard's trend reads pages of thousands: room
				// made once spares copying each event as the slice grows.
				out = make([]Event, 0, min(limit, 8192))
			}
			out = append(out, e)
			return limit <= 0 || len(out) < limit
		})
	})
	return out, err
}

// Events iterates every event from seq upwards (for export and replay).
func (s *Service) Events(from uint64, fn func(Event) bool) error {
	return s.view(func(o *op) error { return o.tx.Events(from, false, fn) })
}

// LastSeq is the newest recorded event's sequence number: a cheap "has
// anything changed?" probe for interfaces that refresh. Due changes that
// reads show but no write has recorded yet are not counted: recording
// them changes it.
func (s *Service) LastSeq() (uint64, error) {
	var seq uint64
	err := s.store.View(func(tx Tx) error {
		var err error
		seq, err = tx.LastSeq()
		return err
	})
	return seq, err
}

// Scheduled lists the pending scheduled changes, earliest first.
func (s *Service) Scheduled() ([]Scheduled, error) {
	var out []Scheduled
	err := s.view(func(o *op) error {
		out = nil
		return o.tx.Schedule(func(sc Scheduled) bool { out = append(out, sc); return true })
	})
	return out, err
}

// Event returns one event by sequence number, including those of due
// changes not yet recorded (Activity lists them).
func (s *Service) Event(seq uint64) (Event, error) {
	var e Event
	err := s.view(func(o *op) error {
		var err error
		e, err = o.tx.Event(seq)
		if errors.Is(err, ErrNotFound) {
			return NotFoundf("no event %d", seq)
		}
		return err
	})
	return e, err
}
