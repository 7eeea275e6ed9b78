package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/seats/seats/model"
	bolt "go.etcd.io/bbolt"
)

var (
	bMeta        = []byte("meta")
	bProducts    = []byte("products")
	bProductName = []byte("product_name")
	bLicenses    = []byte("licenses")
	bLicStatus   = []byte("lic_status")
	bLicHolder   = []byte("lic_holder")
	bCounts      = []byte("counts")
	bLicDays     = []byte("lic_days")
	bUsers       = []byte("users")
	bUserEmail   = []byte("user_email")
	bAssets      = []byte("assets")
	bAssetName   = []byte("asset_name")
	bAllocations = []byte("allocations")
	bAllocName   = []byte("alloc_name")
	bSchedule    = []byte("schedule")
	bEvents      = []byte("events")
	bEventHead   = []byte("event_head")
	// bEventRef is the history index of schema 3 and before, which
	// migration 4 replaced with history chains.
	bEventRef = []byte("event_ref")
)

// tx implements model.Tx on one bbolt transaction.
type tx struct {
	b *bolt.Tx
	m *memo // nil: decode every record
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
	lic, status, holder := t.bucket(bLicenses), t.bucket(bLicStatus), t.bucket(bLicHolder)
	prefix := u64(id)
	var keys [][]byte
	c := status.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		lid := k[len(k)-8:]
		raw := lic.Get(lid)
		if l, err := decodeLicense(be.Uint64(lid), raw); err == nil && l.Status == model.Active {
			if err := holder.Delete(holderKey(l)); err != nil {
				return err
			}
		}
		// History outlives the license: its head moves to event_head.
		if head := licenseHead(raw); head != 0 {
			if err := t.bucket(bEventHead).Put(key(model.RefLicense, be.Uint64(lid)), u64(head)); err != nil {
				return err
			}
		}
		if err := lic.Delete(lid); err != nil {
			return err
		}
		if err := status.Delete(k); err != nil {
			return err
		}
	}
	if err := t.bucket(bCounts).Delete(prefix); err != nil {
		return err
	}
	if err := deletePrefix(t.bucket(bLicDays), prefix); err != nil {
		return err
	}
	if err := t.bucket(bProductName).Delete([]byte(strings.ToLower(p.Name))); err != nil {
		return err
	}
	return t.bucket(bProducts).Delete(prefix)
}

func deletePrefix(b *bolt.Bucket, prefix []byte) error {
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) License(id model.ID) (model.License, error) {
	raw := t.bucket(bLicenses).Get(u64(id))
	if raw == nil {
		return model.License{}, model.ErrNotFound
	}
	l, err := decodeLicense(id, raw)
	if err != nil {
		return l, model.Corruptf("%s: %v", model.LicenseCode(id), err)
	}
	return l, nil
}

// PutLicense stores l and moves its index entries and its product's
// counters from the previous version in the same transaction.
func (t *tx) PutLicense(l *model.License) error {
	lic, status, holder, counts := t.bucket(bLicenses), t.bucket(bLicStatus), t.bucket(bLicHolder), t.bucket(bCounts)
	c := decodeCounts(counts.Get(u64(l.ProductID)))
	head := uint64(0) // the license's history stays with it
	if l.ID != 0 {
		raw := lic.Get(u64(l.ID))
		head = licenseHead(raw)
		if old, err := decodeLicense(l.ID, raw); err == nil {
			if err := status.Delete(statusKey(old)); err != nil {
				return err
			}
			if old.Status == model.Active {
				if err := holder.Delete(holderKey(old)); err != nil {
					return err
				}
			}
			if old.ProductID != l.ProductID {
				return model.Corruptf("%s cannot move between products", old.Code())
			}
			addCount(&c, old.Status, -1)
			if err := t.addDay(old, -1); err != nil {
				return err
			}
		}
	}
	if l.ID == 0 {
		lic.FillPercent = 1 // new IDs append: fill pages instead of halving them
	}
	if err := nextID(lic, &l.ID); err != nil {
		return err
	}
	if err := lic.Put(u64(l.ID), encodeLicense(*l, head)); err != nil {
		return err
	}
	if err := status.Put(statusKey(*l), nil); err != nil {
		return err
	}
	if l.Status == model.Active {
		if err := holder.Put(holderKey(*l), nil); err != nil {
			return err
		}
	}
	addCount(&c, l.Status, 1)
	if err := t.addDay(*l, 1); err != nil {
		return err
	}
	return counts.Put(u64(l.ProductID), encodeCounts(c))
}

// addDay moves one license in or out of its product's per-day count for
// its status, so range counts over days never touch individual licenses.
func (t *tx) addDay(l model.License, d int) error {
	b := t.bucket(bLicDays)
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

// licensesAt iterates licenses whose index keys start with prefix, from
// the key start, loading each record.
func (t *tx) licensesAt(index []byte, prefix, start []byte, stop []byte, fn func(model.License) bool) error {
	lic := t.bucket(bLicenses)
	c := t.bucket(index).Cursor()
	for k, _ := c.Seek(start); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if stop != nil && bytes.Compare(k, stop) >= 0 {
			return nil
		}
		if len(k) != indexKeyLen {
			continue // a holder's history head
		}
		id := be.Uint64(k[len(k)-8:])
		l, err := decodeLicense(id, lic.Get(k[len(k)-8:]))
		if err != nil {
			return model.Corruptf("index names %s, which is missing or damaged", model.LicenseCode(id))
		}
		if !fn(l) {
			return nil
		}
	}
	return nil
}

func (t *tx) LicensesByStatus(product model.ID, s model.Status, since time.Time, fn func(model.License) bool) error {
	prefix := key(product, s)
	return t.licensesAt(bLicStatus, prefix, key(product, s, timeKey(since)), nil, fn)
}

// CountByStatus adds up whole days from the per-day counts and scans the
// status index only for the partial days at either end of the range, so
// "idle for 30 days" costs O(days), not O(licenses).
func (t *tx) CountByStatus(product model.ID, s model.Status, from, to time.Time) (int, error) {
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
	c := t.bucket(bLicDays).Cursor()
	prefix := key(product, s)
	stop := dayKey(product, s, toDay)
	for k, v := c.Seek(dayKey(product, s, firstWhole)); k != nil && bytes.HasPrefix(k, prefix) && bytes.Compare(k, stop) < 0; k, v = c.Next() {
		n += int(be.Uint64(v))
	}
	if !to.IsZero() && !to.Equal(dayStart(toDay)) {
		n += t.scanCount(product, s, dayStart(toDay), to)
	}
	return n, nil
}

// scanCount counts status-index keys with since in [from, to).
func (t *tx) scanCount(product model.ID, s model.Status, from, to time.Time) int {
	prefix := key(product, s)
	stop := key(product, s, timeKey(to))
	c := t.bucket(bLicStatus).Cursor()
	n := 0
	for k, _ := c.Seek(key(product, s, timeKey(from))); k != nil && bytes.HasPrefix(k, prefix) && bytes.Compare(k, stop) < 0; k, _ = c.Next() {
		n++
	}
	return n
}

func (t *tx) HeldBy(kind model.AssigneeKind, id model.ID, fn func(model.License) bool) error {
	prefix := key(kind, id)
	return t.licensesAt(bLicHolder, prefix, prefix, nil, fn)
}

func (t *tx) HeldOf(kind model.AssigneeKind, id, product model.ID) (model.License, error) {
	var out model.License
	found := false
	prefix := key(kind, id, product)
	err := t.licensesAt(bLicHolder, prefix, prefix, nil, func(l model.License) bool {
		out, found = l, true
		return false
	})
	if err == nil && !found {
		err = model.ErrNotFound
	}
	return out, err
}

func (t *tx) Licenses(from model.ID, fn func(model.License) bool) error {
	c := t.bucket(bLicenses).Cursor()
	for k, v := c.Seek(u64(from)); k != nil; k, v = c.Next() {
		l, err := decodeLicense(be.Uint64(k), v)
		if err != nil {
			return model.Corruptf("%s: %v", model.LicenseCode(be.Uint64(k)), err)
		}
		if !fn(l) {
			return nil
		}
	}
	return nil
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

// settle counts the user's licenses in the holder index.
func (t *tx) settle(u model.User, err error) (model.User, error) {
	if err != nil {
		return u, err
	}
	prefix := key(model.AssigneeUser, u.ID)
	n := 0
	c := t.bucket(bLicHolder).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) == indexKeyLen {
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

func (t *tx) Users(fn func(model.User) bool) error {
	var err error
	walkErr := forEachJSON(t.bucket(bUsers), func(u model.User) bool {
		if u, err = t.settle(u, nil); err != nil {
			return false
		}
		return fn(u)
	})
	if walkErr != nil {
		return walkErr
	}
	return err
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

func (t *tx) Schedule(fn func(model.Scheduled) bool) error {
	return forEachJSON(t.bucket(bSchedule), fn)
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
// a user's or asset's at the front of its holder-index range, anything
// else's (products, allocations, licenses of deleted products) in
// event_head.
func (t *tx) head(r model.Ref) uint64 {
	switch r.Kind {
	case model.RefLicense:
		if raw := t.bucket(bLicenses).Get(u64(r.ID)); raw != nil {
			return licenseHead(raw)
		}
	case model.RefUser, model.RefAsset:
		return seqValue(t.bucket(bLicHolder).Get(holderHeadKey(r)))
	}
	return seqValue(t.bucket(bEventHead).Get(key(r.Kind, r.ID)))
}

// setHead makes seq the newest event about r.
func (t *tx) setHead(r model.Ref, seq uint64) error {
	switch r.Kind {
	case model.RefLicense:
		lic := t.bucket(bLicenses)
		if raw := lic.Get(u64(r.ID)); raw != nil {
			l, err := decodeLicense(r.ID, raw)
			if err != nil {
				return model.Corruptf("%s: %v", model.LicenseCode(r.ID), err)
			}
			return lic.Put(u64(r.ID), encodeLicense(l, seq))
		}
	case model.RefUser, model.RefAsset:
		return t.bucket(bLicHolder).Put(holderHeadKey(r), u64(seq))
	}
	return t.bucket(bEventHead).Put(key(r.Kind, r.ID), u64(seq))
}

func seqValue(v []byte) uint64 {
	if len(v) != 8 {
		return 0
	}
	return be.Uint64(v)
}

func (t *tx) AppendEvent(e *model.Event) error {
	b := t.bucket(bEvents)
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
	b.FillPercent = 1 // append-only: fill pages instead of halving them
	if err := b.Put(u64(seq), raw); err != nil {
		return err
	}
	for _, r := range refs {
		if err := t.setHead(r, seq); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) Events(from uint64, reverse bool, fn func(model.Event) bool) error {
	c := t.bucket(bEvents).Cursor()
	var k, v []byte
	switch {
	case !reverse:
		k, v = c.Seek(u64(from))
	case from == 0:
		k, v = c.Last()
	default:
		k, v = c.Seek(u64(from))
		if k == nil {
			k, v = c.Last()
		} else if be.Uint64(k) > from {
			k, v = c.Prev()
		}
	}
	for ; k != nil; k, v = step(c, reverse) {
		e, err := decodeEvent(k, v)
		if err != nil {
			return err
		}
		if !fn(e) {
			return nil
		}
	}
	return nil
}

func step(c *bolt.Cursor, reverse bool) ([]byte, []byte) {
	if reverse {
		return c.Prev()
	}
	return c.Next()
}

// EventsAbout walks r's history chain from its head back to its first
// event, then hands the events over oldest first.
func (t *tx) EventsAbout(r model.Ref, fn func(model.Event) bool) error {
	events := t.bucket(bEvents)
	type found struct {
		seq uint64
		v   []byte
	}
	var chain []found
	for seq := t.head(r); seq != 0; {
		v := events.Get(u64(seq))
		if v == nil {
			return model.Corruptf("the history of %c%d names event %d, which is missing", r.Kind, r.ID, seq)
		}
		prev, ok := prevAbout(v, r)
		if !ok || prev >= seq {
			return model.Corruptf("event %d breaks the history of %c%d", seq, r.Kind, r.ID)
		}
		chain = append(chain, found{seq, v})
		seq = prev
	}
	for i := len(chain) - 1; i >= 0; i-- {
		e, err := decodeEvent(u64(chain[i].seq), chain[i].v)
		if err != nil {
			return err
		}
		if !fn(e) {
			return nil
		}
	}
	return nil
}

func (t *tx) Event(seq uint64) (model.Event, error) {
	v := t.bucket(bEvents).Get(u64(seq))
	if v == nil {
		return model.Event{}, model.ErrNotFound
	}
	return decodeEvent(u64(seq), v)
}

func (t *tx) LastSeq() (uint64, error) { return t.bucket(bEvents).Sequence(), nil }
