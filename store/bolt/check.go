package bolt

import (
	"bytes"
	"fmt"
	"hash/maphash"

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
	err := db.read(func(btx *bbolt.Tx) error {
		if err := walk(btx); err != nil {
			return err
		}
		c.run(&tx{b: btx})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c.List(), nil
}

// walk reads every key of every bucket, so a damaged page is found (as a
// fault or a panic, which safely turns into an error) before anything
// relies on it. A page cycle would loop forever: no honest file holds more
// keys than its size (which open found within the file) allows at 16
// bytes of page header each.
func walk(btx *bbolt.Tx) error {
	budget := btx.Size()/16 + 1024
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
	// The licenses add up to the counters and the day counts.
	counts := map[model.ID]model.Counts{}
	days := map[[17]byte]uint64{}
	derived(c, t, licenses, func(l model.License) {
		cnt := counts[l.ProductID]
		cnt.Add(l.Status, 1)
		counts[l.ProductID] = cnt
		days[[17]byte(dayKey(l.ProductID, l.Status, dayOf(l.Since)))]++
	})
	c.counters(t, counts, days)
	derived(c, t, products, nil)
	derived(c, t, users, nil)
	derived(c, t, assets, nil)
	derived(c, t, allocations, nil)
	derived(c, t, events, nil)
	c.log(t)
}

// counters checks the kept counters and day counts against a recount.
// (Whether each license's product and holder exist is the domain's check.)
func (c *checker) counters(t *tx, counts map[model.ID]model.Counts, days map[[17]byte]uint64) {
	for k, v := range scan(t.bucket(bCounts), nil, nil) {
		got, err := decodeCounts(v)
		if len(k) != 8 || err != nil {
			c.Addf("counter %x is damaged", k)
			continue
		}
		id := be.Uint64(k)
		if want := counts[id]; got != want {
			c.Addf("product %d: counters say %+v, a recount %+v", id, got, want)
		}
		delete(counts, id)
	}
	for id, want := range counts {
		c.Addf("product %d has no counters, a recount %+v", id, want)
	}
	for k, v := range scan(t.bucket(bLicDays), nil, nil) {
		if len(k) != 17 || len(v) != 8 {
			c.Addf("day count %x is damaged", k)
			continue
		}
		if got, want := be.Uint64(v), days[[17]byte(k)]; got != want {
			c.Addf("product %d: %d %s licenses counted on day %d, a recount %d", be.Uint64(k), got, model.Status(k[8]), be.Uint64(k[9:]), want)
		}
		delete(days, [17]byte(k))
	}
	for k, want := range days {
		c.Addf("product %d: no day count for %d %s licenses on day %d", be.Uint64(k[:]), want, model.Status(k[8]), be.Uint64(k[9:]))
	}
}

// keyID reads a record key, 0 when it is not one.
func keyID(k []byte) model.ID {
	if len(k) != 8 {
		return 0
	}
	return be.Uint64(k)
}

// derived compares each index of f with what its records imply through
// a multiset hash of the entries (sum), and only when they differ looks
// entry by entry to name the difference. seen (if not nil) is handed
// each record that decodes.
func derived[T any](c *checker, t *tx, f family[T], seen func(T)) {
	records := t.bucket(f.records)
	decode := f.skim
	if decode == nil {
		decode = f.decode
	}
	// record decodes the record k → raw, or fails when it does not
	// decode or says it is another.
	record := func(k, raw []byte) (v T, err error) {
		if len(k) != 8 {
			return v, fmt.Errorf("%s key %x is damaged", f.records, k)
		}
		if v, err = decode(keyID(k), raw); err == nil && *f.id(&v) != keyID(k) {
			err = model.Corruptf("%s record %x says it is %d", f.records, k, *f.id(&v))
		}
		return v, err
	}
	want := map[string]*sum{}
	for _, ix := range f.indexes {
		want[string(ix)] = &sum{}
	}
	damaged := false
	for k, raw := range scan(records, nil, nil) {
		v, err := record(k, raw)
		if err != nil {
			c.Addf("%v", err)
			damaged = true
			continue
		}
		if id := keyID(k); id > records.Sequence() {
			c.Addf("%s record %d is beyond the bucket's sequence %d", f.records, id, records.Sequence())
		}
		if seen != nil {
			seen(v)
		}
		f.entries(v, func(ix, ek, ev []byte) { want[string(ix)].add(ek, ev) })
	}
	for _, ix := range f.indexes {
		index := t.bucket(ix)
		if !damaged && sumOf(index) == *want[string(ix)] {
			continue
		}
		for k, raw := range scan(records, nil, nil) {
			if v, err := record(k, raw); err == nil { // a damaged one is named above
				f.entries(v, func(i, ek, ev []byte) {
					if got, gv := index.Cursor().Seek(ek); bytes.Equal(i, ix) && (!bytes.Equal(got, ek) || !bytes.Equal(gv, ev)) {
						c.Addf("%s has no entry %x for %s %d", ix, ek, f.records, keyID(k))
					}
				})
			}
		}
		for k, v := range scan(index, nil, nil) {
			found := false
			if r, err := f.indexed(t, ix, k, v); err == nil {
				f.entries(r, func(i, ek, ev []byte) {
					found = found || bytes.Equal(i, ix) && bytes.Equal(ek, k) && bytes.Equal(ev, v)
				})
			}
			if !found {
				c.Addf("%s: entry %x does not match a record of %s", ix, k, f.records)
			}
		}
	}
}

// sum is a multiset hash of index entries: the sum of a keyed hash of
// each key and value. Two indexes with equal sums hold the same entries
// (but for a chance of 2⁻⁶⁴ against a seed drawn per check), so a check
// compares an index with what its records imply in two streaming passes,
// without a lookup per entry.
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

func sumOf(b *bbolt.Bucket) (s sum) {
	for k, v := range scan(b, nil, nil) {
		s.add(k, v)
	}
	return s
}

// log checks that the event log runs 1..its sequence without gaps. The
// hash chain is the domain's to verify (model.CheckTx).
func (c *checker) log(t *tx) {
	b := t.bucket(bEvent)
	next := uint64(1)
	for k := range scan(b, nil, nil) {
		if seq := keyID(k); seq != 0 { // a damaged key is named by the event derivation
			if seq != next {
				c.Addf("the event log jumps from %d to %d", next-1, seq)
			}
			next = seq + 1
		}
	}
	if next-1 != b.Sequence() {
		c.Addf("the event log ends at %d, its sequence says %d", next-1, b.Sequence())
	}
}
