package bolt

import (
	"bytes"
	"iter"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

// events are binary (codec.go), each indexed in the history of every
// thing it names. The log only grows at its end: full pages, as bbolt
// advises for append-only buckets, instead of half-full ones after every
// split.
var events = family[model.Event]{records: bEvent, indexes: historyBuckets, encode: encodeEvent, decode: decodeEvent,
	skim: func(seq uint64, raw []byte) (model.Event, error) { return decodeEventAs(seq, raw, true) },
	id:   func(e *model.Event) *model.ID { return &e.Seq },
	entries: func(e model.Event, add func(index, k, v []byte)) {
		for _, r := range e.Refs() {
			add(bHistory[r.Kind], historyKey(r.Kind, r.ID, e.Seq), nil)
		}
	},
	origin: func(_, k, _ []byte) []byte { return k[min(len(k), 9):] }, fill: 1}

func (t *tx) AppendEvent(e *model.Event) error {
	if next := t.bucket(bEvent).Sequence() + 1; e.Seq != next {
		return model.Corruptf("event %d appended where %d is next", e.Seq, next)
	}
	return events.put(t, e)
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

func (t *tx) Event(seq uint64) (model.Event, error) { return events.get(t, seq) }

func (t *tx) Events(from uint64, reverse bool, fn func(model.Event) bool) error {
	if !reverse {
		return events.each(t, from, fn)
	}
	if from == 0 {
		from-- // the newest
	}
	return events.read(scanBack(t.bucket(bEvent), u64(from), nil), fn)
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
	return events.listed(t, name, entries, fn)
}
