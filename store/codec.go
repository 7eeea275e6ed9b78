package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"time"

	"github.com/seats/seats/model"
)

var be = binary.BigEndian

func u64(id uint64) []byte {
	var b [8]byte
	be.PutUint64(b[:], id)
	return b[:]
}

// timeKey encodes t so byte order is time order: the sign bit of Unix
// nanoseconds is flipped, and the zero time sorts first as 0.
func timeKey(t time.Time) uint64 {
	if t.IsZero() {
		return 0
	}
	return uint64(t.UnixNano()) ^ (1 << 63)
}

func keyTime(k uint64) time.Time {
	if k == 0 {
		return time.Time{}
	}
	return time.Unix(0, int64(k^(1<<63))).UTC()
}

// key builds a composite index key from byte and uint64 parts.
func key(parts ...any) []byte {
	b := make([]byte, 0, 33)
	for _, p := range parts {
		switch v := p.(type) {
		case byte:
			b = append(b, v)
		case uint64:
			b = be.AppendUint64(b, v)
		case model.Status:
			b = append(b, byte(v))
		case model.AssigneeKind:
			b = append(b, byte(v))
		case []byte:
			b = append(b, v...)
		default:
			panic("store: bad key part")
		}
	}
	return b
}

// The seats bucket holds everything a seat change writes, in one tree, so
// that a change dirties its few leaves and one shared path of branches
// instead of a leaf-to-root path in a tree per index. Its key spaces, by
// their first byte:
//
//	'H' | kind | holder                          → head | products (a user's or asset's newest event
//	                                               not about a product; the products it has a slot in)
//	'L' | first license                          → product | last license
//	'P' | product | 'h' | kind | holder          → license | head (its slot: the license it holds,
//	                                               0 if none; its newest event about the product)
//	'P' | product | 'r' | license                → License | head
//	'P' | product | 's' | status | 0 | day       → n       (per-day counts by since)
//	'P' | product | 's' | status | 1 | since | license → ∅ (oldest first)
//	'e' | seq                                    → links | Event JSON
//
// Only available and deactivated licenses have status entries and per-day
// counts (the oldest free seat is assigned first; idle seats and this
// cycle's deactivations are counted by day); active ones are found through
// their holders' slots. A holder has one slot per product it ever held, in
// that product's space, so assigning and unassigning write only that
// product's space and the log: the holder's own entry changes when it
// first holds a product and on events about no product. Its newest event
// is the newest of its entry's head and its slots' heads. An 'L' entry
// places a run of consecutive license IDs in their product's space:
// licenses are added in runs, so there are as many entries as additions,
// not licenses.
//
// The order serves bbolt, which splits nodes only when a transaction
// commits: until then a fresh tree is one sorted array, where an insert
// moves everything after it. The log sorts last, so its appends move
// nothing; a product's records come before its status entries, and the
// status entries of licenses a transaction creates are written after its
// records (tx.pending); a run of IDs is one entry. So one transaction can
// add a million seats to a product. (Many kinds of insert at once into a
// fresh tree still move each other: seats demo --scale gives each pool its
// own transaction.)
const (
	spHolder  = 'H'
	spPlace   = 'L'
	spProduct = 'P'
	spEvent   = 'e'
)

// Marks within a product's space.
const (
	slotMark   = 'h'
	recMark    = 'r'
	statusMark = 's'
	dayMark    = 0
	listMark   = 1
)

// indexed says whether licenses of status s have status entries and
// per-day counts in their product's space.
func indexed(s model.Status) bool { return s == model.Available || s == model.Deactivated }

func eventKey(seq uint64) []byte { return key(byte(spEvent), seq) }

// placeKey: 'L' | the first license of a run.
func placeKey(first model.ID) []byte { return key(byte(spPlace), first) }

func placeValue(product, last model.ID) []byte { return key(product, last) }

// recordKey: 'P' | product | 'r' | license.
func recordKey(product, id model.ID) []byte { return key(byte(spProduct), product, byte(recMark), id) }

const recordKeyLen = 1 + 8 + 1 + 8

// statusPrefix: 'P' | product | 's' | status | 1, the status entries of s.
func statusPrefix(product model.ID, s model.Status) []byte {
	return key(byte(spProduct), product, byte(statusMark), s, byte(listMark))
}

// statusKey: 'P' | product | 's' | status | 1 | since | license.
func statusKey(l model.License) []byte {
	return key(statusPrefix(l.ProductID, l.Status), timeKey(l.Since), l.ID)
}

const statusKeyLen = 1 + 8 + 1 + 1 + 1 + 8 + 8

// holderKey: 'H' | kind | holder (the ref kinds of users and assets are
// their assignee kinds).
func holderKey(kind byte, id model.ID) []byte { return key(byte(spHolder), kind, id) }

const holderKeyLen = 1 + 1 + 8

// holderEntry is what 'H' keeps of a holder.
type holderEntry struct {
	head     uint64
	products []model.ID // ascending
}

func (h holderEntry) encode() []byte {
	b := be.AppendUint64(make([]byte, 0, 8+8*len(h.products)), h.head)
	for _, p := range h.products {
		b = be.AppendUint64(b, p)
	}
	return b
}

func decodeHolder(v []byte) (holderEntry, bool) {
	if len(v) < 8 || len(v)%8 != 0 {
		return holderEntry{}, false
	}
	h := holderEntry{head: be.Uint64(v)}
	for i := 8; i < len(v); i += 8 {
		h.products = append(h.products, be.Uint64(v[i:]))
	}
	return h, true
}

// slotKey: 'P' | product | 'h' | kind | holder.
func slotKey(product model.ID, kind byte, id model.ID) []byte {
	return key(byte(spProduct), product, byte(slotMark), kind, id)
}

const slotKeyLen = 1 + 8 + 1 + 1 + 8

// slotValue: license (0: none held) | head.
func slotValue(license model.ID, head uint64) []byte { return key(license, head) }

// License records are fixed-size binary, led by a version byte:
// version 1 (51 bytes) is the record alone; version 2 (59 bytes) adds the
// sequence number of the newest event about the license, the head of its
// history chain, so that recording a seat change writes no page besides
// the record's own. Both versions are read; version 2 is written.
const (
	licenseV1     = 1
	licenseV2     = 2
	licenseSizeV1 = 1 + 8 + 1 + 1 + 8 + 8 + 8 + 8 + 8
	licenseSize   = licenseSizeV1 + 8
)

// encodeLicense packs a license (without its ID, which is the key) and its
// history head into a fixed 59-byte record: a million licenses take tens of
// megabytes, not hundreds.
func encodeLicense(l model.License, head uint64) []byte {
	b := make([]byte, 0, licenseSize)
	b = append(b, licenseV2)
	b = be.AppendUint64(b, l.ProductID)
	b = append(b, byte(l.Status), byte(l.AssigneeKind))
	b = be.AppendUint64(b, l.AssigneeID)
	b = be.AppendUint64(b, timeKey(l.Created))
	b = be.AppendUint64(b, timeKey(l.AssignedAt))
	b = be.AppendUint64(b, timeKey(l.Since))
	b = be.AppendUint64(b, l.CreatedSeq)
	return be.AppendUint64(b, head)
}

var errBadLicense = errors.New("damaged license record")

func validLicense(b []byte) bool {
	return len(b) == licenseSizeV1 && b[0] == licenseV1 || len(b) == licenseSize && b[0] == licenseV2
}

func decodeLicense(id uint64, b []byte) (model.License, error) {
	if !validLicense(b) {
		return model.License{}, errBadLicense
	}
	return model.License{
		ID:           id,
		ProductID:    be.Uint64(b[1:]),
		Status:       model.Status(b[9]),
		AssigneeKind: model.AssigneeKind(b[10]),
		AssigneeID:   be.Uint64(b[11:]),
		Created:      keyTime(be.Uint64(b[19:])),
		AssignedAt:   keyTime(be.Uint64(b[27:])),
		Since:        keyTime(be.Uint64(b[35:])),
		CreatedSeq:   be.Uint64(b[43:]),
	}, nil
}

// licenseHead is the newest event about the license of record b (0: none).
func licenseHead(b []byte) uint64 {
	if len(b) == licenseSize && b[0] == licenseV2 {
		return be.Uint64(b[licenseSizeV1:])
	}
	return 0
}

// Events are stored as a header and the event's JSON. The header lists
// every thing the event is about (model.Event.Refs) with, for each, the
// sequence number of the previous event about that thing (0: none): each
// thing's history is a chain from its newest event (its head, see
// tx.head) back to its first, so appending an event writes no index page.
//
//	eventFormat | n | n × (kind | id | prev) | JSON
const eventFormat = 1

// link is one thing an event is about and the previous event about it.
type link struct {
	ref  model.Ref
	prev uint64
}

const linkSize = 1 + 8 + 8

func encodeEvent(links []link, e *model.Event) ([]byte, error) {
	raw, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	return linkEvent(links, raw), nil
}

// linkEvent puts the header of links before an event's JSON.
func linkEvent(links []link, raw []byte) []byte {
	b := make([]byte, 0, 2+len(links)*linkSize+len(raw))
	b = append(b, eventFormat, byte(len(links)))
	for _, l := range links {
		b = append(b, l.ref.Kind)
		b = be.AppendUint64(b, l.ref.ID)
		b = be.AppendUint64(b, l.prev)
	}
	return append(b, raw...)
}

var errBadEvent = errors.New("damaged event header")

// eventLinks splits a stored event into its links and its JSON.
func eventLinks(v []byte) ([]link, []byte, error) {
	if len(v) < 2 || v[0] != eventFormat || len(v) < 2+int(v[1])*linkSize {
		return nil, nil, errBadEvent
	}
	n := int(v[1])
	links := make([]link, n)
	for i := range links {
		p := v[2+i*linkSize:]
		links[i] = link{model.Ref{Kind: p[0], ID: be.Uint64(p[1:])}, be.Uint64(p[9:])}
	}
	return links, v[2+n*linkSize:], nil
}

// prevAbout finds, in a stored event, the previous event about r.
func prevAbout(v []byte, r model.Ref) (uint64, bool) {
	if len(v) < 2 || v[0] != eventFormat || len(v) < 2+int(v[1])*linkSize {
		return 0, false
	}
	for i := 0; i < int(v[1]); i++ {
		p := v[2+i*linkSize:]
		if p[0] == r.Kind && be.Uint64(p[1:]) == r.ID {
			return be.Uint64(p[9:]), true
		}
	}
	return 0, false
}

func decodeEvent(k, v []byte) (model.Event, error) {
	var e model.Event
	_, raw, err := eventLinks(v)
	if err == nil {
		err = json.Unmarshal(raw, &e)
	}
	if err != nil {
		return e, model.Corruptf("damaged event %d: %v", be.Uint64(k), err)
	}
	return e, nil
}

func encodeCounts(c model.Counts) []byte {
	b := make([]byte, 0, 24)
	b = be.AppendUint64(b, uint64(c.Available))
	b = be.AppendUint64(b, uint64(c.Active))
	return be.AppendUint64(b, uint64(c.Deactivated))
}

func decodeCounts(b []byte) model.Counts {
	if len(b) != 24 {
		return model.Counts{}
	}
	return model.Counts{Available: int(be.Uint64(b)), Active: int(be.Uint64(b[8:])), Deactivated: int(be.Uint64(b[16:]))}
}

// add moves one license of status s into (d=1) or out of (d=-1) the counts.
func addCount(c *model.Counts, s model.Status, d int) {
	switch s {
	case model.Available:
		c.Available += d
	case model.Active:
		c.Active += d
	case model.Deactivated:
		c.Deactivated += d
	}
}

// dayOf numbers UTC days so they sort in time order; the zero time is day 0.
func dayOf(t time.Time) uint32 {
	if t.IsZero() {
		return 0
	}
	return uint32(t.Unix()/86400 + 1<<31)
}

func dayStart(d uint32) time.Time {
	return time.Unix((int64(d)-1<<31)*86400, 0).UTC()
}

// dayPrefix: 'P' | product | 's' | status | 0, the per-day counts of s.
func dayPrefix(product model.ID, s model.Status) []byte {
	return key(byte(spProduct), product, byte(statusMark), s, byte(dayMark))
}

// dayKey: 'P' | product | 's' | status | 0 | day.
func dayKey(product model.ID, s model.Status, day uint32) []byte {
	return be.AppendUint32(dayPrefix(product, s), day)
}

const dayKeyLen = 1 + 8 + 1 + 1 + 1 + 4
