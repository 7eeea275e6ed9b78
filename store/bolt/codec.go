package bolt

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/seats/seats/model"
)

var be = binary.BigEndian

// Bucket names (see doc.go). They differ from every name schemas 1–6 used,
// so a migration writes the new layout beside the old one in one
// transaction and then drops the old buckets.
var (
	bMeta          = []byte("meta")
	bProduct       = []byte("product")
	bProductByName = []byte("product_by_name")
	bLicense       = []byte("license")
	bLicByStatus   = []byte("license_by_status")
	bLicByHolder   = []byte("license_by_holder")
	bLicDays       = []byte("license_days")
	bCounts        = []byte("product_counts")
	bUser          = []byte("user")
	bUserByEmail   = []byte("user_by_email")
	bAsset         = []byte("asset")
	bAssetByName   = []byte("asset_by_name")
	bAllocation    = []byte("allocation")
	bAllocByName   = []byte("allocation_by_name")
	bScheduled     = []byte("scheduled")
	bEvent         = []byte("event")
	bEventByRef    = []byte("event_by_ref")
)

// buckets is every bucket of the current layout, in the order of doc.go.
var buckets = [][]byte{bMeta, bProduct, bProductByName, bLicense, bLicByStatus, bLicByHolder, bLicDays,
	bCounts, bUser, bUserByEmail, bAsset, bAssetByName, bAllocation, bAllocByName, bScheduled, bEvent, bEventByRef}

func u64(v uint64) []byte { return be.AppendUint64(nil, v) }

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

// key joins index key parts: bytes as they are, uint64s big-endian.
func key(parts ...any) []byte {
	b := make([]byte, 0, 32)
	for _, p := range parts {
		switch v := p.(type) {
		case byte:
			b = append(b, v)
		case uint64:
			b = be.AppendUint64(b, v)
		case []byte:
			b = append(b, v...)
		default:
			panic("bolt: bad key part")
		}
	}
	return b
}

func statusKey(l model.License) []byte {
	return key(l.ProductID, byte(l.Status), timeKey(l.Since), l.ID)
}

func holderKey(l model.License) []byte {
	return key(byte(l.AssigneeKind), l.AssigneeID, l.ProductID)
}

// dayOf is the UTC day of t since the Unix epoch; per-day counts let a
// range count ("available for 30 days") add up days instead of licenses.
func dayOf(t time.Time) uint64 {
	if t.IsZero() {
		return 0
	}
	return uint64(t.Unix()/86400) + 1
}

func dayStart(d uint64) time.Time {
	if d == 0 {
		return time.Time{}
	}
	return time.Unix(int64(d-1)*86400, 0).UTC()
}

func dayKey(product model.ID, s model.Status, day uint64) []byte {
	return key(product, byte(s), day)
}

// A license is stored in binary: a listing of a million licenses decodes
// each one, and JSON would cost seconds there. The encoding is a version
// byte and the fields in order; a new field is appended, and decoding a
// shorter record leaves it zero.
const licenseV1 = 1

func encodeLicense(l model.License) []byte {
	b := make([]byte, 0, 56)
	b = append(b, licenseV1, byte(l.Status), byte(l.AssigneeKind))
	b = be.AppendUint64(b, l.ProductID)
	b = be.AppendUint64(b, l.AssigneeID)
	b = be.AppendUint64(b, timeKey(l.Created))
	b = be.AppendUint64(b, timeKey(l.AssignedAt))
	b = be.AppendUint64(b, timeKey(l.Since))
	b = be.AppendUint64(b, l.CreatedSeq)
	return b
}

var errDamaged = errors.New("damaged record")

func decodeLicense(id model.ID, b []byte) (model.License, error) {
	if len(b) < 51 || b[0] != licenseV1 {
		return model.License{}, model.Corruptf("%s: %v", model.LicenseCode(id), errDamaged)
	}
	l := model.License{
		ID:           id,
		Status:       model.Status(b[1]),
		AssigneeKind: model.AssigneeKind(b[2]),
		ProductID:    be.Uint64(b[3:]),
		AssigneeID:   be.Uint64(b[11:]),
		Created:      keyTime(be.Uint64(b[19:])),
		AssignedAt:   keyTime(be.Uint64(b[27:])),
		Since:        keyTime(be.Uint64(b[35:])),
		CreatedSeq:   be.Uint64(b[43:]),
	}
	switch l.Status {
	case model.Available, model.Active, model.Deactivated:
	default:
		return l, model.Corruptf("%s: %v (status %q)", model.LicenseCode(id), errDamaged, b[1])
	}
	return l, nil
}

func encodeCounts(c model.Counts) []byte {
	b := make([]byte, 0, 24)
	for _, n := range []int{c.Available, c.Active, c.Deactivated} {
		b = be.AppendUint64(b, uint64(n))
	}
	return b
}

func decodeCounts(b []byte) (model.Counts, error) {
	if b == nil {
		return model.Counts{}, nil
	}
	if len(b) != 24 {
		return model.Counts{}, errDamaged
	}
	return model.Counts{Available: int(be.Uint64(b)), Active: int(be.Uint64(b[8:])), Deactivated: int(be.Uint64(b[16:]))}, nil
}
