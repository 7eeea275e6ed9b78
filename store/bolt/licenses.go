package bolt

import (
	"bytes"
	"math"
	"time"

	"github.com/seats/seats/model"
)

// licenses are binary (codec.go). Each is indexed by product, status and
// since, and an active one by its holder; day counts and counters
// (PutLicense) sum them up per product.
var licenses = family[model.License]{records: bLicense, indexes: [][]byte{bLicByStatus, bLicByHolder},
	encode: encodeLicense, decode: decodeLicense, id: func(l *model.License) *model.ID { return &l.ID },
	entries: func(l model.License, add func(index, k, v []byte)) {
		add(bLicByStatus, key(l.ProductID, byte(l.Status), timeKey(l.Since), l.ID), nil)
		if l.Status == model.Active {
			add(bLicByHolder, key(byte(l.AssigneeKind), l.AssigneeID, l.ProductID), u64(l.ID))
		}
	},
	origin: func(index, k, v []byte) []byte {
		if bytes.Equal(index, bLicByHolder) {
			k = v
		}
		return k[max(0, len(k)-8):]
	},
	guard: func(old, l model.License) error {
		if old.ProductID != l.ProductID {
			return model.Corruptf("%s cannot move between products", model.LicenseCode(l.ID))
		}
		return nil
	},
	// New licenses take the next ID, so the bucket grows at its end and
	// its records keep their size: pages can be filled.
	fill: 0.9}

func (t *tx) License(id model.ID) (model.License, error) { return licenses.get(t, id) }

// PutLicense stores l and moves its index entries, its day count and its
// product's counters from the previous version, in the same transaction.
func (t *tx) PutLicense(l *model.License) error {
	c, err := t.Counts(l.ProductID)
	if err != nil {
		return err
	}
	old, found, err := licenses.replace(t, l)
	if err != nil {
		return err
	}
	if found {
		c.Add(old.Status, -1)
		t.countDay(old, -1)
	}
	c.Add(l.Status, 1)
	t.countDay(*l, 1)
	if t.counts == nil {
		t.counts = map[model.ID]model.Counts{}
	}
	t.counts[l.ProductID] = c
	return nil
}

func (t *tx) countDay(l model.License, d int64) {
	k := [17]byte(dayKey(l.ProductID, l.Status, dayOf(l.Since)))
	n, ok := t.days[k]
	if !ok {
		if v := t.bucket(bLicDays).Get(k[:]); len(v) == 8 {
			n = int64(be.Uint64(v))
		}
	}
	if t.days == nil {
		t.days = map[[17]byte]int64{}
	}
	t.days[k] = n + d
}

// flush writes the counters and day counts the transaction changed (a
// bulk load changes each thousands of times): Update calls it before the
// commit, and a read of the day counts first.
func (t *tx) flush() error {
	for id, c := range t.counts {
		if err := t.bucket(bCounts).Put(u64(id), encodeCounts(c)); err != nil {
			return err
		}
	}
	days := t.bucket(bLicDays)
	for k, n := range t.days {
		err := days.Delete(k[:])
		if n > 0 {
			err = days.Put(k[:], u64(uint64(n)))
		}
		if err != nil {
			return err
		}
	}
	t.counts, t.days = nil, nil
	return nil
}

func (t *tx) Counts(product model.ID) (model.Counts, error) {
	if c, ok := t.counts[product]; ok {
		return c, nil
	}
	c, err := decodeCounts(t.bucket(bCounts).Get(u64(product)))
	if err != nil {
		return c, model.Corruptf("the counters of product %d are damaged", product)
	}
	return c, nil
}

func (t *tx) Licenses(from model.ID, fn func(model.License) bool) error {
	return licenses.each(t, from, fn)
}

func (t *tx) LicensesByStatus(product model.ID, s model.Status, since time.Time, fn func(model.License) bool) error {
	prefix := key(product, byte(s))
	return licenses.listed(t, bLicByStatus, scan(t.bucket(bLicByStatus), key(prefix, timeKey(since)), prefix), fn)
}

// CountByStatus adds up whole days from the per-day counts and scans the
// status index only for the partial days at either end, so "idle for 30
// days" costs O(days), not O(licenses).
func (t *tx) CountByStatus(product model.ID, s model.Status, from, to time.Time) (int, error) {
	if err := t.flush(); err != nil {
		return 0, err
	}
	end := uint64(math.MaxUint64)
	lastDay := uint64(math.MaxUint64) // the first day not wholly inside
	if !to.IsZero() {
		end, lastDay = timeKey(to), dayOf(to)
	}
	firstDay := dayOf(from)
	if !from.IsZero() && !dayStart(firstDay).Equal(from) {
		firstDay++
	}
	if timeKey(from) >= end {
		return 0, nil
	}
	if firstDay >= lastDay {
		return t.scanCount(product, s, timeKey(from), end), nil
	}
	n := t.scanCount(product, s, timeKey(from), timeKey(dayStart(firstDay)))
	if !to.IsZero() {
		n += t.scanCount(product, s, timeKey(dayStart(lastDay)), end)
	}
	prefix := key(product, byte(s))
	for k, v := range scan(t.bucket(bLicDays), key(prefix, firstDay), prefix) {
		if len(k) != len(prefix)+8 || len(v) != 8 {
			return 0, model.Corruptf("day count %x is damaged", k)
		}
		if be.Uint64(k[len(prefix):]) >= lastDay {
			break
		}
		n += int(be.Uint64(v))
	}
	return n, nil
}

// scanCount counts status entries with since in [from, to) (time keys).
func (t *tx) scanCount(product model.ID, s model.Status, from, to uint64) int {
	prefix := key(product, byte(s))
	n := 0
	for k := range scan(t.bucket(bLicByStatus), key(prefix, from), prefix) {
		if len(k) < len(prefix)+8 || be.Uint64(k[len(prefix):]) >= to {
			break
		}
		n++
	}
	return n
}

func (t *tx) HeldBy(kind model.AssigneeKind, id model.ID, fn func(model.License) bool) error {
	prefix := key(byte(kind), id)
	return licenses.listed(t, bLicByHolder, scan(t.bucket(bLicByHolder), prefix, prefix), fn)
}

func (t *tx) HeldOf(kind model.AssigneeKind, id model.ID, product model.ID) (model.License, error) {
	return licenses.lookup(t, bLicByHolder, key(byte(kind), id, product))
}
