package bolt

import (
	"bytes"
	"iter"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
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
		if err := t.putIndex(name, historyKey(r.Kind, r.ID, e.Seq), nil); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) LastSeq() (uint64, error) { return t.bucket(bEvent).Sequence(), nil }

var _ model.EventCounter = (*tx)(nil)

// CountEvents walks the log's keys without decoding an event, so that
// model.Copy checks a million copied events by their count and newest
// hash instead of reading them all back and hashing them again (a
// seventh of a 1M demo's time).
func (t *tx) CountEvents() (int, error) {
	n := 0
	c := t.bucket(bEvent).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		n++
	}
	return n, nil
}

func (t *tx) Event(seq uint64) (model.Event, error) {
	raw := t.bucket(bEvent).Get(u64(seq))
	if raw == nil {
		return model.Event{}, model.ErrNotFound
	}
	return decodeEvent(seq, raw)
}

func (t *tx) Events(from uint64, reverse bool, fn func(model.Event) bool) error {
	entries := scan(t.bucket(bEvent), u64(from), nil)
	if reverse {
		if from == 0 {
			from-- // the newest
		}
		entries = scanBack(t.bucket(bEvent), u64(from), nil)
	}
	for k, v := range entries {
		if len(k) != 8 {
			return model.Corruptf("event %x is damaged", k)
		}
		e, err := decodeEvent(be.Uint64(k), v)
		if err != nil || !fn(e) {
			return err
		}
	}
	return nil
}

// scanBack yields the entries of b from the last key at or before seek
// backwards, while their keys start with prefix.
func scanBack(b *bbolt.Bucket, seek, prefix []byte) iter.Seq2[[]byte, []byte] {
	return func(yield func(k, v []byte) bool) {
		c := b.Cursor()
		k, v := c.Seek(seek)
		if k == nil {
			k, v = c.Last()
		} else if !bytes.Equal(k, seek) {
			k, v = c.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Prev() {
			if !yield(k, v) {
				return
			}
		}
	}
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
	entries := scan(t.bucket(name), prefix, prefix)
	if newestFirst {
		entries = scanBack(t.bucket(name), key(prefix, ^uint64(0)), prefix)
	}
	for k := range entries {
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
