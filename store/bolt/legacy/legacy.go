// Package legacy reads the files of the schemas Seats shipped before the
// current one, for their migration (store/bolt's schema.go), and is
// frozen: nothing here follows a change to the model or the store.
package legacy

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

// Schemas 1–6 are the layouts Seats shipped before this one. An old file is
// read once, through bbolt's buckets and cursors, by frozen copies of the
// decoders that wrote it: the record types of records.go are not the
// model's, so a change to a model type never changes how an old file reads.
// Schemas 1–4 kept licenses and events in buckets of their own
// (v1to4.go), 5 and 6 in one tree (v5to6.go), and 7 had the current
// layout with users and events as JSON (v7.go). The rest stayed:
//
//	meta         "magic" → "seats", "schema" → uint32, "org" → Org,
//	             "license_seq" → last license ID (5–6)
//	products, users, assets, allocations   id → record (JSON)
//	schedule     at | id → Scheduled (JSON)
//
// Indexes, counters and history chains are not read: the new store builds
// its own from the records.

var oldBE = binary.BigEndian

// Schema reads an old file's schema; ok reports a Seats file (by its
// magic) of schema 1–6.
func Schema(btx *bbolt.Tx) (schema uint32, ok bool) {
	meta := btx.Bucket([]byte("meta"))
	if meta == nil || !bytes.Equal(meta.Get([]byte("magic")), []byte("seats")) {
		return 0, false
	}
	if v := meta.Get([]byte("schema")); len(v) == 4 {
		schema = oldBE.Uint32(v)
	}
	return schema, schema >= 1 && schema <= 6
}

// Read hands dst every record of a schema-1–6 file, with its own ID,
// in an order dst can take: the organization, products, users, assets,
// allocations, licenses by ID, the schedule, then the events.
func Read(btx *bbolt.Tx, schema uint32, dst model.Tx) error {
	var licenses func(put func(model.License) error) error
	var events func(model.Tx) error
	switch schema {
	case 1, 2, 3, 4:
		v := v1Buckets{btx, schema == 4}
		licenses, events = v.licenses, v.events
	case 5, 6:
		t, err := openV5Tree(btx, schema == 6)
		if err != nil {
			return err
		}
		licenses, events = t.licenses, t.events
	default:
		return fmt.Errorf("schema %d is not one seats ever wrote", schema)
	}
	var err error
	for _, step := range []func() error{
		func() error { return oldOrg(btx, dst) },
		func() error { return eachOld[v1Product](btx, "products", 8, dst.PutProduct) },
		func() error { return eachOld[v1User](btx, "users", 8, dst.PutUser) },
		func() error { return eachOld[v1Asset](btx, "assets", 8, dst.PutAsset) },
		func() error { return eachOld[v1Allocation](btx, "allocations", 8, dst.PutAllocation) },
		func() error { return licenses(func(l model.License) error { return dst.PutLicense(&l) }) },
		func() error { return eachOld[v1Scheduled](btx, "schedule", 16, dst.PutScheduled) },
		func() error { return events(dst) },
	} {
		if err == nil {
			err = step()
		}
	}
	return err
}

// LastIDs are the last IDs an old file handed out. Deleting a product
// (and its licenses) or an allocation, or applying a scheduled change, can
// leave the highest ID unused while the log still names it: the new
// sequences must go on from these, not from the highest record left.
func LastIDs(btx *bbolt.Tx, schema uint32) model.LastIDs {
	seq := func(name string) uint64 {
		if b := btx.Bucket([]byte(name)); b != nil {
			return b.Sequence()
		}
		return 0
	}
	ids := model.LastIDs{Products: seq("products"), Licenses: seq("licenses"), Users: seq("users"), Assets: seq("assets"),
		Allocations: seq("allocations"), Scheduled: seq("schedule")}
	if meta := btx.Bucket([]byte("meta")); schema >= 5 && meta != nil {
		if v := meta.Get([]byte("license_seq")); len(v) == 8 {
			ids.Licenses = oldBE.Uint64(v)
		}
	}
	return ids
}

func oldOrg(btx *bbolt.Tx, dst model.Tx) error {
	meta, err := oldBucket(btx, "meta")
	if err != nil {
		return err
	}
	raw := meta.Get([]byte("org"))
	if raw == nil {
		return nil // set up, never written to
	}
	var o v1Org
	if err := json.Unmarshal(raw, &o); err != nil {
		return model.Corruptf("damaged organization record: %v", err)
	}
	return dst.PutOrg(o.org())
}

func oldBucket(btx *bbolt.Tx, name string) (*bbolt.Bucket, error) {
	if b := btx.Bucket([]byte(name)); b != nil {
		return b, nil
	}
	return nil, model.Corruptf("the %s bucket is missing", name)
}

// eachOld decodes every JSON record of an old bucket, whose keys are
// keyLen bytes ending in the record's ID, and puts it.
func eachOld[T interface{ model() (M, uint64) }, M any](btx *bbolt.Tx, name string, keyLen int, put func(*M) error) error {
	b, err := oldBucket(btx, name)
	if err != nil {
		return err
	}
	return b.ForEach(func(k, v []byte) error {
		var r T
		if err := json.Unmarshal(v, &r); err != nil {
			return model.Corruptf("damaged %s record %x: %v", name, k, err)
		}
		m, id := r.model()
		if id == 0 || len(k) != keyLen || oldBE.Uint64(k[keyLen-8:]) != id {
			return model.Corruptf("damaged %s record %x: it says it is record %d", name, k, id)
		}
		return put(&m)
	})
}

var (
	oldStatus = map[byte]model.Status{'a': model.Available, 'c': model.Active, 'd': model.Deactivated}
	oldHolder = map[byte]model.AssigneeKind{0: model.NoAssignee, 'u': model.AssigneeUser, 's': model.AssigneeAsset}
)

// v1License decodes a license record: version | product | status | holder
// kind | holder | created | assigned | since | created seq, 51 bytes, times
// as Unix nanoseconds with the sign bit flipped (0: none). Version 2
// (schema 4 on) appends the head of the license's history chain.
func v1License(id uint64, b []byte) (model.License, error) {
	bad := model.Corruptf("damaged license record LIC-%06d", id)
	if !(len(b) == 51 && b[0] == 1 || len(b) == 59 && b[0] == 2) {
		return model.License{}, bad
	}
	at := func(i int) time.Time {
		if k := oldBE.Uint64(b[i:]); k != 0 {
			return time.Unix(0, int64(k^(1<<63))).UTC()
		}
		return time.Time{}
	}
	status, ok1 := oldStatus[b[9]]
	kind, ok2 := oldHolder[b[10]]
	l := model.License{ID: id, ProductID: oldBE.Uint64(b[1:]), Status: status, AssigneeKind: kind,
		AssigneeID: oldBE.Uint64(b[11:]), Created: at(19), AssignedAt: at(27), Since: at(35), CreatedSeq: oldBE.Uint64(b[43:])}
	if !ok1 || !ok2 || id == 0 || l.ProductID == 0 || status == model.Active && (kind == model.NoAssignee || l.AssigneeID == 0) {
		return model.License{}, bad
	}
	return l, nil
}

// oldLog appends the events 1..last to dst as get finds them, chained by
// model.EventHash (the old logs had no hashes). From schema 4 (linked) an
// event's JSON follows a header: format 1 | n | n × 17 bytes naming a
// thing and the previous event about it.
func oldLog(last uint64, linked bool, get func(seq uint64) ([]byte, error), dst model.Tx) error {
	prev := model.GenesisHash
	for seq := uint64(1); seq <= last; seq++ {
		v, err := get(seq)
		if err != nil {
			return err
		}
		if linked && len(v) >= 2 && v[0] == 1 && len(v) >= 2+int(v[1])*17 {
			v = v[2+int(v[1])*17:]
		} else if linked || v == nil {
			return model.Corruptf("event %d is missing or damaged", seq)
		}
		var r v1Event
		if err := json.Unmarshal(v, &r); err != nil || r.Seq != seq {
			return model.Corruptf("damaged event %d (%v)", seq, err)
		}
		e := r.model()
		e.Hash = model.EventHash(prev, e)
		prev = e.Hash
		if err := dst.AppendEvent(&e); err != nil {
			return err
		}
	}
	return nil
}
