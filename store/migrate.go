package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/seats/seats/model"
	bolt "go.etcd.io/bbolt"
)

// magic marks a bbolt file as a Seats database, so another program's bbolt
// file is refused instead of being filled with our buckets.
var magic = []byte("seats")

// migration upgrades a database by one schema version inside the
// transaction that records the new version: an interrupted upgrade leaves
// the old version intact.
type migration struct {
	name string
	up   func(*bolt.Tx) error
	// moves says the step rewrites most of the file, leaving the old
	// pages free: Open compacts the file after it (see DB.Compact).
	moves bool
}

// migrations[i] takes a database from version i to i+1. Append only:
// released databases carry their version in meta/schema.
var migrations = []migration{
	{name: "create the buckets", up: func(btx *bolt.Tx) error {
		for _, name := range [][]byte{bMeta, bProducts, bProductName, bLicenses, bLicStatus, bLicHolder,
			bUsers, bUserEmail, bAssets, bAssetName, bAllocations, bAllocName, bSchedule, bEvents, bEventRef} {
			if _, err := btx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return btx.Bucket(bMeta).Put([]byte("magic"), magic)
	}},
	{name: "keep per-product license counts", up: func(btx *bolt.Tx) error {
		b, err := btx.CreateBucketIfNotExists(bCounts)
		if err != nil {
			return err
		}
		counts, err := v4Recount(btx)
		if err != nil {
			return err
		}
		for id, c := range counts {
			if err := b.Put(u64(id), encodeCounts(c)); err != nil {
				return err
			}
		}
		return nil
	}},
	{name: "keep per-day license counts for range counts", up: func(btx *bolt.Tx) error {
		b, err := btx.CreateBucketIfNotExists(bLicDays)
		if err != nil {
			return err
		}
		days, err := v4RecountDays(btx)
		if err != nil {
			return err
		}
		for k, n := range days {
			if err := b.Put([]byte(k), u64(uint64(n))); err != nil {
				return err
			}
		}
		return nil
	}},
	{name: "keep each thing's history as a chain through its events", up: chainHistories},
	{name: "keep seats, their indexes and the event log in one tree", up: oneSeatTree, moves: true},
	{name: "stage seat changes in the root page (see stage.go)", up: func(btx *bolt.Tx) error {
		_, err := btx.CreateBucket(bStage)
		return err
	}},
}

// chainHistories replaces the history index (event_ref: kind | id | seq)
// with history chains: every event is rewritten, oldest first, with the
// header linking it to the previous event about each thing it names, and
// each thing's newest event becomes its head (see tx.head). The events'
// JSON is kept byte for byte.
func chainHistories(btx *bolt.Tx) error {
	heads, err := btx.CreateBucketIfNotExists(bEventHead)
	if err != nil {
		return err
	}
	events := btx.Bucket(bEvents)
	events.FillPercent = 1
	newest := map[model.Ref]uint64{}
	c := events.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		seq := be.Uint64(k)
		var e model.Event
		if err := json.Unmarshal(v, &e); err != nil {
			return model.Corruptf("damaged event %d: %v", seq, err)
		}
		refs := e.Refs()
		links := make([]link, len(refs))
		for i, r := range refs {
			links[i] = link{r, newest[r]}
			newest[r] = seq
		}
		key := bytes.Clone(k)
		if err := events.Put(key, linkEvent(links, v)); err != nil {
			return err
		}
		c.Seek(key) // a Put moves the cursor's page: find the event again
	}
	lic, holder := btx.Bucket(bLicenses), btx.Bucket(bLicHolder)
	for r, seq := range newest {
		switch r.Kind {
		case model.RefLicense:
			if raw := lic.Get(u64(r.ID)); raw != nil {
				l, err := decodeLicense(r.ID, raw)
				if err != nil {
					return model.Corruptf("%s: %v", model.LicenseCode(r.ID), err)
				}
				if err := lic.Put(u64(r.ID), encodeLicense(l, seq)); err != nil {
					return err
				}
				continue
			}
		case model.RefUser, model.RefAsset:
			if err := holder.Put(v4HolderHeadKey(r), u64(seq)); err != nil {
				return err
			}
			continue
		}
		if err := heads.Put(key(r.Kind, r.ID), u64(seq)); err != nil {
			return err
		}
	}
	if btx.Bucket(bEventRef) != nil {
		return btx.DeleteBucket(bEventRef)
	}
	return nil
}

// v4RecountDays rebuilds schema 3's per-day counts with a full scan.
func v4RecountDays(btx *bolt.Tx) (map[string]int, error) {
	out := map[string]int{}
	err := v4Licenses(btx, func(l model.License, _ []byte) error {
		out[string(v4DayKey(l.ProductID, l.Status, dayOf(l.Since)))]++
		return nil
	})
	return out, err
}

// v4Recount counts every product's licenses by status in schema 1's
// licenses bucket.
func v4Recount(btx *bolt.Tx) (map[model.ID]model.Counts, error) { return countAll(btx, v4Licenses) }

// oneSeatTree moves the licenses, their indexes and per-day counts and the
// event log from their five buckets into the seats bucket (see codec.go):
// a seat change then dirties one tree's leaves and one shared path of
// branches, not a leaf-to-root path in each of five trees. Active
// licenses lose their status entries and per-day counts, which nothing
// looked up; the per-day counts are rebuilt from the records.
func oneSeatTree(btx *bolt.Tx) error {
	s, err := btx.CreateBucket(bSeats)
	if err != nil {
		return err
	}
	s.FillPercent = seatsFill
	if old := btx.Bucket(bLicenses); old != nil {
		if err := btx.Bucket(bMeta).Put(licenseSeq, u64(old.Sequence())); err != nil {
			return err
		}
	}
	// bbolt splits nodes only at commit, so one transaction's inserts into
	// a new bucket all land in one node: written in key order each is an
	// append, in any other order each moves the millions after it.
	var holders, places, products []kv
	days := map[string]uint64{}
	entries := map[model.Ref]*holderEntry{}
	entry := func(kind byte, id model.ID) *holderEntry {
		r := model.Ref{Kind: kind, ID: id}
		if entries[r] == nil {
			entries[r] = &holderEntry{}
		}
		return entries[r]
	}
	err = v4Licenses(btx, func(l model.License, raw []byte) error {
		// Licenses come in ID order: a run grows while the product stays.
		if n := len(places); n > 0 && be.Uint64(places[n-1].v) == l.ProductID && be.Uint64(places[n-1].v[8:]) == l.ID-1 {
			places[n-1].v = placeValue(l.ProductID, l.ID)
		} else {
			places = append(places, kv{placeKey(l.ID), placeValue(l.ProductID, l.ID)})
		}
		products = append(products, kv{recordKey(l.ProductID, l.ID), encodeLicense(l, licenseHead(raw))})
		switch {
		case l.Status == model.Active:
			products = append(products, kv{slotKey(l.ProductID, byte(l.AssigneeKind), l.AssigneeID), slotValue(l.ID, 0)})
			h := entry(byte(l.AssigneeKind), l.AssigneeID)
			h.products = append(h.products, l.ProductID)
		case indexed(l.Status):
			days[string(dayKey(l.ProductID, l.Status, dayOf(l.Since)))]++
			products = append(products, kv{statusKey(l), nil})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for k, n := range days {
		products = append(products, kv{[]byte(k), u64(n)})
	}
	if holder := btx.Bucket(bLicHolder); holder != nil {
		c := holder.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) == 9 { // kind | holder → head
				entry(k[0], be.Uint64(k[1:])).head = seqValue(v)
			}
		}
	}
	for r, h := range entries {
		slices.Sort(h.products)
		h.products = slices.Compact(h.products)
		holders = append(holders, kv{holderKey(r.Kind, r.ID), h.encode()})
	}
	for _, group := range [][]kv{holders, places, products} {
		slices.SortFunc(group, func(a, b kv) int { return bytes.Compare(a.k, b.k) })
		for _, e := range group {
			if err := s.Put(e.k, e.v); err != nil {
				return err
			}
		}
	}
	if events := btx.Bucket(bEvents); events != nil { // the log sorts last
		c := events.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := s.Put(eventKey(be.Uint64(k)), v); err != nil {
				return err
			}
		}
		if err := s.SetSequence(events.Sequence()); err != nil {
			return err
		}
	}
	for _, name := range [][]byte{bLicenses, bLicStatus, bLicHolder, bLicDays, bEvents} {
		if btx.Bucket(name) != nil {
			if err := btx.DeleteBucket(name); err != nil {
				return err
			}
		}
	}
	return nil
}

type kv struct{ k, v []byte }

// SchemaVersion is the version this build writes.
var SchemaVersion = uint32(len(migrations))

func schemaOf(btx *bolt.Tx) (uint32, error) {
	meta := btx.Bucket(bMeta)
	if meta == nil {
		empty := true
		_ = btx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if !empty {
			return 0, errForeign
		}
		return 0, nil
	}
	if !bytes.Equal(meta.Get([]byte("magic")), magic) {
		return 0, errForeign
	}
	v := meta.Get([]byte("schema"))
	if len(v) != 4 {
		return 0, errForeign
	}
	return be.Uint32(v), nil
}

var errForeign = fmt.Errorf("not a Seats database (a bbolt file of another program)")

// migrate brings the file up to SchemaVersion, one transaction per step,
// and says whether a step moved most of the data.
func migrate(b *bolt.DB) (moved bool, err error) {
	return migrateTo(b, SchemaVersion)
}

func migrateTo(b *bolt.DB, target uint32) (moved bool, err error) {
	// Most opens find the schema current: a read transaction says so
	// without the write lock and the fsync of an empty commit.
	current := false
	if err := b.View(func(btx *bolt.Tx) error {
		v, err := schemaOf(btx)
		current = err == nil && v == target && v == SchemaVersion
		return nil
	}); err == nil && current {
		return false, nil
	}
	fresh := false
	for step := 0; ; step++ {
		done := false
		err := b.Update(func(btx *bolt.Tx) error {
			v, err := schemaOf(btx)
			if err != nil {
				return err
			}
			if step == 0 {
				fresh = v == 0
			}
			if v > SchemaVersion {
				return fmt.Errorf("database schema %d is newer than this seats (%d): upgrade seats", v, SchemaVersion)
			}
			if v >= target {
				done = true
				return nil
			}
			if err := migrations[v].up(btx); err != nil {
				return fmt.Errorf("upgrading the database (%s): %w", migrations[v].name, err)
			}
			// A new file has nothing to move.
			moved = moved || migrations[v].moves && !fresh
			ver := make([]byte, 4)
			be.PutUint32(ver, v+1)
			return btx.Bucket(bMeta).Put([]byte("schema"), ver)
		})
		if err != nil || done {
			return moved, err
		}
	}
}

// checkSchema refuses, for a read-only open, a file this build cannot read
// without upgrading it first.
func checkSchema(btx *bolt.Tx) error {
	v, err := schemaOf(btx)
	if err != nil {
		return err
	}
	if v != SchemaVersion {
		return fmt.Errorf("database schema %d, this seats needs %d: open it once for writing to upgrade", v, SchemaVersion)
	}
	return nil
}

// recount counts every product's licenses by status with a full scan of
// the records: the slow, certain answer that the kept counters must always
// equal.
func recount(btx *bolt.Tx) (map[model.ID]model.Counts, error) { return countAll(btx, eachRecord) }

// countAll counts by product and status the licenses that each walks.
func countAll(btx *bolt.Tx, each func(*bolt.Tx, func(model.License, []byte) error) error) (map[model.ID]model.Counts, error) {
	out := map[model.ID]model.Counts{}
	err := each(btx, func(l model.License, _ []byte) error {
		cnt := out[l.ProductID]
		addCount(&cnt, l.Status, 1)
		out[l.ProductID] = cnt
		return nil
	})
	return out, err
}

// eachRecord calls fn with every license record, product by product.
func eachRecord(btx *bolt.Tx, fn func(l model.License, raw []byte) error) error {
	s := openSeatTree(btx)
	if s == nil {
		return nil
	}
	c := s.Cursor()
	prefix := []byte{spProduct}
	for k, v := c.Seek(prefix); k != nil && k[0] == spProduct; k, v = c.Next() {
		if len(k) != recordKeyLen || k[9] != recMark {
			continue
		}
		id := be.Uint64(k[10:])
		l, err := decodeLicense(id, v)
		if err != nil {
			return model.Corruptf("%s: %v", model.LicenseCode(id), err)
		}
		if err := fn(l, v); err != nil {
			return err
		}
	}
	return nil
}

// Recount is the full-scan count of every product's licenses by status
// (what `seats status` would cost without kept counters).
func (db *DB) Recount() (map[model.ID]model.Counts, error) {
	var out map[model.ID]model.Counts
	err := db.with(true, func(b *bolt.DB) error {
		return b.View(func(btx *bolt.Tx) error {
			var err error
			out, err = recount(btx)
			return err
		})
	})
	return out, err
}
