package store

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/seats/seats/model"
	bolt "go.etcd.io/bbolt"
)

// Check verifies the file mechanically: bbolt's own page consistency, the
// kept counters against a full recount, every index against the records
// it indexes (both ways, as the stage amends them; staged changes are
// well-formed), one holder per license, and an event log without gaps.
// It returns one line per violation. The domain's invariants are checked
// by model.Service.Check.
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
	// holderHeads is each user's and asset's newest event as its entry
	// and slots keep it (licenses collects it, events checks it).
	holderHeads map[model.Ref]uint64
}

func (c *checker) fail(format string, a ...any) {
	if len(c.bad) < 1000 {
		c.bad = append(c.bad, fmt.Sprintf(format, a...))
	}
}

func checkTx(btx *bolt.Tx) ([]string, error) {
	if _, err := schemaOf(btx); err != nil {
		return nil, err
	}
	c := &checker{btx: btx}
	for _, name := range [][]byte{bMeta, bProducts, bProductName, bSeats, bStage, bCounts,
		bUsers, bUserEmail, bAssets, bAssetName, bAllocations, bAllocName, bSchedule, bEventHead} {
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

// licenses checks the seats bucket: every license record against its
// place, its index entries (both ways), the kept counters and the per-day
// counts against a recount. Heads and events are checked by events.
func (c *checker) licenses() {
	_ = c.btx.Bucket(bStage).ForEach(func(k, v []byte) error {
		if len(v) == 0 || (v[0] != tagPut && v[0] != tagDelete) || (v[0] == tagDelete && len(v) != 1) || len(k) == 0 || k[0] == spEvent {
			c.fail("staged change %x is damaged", k)
		}
		return nil
	})
	seats := openSeatTree(c.btx)
	var runs []placeRun
	index := map[string]bool{} // status entries, until their record claims them
	holders := map[model.Ref]holderEntry{}
	slots := map[string]slotState{}
	days := map[string]uint64{}
	counts := map[model.ID]model.Counts{}
	var records []model.License
	_ = seats.ForEach(func(k, v []byte) error {
		product := len(k) > 10 && k[0] == spProduct
		switch {
		case len(k) == 9 && k[0] == spPlace:
			if len(v) != 16 || be.Uint64(v[8:]) < be.Uint64(k[1:]) {
				c.fail("license place %x: damaged", k)
			} else {
				runs = append(runs, placeRun{be.Uint64(k[1:]), be.Uint64(v[8:]), be.Uint64(v), 0})
			}
		case len(k) == holderKeyLen && k[0] == spHolder:
			h, ok := decodeHolder(v)
			if !ok || !slices.IsSorted(h.products) || len(slices.Compact(slices.Clone(h.products))) != len(h.products) {
				c.fail("holder entry %x is damaged", k)
			}
			holders[model.Ref{Kind: k[1], ID: be.Uint64(k[2:])}] = h
		case product && len(k) == slotKeyLen && k[9] == slotMark:
			if len(v) != 16 {
				c.fail("slot %x is damaged", k)
				return nil
			}
			slots[string(k)] = slotState{license: be.Uint64(v), head: be.Uint64(v[8:])}
		case product && len(k) == statusKeyLen && k[9] == statusMark && k[11] == listMark:
			index[string(k)] = true
		case product && len(k) == dayKeyLen && k[9] == statusMark && k[11] == dayMark:
			if len(v) != 8 || be.Uint64(v) == 0 {
				c.fail("per-day count %x is damaged or zero", k)
			}
			days[string(k)] = be.Uint64(v)
		case product && len(k) == recordKeyLen && k[9] == recMark:
			id := be.Uint64(k[10:])
			l, err := decodeLicense(id, v)
			if err != nil {
				c.fail("%s: %v", model.LicenseCode(id), err)
				return nil
			}
			if l.ProductID != be.Uint64(k[1:]) {
				c.fail("%s is stored under product %d but belongs to %d", l.Code(), be.Uint64(k[1:]), l.ProductID)
			}
			records = append(records, l)
		case len(k) == 9 && k[0] == spEvent:
			// see events
		default:
			c.fail("seats: unknown entry %x", k)
		}
		return nil
	})
	for i := 1; i < len(runs); i++ {
		if runs[i].first <= runs[i-1].last {
			c.fail("license places overlap at %s", model.LicenseCode(runs[i].first))
		}
	}
	seq := seqValue(c.btx.Bucket(bMeta).Get(licenseSeq))
	products := c.btx.Bucket(bProducts)
	recount := map[string]uint64{}
	for _, l := range records {
		if l.ID > seq {
			c.fail("%s is above the license sequence %d", l.Code(), seq)
		}
		i, _ := slices.BinarySearchFunc(runs, l.ID, func(r placeRun, id model.ID) int { return cmp.Compare(r.last, id) })
		if i == len(runs) || runs[i].first > l.ID || runs[i].product != l.ProductID {
			c.fail("%s is not placed under its product %d", l.Code(), l.ProductID)
		} else {
			runs[i].seen++
		}
		if products.Get(u64(l.ProductID)) == nil {
			c.fail("%s belongs to missing product %d", l.Code(), l.ProductID)
		}
		cnt := counts[l.ProductID]
		addCount(&cnt, l.Status, 1)
		counts[l.ProductID] = cnt
		switch {
		case l.Status == model.Active:
			if l.AssigneeID == 0 {
				c.fail("%s is active without an assignee", l.Code())
			}
			sk := string(slotKey(l.ProductID, byte(l.AssigneeKind), l.AssigneeID))
			if sl := slots[sk]; sl.license != l.ID {
				c.fail("%s is held by %c%d, whose slot in product %d names %s", l.Code(), l.AssigneeKind, l.AssigneeID, l.ProductID, model.LicenseCode(sl.license))
			} else {
				sl.claimed = true
				slots[sk] = sl
			}
		case indexed(l.Status):
			if k := string(statusKey(l)); index[k] {
				delete(index, k)
			} else {
				c.fail("%s (%s) is missing from the status index", l.Code(), l.Status)
			}
			recount[string(dayKey(l.ProductID, l.Status, dayOf(l.Since)))]++
		default:
			c.fail("%s has an unknown status %q", l.Code(), rune(l.Status))
		}
	}
	for _, r := range runs {
		if r.seen != r.last-r.first+1 {
			c.fail("license place %s–%s of product %d names %d licenses, %d are stored there",
				model.LicenseCode(r.first), model.LicenseCode(r.last), r.product, r.last-r.first+1, r.seen)
		}
	}
	for k := range index {
		c.fail("index entry %x names %s, which is not stored so", k, model.LicenseCode(be.Uint64([]byte(k)[len(k)-8:])))
	}
	c.slots(holders, slots)
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
	for k, n := range days {
		if want := recount[k]; n != want {
			c.fail("per-day count %x is %d, recount %d", k, n, want)
		}
		delete(recount, k)
	}
	for k, n := range recount {
		c.fail("per-day count %x is missing (recount %d)", k, n)
	}
}

// slotState is a holder's slot as the check finds it.
type slotState struct {
	license model.ID
	head    uint64
	claimed bool // its license is stored active and held so
}

// slots checks the holders' slots against their entries, both ways, and
// keeps each holder's newest event (the newest of its heads) for events.
func (c *checker) slots(holders map[model.Ref]holderEntry, slots map[string]slotState) {
	c.holderHeads = map[model.Ref]uint64{}
	products := c.btx.Bucket(bProducts)
	for k, sl := range slots {
		b := []byte(k)
		product, r := be.Uint64(b[1:]), model.Ref{Kind: b[10], ID: be.Uint64(b[11:])}
		if r.Kind != model.RefUser && r.Kind != model.RefAsset {
			c.fail("slot %x is of no user or asset", b)
			continue
		}
		if sl.license != 0 && !sl.claimed {
			c.fail("the slot of %c%d in product %d names %s, which is not held so", r.Kind, r.ID, product, model.LicenseCode(sl.license))
		}
		if products.Get(u64(product)) == nil {
			c.fail("the slot of %c%d is in missing product %d", r.Kind, r.ID, product)
		}
		if _, listed := slices.BinarySearch(holders[r].products, product); !listed {
			c.fail("the entry of %c%d does not list its slot in product %d", r.Kind, r.ID, product)
		}
		c.holderHeads[r] = max(c.holderHeads[r], sl.head)
	}
	for r, h := range holders {
		for _, p := range h.products {
			if _, ok := slots[string(slotKey(p, r.Kind, r.ID))]; !ok {
				c.fail("the entry of %c%d lists product %d, where it has no slot", r.Kind, r.ID, p)
			}
		}
		c.holderHeads[r] = max(c.holderHeads[r], h.head)
	}
}

// placeRun is one 'L' entry: licenses first..last live in product's space.
type placeRun struct {
	first, last, product model.ID
	seen                 uint64
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
	seats := openSeatTree(c.btx)
	newest := map[model.Ref]uint64{}
	want := uint64(1)
	ec := seats.Cursor()
	for k, v := ec.Seek([]byte{spEvent}); k != nil && k[0] == spEvent; k, v = ec.Next() {
		if len(k) != 9 {
			c.fail("event log: damaged key %x", k)
			continue
		}
		k := k[1:]
		seq := be.Uint64(k)
		if seq != want {
			c.fail("event log gap: expected event %d, found %d", want, seq)
		}
		want = seq + 1
		e, err := decodeEvent(k, v)
		if err != nil {
			c.fail("%v", err)
			continue
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
	}
	if last := seats.Sequence(); last != want-1 {
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
	_ = eachRecord(c.btx, func(l model.License, raw []byte) error {
		if h := licenseHead(raw); h != 0 {
			keep(model.Ref{Kind: model.RefLicense, ID: l.ID}, h, "its record")
		}
		return nil
	})
	for r, head := range c.holderHeads {
		if head != 0 {
			keep(r, head, "its entry and slots")
		}
	}
	_ = c.btx.Bucket(bEventHead).ForEach(func(k, v []byte) error {
		if len(k) != 9 || len(v) != 8 {
			c.fail("event_head: damaged entry %x", k)
			return nil
		}
		r := model.Ref{Kind: k[0], ID: be.Uint64(k[1:])}
		_, placed := (&tx{b: c.btx}).place(r.ID)
		if r.Kind == model.RefLicense && placed ||
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
