package store

import (
	"encoding/binary"
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

// statusKey: product | status | since | license.
func statusKey(l model.License) []byte {
	return key(l.ProductID, l.Status, timeKey(l.Since), l.ID)
}

// holderKey: kind | holder | product | license.
func holderKey(l model.License) []byte {
	return key(l.AssigneeKind, l.AssigneeID, l.ProductID, l.ID)
}

// licenseVersion leads every encoded license so the layout can change.
const licenseVersion = 1

const licenseSize = 1 + 8 + 1 + 1 + 8 + 8 + 8 + 8 + 8

// encodeLicense packs a license (without its ID, which is the key) into a
// fixed 51-byte record: a million licenses take tens of megabytes, not hundreds.
func encodeLicense(l model.License) []byte {
	b := make([]byte, 0, licenseSize)
	b = append(b, licenseVersion)
	b = be.AppendUint64(b, l.ProductID)
	b = append(b, byte(l.Status), byte(l.AssigneeKind))
	b = be.AppendUint64(b, l.AssigneeID)
	b = be.AppendUint64(b, timeKey(l.Created))
	b = be.AppendUint64(b, timeKey(l.AssignedAt))
	b = be.AppendUint64(b, timeKey(l.Since))
	b = be.AppendUint64(b, l.CreatedSeq)
	return b
}

var errBadLicense = errors.New("damaged license record")

func decodeLicense(id uint64, b []byte) (model.License, error) {
	if len(b) != licenseSize || b[0] != licenseVersion {
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

// dayKey: product | status | day.
func dayKey(product model.ID, s model.Status, day uint32) []byte {
	return be.AppendUint32(key(product, s), day)
}
