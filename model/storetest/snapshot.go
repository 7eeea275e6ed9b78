package storetest

import (
	"errors"
	"testing"

	"github.com/seats/seats/model"
)

// state is everything a Tx shows: records, every index and counter, the
// log and every history. Two stores with equal states are the same to the
// domain.
type state struct {
	Org         any
	Products    []model.Product
	ProductView map[string]map[string]any
	Licenses    []model.License
	Users       []model.User
	Assets      []model.Asset
	Held        map[string][]model.ID
	ByName      map[string]any
	Allocations []model.Allocation
	Schedule    []model.Scheduled
	LastSeq     uint64
	Events      []model.Event
	About       map[string][2][]uint64
}

func readState(t *testing.T, tx model.Tx) state {
	t.Helper()
	var st state
	if org, err := tx.Org(); errors.Is(err, model.ErrNotFound) {
		st.Org = "not found"
	} else {
		must(t, err, "Org")
		st.Org = org
	}
	st.Products = got(tx.Products())(t)
	st.ProductView = map[string]map[string]any{}
	st.ByName = map[string]any{}
	for _, p := range st.Products {
		st.ProductView[p.Name] = productView(t, tx, p.ID, 0, 0)
		st.ByName["product "+p.Name] = got(tx.ProductByName(p.Name))(t).ID
	}
	st.Licenses = gather(t, "Licenses", func(fn func(model.License) bool) error { return tx.Licenses(0, fn) }, func(l model.License) model.License { return l })
	st.Users = gather(t, "Users", tx.Users, func(u model.User) model.User { return u })
	st.Assets = gather(t, "Assets", tx.Assets, func(a model.Asset) model.Asset { return a })
	st.Held = map[string][]model.ID{}
	for _, u := range st.Users {
		st.Held[u.Email] = heldBy(t, tx, model.AssigneeUser, u.ID)
		st.ByName["user "+u.Email] = got(tx.UserByEmail(u.Email))(t).ID
	}
	for _, a := range st.Assets {
		st.Held[a.Name] = heldBy(t, tx, model.AssigneeAsset, a.ID)
		st.ByName["asset "+a.Name] = got(tx.AssetByName(a.Name))(t).ID
	}
	for _, l := range st.Licenses {
		if l.Status == model.Active {
			st.ByName[l.Code()+" held of"] = heldOf(tx, l.AssigneeKind, l.AssigneeID, l.ProductID)
		}
	}
	st.Allocations = got(tx.Allocations())(t)
	for _, a := range st.Allocations {
		st.ByName["allocation "+a.Name] = got(tx.AllocationByName(a.Name))(t).ID
	}
	st.Schedule = gather(t, "Schedule", tx.Schedule, func(s model.Scheduled) model.Scheduled { return s })
	st.LastSeq = got(tx.LastSeq())(t)
	st.Events = gather(t, "Events", func(fn func(model.Event) bool) error { return tx.Events(0, false, fn) }, func(e model.Event) model.Event { return e })
	refs, _ := refsOf(st.Events)
	st.About = map[string][2][]uint64{}
	for _, r := range refs {
		st.About[refName(r)] = [2][]uint64{
			gather(t, "EventsAbout", func(fn func(model.Event) bool) error { return tx.EventsAbout(r, fn) }, eventSeq),
			gather(t, "EventsAboutNewestFirst", func(fn func(model.Event) bool) error { return tx.EventsAboutNewestFirst(r, fn) }, eventSeq),
		}
	}
	return st
}

// snapshot is the store's state as JSON.
func snapshot(t *testing.T, s model.Store) string {
	t.Helper()
	var st state
	view(t, s, func(tx model.Tx) { st = readState(t, tx) })
	return asJSON(st)
}

// seed fills a store with a little of everything.
func seed(t *testing.T, s model.Store) {
	t.Helper()
	update(t, s, func(tx model.Tx) {
		must(t, tx.PutOrg(model.Org{Name: "Acme", Currency: "EUR", AnchorDay: 1, ExpiryWarningDays: 30, OwnerID: 1}), "PutOrg")
		ann, bob := putUser(t, tx, fullUser("ann@example.com")), putUser(t, tx, fullUser("bob@example.com"))
		laptop := putAsset(t, tx, fullAsset("laptop-1"))
		office := putProduct(t, tx, fullProduct("Office"))
		cad := putProduct(t, tx, model.Product{Name: "CAD", Kind: model.PerDevice})
		putLicense(t, tx, held(office.ID, model.AssigneeUser, ann.ID, at(hour)))
		putLicense(t, tx, held(office.ID, model.AssigneeUser, bob.ID, at(2*hour)))
		putLicense(t, tx, free(office.ID, at(0)))
		putLicense(t, tx, off(office.ID, at(0)))
		putLicense(t, tx, held(cad.ID, model.AssigneeAsset, laptop.ID, at(hour)))
		putLicense(t, tx, free(cad.ID, at(3*hour)))
		putAllocation(t, tx, fullAllocation("Sales", office.ID))
		putScheduled(t, tx, scheduled(3, model.ScheduleReduce))
		appendEvents(t, tx, history()[0]...)
	})
	update(t, s, func(tx model.Tx) { appendEvents(t, tx, history()[1]...) })
}
