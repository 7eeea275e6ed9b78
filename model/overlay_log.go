package model

import (
	"cmp"
	"slices"
)

// The overlay's schedule and event log. Events appended here follow the
// base's last; histories are the base's, then the overlay's.

func scheduleOrder(a, b Scheduled) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

func (o *overlay) Schedule(fn func(Scheduled) bool) error {
	over := live(o.schedule, func(s Scheduled) ID { return s.ID })
	slices.SortFunc(over, scheduleOrder)
	return mergeSorted(o.base.Schedule, over, func(a, b Scheduled) bool { return scheduleOrder(a, b) < 0 },
		func(b Scheduled) bool { _, ok := o.schedule[b.ID]; return ok }, fn)
}

func (o *overlay) PutScheduled(s *Scheduled) error {
	if s.ID == 0 {
		id, err := o.newID("schedule", func() (ID, error) {
			var n ID
			err := o.base.Schedule(func(s Scheduled) bool { n = max(n, s.ID); return true })
			return highestOf(o.schedule, n), err
		})
		if err != nil {
			return err
		}
		s.ID = id
	}
	v := *s
	o.schedule[s.ID] = &v
	return nil
}

// DeleteScheduled, like a store's, is quiet about an entry that is not
// there.
func (o *overlay) DeleteScheduled(id ID) error {
	o.schedule[id] = nil
	return nil
}

func (o *overlay) baseLastSeq() (uint64, error) {
	if !o.lastRead {
		n, err := o.base.LastSeq()
		if err != nil {
			return 0, err
		}
		o.baseLast, o.lastRead = n, true
	}
	return o.baseLast, nil
}

func (o *overlay) LastSeq() (uint64, error) {
	n, err := o.baseLastSeq()
	return n + uint64(len(o.events)), err
}

func (o *overlay) AppendEvent(e *Event) error {
	next, err := o.LastSeq()
	if err != nil {
		return err
	}
	if next++; e.Seq != next {
		return Corruptf("event %d appended where %d is next", e.Seq, next)
	}
	o.events = append(o.events, *e)
	return nil
}

func (o *overlay) Event(seq uint64) (Event, error) {
	last, err := o.baseLastSeq()
	if err != nil {
		return Event{}, err
	}
	if seq > last {
		if i := seq - last - 1; i < uint64(len(o.events)) {
			return o.events[i], nil
		}
		return Event{}, ErrNotFound
	}
	return o.base.Event(seq)
}

func (o *overlay) Events(from uint64, reverse bool, fn func(Event) bool) error {
	last, err := o.baseLastSeq()
	if err != nil {
		return err
	}
	stopped := false
	each := func(e Event) bool {
		if !fn(e) {
			stopped = true
		}
		return !stopped
	}
	if !reverse {
		if err := o.base.Events(from, false, each); err != nil || stopped {
			return err
		}
		for _, e := range o.events {
			if e.Seq >= from && !each(e) {
				return nil
			}
		}
		return nil
	}
	for i := len(o.events) - 1; i >= 0; i-- {
		if e := o.events[i]; (from == 0 || e.Seq <= from) && !each(e) {
			return nil
		}
	}
	if from > last {
		from = 0 // the base's newest
	}
	return o.base.Events(from, true, each)
}

func (o *overlay) EventsAbout(ref Ref, fn func(Event) bool) error {
	stopped := false
	if err := o.base.EventsAbout(ref, func(e Event) bool { stopped = !fn(e); return !stopped }); err != nil || stopped {
		return err
	}
	for _, e := range o.events {
		if slices.Contains(e.Refs(), ref) && !fn(e) {
			return nil
		}
	}
	return nil
}

func (o *overlay) EventsAboutNewestFirst(ref Ref, fn func(Event) bool) error {
	for i := len(o.events) - 1; i >= 0; i-- {
		if e := o.events[i]; slices.Contains(e.Refs(), ref) && !fn(e) {
			return nil
		}
	}
	return o.base.EventsAboutNewestFirst(ref, fn)
}
