package store

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/seats/seats/model"
	bolt "go.etcd.io/bbolt"
)

// Check verifies the file mechanically: bbolt's own page consistency, the
// kept counters against a full recount, every index against the records
// it indexes (both ways), one holder per license, and an event log without
// gaps. It returns one line per violation. The domain's invariants are
// checked by model.Service.Check.
func (db *DB) Check() ([]string, error) {
	var bad []string
	err := db.with(true, func(b *bolt.DB) error {
		return safely(func() error {
			return b.View(func(btx *bolt.Tx) error {
				for err := range btx.Check() {
					bad = append(bad, "bbolt: "+err.Error())
				}
				if len(bad) > 0 {
					return nil
				}
				var err error
				bad, err = checkTx(btx)
				return err
			})
		})
	})
	if err != nil {
		return nil, db.explain(err)
	}
	return bad, nil
}

type checker struct {
	btx *bolt.Tx
	bad []string
}

func (c *checker) fail(format string, a ...any) {
	if len(c.bad) < 1000 {
		c.bad = append(c.bad, fmt.Sprintf(format, a...))
	}
}

// keySet collects every key of an index bucket.
func (c *checker) keySet(name []byte) map[string]bool {
	set := map[string]bool{}
	_ = c.btx.Bucket(name).ForEach(func(k, _ []byte) error { set[string(k)] = true; return nil })
	return set
}

func checkTx(btx *bolt.Tx) ([]string, error) {
	if _, err := schemaOf(btx); err != nil {
		return nil, err
	}
	c := &checker{btx: btx}
	for _, name := range [][]byte{bMeta, bProducts, bProductName, bLicenses, bLicStatus, bLicHolder, bCounts,
		bUsers, bUserEmail, bAssets, bAssetName, bAllocations, bAllocName, bSchedule, bEvents, bEventHead, bLicDays} {
		if btx.Bucket(name) == nil {
			c.fail("bucket %s is missing", name)
		}
	}
	if len(c.bad) > 0 {
		return c.bad, nil
	}
	c.licenses()
	c.names(bProducts, bProductName, func(v []byte) (uint64, string, error) {
		var p model.Product
		err := json.Unmarshal(v, &p)
		return p.ID, p.Name, err
	})
	c.names(bUsers, bUserEmail, func(v []byte) (uint64, string, error) {
		var u model.User
		err := json.Unmarshal(v, &u)
		return u.ID, u.Email, err
	})
	c.names(bAssets, bAssetName, func(v []byte) (uint64, string, error) {
		var a model.Asset
		err := json.Unmarshal(v, &a)
		return a.ID, a.Name, err
	})
	c.names(bAllocations, bAllocName, func(v []byte) (uint64, string, error) {
		var a model.Allocation
		err := json.Unmarshal(v, &a)
		return a.ID, a.Name, err
	})
	c.events()
	return c.bad, nil
}

// licenses checks counters against a recount and both license indexes
// against the records.
func (c *checker) licenses() {
	status, holder := c.keySet(bLicStatus), c.keySet(bLicHolder)
	for k := range holder {
		if len(k) != indexKeyLen {
			delete(holder, k) // history heads, checked with the events
		}
	}
	counts := map[model.ID]model.Counts{}
	products := c.btx.Bucket(bProducts)
	seq := c.btx.Bucket(bLicenses).Sequence()
	_ = c.btx.Bucket(bLicenses).ForEach(func(k, v []byte) error {
		id := be.Uint64(k)
		l, err := decodeLicense(id, v)
		if err != nil {
			c.fail("%s: %v", model.LicenseCode(id), err)
			return nil
		}
		if id > seq {
			c.fail("%s is above the license sequence %d", l.Code(), seq)
		}
		if products.Get(u64(l.ProductID)) == nil {
			c.fail("%s belongs to missing product %d", l.Code(), l.ProductID)
		}
		cnt := counts[l.ProductID]
		addCount(&cnt, l.Status, 1)
		counts[l.ProductID] = cnt
		sk := string(statusKey(l))
		if !status[sk] {
			c.fail("%s (%s) is missing from the status index", l.Code(), l.Status)
		}
		delete(status, sk)
		if l.Status == model.Active {
			if l.AssigneeID == 0 {
				c.fail("%s is active without an assignee", l.Code())
			}
			hk := string(holderKey(l))
			if !holder[hk] {
				c.fail("%s is missing from the holder index", l.Code())
			}
			delete(holder, hk)
		}
		return nil
	})
	for k := range status {
		c.fail("status index names %s, which is not stored with that status", model.LicenseCode(be.Uint64([]byte(k)[len(k)-8:])))
	}
	for k := range holder {
		c.fail("holder index names %s, which is not held so", model.LicenseCode(be.Uint64([]byte(k)[len(k)-8:])))
	}
	kept := map[model.ID]model.Counts{}
	_ = c.btx.Bucket(bCounts).ForEach(func(k, v []byte) error {
		kept[be.Uint64(k)] = decodeCounts(v)
		return nil
	})
	for id, want := range counts {
		if got := kept[id]; got != want {
			c.fail("product %d: kept counts %+v, recount %+v", id, got, want)
		}
		delete(kept, id)
	}
	for id, got := range kept {
		if got != (model.Counts{}) {
			c.fail("product %d: kept counts %+v, but it has no licenses", id, got)
		}
	}
	days, err := recountDays(c.btx)
	if err != nil {
		c.fail("%v", err)
		return
	}
	_ = c.btx.Bucket(bLicDays).ForEach(func(k, v []byte) error {
		if want := days[string(k)]; len(v) != 8 || int(be.Uint64(v)) != want {
			c.fail("per-day count %x is %x, recount %d", k, v, want)
		}
		delete(days, string(k))
		return nil
	})
	for k, n := range days {
		c.fail("per-day count %x is missing (recount %d)", k, n)
	}
}

// names checks a name index against its records, both ways.
func (c *checker) names(records, index []byte, decode func([]byte) (uint64, string, error)) {
	idx := map[string]uint64{}
	_ = c.btx.Bucket(index).ForEach(func(k, v []byte) error {
		if len(v) != 8 {
			c.fail("%s: damaged entry %q", index, k)
			return nil
		}
		idx[string(k)] = be.Uint64(v)
		return nil
	})
	_ = c.btx.Bucket(records).ForEach(func(k, v []byte) error {
		id, name, err := decode(v)
		if err != nil {
			c.fail("%s %d: damaged record: %v", records, be.Uint64(k), err)
			return nil
		}
		if id != be.Uint64(k) {
			c.fail("%s %d: record says id %d", records, be.Uint64(k), id)
		}
		lower := strings.ToLower(name)
		if got, ok := idx[lower]; !ok || got != id {
			c.fail("%s: %q is not indexed to %d", index, name, id)
		}
		delete(idx, lower)
		return nil
	})
	for name, id := range idx {
		c.fail("%s: %q points to %d, which has another name or is gone", index, name, id)
	}
}

// events checks that sequence numbers run 1..last without gaps and that
// every history chain is whole: each event names the things its content
// is about, links each to the previous event about it, and every head
// names the newest event about its thing.
func (c *checker) events() {
	events := c.btx.Bucket(bEvents)
	newest := map[model.Ref]uint64{}
	want := uint64(1)
	_ = events.ForEach(func(k, v []byte) error {
		seq := be.Uint64(k)
		if seq != want {
			c.fail("event log gap: expected event %d, found %d", want, seq)
		}
		want = seq + 1
		e, err := decodeEvent(k, v)
		if err != nil {
			c.fail("%v", err)
			return nil
		}
		if e.Seq != seq {
			c.fail("event %d records sequence %d", seq, e.Seq)
		}
		links, _, _ := eventLinks(v)
		refs := e.Refs()
		if len(links) != len(refs) {
			c.fail("event %d links %d histories, its content names %d", seq, len(links), len(refs))
		}
		for i, l := range links {
			if i < len(refs) && l.ref != refs[i] {
				c.fail("event %d is linked into the history of %c%d, its content names %c%d", seq, l.ref.Kind, l.ref.ID, refs[i].Kind, refs[i].ID)
			}
			if last := newest[l.ref]; l.prev != last {
				c.fail("event %d links to event %d in the history of %c%d, whose previous event is %d", seq, l.prev, l.ref.Kind, l.ref.ID, last)
			}
			newest[l.ref] = seq
		}
		return nil
	})
	if last := events.Sequence(); last != want-1 {
		c.fail("event sequence is at %d but the last event is %d", last, want-1)
	}
	// Every kept head, wherever it lives, against the newest event.
	heads := map[model.Ref]uint64{}
	keep := func(r model.Ref, seq uint64, where string) {
		if _, dup := heads[r]; dup {
			c.fail("the history of %c%d has a second head in %s", r.Kind, r.ID, where)
		}
		heads[r] = seq
	}
	_ = c.btx.Bucket(bLicenses).ForEach(func(k, v []byte) error {
		if h := licenseHead(v); h != 0 {
			keep(model.Ref{Kind: model.RefLicense, ID: be.Uint64(k)}, h, "licenses")
		}
		return nil
	})
	_ = c.btx.Bucket(bLicHolder).ForEach(func(k, v []byte) error {
		if len(k) == indexKeyLen {
			return nil
		}
		if len(k) != 9 || len(v) != 8 || (k[0] != model.RefUser && k[0] != model.RefAsset) {
			c.fail("holder index: damaged entry %x", k)
			return nil
		}
		keep(model.Ref{Kind: k[0], ID: be.Uint64(k[1:])}, be.Uint64(v), "the holder index")
		return nil
	})
	_ = c.btx.Bucket(bEventHead).ForEach(func(k, v []byte) error {
		if len(k) != 9 || len(v) != 8 {
			c.fail("event_head: damaged entry %x", k)
			return nil
		}
		r := model.Ref{Kind: k[0], ID: be.Uint64(k[1:])}
		if r.Kind == model.RefLicense && c.btx.Bucket(bLicenses).Get(k[1:]) != nil ||
			r.Kind == model.RefUser || r.Kind == model.RefAsset {
			c.fail("event_head keeps the history of %c%d, which belongs elsewhere", r.Kind, r.ID)
		}
		keep(r, be.Uint64(v), "event_head")
		return nil
	})
	for r, seq := range newest {
		if got, ok := heads[r]; !ok || got != seq {
			c.fail("the history of %c%d starts at event %d, its newest event is %d", r.Kind, r.ID, got, seq)
		}
		delete(heads, r)
	}
	for r, seq := range heads {
		c.fail("the history of %c%d starts at event %d, which is not about it", r.Kind, r.ID, seq)
	}
}
