package model

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// The event log is hash-chained in the manner of CloudTrail's digests:
// each event's Hash is the SHA-256 of the previous event's hash followed by
// the event's canonical encoding, so changing, removing or reordering any
// event changes every hash after it, and a head printed earlier proves
// that the log still extends it. It is computed here, in the domain, so
// that every backend stores the same chain and `seats migrate` can copy it
// exactly.

// GenesisHash is the "previous hash" of the first event.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// EventHash chains e to prev (the hex hash of the event before it, or
// GenesisHash). e.Hash itself is not part of the input.
func EventHash(prev string, e Event) string {
	// One buffer and one string: a check or a bulk load hashes millions.
	sum := sha256.Sum256(appendCanonical(append(make([]byte, 0, 320), prev...), e))
	return hex.EncodeToString(sum[:])
}

// appendCanonical appends the event's canonical encoding: a version byte, then
// every field in declaration order, integers as 8-byte big-endian, the
// time as Unix nanoseconds, strings length-prefixed. Binary rather than
// JSON so that no encoder's escaping or time formatting can change it, and
// any backend that keeps the fields exactly (times to the nanosecond)
// recomputes it. A field added to Event must be appended here (with a new
// version byte for events written after it), never inserted.
func appendCanonical(b []byte, e Event) []byte {
	b = append(b, 1)
	u := func(v uint64) { b = binary.BigEndian.AppendUint64(b, v) }
	s := func(v string) { u(uint64(len(v))); b = append(b, v...) }
	u(e.Seq)
	u(uint64(e.Time.UnixNano()))
	s(e.Actor)
	s(e.Kind)
	u(e.ProductID)
	s(e.Product)
	u(e.LicenseID)
	u(e.UserID)
	s(e.User)
	u(e.AssetID)
	s(e.Asset)
	u(e.AllocationID)
	s(e.From)
	s(e.To)
	u(uint64(int64(e.CountFrom)))
	u(uint64(int64(e.CountTo)))
	u(e.FirstLicense)
	u(e.LastLicense)
	u(uint64(int64(e.Amount)))
	s(e.Note)
	return b
}
