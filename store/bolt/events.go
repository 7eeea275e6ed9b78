package bolt

import (
	"bytes"

	"github.com/seats/seats/model"
)

// The event log is keyed by sequence number and never rewritten; each
// thing's history is an index key per event that names it (Event.Refs).

func (t *tx) AppendEvent(e *model.Event) error {
	b := t.bucket(bEvent)
	// The log only grows at its end: full pages, as bbolt advises for
	// append-only buckets, instead of half-full ones after every split.
	b.FillPercent = 1
	if next := b.Sequence() + 1; e.Seq != next {
		return model.Corruptf("event %d appended where %d is next", e.Seq, next)
	}
	if err := b.SetSequence(e.Seq); err != nil {
		return err
	}
	if err := b.Put(u64(e.Seq), encodeEvent(*e)); err != nil {
		return err
	}
	for _, r := range e.Refs() {
		name := bHistory[r.Kind]
		if name == nil {
			return model.Corruptf("event %d is about a thing of unknown kind %q", e.Seq, r.Kind)
		}
		if err := t.bucket(name).Put(historyKey(r.Kind, r.ID, e.Seq), nil); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) LastSeq() (uint64, error) { return t.bucket(bEvent).Sequence(), nil }

func (t *tx) Event(seq uint64) (model.Event, error) {
	raw := t.bucket(bEvent).Get(u64(seq))
	if raw == nil {
		return model.Event{}, model.ErrNotFound
	}
	return decodeEvent(seq, raw)
}

func (t *tx) Events(from uint64, reverse bool, fn func(model.Event) bool) error {
	c := t.bucket(bEvent).Cursor()
	k, v := c.Seek(u64(from))
	step := c.Next
	if reverse {
		step = c.Prev
		if from == 0 || k == nil {
			k, v = c.Last()
		} else if be.Uint64(k) > from {
			k, v = c.Prev()
		}
	}
	for ; k != nil; k, v = step() {
		if len(k) != 8 {
			return model.Corruptf("event %x is damaged", k)
		}
		e, err := decodeEvent(be.Uint64(k), v)
		if err != nil {
			return err
		}
		if !fn(e) {
			return nil
		}
	}
	return nil
}

func (t *tx) EventsAbout(ref model.Ref, fn func(model.Event) bool) error {
	return t.about(ref, false, fn)
}

func (t *tx) EventsAboutNewestFirst(ref model.Ref, fn func(model.Event) bool) error {
	return t.about(ref, true, fn)
}

func (t *tx) about(ref model.Ref, newestFirst bool, fn func(model.Event) bool) error {
	name := bHistory[ref.Kind]
	if name == nil {
		return nil // no thing of that kind has a history
	}
	prefix := key(ref.Kind, ref.ID)
	c := t.bucket(name).Cursor()
	k, _ := c.Seek(prefix)
	step := c.Next
	if newestFirst {
		// No event has the largest sequence number: seeking to it lands
		// just past this thing's history, and one step back is its newest.
		step = c.Prev
		if k, _ = c.Seek(key(prefix, ^uint64(0))); k == nil {
			k, _ = c.Last()
		} else {
			k, _ = c.Prev()
		}
	}
	for ; k != nil && bytes.HasPrefix(k, prefix); k, _ = step() {
		if len(k) != len(prefix)+8 {
			return model.Corruptf("history entry %x is damaged", k)
		}
		e, err := t.Event(be.Uint64(k[len(prefix):]))
		if err != nil {
			return model.Corruptf("history names event %d, which is missing or damaged", be.Uint64(k[len(prefix):]))
		}
		if !fn(e) {
			return nil
		}
	}
	return nil
}
