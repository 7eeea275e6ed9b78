package bolt

import (
	"bytes"

	"github.com/seats/seats/model"
)

// The schedule is keyed by time, so the next change due is its first key;
// it holds a handful of entries, so finding one by ID walks it.

func (t *tx) PutScheduled(s *model.Scheduled) error {
	b := t.bucket(bScheduled)
	if err := assignID(b, &s.ID); err != nil {
		return err
	}
	if err := t.DeleteScheduled(s.ID); err != nil {
		return err
	}
	return t.putJSON(bScheduled, key(timeKey(s.At), s.ID), s)
}

func (t *tx) Schedule(fn func(model.Scheduled) bool) error { return eachJSON(t, bScheduled, fn) }

func (t *tx) DeleteScheduled(id model.ID) error {
	b := t.bucket(bScheduled)
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) == 16 && be.Uint64(k[8:]) == id {
			return b.Delete(bytes.Clone(k))
		}
	}
	return nil
}
