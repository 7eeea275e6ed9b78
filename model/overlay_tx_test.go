package model_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
)

// The overlay against the real thing, at the level of model.Tx: the same
// random writes go to a bbolt write transaction on one file and to an
// overlay over a read-only transaction on an identical copy, and every
// read method, in every order and with early stops, must then answer the
// same on both.

// otTimes are the few instants licenses and schedule entries get, so that
// ties (same Since, same At) are common and ordering by ID is exercised.
var otTimes = []time.Time{
	time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC),
	time.Date(2026, 1, 5, 9, 0, 0, 1, time.UTC),
	time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2026, 2, 17, 13, 30, 0, 0, time.UTC),
	time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
}

const otSteps = 120 // writes per round

// otBase fills a new store with records of every family, all through the
// Tx and none deleted, so the store's ID counters equal the highest IDs.
func otBase(t *testing.T, path string) {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rng := rand.New(rand.NewPCG(7, 7))
	err = db.Update(func(tx model.Tx) error {
		if err := tx.PutOrg(model.Org{Name: "Base", Currency: "EUR", AnchorDay: 1}); err != nil {
			return err
		}
		kinds := []model.AssignKind{model.PerUser, model.PerDevice, model.PerUser, model.PerUser}
		for i, name := range []string{"Office", "Antivirus", "CAD Suite", "zoom"} {
			if err := tx.PutProduct(&model.Product{Name: name, Kind: kinds[i], Contracted: 10, Created: otTimes[0]}); err != nil {
				return err
			}
		}
		for i := 0; i < 20; i++ {
			u := model.User{Email: fmt.Sprintf("user%d@example.com", i), First: "U", Last: fmt.Sprint(i), Role: model.RoleMember,
				Kind: model.KindEmployee, State: []model.UserState{model.StateInvited, model.StateEnabled, model.StateDisabled}[i%3]}
			if err := tx.PutUser(&u); err != nil {
				return err
			}
		}
		for i := 0; i < 8; i++ {
			if err := tx.PutAsset(&model.Asset{Name: fmt.Sprintf("Laptop-%d", i)}); err != nil {
				return err
			}
		}
		for i := 0; i < 60; i++ {
			if err := otNewLicense(tx, rng); err != nil {
				return err
			}
		}
		for i := 0; i < 40; i++ {
			if err := otAssign(tx, rng); err != nil {
				return err
			}
		}
		for i := 0; i < 3; i++ {
			if err := tx.PutAllocation(&model.Allocation{Name: fmt.Sprintf("Team %d", i), ProductID: model.ID(1 + i%2), Quantity: 2,
				UserIDs: []model.ID{model.ID(i + 1)}, MemberIDs: []model.ID{model.ID(i + 1)}}); err != nil {
				return err
			}
		}
		for i := 0; i < 5; i++ {
			if err := tx.PutScheduled(&model.Scheduled{At: otTimes[rng.IntN(len(otTimes))], Kind: model.ScheduleReduce, ProductID: model.ID(1 + i%4), Count: 1}); err != nil {
				return err
			}
		}
		for i := 0; i < 30; i++ {
			if err := otEvent(tx, rng); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func otPick[T any](rng *rand.Rand, xs []T) (T, bool) {
	var zero T
	if len(xs) == 0 {
		return zero, false
	}
	return xs[rng.IntN(len(xs))], true
}

func otNewLicense(tx model.Tx, rng *rand.Rand) error {
	ps, err := tx.Products()
	if err != nil {
		return err
	}
	p, ok := otPick(rng, ps)
	if !ok {
		return nil
	}
	at := otTimes[rng.IntN(len(otTimes))]
	return tx.PutLicense(&model.License{ProductID: p.ID, Status: model.Available, Created: at, Since: at})
}

// otAssign gives a random license a new status, and a holder of the right
// kind that holds none of its product when it becomes active.
func otAssign(tx model.Tx, rng *rand.Rand) error {
	l, err := tx.License(model.ID(1 + rng.IntN(80)))
	if errors.Is(err, model.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	p, err := tx.Product(l.ProductID)
	if err != nil {
		return err
	}
	if l.Status == model.Active {
		l.AssigneeKind, l.AssigneeID = model.NoAssignee, 0
	}
	l.Status = []model.Status{model.Available, model.Active, model.Deactivated}[rng.IntN(3)]
	l.Since = otTimes[rng.IntN(len(otTimes))]
	if l.Status == model.Active {
		kind, n := model.AssigneeUser, 24
		if p.Kind == model.PerDevice {
			kind, n = model.AssigneeAsset, 10
		}
		id := model.ID(1 + rng.IntN(n))
		if _, err := tx.HeldOf(kind, id, p.ID); !errors.Is(err, model.ErrNotFound) {
			return err // held already (nil: skip) or damage
		}
		l.AssigneeKind, l.AssigneeID, l.AssignedAt = kind, id, l.Since
	}
	return tx.PutLicense(&l)
}

func otEvent(tx model.Tx, rng *rand.Rand) error {
	last, err := tx.LastSeq()
	if err != nil {
		return err
	}
	e := model.Event{Seq: last + 1, Time: otTimes[rng.IntN(len(otTimes))], Kind: "test", Actor: "t"}
	switch rng.IntN(4) {
	case 0:
		e.ProductID = model.ID(1 + rng.IntN(6))
	case 1:
		e.ProductID, e.LicenseID = model.ID(1+rng.IntN(6)), model.ID(1+rng.IntN(80))
	case 2:
		e.UserID = model.ID(1 + rng.IntN(24))
	default:
		e.AssetID, e.AllocationID = model.ID(1+rng.IntN(10)), model.ID(1+rng.IntN(5))
	}
	e.Hash = model.EventHash(model.GenesisHash, e)
	return tx.AppendEvent(&e)
}

// otWrite makes one random write, deciding from what tx reads.
func otWrite(tx model.Tx, rng *rand.Rand, step int) error {
	switch rng.IntN(16) {
	case 0, 1, 2:
		return otAssign(tx, rng)
	case 3:
		return otNewLicense(tx, rng)
	case 4:
		ps, err := tx.Products()
		if p, ok := otPick(rng, ps); err == nil && ok {
			if rng.IntN(2) == 0 {
				p.Name = fmt.Sprintf("Renamed-%d", step)
			} else {
				p.Name = strings.ToUpper(p.Name)
			}
			p.Contracted++
			return tx.PutProduct(&p)
		}
		return err
	case 5:
		if rng.IntN(3) == 0 {
			ps, err := tx.Products()
			if p, ok := otPick(rng, ps); err == nil && ok {
				return tx.DeleteProduct(p.ID)
			}
			return err
		}
		return tx.PutProduct(&model.Product{Name: fmt.Sprintf("New-%d", step), Kind: model.PerUser})
	case 6:
		u, err := tx.User(model.ID(1 + rng.IntN(24)))
		if errors.Is(err, model.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		u.State = model.StateTerminated
		if rng.IntN(2) == 0 {
			u.Email = fmt.Sprintf("renamed%d@example.com", step)
		}
		return tx.PutUser(&u)
	case 7:
		return tx.PutUser(&model.User{Email: fmt.Sprintf("new%d@example.com", step), First: "N", Last: "U", State: model.StateInvited})
	case 8:
		a, err := tx.Asset(model.ID(1 + rng.IntN(10)))
		if errors.Is(err, model.ErrNotFound) {
			return tx.PutAsset(&model.Asset{Name: fmt.Sprintf("desk-%d", step)})
		}
		if err != nil {
			return err
		}
		a.Name = fmt.Sprintf("Asset-%d", step)
		return tx.PutAsset(&a)
	case 9:
		as, err := tx.Allocations()
		a, ok := otPick(rng, as)
		switch {
		case err != nil:
			return err
		case !ok || rng.IntN(3) == 0:
			return tx.PutAllocation(&model.Allocation{Name: fmt.Sprintf("Alloc-%d", step), ProductID: 1, Quantity: 1})
		case rng.IntN(2) == 0:
			return tx.DeleteAllocation(a.ID)
		}
		a.Name, a.Quantity = fmt.Sprintf("alloc-%d", step), a.Quantity+1
		a.MemberIDs = append(a.MemberIDs, model.ID(step))
		return tx.PutAllocation(&a)
	case 10:
		var all []model.Scheduled
		if err := tx.Schedule(func(s model.Scheduled) bool { all = append(all, s); return true }); err != nil {
			return err
		}
		s, ok := otPick(rng, all)
		switch {
		case !ok || rng.IntN(3) == 0:
			return tx.PutScheduled(&model.Scheduled{At: otTimes[rng.IntN(len(otTimes))], Kind: model.ScheduleTerminate, UserID: 3})
		case rng.IntN(2) == 0:
			return tx.DeleteScheduled(s.ID)
		}
		s.At, s.Count = otTimes[rng.IntN(len(otTimes))], s.Count+1
		return tx.PutScheduled(&s)
	case 11:
		org, err := tx.Org()
		if err != nil {
			return err
		}
		org.Name = fmt.Sprintf("Org %d", step)
		return tx.PutOrg(org)
	}
	return otEvent(tx, rng)
}

// otDump renders everything every read method answers.
func otDump(tx model.Tx, steps int) string {
	var b strings.Builder
	line := func(what string, v any, err error) {
		switch {
		case errors.Is(err, model.ErrNotFound):
			fmt.Fprintf(&b, "%s: not found\n", what)
		case err != nil:
			fmt.Fprintf(&b, "%s: error %v\n", what, err)
		default:
			raw, _ := json.Marshal(v)
			fmt.Fprintf(&b, "%s: %s\n", what, raw)
		}
	}
	// each collects an iteration, stopping after stop items (0: all).
	each := func(what string, stop int, iter func(fn func(any) bool) error) {
		var got []any
		err := iter(func(v any) bool { got = append(got, v); return stop == 0 || len(got) < stop })
		line(fmt.Sprintf("%s stop %d", what, stop), got, err)
	}
	stops := []int{0, 1, 3}
	// bound is past the highest ID a family can reach in steps writes
	// (about one in sixteen creates a record of a given family).
	bound := func(n int) int { return n + steps/8 + 3 }

	org, err := tx.Org()
	line("org", org, err)
	ps, err := tx.Products()
	line("products", ps, err)
	names := []string{"Office", "office", "ANTIVIRUS", "CAD Suite", " zoom ", "Zoom"}
	for i := 0; i < steps; i++ {
		names = append(names, fmt.Sprintf("Renamed-%d", i), fmt.Sprintf("new-%d", i), fmt.Sprintf("Asset-%d", i),
			fmt.Sprintf("desk-%d", i), fmt.Sprintf("Alloc-%d", i), fmt.Sprintf("ALLOC-%d", i))
	}
	for i := 0; i < 10; i++ {
		names = append(names, fmt.Sprintf("Laptop-%d", i), fmt.Sprintf("Team %d", i))
	}
	for _, n := range names {
		p, err := tx.ProductByName(n)
		line("product "+n, p, err)
		a, err := tx.AssetByName(n)
		line("asset "+n, a, err)
		al, err := tx.AllocationByName(n)
		line("allocation "+n, al, err)
	}
	for id := model.ID(0); id < model.ID(bound(4)); id++ {
		p, err := tx.Product(id)
		line(fmt.Sprint("product ", id), p, err)
		c, err := tx.Counts(id)
		line(fmt.Sprint("counts ", id), c, err)
		for _, s := range []model.Status{model.Available, model.Active, model.Deactivated} {
			for _, since := range append([]time.Time{{}}, otTimes...) {
				for _, stop := range stops {
					each(fmt.Sprintf("by status %d %d %s", id, s, since), stop, func(fn func(any) bool) error {
						return tx.LicensesByStatus(id, s, since, func(l model.License) bool { return fn(l) })
					})
				}
			}
			bounds := append([]time.Time{{}}, otTimes...)
			for _, from := range bounds {
				for _, to := range bounds {
					n, err := tx.CountByStatus(id, s, from, to)
					line(fmt.Sprintf("count %d %d [%s, %s)", id, s, from, to), n, err)
				}
			}
		}
	}
	for id := model.ID(0); id < model.ID(bound(80)); id++ {
		l, err := tx.License(id)
		line(fmt.Sprint("license ", id), l, err)
	}
	for _, from := range []model.ID{0, 1, 2, 17, 40, 61, 80, 200} {
		for _, stop := range stops {
			each(fmt.Sprint("licenses from ", from), stop, func(fn func(any) bool) error {
				return tx.Licenses(from, func(l model.License) bool { return fn(l) })
			})
		}
	}
	for _, h := range []struct {
		kind model.AssigneeKind
		n    int
	}{{model.AssigneeUser, bound(24)}, {model.AssigneeAsset, bound(10)}} {
		kind, n := h.kind, h.n
		for id := model.ID(0); id < model.ID(n); id++ {
			for _, stop := range stops {
				each(fmt.Sprintf("held by %c%d", kind, id), stop, func(fn func(any) bool) error {
					return tx.HeldBy(kind, id, func(l model.License) bool { return fn(l) })
				})
			}
			for p := model.ID(0); p < model.ID(bound(4)); p++ {
				l, err := tx.HeldOf(kind, id, p)
				line(fmt.Sprintf("held of %c%d in %d", kind, id, p), l, err)
			}
		}
	}
	for _, stop := range stops {
		each("users", stop, func(fn func(any) bool) error { return tx.Users(func(u model.User) bool { return fn(u) }) })
		each("assets", stop, func(fn func(any) bool) error { return tx.Assets(func(a model.Asset) bool { return fn(a) }) })
		each("schedule", stop, func(fn func(any) bool) error {
			return tx.Schedule(func(s model.Scheduled) bool { return fn(s) })
		})
	}
	for id := model.ID(0); id < model.ID(bound(24)); id++ {
		u, err := tx.User(id)
		line(fmt.Sprint("user ", id), u, err)
		a, err := tx.Asset(id)
		line(fmt.Sprint("asset ", id), a, err)
		al, err := tx.Allocation(id)
		line(fmt.Sprint("allocation ", id), al, err)
	}
	for i := 0; i < bound(24); i++ {
		for _, e := range []string{"user%d@example.com", "new%d@example.com", "renamed%d@example.com"} {
			e = fmt.Sprintf(e, i)
			u, err := tx.UserByEmail(e)
			line("email "+e, u, err)
		}
	}
	as, err := tx.Allocations()
	line("allocations", as, err)
	last, err := tx.LastSeq()
	line("last seq", last, err)
	for _, from := range []uint64{0, 1, 2, last / 2, last, last + 1, last + 9} {
		for _, reverse := range []bool{false, true} {
			for _, stop := range stops {
				each(fmt.Sprintf("events from %d reverse %v", from, reverse), stop, func(fn func(any) bool) error {
					return tx.Events(from, reverse, func(e model.Event) bool { return fn(e) })
				})
			}
		}
	}
	for seq := uint64(0); seq <= last+2; seq++ {
		e, err := tx.Event(seq)
		line(fmt.Sprint("event ", seq), e, err)
	}
	for _, kind := range []byte{model.RefProduct, model.RefLicense, model.RefUser, model.RefAsset, model.RefAllocation} {
		for id := model.ID(0); id < model.ID(bound(80)); id++ {
			r := model.Ref{Kind: kind, ID: id}
			for _, stop := range stops {
				each(fmt.Sprintf("about %c%d", kind, id), stop, func(fn func(any) bool) error {
					return tx.EventsAbout(r, func(e model.Event) bool { return fn(e.Seq) })
				})
				each(fmt.Sprintf("about newest first %c%d", kind, id), stop, func(fn func(any) bool) error {
					return tx.EventsAboutNewestFirst(r, func(e model.Event) bool { return fn(e.Seq) })
				})
			}
		}
	}
	ix, ok := tx.(model.NameIndex)
	line("name index", ok, nil)
	if ok {
		for _, stop := range stops {
			each("user emails", stop, func(fn func(any) bool) error {
				return ix.UserEmails(func(e []byte, id model.ID) bool { return fn(fmt.Sprintf("%s=%d", e, id)) })
			})
			each("asset names", stop, func(fn func(any) bool) error {
				return ix.AssetNames(func(n []byte, id model.ID) bool { return fn(fmt.Sprintf("%s=%d", n, id)) })
			})
		}
	}
	return b.String()
}

// otDiff names the first line where two dumps differ.
func otDiff(t *testing.T, when, want, got string) {
	t.Helper()
	if want == got {
		return
	}
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			t.Fatalf("%s: the overlay differs from the store at line %d:\nstore:   %s\noverlay: %s", when, i+1, a, b)
		}
	}
}

func fileBytes(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	if err := os.WriteFile(to, []byte(fileBytes(t, from)), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestOverlayAnswersEveryReadAsTheStoreWould(t *testing.T) {
	dir := t.TempDir()
	basePath := filepath.Join(dir, "base.db")
	otBase(t, basePath)
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			real, over := filepath.Join(t.TempDir(), "real.db"), filepath.Join(t.TempDir(), "overlay.db")
			copyFile(t, basePath, real)
			copyFile(t, basePath, over)
			before := fileBytes(t, over)
			rdb, err := store.Open(real, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer rdb.Close()
			odb, err := store.Open(over, store.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer odb.Close()

			const chunks = 3
			var dumps []string
			rrng := rand.New(rand.NewPCG(seed, 1))
			for c := 0; c < chunks; c++ {
				err := rdb.Update(func(tx model.Tx) error {
					for i := 0; i < otSteps/chunks; i++ {
						if err := otWrite(tx, rrng, c*otSteps/chunks+i); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				var d string
				if err := rdb.View(func(tx model.Tx) error { d = otDump(tx, otSteps); return nil }); err != nil {
					t.Fatal(err)
				}
				dumps = append(dumps, d)
			}

			orng := rand.New(rand.NewPCG(seed, 1))
			err = odb.View(func(tx model.Tx) error {
				ov := model.NewOverlay(tx)
				if d := otDump(ov, otSteps); d != otDump(tx, otSteps) {
					otDiff(t, "an empty overlay", otDump(tx, otSteps), d)
				}
				for c := 0; c < chunks; c++ {
					for i := 0; i < otSteps/chunks; i++ {
						if err := otWrite(ov, orng, c*otSteps/chunks+i); err != nil {
							return err
						}
					}
					otDiff(t, fmt.Sprintf("after %d writes", (c+1)*otSteps/chunks), dumps[c], otDump(ov, otSteps))
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			odb.Close()
			if fileBytes(t, over) != before {
				t.Fatal("the overlay wrote to its base")
			}
		})
	}
}
