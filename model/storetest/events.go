package storetest

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// appendEvents appends evs as the domain does: Seq the next one, Hash
// chained to the event before.
func appendEvents(t *testing.T, tx model.Tx, evs ...model.Event) []model.Event {
	t.Helper()
	var out []model.Event
	for _, e := range evs {
		last := got(tx.LastSeq())(t)
		prev := model.GenesisHash
		if last > 0 {
			prev = got(tx.Event(last))(t).Hash
		}
		e.Seq = last + 1
		e.Hash = model.EventHash(prev, e)
		want := e
		must(t, tx.AppendEvent(&e), "AppendEvent "+e.Kind)
		same(t, "the event AppendEvent was given, after it", e, want)
		out = append(out, e)
	}
	return out
}

// fullEvent sets every field, with a time that has nanoseconds.
func fullEvent() model.Event {
	return model.Event{Time: at(5*hour + 7), Actor: "ann@example.com", Kind: model.EvLicensesAdded,
		ProductID: 21, Product: "Office", LicenseID: 22, UserID: 23, User: "bob@example.com", AssetID: 24, Asset: "laptop-1",
		AllocationID: 25, From: "from \"quoted\"", To: "to ünïcode", CountFrom: -3, CountTo: math.MaxInt32, FirstLicense: 26,
		LastLicense: 27, Amount: -12_34, Note: "note\nwith a line break"}
}

// history is a log naming every kind of Ref, some several times, some
// sharing an ID with a thing of another kind.
func history() [][]model.Event {
	ev := func(kind string, d time.Duration, f func(*model.Event)) model.Event {
		e := model.Event{Time: at(d), Actor: "owner@example.com", Kind: kind}
		f(&e)
		return e
	}
	return [][]model.Event{{
		ev(model.EvProductCreated, 1, func(e *model.Event) { e.ProductID, e.Product = 1, "Office" }),
		ev(model.EvLicensesAdded, 2, func(e *model.Event) { e.ProductID, e.FirstLicense, e.LastLicense, e.CountTo = 1, 1, 3, 3 }),
		ev(model.EvUserInvited, 3, func(e *model.Event) { e.UserID, e.User = 7, "ann@example.com" }),
	}, {
		ev(model.EvLicenseAssigned, hour, func(e *model.Event) { e.ProductID, e.LicenseID, e.UserID = 1, 2, 7 }),
		ev(model.EvAssetCreated, hour+1, func(e *model.Event) { e.AssetID, e.UserID = 7, 7 }),
		ev(model.EvLicenseAssigned, hour+2, func(e *model.Event) { e.ProductID, e.LicenseID, e.AssetID = 1, 3, 7 }),
		ev(model.EvOrgUpdated, hour+3, func(e *model.Event) { e.From, e.To = "a", "b" }),
	}, {
		ev(model.EvAllocationCreated, day, func(e *model.Event) { e.AllocationID, e.ProductID = 2, 1 }),
		ev(model.EvLicenseUnassigned, day+1, func(e *model.Event) { e.ProductID, e.LicenseID, e.UserID = 1, 2, 7 }),
		ev(model.EvLicenseAssigned, day+2, func(e *model.Event) { e.ProductID, e.LicenseID, e.UserID = 1, 2, 2 }),
		fullEvent(),
		ev(model.EvAllocationDeleted, day+3, func(e *model.Event) { e.AllocationID, e.ProductID = 2, 1 }),
	}}
}

// logged appends history() in three transactions and returns the events.
func logged(t *testing.T, s model.Store) []model.Event {
	t.Helper()
	var all []model.Event
	for _, batch := range history() {
		update(t, s, func(tx model.Tx) { all = append(all, appendEvents(t, tx, batch...)...) })
	}
	return all
}

// refsOf lists every Ref the events name, with the events naming each,
// oldest first, by Event.Refs, plus Refs no event names.
func refsOf(evs []model.Event) ([]model.Ref, map[model.Ref][]uint64) {
	var refs []model.Ref
	about := map[model.Ref][]uint64{}
	for _, e := range evs {
		for _, r := range e.Refs() {
			if _, ok := about[r]; !ok {
				refs = append(refs, r)
			}
			about[r] = append(about[r], e.Seq)
		}
	}
	for _, k := range []byte{model.RefProduct, model.RefLicense, model.RefUser, model.RefAsset, model.RefAllocation} {
		for _, id := range []model.ID{99, 7, 2, 1} {
			r := model.Ref{Kind: k, ID: id}
			if _, ok := about[r]; !ok {
				refs = append(refs, r)
				about[r] = []uint64{}
			}
		}
	}
	return refs, about
}

func refName(r model.Ref) string { return fmt.Sprintf("%c%d", r.Kind, r.ID) }

func seqs(t *testing.T, tx model.Tx, from uint64, reverse bool) []uint64 {
	t.Helper()
	return gather(t, "Events", func(fn func(model.Event) bool) error { return tx.Events(from, reverse, fn) }, eventSeq)
}

func reversed[T any](s []T) []T {
	out := make([]T, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

func upTo(n uint64) []uint64 {
	out := []uint64{}
	for i := uint64(1); i <= n; i++ {
		out = append(out, i)
	}
	return out
}

func events(t *testing.T, open opener) {
	check(t, open, "LastSeq is 0 and Event is ErrNotFound on an empty log", func(t *testing.T, s model.Store) {
		view(t, s, func(tx model.Tx) {
			same(t, "LastSeq", got(tx.LastSeq())(t), uint64(0))
			for _, seq := range []uint64{0, 1} {
				_, err := tx.Event(seq)
				notFound(t, fmt.Sprintf("Event(%d)", seq), err)
			}
			same(t, "Events forward", seqs(t, tx, 0, false), []uint64{})
			same(t, "Events reverse", seqs(t, tx, 0, true), []uint64{})
		})
	})

	check(t, open, "AppendEvent stores the event exactly", func(t *testing.T, s model.Store) {
		all := logged(t, s)
		view(t, s, func(tx model.Tx) {
			same(t, "LastSeq", got(tx.LastSeq())(t), uint64(len(all)))
			listed := gather(t, "Events", func(fn func(model.Event) bool) error { return tx.Events(0, false, fn) }, func(e model.Event) model.Event { return e })
			same(t, "Events", listed, all)
			prev := model.GenesisHash
			for _, e := range all {
				g := got(tx.Event(e.Seq))(t)
				same(t, fmt.Sprintf("Event(%d)", e.Seq), g, e)
				if !g.Time.Equal(e.Time) || g.Time.Location() != time.UTC {
					t.Errorf("Event(%d).Time = %s, want %s in UTC", e.Seq, g.Time.Format(time.RFC3339Nano), e.Time.Format(time.RFC3339Nano))
				}
				if h := model.EventHash(prev, g); h != g.Hash {
					t.Errorf("Event(%d) as stored hashes to %s, not its Hash %s", e.Seq, h, g.Hash)
				}
				prev = g.Hash
			}
			refs, _ := refsOf(all)
			for _, r := range refs {
				bySeq := map[uint64]model.Event{}
				for _, e := range all {
					bySeq[e.Seq] = e
				}
				for _, newest := range []bool{false, true} {
					iterate := tx.EventsAbout
					if newest {
						iterate = tx.EventsAboutNewestFirst
					}
					must(t, iterate(r, func(e model.Event) bool {
						same(t, fmt.Sprintf("event %d about %s", e.Seq, refName(r)), e, bySeq[e.Seq])
						return true
					}), "EventsAbout")
				}
			}
		})
	})

	check(t, open, "AppendEvent refuses a Seq that is not LastSeq()+1", func(t *testing.T, s model.Store) {
		all := logged(t, s)
		last := uint64(len(all))
		before := snapshot(t, s)
		for _, seq := range []uint64{0, 1, last - 1, last, last + 2, math.MaxUint64} {
			e := fullEvent()
			e.Seq = seq
			e.Hash = model.EventHash(all[len(all)-1].Hash, e)
			var err error
			update(t, s, func(tx model.Tx) { err = tx.AppendEvent(&e) })
			if err == nil {
				t.Errorf("AppendEvent with Seq %d after %d was accepted", seq, last)
			}
		}
		same(t, "the store after the refused appends", snapshot(t, s), before)
		update(t, s, func(tx model.Tx) { appendEvents(t, tx, fullEvent()) })
		view(t, s, func(tx model.Tx) { same(t, "LastSeq after a good append", got(tx.LastSeq())(t), last+1) })
	})

	check(t, open, "Events iterates from seq upwards", func(t *testing.T, s model.Store) {
		n := uint64(len(logged(t, s)))
		view(t, s, func(tx model.Tx) {
			for _, c := range []struct {
				from uint64
				want []uint64
			}{{0, upTo(n)}, {1, upTo(n)}, {4, upTo(n)[3:]}, {n, []uint64{n}}, {n + 1, []uint64{}}, {math.MaxUint64, []uint64{}}} {
				same(t, fmt.Sprintf("Events(%d, forward)", c.from), seqs(t, tx, c.from, false), c.want)
			}
		})
	})

	check(t, open, "Events in reverse iterates from seq downwards, 0 meaning the newest", func(t *testing.T, s model.Store) {
		n := uint64(len(logged(t, s)))
		view(t, s, func(tx model.Tx) {
			for _, c := range []struct {
				from uint64
				want []uint64
			}{{0, reversed(upTo(n))}, {n, reversed(upTo(n))}, {n + 1, reversed(upTo(n))}, {math.MaxUint64, reversed(upTo(n))},
				{4, []uint64{4, 3, 2, 1}}, {1, []uint64{1}}} {
				same(t, fmt.Sprintf("Events(%d, reverse)", c.from), seqs(t, tx, c.from, true), c.want)
			}
		})
	})

	check(t, open, "Events stops when the callback returns false", func(t *testing.T, s model.Store) {
		logged(t, s)
		view(t, s, func(tx model.Tx) {
			for _, reverse := range []bool{false, true} {
				stops(t, fmt.Sprintf("Events(reverse %v)", reverse), func(fn func(model.Event) bool) error { return tx.Events(0, reverse, fn) })
			}
		})
	})

	check(t, open, "EventsAbout lists the events naming each Ref, oldest first", func(t *testing.T, s model.Store) {
		refs, about := refsOf(logged(t, s))
		view(t, s, func(tx model.Tx) {
			for _, r := range refs {
				got := gather(t, "EventsAbout", func(fn func(model.Event) bool) error { return tx.EventsAbout(r, fn) }, eventSeq)
				same(t, "EventsAbout "+refName(r), got, about[r])
			}
		})
	})

	check(t, open, "EventsAboutNewestFirst lists the events naming each Ref, newest first", func(t *testing.T, s model.Store) {
		refs, about := refsOf(logged(t, s))
		view(t, s, func(tx model.Tx) {
			for _, r := range refs {
				got := gather(t, "EventsAboutNewestFirst", func(fn func(model.Event) bool) error { return tx.EventsAboutNewestFirst(r, fn) }, eventSeq)
				same(t, "EventsAboutNewestFirst "+refName(r), got, reversed(about[r]))
			}
		})
	})

	check(t, open, "EventsAbout and EventsAboutNewestFirst stop when the callback returns false", func(t *testing.T, s model.Store) {
		refs, about := refsOf(logged(t, s))
		view(t, s, func(tx model.Tx) {
			for _, r := range refs {
				if len(about[r]) < 3 {
					continue
				}
				stops(t, "EventsAbout "+refName(r), func(fn func(model.Event) bool) error { return tx.EventsAbout(r, fn) })
				stops(t, "EventsAboutNewestFirst "+refName(r), func(fn func(model.Event) bool) error { return tx.EventsAboutNewestFirst(r, fn) })
			}
		})
	})

	check(t, open, "DeleteProduct keeps the events about it and its licenses", func(t *testing.T, s model.Store) {
		var p model.Product
		var l model.License
		var evs []model.Event
		update(t, s, func(tx model.Tx) {
			p = putProduct(t, tx, model.Product{Name: "Office"})
			l = putLicense(t, tx, held(p.ID, model.AssigneeUser, 3, t0))
			evs = appendEvents(t, tx,
				model.Event{Time: t0, Kind: model.EvProductCreated, ProductID: p.ID, Product: p.Name},
				model.Event{Time: t0, Kind: model.EvLicenseAssigned, ProductID: p.ID, LicenseID: l.ID, UserID: 3})
		})
		var before map[string]any
		read := func(tx model.Tx) map[string]any {
			v := map[string]any{}
			for _, r := range []model.Ref{{Kind: model.RefProduct, ID: p.ID}, {Kind: model.RefLicense, ID: l.ID}, {Kind: model.RefUser, ID: 3}} {
				v[refName(r)] = gather(t, "EventsAbout", func(fn func(model.Event) bool) error { return tx.EventsAbout(r, fn) }, eventSeq)
				v[refName(r)+" newest first"] = gather(t, "EventsAboutNewestFirst", func(fn func(model.Event) bool) error { return tx.EventsAboutNewestFirst(r, fn) }, eventSeq)
			}
			v["events"] = gather(t, "Events", func(fn func(model.Event) bool) error { return tx.Events(0, false, fn) }, func(e model.Event) model.Event { return e })
			return v
		}
		view(t, s, func(tx model.Tx) { before = read(tx) })
		same(t, "the events before the delete", before["events"], evs)
		update(t, s, func(tx model.Tx) {
			must(t, tx.DeleteProduct(p.ID), "DeleteProduct")
			appendEvents(t, tx, model.Event{Time: t0, Kind: model.EvProductDeleted, ProductID: p.ID, Product: p.Name})
		})
		view(t, s, func(tx model.Tx) {
			after := read(tx)
			before["p1"] = append(before["p1"].([]uint64), 3)
			before["p1 newest first"] = append([]uint64{3}, before["p1 newest first"].([]uint64)...)
			before["events"] = append(before["events"].([]model.Event), got(tx.Event(3))(t))
			same(t, "the history after DeleteProduct", after, before)
		})
	})
}
