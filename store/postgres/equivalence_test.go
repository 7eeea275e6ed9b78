package postgres

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/store/bolt"
)

var equivalenceNow = time.Date(2026, 11, 20, 14, 5, 6, 789012345, time.UTC)

// TestSameAnswersAsBolt runs the same domain operations, on a pinned
// clock, through model.Service on a bbolt file and on PostgreSQL, and
// compares everything an interface shows: status, invoice, usage, every
// listing, the whole log with its hashes and the chain head.
func TestSameAnswersAsBolt(t *testing.T) {
	for _, scale := range []int{0, 2000} {
		b, err := bolt.Open(filepath.Join(t.TempDir(), "seats.db"), bolt.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		p := openFresh(t)
		var views [2]map[string]string
		for i, st := range []model.Store{b, p} {
			if err := demo.Generate(st, equivalenceNow, demo.Options{Scale: scale}); err != nil {
				t.Fatalf("scale %d: demo on %T: %v", scale, st, err)
			}
			clock := equivalenceNow
			svc := model.NewService(st, func() time.Time { return clock })
			operate(t, svc, func(d time.Duration) { clock = clock.Add(d) })
			views[i] = everything(t, svc, "eq.one@example.com", "eq.two@example.com")
		}
		for what, want := range views[0] {
			if got := views[1][what]; got != want {
				t.Errorf("scale %d: %s differs between bbolt and PostgreSQL:\n bbolt:      %.400s\n PostgreSQL: %.400s", scale, what, want, firstDiff(got, want))
			}
		}
	}
}

// operate changes an organization in every way an administrator does.
func operate(t *testing.T, svc *model.Service, advance func(time.Duration)) {
	t.Helper()
	owner, err := svc.ResolveActor("")
	if err != nil {
		t.Fatalf("the owner: %v", err)
	}
	actor := owner.Email
	sum, err := svc.Status()
	if err != nil || len(sum.Products) == 0 {
		t.Fatalf("status: %v (%d products)", err, len(sum.Products))
	}
	var prod string
	for _, p := range sum.Products {
		if p.Kind != model.PerDevice {
			prod = p.Name
			break
		}
	}
	steps := []func() error{
		func() error {
			_, err := svc.InviteUser(actor, model.User{Email: "eq.one@example.com", First: "Eq", Last: "One", Department: "Sales"})
			return err
		},
		func() error {
			_, err := svc.InviteUser(actor, model.User{Email: "eq.two@example.com", First: "Eq", Last: "Two", Department: "Ops"})
			return err
		},
		func() error { _, err := svc.AddLicenses(actor, prod, 3); return err },
		func() error { _, err := svc.Assign(actor, prod, "eq.one@example.com", true); return err },
		func() error { _, err := svc.Assign(actor, prod, "eq.two@example.com", true); return err },
		func() error {
			ls, _, err := svc.Licenses(model.LicenseFilter{Product: prod, Holder: "eq.one@example.com"})
			if err != nil || len(ls) == 0 {
				return err
			}
			_, _, err = svc.Unassign(actor, ls[0].Code())
			return err
		},
		func() error { _, err := svc.RemoveLicenses(actor, prod, 1, false); return err },
		func() error {
			_, err := svc.CreateProduct(actor, model.Product{Name: "Eq Tool", Contracted: 2, Period: model.Monthly, NetPrice: 9_99, VATBasis: 2100})
			return err
		},
		func() error {
			_, err := svc.CreateAllocation(actor, model.Allocation{Name: "Eq Ops", Quantity: 1, Rule: true, RuleDepartment: "Ops"}, "Eq Tool", nil)
			return err
		},
		func() error {
			_, err := svc.EditUser(actor, "eq.one@example.com", func(u *model.User) error { u.Department = "Ops"; return nil })
			return err
		},
		func() error {
			_, err := svc.TerminateUser(actor, "eq.two@example.com", model.DateOf(equivalenceNow.AddDate(0, 0, 3)))
			return err
		},
		func() error { advance(40 * 24 * time.Hour); return svc.ApplyDue() },
		func() error { return svc.DeleteAllocation(actor, "Eq Ops") },
		func() error {
			_, err := svc.EditProduct(actor, "Eq Tool", func(p *model.Product) error { p.Name = "Eq Tool 2"; return nil })
			return err
		},
	}
	for i, step := range steps {
		advance(time.Minute + 7*time.Nanosecond)
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
	}
}

// everything is what the interfaces show, as JSON by name, with the
// history of each of things.
func everything(t *testing.T, svc *model.Service, things ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	show := func(name string, v any, err error) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, _ := json.Marshal(v)
		out[name] = string(b)
	}
	show2 := func(name string, v, w any, err error) { show(name, []any{v, w}, err) }
	v, err := svc.Status()
	show("status", v, err)
	inv, err := svc.Invoice()
	show("invoice", inv, err)
	ls, names, err := svc.Licenses(model.LicenseFilter{})
	show2("licenses", ls, names, err)
	us, err := svc.Users()
	show("users", us, err)
	as, err := svc.Assets()
	show("assets", as, err)
	al, err := svc.Allocations()
	show("allocations", al, err)
	sc, err := svc.Scheduled()
	show("scheduled", sc, err)
	for _, by := range []string{"department", "product", "user"} {
		u, err := svc.Usage(by)
		show("usage by "+by, u, err)
	}
	act, err := svc.Activity(0, 1_000_000)
	show("activity", act, err)
	if len(act) < 20 {
		t.Fatalf("only %d events to compare", len(act))
	}
	head, err := svc.VerifyChain()
	show("chain head", head, err)
	bad, err := svc.Check()
	show("check", bad, err)
	for _, thing := range things {
		s, evs, err := svc.History(thing)
		show2("history of "+thing, s, evs, err)
	}
	return out
}

func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	return got[max(0, i-80):]
}
