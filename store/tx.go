package store

import (
	"bytes"
	"cmp"
	"container/heap"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/seats/seats/model"
	bolt "go.etcd.io/bbolt"
)

var (
	bMeta        = []byte("meta")
	bProducts    = []byte("products")
	bProductName = []byte("product_name")
	bSeats       = []byte("seats")
	bCounts      = []byte("counts")
	bUsers       = []byte("users")
	bUserEmail   = []byte("user_email")
	bAssets      = []byte("assets")
	bAssetName   = []byte("asset_name")
	bAllocations = []byte("allocations")
	bAllocName   = []byte("alloc_name")
	bSchedule    = []byte("schedule")
	bEventHead   = []byte("event_head")
)

// licenseSeq is the meta key of the last license ID handed out.
var licenseSeq = []byte("license_seq")

// seatsFill is how full the seats tree's pages are packed when they
// split. The log's tail only grows, so a half-full split would leave every
// log page half empty. The indexes take inserts and deletes anywhere: a
// split fuller than three quarters leaves a right page under bbolt's
// quarter-page threshold, which the next delete merges back and the next
// insert splits again, two more pages per operation (measured at 0.9:
// 8.5 writes per assignment on the demo organization instead of 7).
const seatsFill = 0.7

// tx implements model.Tx on one bbolt transaction.
type tx struct {
	b     *bolt.Tx
	m     *memo     // nil: decode every record
	seats *seatTree // the seats bucket through its stage, once asked for
	// pending are licenses created in this transaction whose status
	// entries and per-day counts are not written yet: written after the
	// records, in order, they are appends (see codec.go). Anything that
	// reads status entries flushes them first.
	pending []model.License
	// seen keeps, for this transaction, the holder entries and slots it
	// read or wrote (an operation asks for the same holder's several
	// times), and lastRun the last run of license IDs it looked up.
	seen    map[string][]byte
	lastRun placeRun
}

// seenMax bounds seen: an operation touches a few entries, a report over
// every user would otherwise keep them all.
const seenMax = 1024

// cached reads a holder entry or slot through seen.
func (t *tx) cached(k []byte) []byte {
	if v, ok := t.seen[string(k)]; ok {
		return v
	}
	v := t.seatBucket().Get(k)
	t.remember(k, v)
	return v
}

// putCached writes a holder entry or slot through seen.
func (t *tx) putCached(k, v []byte) error {
	t.remember(k, v)
	return t.seatBucket().Put(k, v)
}

// remember keeps v as k's value while seen has room or already holds k
// (which must then follow every write).
func (t *tx) remember(k, v []byte) {
	if t.seen == nil {
		t.seen = map[string][]byte{}
	}
	if len(t.seen) < seenMax {
		t.seen[string(k)] = v
	} else if _, ok := t.seen[string(k)]; ok {
		t.seen[string(k)] = v
	}
}

// forget drops what the transaction remembers, before a change that
// deletes entries wholesale.
func (t *tx) forget() {
	t.seen, t.lastRun = nil, placeRun{}
}

var _ model.Tx = (*tx)(nil)

// bucket returns a top-level bucket; a missing one means a damaged file,
// since migrations create them all.
func (t *tx) bucket(name []byte) *bolt.Bucket {
	b := t.b.Bucket(name)
	if b == nil {
		panic(fmt.Sprintf("bucket %s is missing", name))
	}
	return b
}

// seatBucket is the seats bucket, packed at seatsFill.
func (t *tx) seatBucket() *seatTree {
	if t.seats == nil {
		t.seats = openSeatTree(t.b)
		if t.seats == nil {
			panic(fmt.Sprintf("bucket %s is missing", bSeats))
		}
	}
	return t.seats
}

func getJSON[T any](b *bolt.Bucket, k []byte) (T, error) {
	var v T
	raw := b.Get(k)
	if raw == nil {
		return v, model.ErrNotFound
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, model.Corruptf("damaged record %x: %v", k, err)
	}
	return v, nil
}

func putJSON(b *bolt.Bucket, k []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(k, raw)
}

// nextID assigns an ID from the bucket's sequence when id is zero.
func nextID(b *bolt.Bucket, id *uint64) error {
	if *id != 0 {
		if *id > b.Sequence() {
			return b.SetSequence(*id)
		}
		return nil
	}
	n, err := b.NextSequence()
	*id = n
	return err
}

// byName looks an id up in a name index.
func byName(t *tx, index []byte, name string) ([]byte, error) {
	id := t.bucket(index).Get([]byte(strings.ToLower(strings.TrimSpace(name))))
	if id == nil {
		return nil, model.ErrNotFound
	}
	return id, nil
}

// recordByName looks a record up through its name index.
func recordByName[T memoable](t *tx, index, records []byte, name string) (T, error) {
	id, err := byName(t, index, name)
	if err != nil {
		var zero T
		return zero, err
	}
	return getRecord[T](t, records, id)
}

// rename moves a name-index entry from old to new for one record.
func rename(b *bolt.Bucket, old, new string, id uint64) error {
	o, n := strings.ToLower(old), strings.ToLower(new)
	if old != "" && o == n {
		return nil // unchanged: leave the index page clean
	}
	if old != "" {
		if err := b.Delete([]byte(o)); err != nil {
			return err
		}
	}
	return b.Put([]byte(n), u64(id))
}

func (t *tx) Org() (model.Org, error) { return getRecord[model.Org](t, bMeta, []byte("org")) }

func (t *tx) PutOrg(o model.Org) error { return putJSON(t.bucket(bMeta), []byte("org"), o) }

func (t *tx) Product(id model.ID) (model.Product, error) {
	return getRecord[model.Product](t, bProducts, u64(id))
}

func (t *tx) ProductByName(name string) (model.Product, error) {
	return recordByName[model.Product](t, bProductName, bProducts, name)
}

func (t *tx) Products() ([]model.Product, error) {
	var out []model.Product
	err := t.bucket(bProducts).ForEach(func(k, v []byte) error {
		var p model.Product
		if err := json.Unmarshal(v, &p); err != nil {
			return model.Corruptf("damaged product record %x: %v", k, err)
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

func (t *tx) PutProduct(p *model.Product) error {
	b := t.bucket(bProducts)
	old := ""
	if p.ID != 0 {
		if cur, err := t.Product(p.ID); err == nil {
			old = cur.Name
		}
	}
	if err := nextID(b, &p.ID); err != nil {
		return err
	}
	if err := rename(t.bucket(bProductName), old, p.Name, p.ID); err != nil {
		return err
	}
	return putJSON(b, u64(p.ID), p)
}

// DeleteProduct removes the product with its licenses and their index
// entries; its events stay, as history must.
func (t *tx) DeleteProduct(id model.ID) error {
	p, err := t.Product(id)
	if err != nil {
		return err
	}
	if err := t.flush(); err != nil {
		return err
	}
	s := t.seatBucket()
	heads := t.bucket(bEventHead)
	// History outlives the licenses: their heads move to event_head.
	// Gather first: writing to the tree a cursor walks moves the cursor.
	var lheads [][2]uint64 // license, head
	prefix := key(byte(spProduct), id, byte(recMark))
	c := s.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if head := licenseHead(v); head != 0 {
			lheads = append(lheads, [2]uint64{be.Uint64(k[len(k)-8:]), head})
		}
	}
	for _, lh := range lheads {
		if err := heads.Put(key(model.RefLicense, lh[0]), u64(lh[1])); err != nil {
			return err
		}
	}
	// A holder's slot goes with the product; its head folds into the
	// holder's entry, so the holder's newest event stays found.
	type slot struct {
		kind byte
		id   model.ID
		head uint64
	}
	var slots []slot
	prefix = key(byte(spProduct), id, byte(slotMark))
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(k) == slotKeyLen && len(v) == 16 {
			slots = append(slots, slot{k[10], be.Uint64(k[11:]), be.Uint64(v[8:])})
		}
	}
	for _, sl := range slots {
		h, err := t.holder(sl.kind, sl.id)
		if err != nil {
			return err
		}
		h.head = max(h.head, sl.head)
		if i, found := slices.BinarySearch(h.products, id); found {
			h.products = slices.Delete(h.products, i, i+1)
		}
		if err := t.putHolder(sl.kind, sl.id, h); err != nil {
			return err
		}
	}
	var runs [][]byte
	c = s.Cursor()
	for k, v := c.Seek([]byte{spPlace}); k != nil && k[0] == spPlace; k, v = c.Next() {
		if len(v) == 16 && be.Uint64(v) == id {
			runs = append(runs, bytes.Clone(k))
		}
	}
	for _, k := range runs {
		if err := s.Delete(k); err != nil {
			return err
		}
	}
	t.forget()
	if err := deletePrefix(s, key(byte(spProduct), id)); err != nil {
		return err
	}
	if err := t.bucket(bCounts).Delete(u64(id)); err != nil {
		return err
	}
	if err := t.bucket(bProductName).Delete([]byte(strings.ToLower(p.Name))); err != nil {
		return err
	}
	return t.bucket(bProducts).Delete(u64(id))
}

func deletePrefix(s *seatTree, prefix []byte) error {
	var keys [][]byte // gathered first: a cursor's walk is undefined while its tree changes
	c := s.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := s.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// run finds the run of license IDs that holds id: its key, product and
// last ID.
func (t *tx) run(id model.ID) (k []byte, product, last model.ID, ok bool) {
	if r := t.lastRun; r.first != 0 && r.first <= id && id <= r.last {
		return placeKey(r.first), r.product, r.last, true
	}
	c := t.seatBucket().Cursor()
	want := placeKey(id)
	k, v := c.Seek(want)
	if k == nil || !bytes.Equal(k, want) {
		k, v = c.Prev()
	}
	if len(k) != 9 || k[0] != spPlace || len(v) != 16 {
		return nil, 0, 0, false
	}
	first, last := be.Uint64(k[1:]), be.Uint64(v[8:])
	if id < first || id > last {
		return nil, 0, 0, false
	}
	t.lastRun = placeRun{first: first, last: last, product: be.Uint64(v)}
	return k, be.Uint64(v), last, true
}

// place is the product whose space holds license id's record.
func (t *tx) place(id model.ID) (model.ID, bool) {
	_, p, _, ok := t.run(id)
	return p, ok
}

// addPlace places a new license: it extends the run that ends just before
// it in the same product, or starts a run.
func (t *tx) addPlace(id, product model.ID) error {
	if k, p, last, ok := t.run(id - 1); ok && id > 1 && p == product && last == id-1 {
		t.lastRun = placeRun{first: be.Uint64(k[1:]), last: id, product: product}
		return t.seatBucket().Put(bytes.Clone(k), placeValue(product, id))
	}
	t.lastRun = placeRun{first: id, last: id, product: product}
	return t.seatBucket().Put(placeKey(id), placeValue(product, id))
}

// record is the stored record of license id, found through its place.
func (t *tx) record(id model.ID) []byte {
	p, ok := t.place(id)
	if !ok {
		return nil
	}
	return t.seatBucket().Get(recordKey(p, id))
}

func (t *tx) License(id model.ID) (model.License, error) {
	raw := t.record(id)
	if raw == nil {
		return model.License{}, model.ErrNotFound
	}
	l, err := decodeLicense(id, raw)
	if err != nil {
		return l, model.Corruptf("%s: %v", model.LicenseCode(id), err)
	}
	return l, nil
}

// nextLicenseID hands out license IDs from a sequence in meta (an inline
// bucket, so keeping it costs no page of its own); an ID given from
// outside (an import) moves the sequence past it.
func (t *tx) nextLicenseID(id *model.ID) error {
	meta := t.bucket(bMeta)
	seq := seqValue(meta.Get(licenseSeq))
	switch {
	case *id == 0:
		seq++
		*id = seq
	case *id > seq:
		seq = *id
	default:
		return nil
	}
	return meta.Put(licenseSeq, u64(seq))
}

// PutLicense stores l and moves its index entries and its product's
// counters from the previous version in the same transaction.
func (t *tx) PutLicense(l *model.License) error {
	s, counts := t.seatBucket(), t.bucket(bCounts)
	c := decodeCounts(counts.Get(u64(l.ProductID)))
	head := uint64(0) // the license's history stays with it
	stored := false
	if l.ID != 0 {
		if p, ok := t.place(l.ID); ok {
			if err := t.flush(); err != nil {
				return err
			}
			if p != l.ProductID {
				return model.Corruptf("%s cannot move between products", model.LicenseCode(l.ID))
			}
			raw := s.Get(recordKey(p, l.ID))
			head = licenseHead(raw)
			old, err := decodeLicense(l.ID, raw)
			if err != nil {
				return model.Corruptf("%s: %v", model.LicenseCode(l.ID), err)
			}
			if err := t.unindex(old); err != nil {
				return err
			}
			addCount(&c, old.Status, -1)
			stored = true
		}
	}
	if !stored {
		// One product's pending entries at a time: another product's
		// records may sort between them and this product's.
		if len(t.pending) > 0 && t.pending[0].ProductID != l.ProductID {
			if err := t.flush(); err != nil {
				return err
			}
		}
		if err := t.nextLicenseID(&l.ID); err != nil {
			return err
		}
		if err := t.addPlace(l.ID, l.ProductID); err != nil {
			return err
		}
	}
	if err := s.Put(recordKey(l.ProductID, l.ID), encodeLicense(*l, head)); err != nil {
		return err
	}
	if !stored && indexed(l.Status) {
		t.pending = append(t.pending, *l)
	} else if err := t.index(*l); err != nil {
		return err
	}
	addCount(&c, l.Status, 1)
	return counts.Put(u64(l.ProductID), encodeCounts(c))
}

// index adds l's status entry and per-day count, or its holder entry.
func (t *tx) index(l model.License) error {
	s := t.seatBucket()
	if l.Status == model.Active {
		_, head, _ := t.slot(l.ProductID, byte(l.AssigneeKind), l.AssigneeID)
		return t.setSlot(l.ProductID, byte(l.AssigneeKind), l.AssigneeID, l.ID, head)
	}
	if !indexed(l.Status) {
		return nil
	}
	if err := s.Put(statusKey(l), nil); err != nil {
		return err
	}
	return t.addDay(l, 1)
}

// flush writes the pending status entries, in key order, and their
// per-day counts.
func (t *tx) flush() error {
	if len(t.pending) == 0 {
		return nil
	}
	ls := t.pending
	t.pending = nil
	keys := make([][]byte, len(ls))
	days := map[string]uint64{}
	for i, l := range ls {
		keys[i] = statusKey(l)
		days[string(dayKey(l.ProductID, l.Status, dayOf(l.Since)))]++
	}
	slices.SortFunc(keys, bytes.Compare)
	s := t.seatBucket()
	for _, k := range keys {
		if err := s.Put(k, nil); err != nil {
			return err
		}
	}
	for k, d := range days {
		n := seqValue(s.Get([]byte(k)))
		if err := s.Put([]byte(k), u64(n+d)); err != nil {
			return err
		}
	}
	return nil
}

// unindex removes what index added for l.
func (t *tx) unindex(l model.License) error {
	s := t.seatBucket()
	if l.Status == model.Active {
		if _, head, ok := t.slot(l.ProductID, byte(l.AssigneeKind), l.AssigneeID); ok {
			return t.putCached(slotKey(l.ProductID, byte(l.AssigneeKind), l.AssigneeID), slotValue(0, head))
		}
		return nil
	}
	if !indexed(l.Status) {
		return nil
	}
	if err := s.Delete(statusKey(l)); err != nil {
		return err
	}
	return t.addDay(l, -1)
}

// addDay moves one license in or out of its product's per-day count for
// its status, so range counts over days never touch individual licenses.
func (t *tx) addDay(l model.License, d int) error {
	b := t.seatBucket()
	k := dayKey(l.ProductID, l.Status, dayOf(l.Since))
	n := int64(0)
	if v := b.Get(k); len(v) == 8 {
		n = int64(be.Uint64(v))
	}
	n += int64(d)
	if n <= 0 {
		return b.Delete(k)
	}
	return b.Put(k, u64(uint64(n)))
}

// licensesAt iterates the licenses of one product's status entries that
// start with prefix, from the key start, loading each record.
func (t *tx) licensesAt(product model.ID, prefix, start []byte, fn func(model.License) bool) error {
	s := t.seatBucket()
	c := s.Cursor()
	for k, _ := c.Seek(start); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		id := be.Uint64(k[len(k)-8:])
		l, err := decodeLicense(id, s.Get(recordKey(product, id)))
		if err != nil {
			return model.Corruptf("index names %s, which is missing or damaged", model.LicenseCode(id))
		}
		if !fn(l) {
			return nil
		}
	}
	return nil
}

// holder reads a holder's entry (the zero entry when it has none).
func (t *tx) holder(kind byte, id model.ID) (holderEntry, error) {
	v := t.cached(holderKey(kind, id))
	if v == nil {
		return holderEntry{}, nil
	}
	h, ok := decodeHolder(v)
	if !ok {
		return h, model.Corruptf("the entry of holder %c%d is damaged", kind, id)
	}
	return h, nil
}

func (t *tx) putHolder(kind byte, id model.ID, h holderEntry) error {
	return t.putCached(holderKey(kind, id), h.encode())
}

// slot reads a holder's slot in a product: the license it holds there (0:
// none) and its newest event about the product; ok is false without one.
func (t *tx) slot(product model.ID, kind byte, id model.ID) (license model.ID, head uint64, ok bool) {
	v := t.cached(slotKey(product, kind, id))
	if len(v) != 16 {
		return 0, 0, false
	}
	return be.Uint64(v), be.Uint64(v[8:]), true
}

// setSlot writes a holder's slot in a product, listing the product in the
// holder's entry when the slot is new.
func (t *tx) setSlot(product model.ID, kind byte, id, license model.ID, head uint64) error {
	if _, _, ok := t.slot(product, kind, id); !ok {
		h, err := t.holder(kind, id)
		if err != nil {
			return err
		}
		if i, found := slices.BinarySearch(h.products, product); !found {
			h.products = slices.Insert(h.products, i, product)
			if err := t.putHolder(kind, id, h); err != nil {
				return err
			}
		}
	}
	return t.putCached(slotKey(product, kind, id), slotValue(license, head))
}

// productLicenses iterates one product's records in ID order.
func (t *tx) productLicenses(product model.ID, fn func(model.License) bool) error {
	prefix := key(byte(spProduct), product, byte(recMark))
	c := t.seatBucket().Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		l, err := decodeLicense(be.Uint64(k[len(k)-8:]), v)
		if err != nil {
			return model.Corruptf("%s: %v", model.LicenseCode(be.Uint64(k[len(k)-8:])), err)
		}
		if !fn(l) {
			return nil
		}
	}
	return nil
}

func (t *tx) LicensesByStatus(product model.ID, s model.Status, since time.Time, fn func(model.License) bool) error {
	if err := t.flush(); err != nil {
		return err
	}
	if indexed(s) {
		prefix := statusPrefix(product, s)
		return t.licensesAt(product, prefix, key(prefix, timeKey(since)), fn)
	}
	// Active licenses have no status entries: a listing of them reads the
	// product's records and orders them as the index would.
	var ls []model.License
	if err := t.productLicenses(product, func(l model.License) bool {
		if l.Status == s && !l.Since.Before(since) {
			ls = append(ls, l)
		}
		return true
	}); err != nil {
		return err
	}
	slices.SortFunc(ls, func(a, b model.License) int {
		if c := a.Since.Compare(b.Since); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	for _, l := range ls {
		if !fn(l) {
			return nil
		}
	}
	return nil
}

// CountByStatus adds up whole days from the per-day counts and scans the
// status index only for the partial days at either end of the range, so
// "idle for 30 days" costs O(days), not O(licenses).
func (t *tx) CountByStatus(product model.ID, s model.Status, from, to time.Time) (int, error) {
	if err := t.flush(); err != nil {
		return 0, err
	}
	if !indexed(s) {
		n := 0
		err := t.productLicenses(product, func(l model.License) bool {
			if l.Status == s && !l.Since.Before(from) && (to.IsZero() || l.Since.Before(to)) {
				n++
			}
			return true
		})
		return n, err
	}
	fromDay, toDay := dayOf(from), dayOf(to)
	if to.IsZero() {
		toDay = ^uint32(0)
	}
	if !from.IsZero() && !to.IsZero() && fromDay == toDay {
		return t.scanCount(product, s, from, to), nil
	}
	n := 0
	firstWhole := fromDay
	if !from.IsZero() && !from.Equal(dayStart(fromDay)) {
		n += t.scanCount(product, s, from, dayStart(fromDay+1))
		firstWhole = fromDay + 1
	}
	c := t.seatBucket().Cursor()
	prefix := dayPrefix(product, s)
	stop := dayKey(product, s, toDay)
	for k, v := c.Seek(dayKey(product, s, firstWhole)); k != nil && bytes.HasPrefix(k, prefix) && bytes.Compare(k, stop) < 0; k, v = c.Next() {
		n += int(be.Uint64(v))
	}
	if !to.IsZero() && !to.Equal(dayStart(toDay)) {
		n += t.scanCount(product, s, dayStart(toDay), to)
	}
	return n, nil
}

// scanCount counts status entries with since in [from, to).
func (t *tx) scanCount(product model.ID, s model.Status, from, to time.Time) int {
	prefix := statusPrefix(product, s)
	stop := key(prefix, timeKey(to))
	c := t.seatBucket().Cursor()
	n := 0
	for k, _ := c.Seek(key(prefix, timeKey(from))); k != nil && bytes.HasPrefix(k, prefix) && bytes.Compare(k, stop) < 0; k, _ = c.Next() {
		n++
	}
	return n
}

func (t *tx) HeldBy(kind model.AssigneeKind, id model.ID, fn func(model.License) bool) error {
	h, err := t.holder(byte(kind), id)
	if err != nil {
		return err
	}
	for _, p := range h.products {
		l, err := t.HeldOf(kind, id, p)
		if errors.Is(err, model.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if !fn(l) {
			return nil
		}
	}
	return nil
}

func (t *tx) HeldOf(kind model.AssigneeKind, id, product model.ID) (model.License, error) {
	lid, _, _ := t.slot(product, byte(kind), id)
	if lid == 0 {
		return model.License{}, model.ErrNotFound
	}
	l, err := decodeLicense(lid, t.seatBucket().Get(recordKey(product, lid)))
	if err != nil {
		return l, model.Corruptf("the slot of %c%d in product %d names %s, which is missing or damaged", kind, id, product, model.LicenseCode(lid))
	}
	return l, nil
}

// Licenses merges the products' record ranges, each in ID order, into one
// walk in ID order: sequential reads of each product's pages instead of a
// lookup per license.
func (t *tx) Licenses(from model.ID, fn func(model.License) bool) error {
	s := t.seatBucket()
	var runs recordRuns
	pc := t.bucket(bProducts).Cursor()
	for pk, _ := pc.First(); pk != nil; pk, _ = pc.Next() {
		prefix := key(byte(spProduct), pk, byte(recMark))
		c := s.Cursor()
		if k, v := c.Seek(key(prefix, from)); k != nil && bytes.HasPrefix(k, prefix) {
			runs = append(runs, &recordRun{c: c, prefix: prefix, k: k, v: v})
		}
	}
	heap.Init(&runs)
	for len(runs) > 0 {
		r := runs[0]
		id := be.Uint64(r.k[len(r.k)-8:])
		l, err := decodeLicense(id, r.v)
		if err != nil {
			return model.Corruptf("%s: %v", model.LicenseCode(id), err)
		}
		if !fn(l) {
			return nil
		}
		if r.k, r.v = r.c.Next(); r.k != nil && bytes.HasPrefix(r.k, r.prefix) {
			heap.Fix(&runs, 0)
		} else {
			heap.Pop(&runs)
		}
	}
	return nil
}

// recordRun is one product's record range being merged by Licenses.
type recordRun struct {
	c      *seatCursor
	prefix []byte
	k, v   []byte
}

// recordRuns is a heap of runs by the license ID each stands at.
type recordRuns []*recordRun

func (h recordRuns) Len() int { return len(h) }
func (h recordRuns) Less(i, j int) bool {
	return bytes.Compare(h[i].k[len(h[i].k)-8:], h[j].k[len(h[j].k)-8:]) < 0
}
func (h recordRuns) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *recordRuns) Push(x any)   { *h = append(*h, x.(*recordRun)) }
func (h *recordRuns) Pop() any {
	old := *h
	r := old[len(old)-1]
	*h = old[:len(old)-1]
	return r
}

func (t *tx) Counts(product model.ID) (model.Counts, error) {
	return decodeCounts(t.bucket(bCounts).Get(u64(product))), nil
}

func (t *tx) User(id model.ID) (model.User, error) {
	return t.settle(getRecord[model.User](t, bUsers, u64(id)))
}

func (t *tx) UserByEmail(email string) (model.User, error) {
	return t.settle(recordByName[model.User](t, bUserEmail, bUsers, email))
}

// settle counts the licenses in the user's slots.
func (t *tx) settle(u model.User, err error) (model.User, error) {
	if err != nil {
		return u, err
	}
	h, err := t.holder(model.RefUser, u.ID)
	if err != nil {
		return u, err
	}
	n := 0
	for _, p := range h.products {
		if lid, _, _ := t.slot(p, model.RefUser, u.ID); lid != 0 {
			n++
		}
	}
	u.Settle(n)
	return u, nil
}

func forEachJSON[T any](b *bolt.Bucket, fn func(T) bool) error {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var r T
		if err := json.Unmarshal(v, &r); err != nil {
			return model.Corruptf("damaged record %x: %v", k, err)
		}
		if !fn(r) {
			return nil
		}
	}
	return nil
}

// Users settles every user from one pass over the products' slots rather
// than a lookup per user and product.
func (t *tx) Users(fn func(model.User) bool) error {
	held := map[model.ID]int{}
	c := t.seatBucket().Cursor()
	pc := t.bucket(bProducts).Cursor()
	for pk, _ := pc.First(); pk != nil; pk, _ = pc.Next() {
		prefix := key(byte(spProduct), pk, byte(slotMark), model.RefUser)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(k) == slotKeyLen && len(v) == 16 && be.Uint64(v) != 0 {
				held[be.Uint64(k[11:])]++
			}
		}
	}
	return forEachJSON(t.bucket(bUsers), func(u model.User) bool {
		u.Settle(held[u.ID])
		return fn(u)
	})
}

func (t *tx) PutUser(u *model.User) error {
	b := t.bucket(bUsers)
	old := ""
	if u.ID != 0 {
		if cur, err := t.User(u.ID); err == nil {
			old = cur.Email
		}
	}
	if err := nextID(b, &u.ID); err != nil {
		return err
	}
	if err := rename(t.bucket(bUserEmail), old, u.Email, u.ID); err != nil {
		return err
	}
	stored := *u
	stored.Held = 0 // derived on read
	return putJSON(b, u64(u.ID), stored)
}

func (t *tx) Asset(id model.ID) (model.Asset, error) {
	return getRecord[model.Asset](t, bAssets, u64(id))
}

func (t *tx) AssetByName(name string) (model.Asset, error) {
	return recordByName[model.Asset](t, bAssetName, bAssets, name)
}

func (t *tx) Assets(fn func(model.Asset) bool) error { return forEachJSON(t.bucket(bAssets), fn) }

func (t *tx) PutAsset(a *model.Asset) error {
	b := t.bucket(bAssets)
	old := ""
	if a.ID != 0 {
		if cur, err := t.Asset(a.ID); err == nil {
			old = cur.Name
		}
	}
	if err := nextID(b, &a.ID); err != nil {
		return err
	}
	if err := rename(t.bucket(bAssetName), old, a.Name, a.ID); err != nil {
		return err
	}
	return putJSON(b, u64(a.ID), a)
}

func (t *tx) Allocation(id model.ID) (model.Allocation, error) {
	return getJSON[model.Allocation](t.bucket(bAllocations), u64(id))
}

func (t *tx) AllocationByName(name string) (model.Allocation, error) {
	id, err := byName(t, bAllocName, name)
	if err != nil {
		return model.Allocation{}, err
	}
	return getJSON[model.Allocation](t.bucket(bAllocations), id)
}

func (t *tx) Allocations() ([]model.Allocation, error) {
	var out []model.Allocation
	err := forEachJSON(t.bucket(bAllocations), func(a model.Allocation) bool { out = append(out, a); return true })
	return out, err
}

func (t *tx) PutAllocation(a *model.Allocation) error {
	b := t.bucket(bAllocations)
	old := ""
	if a.ID != 0 {
		if cur, err := t.Allocation(a.ID); err == nil {
			old = cur.Name
		}
	}
	if err := nextID(b, &a.ID); err != nil {
		return err
	}
	if err := rename(t.bucket(bAllocName), old, a.Name, a.ID); err != nil {
		return err
	}
	return putJSON(b, u64(a.ID), a)
}

func (t *tx) DeleteAllocation(id model.ID) error {
	a, err := t.Allocation(id)
	if err != nil {
		return err
	}
	if err := t.bucket(bAllocName).Delete([]byte(strings.ToLower(a.Name))); err != nil {
		return err
	}
	return t.bucket(bAllocations).Delete(u64(id))
}

func scheduleKey(s model.Scheduled) []byte { return key(timeKey(s.At), s.ID) }

func (t *tx) PutScheduled(s *model.Scheduled) error {
	b := t.bucket(bSchedule)
	if s.ID != 0 {
		if err := t.DeleteScheduled(s.ID); err != nil && err != model.ErrNotFound {
			return err
		}
	}
	if err := nextID(b, &s.ID); err != nil {
		return err
	}
	return putJSON(b, scheduleKey(*s), s)
}

// Schedule decodes through the memo: every operation looks at the
// earliest entry to see whether it has fallen due.
func (t *tx) Schedule(fn func(model.Scheduled) bool) error {
	c := t.bucket(bSchedule).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		sc, err := decodeRecord[model.Scheduled](t, bSchedule, k, v)
		if err != nil {
			return err
		}
		if !fn(sc) {
			return nil
		}
	}
	return nil
}

// DeleteScheduled finds the entry by scanning: the schedule holds a handful
// of pending changes, never many.
func (t *tx) DeleteScheduled(id model.ID) error {
	b := t.bucket(bSchedule)
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if be.Uint64(k[8:]) == id {
			return c.Delete()
		}
	}
	return model.ErrNotFound
}

// head returns the newest event about r (0: none). A thing's head is kept
// beside the data a change to it writes anyway: a license's in its record,
// a user's or asset's in its slots and entry (the newest of them),
// anything else's (products, allocations, licenses of deleted products)
// in event_head, a small bucket that lives inline in the root page every
// commit writes.
func (t *tx) head(r model.Ref) uint64 {
	switch r.Kind {
	case model.RefLicense:
		if raw := t.record(r.ID); raw != nil {
			return licenseHead(raw)
		}
	case model.RefUser, model.RefAsset:
		h, _ := t.holder(r.Kind, r.ID)
		head := h.head
		for _, p := range h.products {
			if _, sh, _ := t.slot(p, r.Kind, r.ID); sh > head {
				head = sh
			}
		}
		return head
	}
	return seqValue(t.bucket(bEventHead).Get(key(r.Kind, r.ID)))
}

// setHead makes seq, an event about product (0: none), the newest event
// about r. A user's or asset's goes into its slot in the product, which
// the change the event records writes anyway.
func (t *tx) setHead(r model.Ref, seq uint64, product model.ID) error {
	switch r.Kind {
	case model.RefLicense:
		if p, ok := t.place(r.ID); ok {
			s := t.seatBucket()
			k := recordKey(p, r.ID)
			l, err := decodeLicense(r.ID, s.Get(k))
			if err != nil {
				return model.Corruptf("%s: %v", model.LicenseCode(r.ID), err)
			}
			return s.Put(k, encodeLicense(l, seq))
		}
	case model.RefUser, model.RefAsset:
		if product != 0 && t.bucket(bProducts).Get(u64(product)) != nil {
			lid, _, _ := t.slot(product, r.Kind, r.ID)
			return t.setSlot(product, r.Kind, r.ID, lid, seq)
		}
		h, err := t.holder(r.Kind, r.ID)
		if err != nil {
			return err
		}
		h.head = seq
		return t.putHolder(r.Kind, r.ID, h)
	}
	return t.bucket(bEventHead).Put(key(r.Kind, r.ID), u64(seq))
}

func seqValue(v []byte) uint64 {
	if len(v) != 8 {
		return 0
	}
	return be.Uint64(v)
}

// AppendEvent numbers the event from the seats bucket's sequence, which
// lives in the bucket's header: no page of its own.
func (t *tx) AppendEvent(e *model.Event) error {
	b := t.seatBucket()
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	e.Seq = seq
	refs := e.Refs()
	links := make([]link, len(refs))
	for i, r := range refs {
		links[i] = link{r, t.head(r)}
	}
	raw, err := encodeEvent(links, e)
	if err != nil {
		return err
	}
	if err := b.Put(eventKey(seq), raw); err != nil {
		return err
	}
	for _, r := range refs {
		if err := t.setHead(r, seq, e.ProductID); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) Events(from uint64, reverse bool, fn func(model.Event) bool) error {
	c := t.seatBucket().Cursor()
	var k, v []byte
	switch {
	case !reverse:
		k, v = c.Seek(eventKey(from))
	case from == 0:
		k, v = c.Last() // the log sorts last
	default:
		k, v = c.Seek(eventKey(from))
		if k == nil || k[0] != spEvent || be.Uint64(k[1:]) > from {
			k, v = c.Prev()
		}
	}
	for ; k != nil && len(k) == 9 && k[0] == spEvent; k, v = step(c, reverse) {
		e, err := decodeEvent(k[1:], v)
		if err != nil {
			return err
		}
		if !fn(e) {
			return nil
		}
	}
	return nil
}

func step(c *seatCursor, reverse bool) ([]byte, []byte) {
	if reverse {
		return c.Prev()
	}
	return c.Next()
}

// chain walks r's history from its newest event back to its first,
// handing fn each event's sequence number and stored value until fn
// returns false.
func (t *tx) chain(r model.Ref, fn func(seq uint64, v []byte) bool) error {
	s := t.seatBucket()
	for seq := t.head(r); seq != 0; {
		v := s.Get(eventKey(seq))
		if v == nil {
			return model.Corruptf("the history of %c%d names event %d, which is missing", r.Kind, r.ID, seq)
		}
		prev, ok := prevAbout(v, r)
		if !ok || prev >= seq {
			return model.Corruptf("event %d breaks the history of %c%d", seq, r.Kind, r.ID)
		}
		if !fn(seq, v) {
			return nil
		}
		seq = prev
	}
	return nil
}

// EventsAbout walks r's history chain from its head back to its first
// event, then hands the events over oldest first.
func (t *tx) EventsAbout(r model.Ref, fn func(model.Event) bool) error {
	type found struct {
		seq uint64
		v   []byte
	}
	var all []found
	if err := t.chain(r, func(seq uint64, v []byte) bool { all = append(all, found{seq, v}); return true }); err != nil {
		return err
	}
	for i := len(all) - 1; i >= 0; i-- {
		e, err := decodeEvent(u64(all[i].seq), all[i].v)
		if err != nil {
			return err
		}
		if !fn(e) {
			return nil
		}
	}
	return nil
}

// EventsAboutNewestFirst decodes r's events as it walks back, so a caller
// that needs only the recent ones stops early.
func (t *tx) EventsAboutNewestFirst(r model.Ref, fn func(model.Event) bool) error {
	var derr error
	err := t.chain(r, func(seq uint64, v []byte) bool {
		e, err := decodeEvent(u64(seq), v)
		if err != nil {
			derr = err
			return false
		}
		return fn(e)
	})
	if err != nil {
		return err
	}
	return derr
}

func (t *tx) Event(seq uint64) (model.Event, error) {
	v := t.seatBucket().Get(eventKey(seq))
	if v == nil {
		return model.Event{}, model.ErrNotFound
	}
	return decodeEvent(u64(seq), v)
}

func (t *tx) LastSeq() (uint64, error) { return t.seatBucket().Sequence(), nil }
