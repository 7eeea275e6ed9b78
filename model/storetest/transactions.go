package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

var errRefused = errors.New("storetest: fn refused")

// everything writes one of each record, every index and a counter of
// each kind, and returns the IDs and seqs the store handed out.
func everything(t *testing.T, tx model.Tx) []uint64 {
	t.Helper()
	must(t, tx.PutOrg(model.Org{Name: "New", Currency: "USD", AnchorDay: 2, ExpiryWarningDays: 9}), "PutOrg")
	p := putProduct(t, tx, fullProduct("New product"))
	u := putUser(t, tx, fullUser("new@example.com"))
	a := putAsset(t, tx, fullAsset("new-asset"))
	l1 := putLicense(t, tx, held(p.ID, model.AssigneeUser, u.ID, at(day)))
	l2 := putLicense(t, tx, free(p.ID, at(day)))
	l3 := putLicense(t, tx, off(p.ID, at(day)))
	g := putAllocation(t, tx, fullAllocation("New allocation", p.ID))
	sc := putScheduled(t, tx, scheduled(5, model.ScheduleTerminate))
	evs := appendEvents(t, tx, model.Event{Time: at(day), Kind: model.EvLicenseAssigned, ProductID: p.ID, LicenseID: l1.ID, UserID: u.ID, AssetID: a.ID, AllocationID: g.ID},
		model.Event{Time: at(day), Kind: model.EvProductCreated, ProductID: p.ID})
	return []uint64{p.ID, u.ID, a.ID, l1.ID, l2.ID, l3.ID, g.ID, sc.ID, evs[0].Seq, evs[1].Seq}
}

// changeEverything changes, deletes or adds to every record family of a
// seeded store.
func changeEverything(t *testing.T, tx model.Tx) {
	t.Helper()
	must(t, tx.PutOrg(model.Org{Name: "Changed"}), "PutOrg")
	office := got(tx.ProductByName("Office"))(t)
	office.Name = "Renamed"
	putProduct(t, tx, office)
	must(t, tx.Licenses(0, func(l model.License) bool {
		if l.ProductID == office.ID {
			switch l.Status {
			case model.Active:
				l = release(l, at(9*day))
			case model.Available:
				l = assign(l, model.AssigneeUser, 99, at(9*day))
			default:
				l = release(l, at(9*day))
			}
			if err := tx.PutLicense(&l); err != nil {
				t.Errorf("PutLicense: %v", err)
			}
		}
		return true
	}), "Licenses")
	must(t, tx.DeleteProduct(got(tx.ProductByName("CAD"))(t).ID), "DeleteProduct")
	ann := got(tx.UserByEmail("ann@example.com"))(t)
	ann.Email, ann.State = "ann.changed@example.com", model.StateTerminated
	putUser(t, tx, ann)
	laptop := got(tx.AssetByName("laptop-1"))(t)
	laptop.Name = "laptop-renamed"
	putAsset(t, tx, laptop)
	must(t, tx.DeleteAllocation(got(tx.AllocationByName("Sales"))(t).ID), "DeleteAllocation")
	must(t, tx.Schedule(func(sc model.Scheduled) bool {
		if err := tx.DeleteScheduled(sc.ID); err != nil {
			t.Errorf("DeleteScheduled: %v", err)
		}
		return false
	}), "Schedule")
	everything(t, tx)
}

func transactions(t *testing.T, open opener) {
	check(t, open, "A failed Update returns fn's error and leaves nothing behind", func(t *testing.T, s model.Store) {
		empty := snapshot(t, s)
		err := s.Update(func(tx model.Tx) error {
			everything(t, tx)
			return fmt.Errorf("wrapped: %w", errRefused)
		})
		if !errors.Is(err, errRefused) {
			t.Errorf("Update returned %v, want fn's error", err)
		}
		same(t, "the store after a failed Update", snapshot(t, s), empty)
	})

	check(t, open, "A failed Update's IDs and Seqs are handed out again", func(t *testing.T, s model.Store) {
		var failed, committed []uint64
		_ = s.Update(func(tx model.Tx) error { failed = everything(t, tx); return errRefused })
		update(t, s, func(tx model.Tx) { committed = everything(t, tx) })
		// Retrying a transaction must give the same IDs, or its events
		// and the licenses they name would differ from a first try.
		same(t, "IDs and Seqs (product, user, asset, 3 licenses, allocation, scheduled, 2 events)", committed, failed)
	})

	check(t, open, "A failed Update undoes every change to existing records", func(t *testing.T, s model.Store) {
		seed(t, s)
		before := snapshot(t, s)
		err := s.Update(func(tx model.Tx) error { changeEverything(t, tx); return errRefused })
		if !errors.Is(err, errRefused) {
			t.Errorf("Update returned %v, want fn's error", err)
		}
		same(t, "the store after a failed Update", snapshot(t, s), before)
	})

	check(t, open, "Writes in one Update are visible to later reads in it", func(t *testing.T, s model.Store) {
		seed(t, s)
		var inside state
		update(t, s, func(tx model.Tx) {
			ann := got(tx.UserByEmail("ann@example.com"))(t)
			anns := heldBy(t, tx, model.AssigneeUser, ann.ID)
			p := putProduct(t, tx, model.Product{Name: "Fresh"})
			same(t, "ProductByName right after PutProduct", got(tx.ProductByName("fresh"))(t).ID, p.ID)
			l := putLicense(t, tx, free(p.ID, t0))
			same(t, "Counts right after PutLicense", got(tx.Counts(p.ID))(t), model.Counts{Available: 1})
			putLicense(t, tx, assign(l, model.AssigneeUser, ann.ID, at(hour)))
			same(t, "HeldOf right after an assign", heldOf(tx, model.AssigneeUser, ann.ID, p.ID), l.Code())
			same(t, "HeldBy right after an assign", heldBy(t, tx, model.AssigneeUser, ann.ID), append(anns, l.ID))
			p.Name = "Fresher"
			putProduct(t, tx, p)
			_, err := tx.ProductByName("Fresh")
			notFound(t, "ProductByName of a name changed in this Update", err)
			must(t, tx.DeleteProduct(p.ID), "DeleteProduct")
			_, err = tx.License(l.ID)
			notFound(t, "License of a product deleted in this Update", err)
			same(t, "HeldBy after a delete in this Update", heldBy(t, tx, model.AssigneeUser, ann.ID), anns)
			changeEverything(t, tx)
			inside = readState(t, tx)
		})
		var after state
		view(t, s, func(tx model.Tx) { after = readState(t, tx) })
		same(t, "the state read at the end of the Update and after it", inside, after)
		same(t, "the product renamed in the Update", inside.ByName["product Renamed"], after.ByName["product Renamed"])
		if inside.ByName["product Renamed"] == nil {
			t.Errorf("the Update's reads did not see its own rename")
		}
	})

	writes := []struct {
		name  string
		write func(tx model.Tx) error
	}{
		{"PutOrg", func(tx model.Tx) error { return tx.PutOrg(model.Org{Name: "x"}) }},
		{"PutProduct of a new product", func(tx model.Tx) error { return tx.PutProduct(&model.Product{Name: "x"}) }},
		{"PutProduct of a stored product", func(tx model.Tx) error {
			p, _ := tx.ProductByName("Office")
			p.Name = "x"
			return tx.PutProduct(&p)
		}},
		{"DeleteProduct", func(tx model.Tx) error { p, _ := tx.ProductByName("Office"); return tx.DeleteProduct(p.ID) }},
		{"PutLicense of a new license", func(tx model.Tx) error {
			p, _ := tx.ProductByName("Office")
			l := free(p.ID, t0)
			return tx.PutLicense(&l)
		}},
		{"PutLicense of a stored license", func(tx model.Tx) error {
			var l model.License
			_ = tx.Licenses(0, func(x model.License) bool { l = x; return false })
			l = release(l, at(day))
			return tx.PutLicense(&l)
		}},
		{"PutUser", func(tx model.Tx) error { u := fullUser("x@example.com"); return tx.PutUser(&u) }},
		{"PutAsset", func(tx model.Tx) error { a := fullAsset("x"); return tx.PutAsset(&a) }},
		{"PutAllocation", func(tx model.Tx) error { a := fullAllocation("x", 1); return tx.PutAllocation(&a) }},
		{"DeleteAllocation", func(tx model.Tx) error { a, _ := tx.AllocationByName("Sales"); return tx.DeleteAllocation(a.ID) }},
		{"PutScheduled", func(tx model.Tx) error { sc := scheduled(1, model.ScheduleReduce); return tx.PutScheduled(&sc) }},
		{"DeleteScheduled", func(tx model.Tx) error {
			var id model.ID
			_ = tx.Schedule(func(sc model.Scheduled) bool { id = sc.ID; return false })
			return tx.DeleteScheduled(id)
		}},
		{"AppendEvent", func(tx model.Tx) error {
			last, _ := tx.LastSeq()
			prev, _ := tx.Event(last)
			e := fullEvent()
			e.Seq = last + 1
			e.Hash = model.EventHash(prev.Hash, e)
			return tx.AppendEvent(&e)
		}},
	}
	for _, w := range writes {
		check(t, open, "View refuses "+w.name+" and changes nothing", func(t *testing.T, s model.Store) {
			seed(t, s)
			before := snapshot(t, s)
			var err error
			_ = s.View(func(tx model.Tx) error { err = w.write(tx); return nil })
			if err == nil {
				t.Errorf("%s inside View returned no error", w.name)
			}
			same(t, "the store", snapshot(t, s), before)
		})
	}

	check(t, open, "Large Updates commit every write", func(t *testing.T, s model.Store) {
		// Sized for a 2-core machine under -race: a few seconds at most.
		// Shaped like the domain's bulk work: a pool grown by n seats
		// (one Since per minute, in ID order), then half of them assigned.
		n := 50_000
		if testing.Short() {
			n = 5_000
		}
		since := func(i int) time.Time { return at(time.Duration(i/1000) * time.Minute) }
		var p, q model.Product
		var ids []model.ID
		start := time.Now()
		update(t, s, func(tx model.Tx) {
			p, q = putProduct(t, tx, model.Product{Name: "Big"}), putProduct(t, tx, model.Product{Name: "Small"})
			putLicense(t, tx, free(q.ID, t0))
			ids = make([]model.ID, n)
			for i := range n {
				l := free(p.ID, since(i))
				must(t, tx.PutLicense(&l), "PutLicense")
				ids[i] = l.ID
			}
			for range n / 100 {
				appendEvents(t, tx, model.Event{Time: t0, Kind: model.EvLicensesAdded, ProductID: p.ID})
			}
			same(t, "Counts inside the first Update", got(tx.Counts(p.ID))(t), model.Counts{Available: n})
		})
		update(t, s, func(tx model.Tx) {
			for i := 1; i < n; i += 2 {
				l := got(tx.License(ids[i]))(t)
				l = assign(l, model.AssigneeUser, model.ID(i), since(i).Add(day))
				must(t, tx.PutLicense(&l), "PutLicense")
			}
			same(t, "Counts inside the second Update", got(tx.Counts(p.ID))(t), model.Counts{Available: n / 2, Active: n / 2})
		})
		t.Logf("%d licenses and %d events in one Update, half of them assigned in another: %s", n, n/100, time.Since(start).Round(time.Millisecond))
		view(t, s, func(tx model.Tx) {
			same(t, "Counts", got(tx.Counts(p.ID))(t), model.Counts{Available: n / 2, Active: n / 2})
			same(t, "Counts of the other product", got(tx.Counts(q.ID))(t), model.Counts{Available: 1})
			if !increasing(ids...) {
				t.Errorf("the IDs of one Update's licenses are not increasing")
			}
			for _, st := range []model.Status{model.Available, model.Active} {
				same(t, "CountByStatus "+st.String(), got(tx.CountByStatus(p.ID, st, zero, zero))(t), n/2)
			}
			// Assigned a day later, the active ones left the first 100 minutes.
			first100 := map[model.Status]int{model.Available: min(n, 100*1000) / 2, model.Active: 0}
			for st, want := range first100 {
				same(t, "CountByStatus "+st.String()+" in the first 100 minutes", got(tx.CountByStatus(p.ID, st, t0, at(100*time.Minute)))(t), want)
			}
			count, prev, ordered := 0, model.ID(0), true
			must(t, tx.Licenses(0, func(l model.License) bool {
				count++
				ordered = ordered && l.ID > prev
				prev = l.ID
				return true
			}), "Licenses")
			same(t, "licenses listed", count, n+1)
			if !ordered {
				t.Errorf("Licenses is not in ID order")
			}
			for _, st := range []model.Status{model.Available, model.Active} {
				listed, prevSince, sorted := 0, time.Time{}, true
				must(t, tx.LicensesByStatus(p.ID, st, zero, func(l model.License) bool {
					listed++
					sorted = sorted && !l.Since.Before(prevSince)
					prevSince = l.Since
					return true
				}), "LicensesByStatus")
				same(t, st.String()+" licenses listed", listed, n/2)
				if !sorted {
					t.Errorf("LicensesByStatus %s is not in Since order", st)
				}
			}
			same(t, "LastSeq", got(tx.LastSeq())(t), uint64(n/100))
			same(t, "HeldOf a holder from the middle", heldOf(tx, model.AssigneeUser, model.ID(n/2+1), p.ID), model.LicenseCode(ids[n/2+1]))
		})
	})
}
