package bolt

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
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
	// Each thing's history: kind | id | seq → ∅. A product's and an
	// allocation's have buckets of their own: in one shared bucket, their
	// long histories and those of new users would share a node of a long
	// transaction, where every insert before another growing history moves
	// all of it (an import of n users took n²). A seat change writes the
	// license's and the user's, in the one bucket they share.
	bHistory = map[byte][]byte{model.RefProduct: []byte("event_by_product"), model.RefAllocation: []byte("event_by_allocation"),
		model.RefLicense: []byte("event_by_thing"), model.RefUser: []byte("event_by_thing"), model.RefAsset: []byte("event_by_thing")}
	// historyBuckets are bHistory's buckets, once each.
	historyBuckets = [][]byte{bHistory[model.RefProduct], bHistory[model.RefAllocation], bHistory[model.RefLicense]}
)

// buckets is every bucket of the current layout, in the order of doc.go.
var buckets = [][]byte{bMeta, bProduct, bProductByName, bLicense, bLicByStatus, bLicByHolder, bLicDays,
	bCounts, bUser, bUserByEmail, bAsset, bAssetByName, bAllocation, bAllocByName, bScheduled, bEvent,
	bHistory[model.RefProduct], bHistory[model.RefAllocation], bHistory[model.RefLicense]}

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

func historyKey(kind byte, id model.ID, seq uint64) []byte { return key(kind, id, seq) }

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

func dayKey(product model.ID, s model.Status, day uint64) []byte { return key(product, byte(s), day) }

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

// Users and events are stored in binary too: a million-license demo or
// check decodes a million of each. Each record is a version byte and the
// fields in declaration order: strings and unsigned numbers as uvarints
// (a string's length, then its bytes), signed numbers as varints, times as
// 8-byte time keys. A record decodes only whole: a field added later comes
// with a new version byte.
const (
	userV1  = 1
	eventV1 = 1
)

type enc []byte

func (b enc) str(s string) enc     { return append(binary.AppendUvarint(b, uint64(len(s))), s...) }
func (b enc) uint(v uint64) enc    { return binary.AppendUvarint(b, v) }
func (b enc) int(v int64) enc      { return binary.AppendVarint(b, v) }
func (b enc) time(t time.Time) enc { return be.AppendUint64(b, timeKey(t)) }
func (b enc) bytes(v []byte) enc   { return append(b, v...) }

// dec reads what enc wrote; a short or malformed record sets bad. With
// numbersOnly, strings read as "" without being copied.
type dec struct {
	b           []byte
	bad         bool
	numbersOnly bool
}

func (d *dec) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad, n = true, len(d.b)
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) int() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.bad, n = true, len(d.b)
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) take(n uint64) []byte {
	if n > uint64(len(d.b)) {
		d.bad, n = true, uint64(len(d.b))
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *dec) str() string {
	if v := d.take(d.uint()); !d.numbersOnly {
		return string(v)
	}
	return ""
}
func (d *dec) time() time.Time {
	if v := d.take(8); len(v) == 8 {
		return keyTime(be.Uint64(v))
	}
	return time.Time{}
}

func (d *dec) whole() bool { return !d.bad && len(d.b) == 0 }

func decoder(b []byte, version byte) *dec {
	if len(b) == 0 || b[0] != version {
		return &dec{bad: true}
	}
	return &dec{b: b[1:]}
}

// encodeUser leaves out ID (the key) and Held (the holder index counts it).
func encodeUser(u model.User) []byte {
	b := enc(make([]byte, 0, 96))
	b = append(b, userV1)
	b = b.str(u.Email).str(u.First).str(u.Last).str(string(u.Role)).str(u.Department)
	return b.str(string(u.Kind)).str(string(u.State)).str(string(u.LastDay)).time(u.Created)
}

func decodeUser(id model.ID, raw []byte) (model.User, error) {
	d := decoder(raw, userV1)
	u := model.User{ID: id, Email: d.str(), First: d.str(), Last: d.str(), Role: model.Role(d.str()),
		Department: d.str(), Kind: model.UserKind(d.str()), State: model.UserState(d.str()),
		LastDay: model.Date(d.str()), Created: d.time()}
	if !d.whole() {
		return model.User{}, model.Corruptf("user %d: %v", id, errDamaged)
	}
	return u, nil
}

// encodeEvent leaves out Seq (the key). The hash comes first, as its 32
// bytes when it is one, else as the string it is (an unchained or damaged
// log must read back as it was).
func encodeEvent(e model.Event) []byte {
	b := enc(make([]byte, 0, 160))
	b = append(b, eventV1)
	if h, err := hex.DecodeString(e.Hash); err == nil && len(h) == sha256.Size && hex.EncodeToString(h) == e.Hash {
		b = append(b, 1).bytes(h)
	} else {
		b = append(b, 0).str(e.Hash)
	}
	b = b.time(e.Time).str(e.Actor).str(e.Kind).uint(e.ProductID).str(e.Product).uint(e.LicenseID)
	b = b.uint(e.UserID).str(e.User).uint(e.AssetID).str(e.Asset).uint(e.AllocationID).str(e.From).str(e.To)
	b = b.int(int64(e.CountFrom)).int(int64(e.CountTo)).uint(e.FirstLicense).uint(e.LastLicense)
	return b.int(int64(e.Amount)).str(e.Note)
}

func decodeEvent(seq uint64, raw []byte) (model.Event, error) { return decodeEventAs(seq, raw, false) }

// decodeEventAs with numbersOnly leaves the hash and every string empty:
// a check reads a million events only for the things they name (Refs).
func decodeEventAs(seq uint64, raw []byte, numbersOnly bool) (model.Event, error) {
	d := decoder(raw, eventV1)
	d.numbersOnly = numbersOnly
	var hash string
	if h := d.take(1); len(h) == 1 && h[0] == 1 {
		if h := d.take(sha256.Size); !numbersOnly {
			hash = hex.EncodeToString(h)
		}
	} else {
		d.bad = d.bad || len(h) != 1 || h[0] != 0
		hash = d.str()
	}
	e := model.Event{Seq: seq, Hash: hash, Time: d.time(), Actor: d.str(), Kind: d.str(), ProductID: d.uint(),
		Product: d.str(), LicenseID: d.uint(), UserID: d.uint(), User: d.str(), AssetID: d.uint(), Asset: d.str(),
		AllocationID: d.uint(), From: d.str(), To: d.str(), CountFrom: int(d.int()), CountTo: int(d.int()),
		FirstLicense: d.uint(), LastLicense: d.uint(), Amount: model.Money(d.int()), Note: d.str()}
	if !d.whole() {
		return model.Event{}, model.Corruptf("event %d: %v", seq, errDamaged)
	}
	return e, nil
}
