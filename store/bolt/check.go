package bolt

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"os"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

// Check verifies the file's own consistency: every page reachable and
// readable, every record decodable, every index entry matching its record
// and every record indexed, the counters equal to a recount, the event
// log without gaps. It returns one line per violation. Memory stays
// bounded by the number of products and days, time by the file's size,
// whatever the file claims about itself.
func (db *DB) Check() ([]string, error) {
	var c checker
	err := db.with(true, func(b *bbolt.DB) error {
		return db.explain(db.safely(func() error {
			return b.View(func(btx *bbolt.Tx) error {
				info, err := os.Stat(db.path)
				if err != nil {
					return err
				}
				if err := walk(btx, info.Size()); err != nil {
					return err
				}
				c.run(&tx{b: btx})
				return nil
			})
		}))
	})
	if err != nil {
		return nil, err
	}
	return c.List(), nil
}

// walk reads every key of every bucket, so a damaged page is found (as a
// fault or a panic, which safely turns into an error) before anything
// relies on it. A page cycle would loop forever: no honest file holds more
// keys than its size allows at 16 bytes of page header each.
func walk(btx *bbolt.Tx, size int64) error {
	budget := size/16 + 1024
	var visit func(b *bbolt.Bucket) error
	visit = func(b *bbolt.Bucket) error {
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if budget--; budget < 0 {
				return fmt.Errorf("%w: more keys than the file can hold (a page loop)", errPanic)
			}
			if v == nil {
				child := b.Bucket(k)
				if child == nil {
					return fmt.Errorf("%w: bucket %q cannot be opened", errPanic, k)
				}
				if err := visit(child); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return btx.ForEach(func(name []byte, b *bbolt.Bucket) error { return visit(b) })
}

type checker struct{ model.Problems }

func (c *checker) run(t *tx) {
	c.licenses(t)
	c.names(t)
	c.events(t)
}

type dayKeyOf struct {
	product model.ID
	status  model.Status
	day     uint64
}

// licenses checks each license against its product and its index entries,
// and the kept counters and day counts against a recount.
func (c *checker) licenses(t *tx) {
	known := map[model.ID]bool{}
	if err := products.each(t, func(p model.Product) bool { known[p.ID] = true; return true }); err != nil {
		c.Addf("products: %v", err)
	}
	counts := map[model.ID]model.Counts{}
	days := map[dayKeyOf]uint64{}
	n, active := 0, 0
	var byStatus, byHolder sum
	seq := t.bucket(bLicense).Sequence()
	cur := t.bucket(bLicense).Cursor()
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		if len(k) != 8 {
			c.Addf("license key %x is damaged", k)
			continue
		}
		l, err := decodeLicense(be.Uint64(k), v)
		if err != nil {
			c.Addf("%v", err)
			continue
		}
		n++
		if l.ID > seq {
			c.Addf("%s is beyond the license sequence %d", l.Code(), seq)
		}
		if !known[l.ProductID] {
			c.Addf("%s belongs to product %d, which does not exist", l.Code(), l.ProductID)
		}
		cnt := counts[l.ProductID]
		cnt.Add(l.Status, 1)
		counts[l.ProductID] = cnt
		days[dayKeyOf{l.ProductID, l.Status, dayOf(l.Since)}]++
		byStatus.add(statusKey(l), nil)
		if l.Status == model.Active {
			active++
			byHolder.add(holderKey(l), u64(l.ID))
			if l.AssigneeKind != model.AssigneeUser && l.AssigneeKind != model.AssigneeAsset || l.AssigneeID == 0 {
				c.Addf("%s is active without an assignee", l.Code())
			}
		}
	}
	if got, _ := sumOf(t.bucket(bLicByStatus), false); got != byStatus {
		c.index(t, bLicByStatus, n, func(k []byte, l model.License) bool { return bytes.Equal(k, statusKey(l)) })
	}
	if got, _ := sumOf(t.bucket(bLicByHolder), false); got != byHolder {
		c.index(t, bLicByHolder, active, func(k []byte, l model.License) bool {
			return l.Status == model.Active && bytes.Equal(k, holderKey(l))
		})
	}
	kept := map[model.ID]bool{}
	cc := t.bucket(bCounts).Cursor()
	for k, v := cc.First(); k != nil; k, v = cc.Next() {
		got, err := decodeCounts(v)
		if len(k) != 8 || err != nil {
			c.Addf("counter %x is damaged", k)
			continue
		}
		id := be.Uint64(k)
		kept[id] = true
		if want := counts[id]; got != want {
			c.Addf("product %d: counters say %+v, a recount %+v", id, got, want)
		}
	}
	for id, want := range counts {
		if !kept[id] && want != (model.Counts{}) {
			c.Addf("product %d has no counters, a recount %+v", id, want)
		}
	}
	dc := t.bucket(bLicDays).Cursor()
	for k, v := dc.First(); k != nil; k, v = dc.Next() {
		if len(k) != 17 || len(v) != 8 {
			c.Addf("day count %x is damaged", k)
			continue
		}
		d := dayKeyOf{be.Uint64(k), model.Status(k[8]), be.Uint64(k[9:])}
		if got := be.Uint64(v); got != days[d] {
			c.Addf("product %d: %d %s licenses counted on day %d, a recount %d", d.product, got, d.status, d.day, days[d])
		}
		delete(days, d)
	}
	for d, want := range days {
		c.Addf("product %d: no day count for %d %s licenses on day %d", d.product, want, d.status, d.day)
	}
}

// index checks that every entry of a license index names a license whose
// state gives exactly that key; with as many entries as licenses indexed,
// each license then has its one entry.
func (c *checker) index(t *tx, name []byte, want int, matches func(k []byte, l model.License) bool) {
	n := 0
	ic := t.bucket(name).Cursor()
	for k, v := ic.First(); k != nil; k, v = ic.Next() {
		n++
		ref := k
		if v != nil && len(v) > 0 {
			ref = v
		}
		l, err := t.indexed(ref)
		if err != nil {
			c.Addf("%s: %v", name, err)
			continue
		}
		if !matches(k, l) {
			c.Addf("%s: entry %x does not match %s", name, k, l.Code())
		}
	}
	if n != want {
		c.Addf("%s holds %d entries for %d licenses", name, n, want)
	}
}

// names checks that each name index holds exactly its records' names.
func (c *checker) names(t *tx) {
	checkFamily(c, t, products)
	checkFamily(c, t, users)
	checkFamily(c, t, assets)
	checkFamily(c, t, allocations)
}

func checkFamily[T any](c *checker, t *tx, f family[T]) {
	records, index := t.bucket(f.records), t.bucket(f.index)
	read := func(k, raw []byte) (model.ID, []byte, bool) {
		if len(k) != 8 {
			return 0, nil, false
		}
		v, err := f.decode(be.Uint64(k), raw)
		return *f.id(&v), f.key(v), err == nil && *f.id(&v) == be.Uint64(k)
	}
	n, damaged := 0, false
	var want sum
	rc := records.Cursor()
	for k, v := rc.First(); k != nil; k, v = rc.Next() {
		n++
		id, name, ok := read(k, v)
		if !ok {
			c.Addf("%s: record %x is damaged", f.records, k)
			damaged = true
			continue
		}
		want.add(name, u64(id))
	}
	if got, ok := sumOf(index, true); ok && !damaged && got == want && want.n == uint64(n) {
		return
	}
	// Something differs: name it, record by record.
	for k, v := rc.First(); k != nil; k, v = rc.Next() {
		if id, name, ok := read(k, v); ok {
			if got := index.Get(name); len(got) < 8 || be.Uint64(got) != id {
				c.Addf("%s: %q is not indexed as record %d", f.index, name, id)
			}
		}
	}
	if got := index.Stats().KeyN; got != n {
		c.Addf("%s holds %d entries for %d records", f.index, got, n)
	}
}

// sum is a multiset hash of index entries: the sum of a keyed hash of
// each key and value. Two indexes with equal sums and counts hold the same
// entries (but for a chance of 2⁻⁶⁴ against a seed drawn per check), so a
// check compares an index with what its records imply in two streaming
// passes, without a lookup per entry, and looks entry by entry only to
// name a difference.
type sum struct{ h, n uint64 }

var sumSeed = maphash.MakeSeed()

func (s *sum) add(k, v []byte) {
	var h maphash.Hash
	h.SetSeed(sumSeed)
	h.Write(k)
	h.WriteByte(0xff)
	h.Write(v)
	s.h += h.Sum64()
	s.n++
}

// sumOf sums every entry of b; with idOnly, of each value only the ID it
// starts with (a name index's), and a shorter value is not ok.
func sumOf(b *bbolt.Bucket, idOnly bool) (s sum, ok bool) {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if idOnly {
			if len(v) < 8 {
				return s, false
			}
			v = v[:8]
		}
		s.add(k, v)
	}
	return s, true
}

// events checks that the log runs 1..its sequence without gaps, that each
// event decodes under its own number, and that the history buckets hold
// exactly an entry for each thing each event is about. The hash chain is
// the domain's to verify (model.CheckTx).
func (c *checker) events(t *tx) {
	b := t.bucket(bEvent)
	last := b.Sequence()
	next := uint64(1)
	var want, got sum
	ec := b.Cursor()
	for k, v := ec.First(); k != nil; k, v = ec.Next() {
		if len(k) != 8 {
			c.Addf("event %x is damaged", k)
			continue
		}
		e, err := decodeEvent(be.Uint64(k), v)
		if err != nil {
			c.Addf("event %x is damaged", k)
			continue
		}
		if e.Seq != next {
			c.Addf("the event log jumps from %d to %d", next-1, e.Seq)
		}
		next = e.Seq + 1
		for _, r := range e.Refs() {
			want.add(historyKey(r.Kind, r.ID, e.Seq), nil)
		}
	}
	if next-1 != last {
		c.Addf("the event log ends at %d, its sequence says %d", next-1, last)
	}
	for _, name := range historyBuckets {
		hc := t.bucket(name).Cursor()
		for k, _ := hc.First(); k != nil; k, _ = hc.Next() {
			if len(k) == 0 || !bytes.Equal(bHistory[k[0]], name) {
				got.add([]byte("in the wrong bucket"), k) // never an event's
			}
			got.add(k, nil)
		}
	}
	if got == want {
		return
	}
	// The histories differ from what the events say: name the difference.
	before := c.Count()
	for k, v := ec.First(); k != nil; k, v = ec.Next() {
		e, err := decodeEvent(be.Uint64(k), v)
		if err != nil || len(k) != 8 {
			continue
		}
		for _, r := range e.Refs() {
			hk := historyKey(r.Kind, r.ID, e.Seq)
			// bbolt's Get returns nil for a key with an empty value too.
			if k, _ := t.bucket(bHistory[r.Kind]).Cursor().Seek(hk); !bytes.Equal(k, hk) {
				c.Addf("event %d is missing from the history of %c%d", e.Seq, r.Kind, r.ID)
			}
		}
	}
	for _, name := range historyBuckets {
		hc := t.bucket(name).Cursor()
		for k, _ := hc.First(); k != nil; k, _ = hc.Next() {
			if len(k) != 17 || !bytes.Equal(bHistory[k[0]], name) {
				c.Addf("%s: entry %x is damaged", name, k)
			} else if seq := be.Uint64(k[9:]); seq == 0 || seq > last {
				c.Addf("the history of %c%d names event %d, which does not exist", k[0], be.Uint64(k[1:]), seq)
			}
		}
	}
	if c.Count() == before {
		c.Addf("a history holds entries for events that are not about its thing")
	}
}
