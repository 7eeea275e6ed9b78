package model

import (
	"errors"
	"strings"
	"time"
)

// appendEvent is the one way the domain writes to the log: it numbers the
// event, refuses a time before the last recorded one, and chains its hash
// to its predecessor's, so that every backend stores the same chain.
func (o *op) appendEvent(e *Event) error {
	cleanEvent(e)
	last, err := o.tx.LastSeq()
	if err != nil {
		return err
	}
	prev, prevTime, err := o.chainHead(last)
	if err != nil {
		return err
	}
	if e.Time.Before(prevTime) {
		return clockBehind(e.Time, prevTime)
	}
	e.Seq = last + 1
	e.Hash = EventHash(prev, *e)
	if err := o.tx.AppendEvent(e); err != nil {
		return err
	}
	if e.Seq != last+1 {
		return Corruptf("event sequence out of step (%d, expected %d)", e.Seq, last+1)
	}
	o.head = chainLink{seq: e.Seq, hash: e.Hash, time: e.Time}
	return nil
}

// chainLink is the newest event an operation knows of, so a run of events
// in one operation reads the log's tail once.
type chainLink struct {
	seq  uint64
	hash string
	time time.Time
}

// chainHead returns the hash and time of event last (GenesisHash when the
// log is empty).
func (o *op) chainHead(last uint64) (string, time.Time, error) {
	if last == 0 {
		return GenesisHash, time.Time{}, nil
	}
	if o.head.seq == last && o.head.hash != "" {
		return o.head.hash, o.head.time, nil
	}
	prev, err := o.tx.Event(last)
	if errors.Is(err, ErrNotFound) {
		return "", time.Time{}, Corruptf("event %d, the newest, is missing", last)
	}
	if err != nil {
		return "", time.Time{}, err
	}
	if !validHash(prev.Hash) {
		return "", time.Time{}, Corruptf("event %d (%s %s) has no valid hash: the log cannot be extended; run 'seats check'", last, prev.Time.UTC().Format(time.RFC3339), prev.Kind)
	}
	return prev.Hash, prev.Time, nil
}

// clockBehind is the refusal of a write whose clock is earlier than the
// log's newest event: recording it would put the log out of time order.
func clockBehind(now, last time.Time) error {
	return Conflictf("the clock (%s) is behind the last recorded event (%s): check the system clock; nothing was changed",
		now.UTC().Format(time.RFC3339), last.UTC().Format(time.RFC3339))
}

// cleanEvent makes every string valid UTF-8: a store that keeps events as
// JSON would replace invalid bytes on the way in, and the hash must be of
// what is read back.
func cleanEvent(e *Event) {
	for _, s := range []*string{&e.Actor, &e.Kind, &e.Product, &e.User, &e.Asset, &e.From, &e.To, &e.Note} {
		*s = strings.ToValidUTF8(*s, "\uFFFD")
	}
}

// validHash reports whether h is a hex SHA-256 as EventHash writes it.
func validHash(h string) bool {
	if len(h) != len(GenesisHash) {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
