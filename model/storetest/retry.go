package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// errFirstAttempt rolls back Twice's first attempt.
var errFirstAttempt = errors.New("storetest: first attempt rolled back")

// Twice returns a store whose Update runs fn, rolls that attempt back,
// and runs fn again, returning the second attempt's result: what a
// backend that retries a transaction after a serialization failure does.
// The domain must give the same results through it as through s; an
// operation that keeps anything from its first attempt (a slice declared
// outside fn that fn appends to, an argument fn changes) does not. View
// runs fn once.
func Twice(s model.Store) model.Store { return twice{s} }

type twice struct{ model.Store }

func (w twice) Update(fn func(model.Tx) error) error {
	_ = w.Store.Update(func(tx model.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errFirstAttempt
	})
	return w.Store.Update(fn)
}

// world is one store with a service on a clock the test moves.
type world struct {
	store model.Store
	svc   *model.Service
	now   time.Time
}

func newWorld(st model.Store) *world {
	w := &world{store: st, now: time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)}
	w.svc = model.NewService(st, w.clock)
	return w
}

func (w *world) clock() time.Time { return w.now }

// retried sends the world's operations through Twice from now on.
func (w *world) retried() { w.svc = model.NewService(Twice(w.store), w.clock) }

// code is the license a holder has of a product.
func (w *world) code(product, holder string) string {
	ls, _, err := w.svc.Licenses(model.LicenseFilter{Product: product, Holder: holder})
	if err != nil || len(ls) != 1 {
		return "(" + holder + " holds no " + product + ")"
	}
	return ls[0].Code()
}

// outcome is what an operation returned, as an interface shows it.
type outcome struct {
	Value any
	Error string
	Code  model.Code
}

func result(v any, err error) outcome {
	o := outcome{Value: v}
	if err != nil {
		o.Error, o.Code = err.Error(), model.CodeOf(err)
	}
	return o
}

const owner = "owner@example.com"

// setUp builds a small organization through the domain: an owner and an
// admin, employees in two departments and an external, a full per-user
// product, a per-user auto-grow product with its one seat taken, a
// per-device product without billing, an asset and an allocation.
func setUp(t *testing.T, w *world) {
	t.Helper()
	s := w.svc
	steps := []func() error{
		func() error {
			_, err := s.InviteUser("", model.User{Email: owner, First: "Olga", Last: "Owner"})
			return err
		},
		func() error {
			_, err := s.InviteUser(owner, model.User{Email: "admin@example.com", First: "Adam", Last: "Admin", Role: model.RoleAdmin})
			return err
		},
		func() error {
			_, err := s.InviteUser(owner, model.User{Email: "ann@example.com", First: "Ann", Last: "Lee", Department: "Sales"})
			return err
		},
		func() error {
			_, err := s.InviteUser(owner, model.User{Email: "bob@example.com", First: "Bob", Last: "Ray", Department: "Sales"})
			return err
		},
		func() error {
			_, err := s.InviteUser(owner, model.User{Email: "carl@example.com", First: "Carl", Last: "Ode", Department: "Ops"})
			return err
		},
		func() error {
			_, err := s.InviteUser(owner, model.User{Email: "ext@example.com", First: "Eve", Last: "Xt", Kind: model.KindExternal})
			return err
		},
		func() error {
			_, err := s.CreateProduct(owner, model.Product{Name: "Office", Contracted: 3, Period: model.Monthly, NetPrice: 10_00, VATBasis: 2100})
			return err
		},
		func() error {
			_, err := s.CreateProduct(owner, model.Product{Name: "Visio", Contracted: 1, Period: model.Monthly, NetPrice: 5_00,
				Policy: model.PolicyAutoGrow, ReduceOnTermination: true})
			return err
		},
		func() error {
			_, err := s.CreateProduct(owner, model.Product{Name: "CAD", Kind: model.PerDevice, Contracted: 2, Period: model.NoBilling})
			return err
		},
		func() error {
			_, err := s.CreateAsset(owner, model.Asset{Name: "laptop-1", Type: "laptop"}, "ann@example.com")
			return err
		},
		func() error { _, err := s.Assign(owner, "Office", "ann@example.com", false); return err },
		func() error { _, err := s.Assign(owner, "Office", "bob@example.com", false); return err },
		func() error { _, err := s.Assign(owner, "Visio", "bob@example.com", false); return err },
		func() error { _, err := s.Assign(owner, "CAD", "laptop-1", false); return err },
		func() error {
			_, err := s.CreateAllocation(owner, model.Allocation{Name: "Sales team", Quantity: 2, Departments: []string{"Sales"}}, "Office", nil)
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("setting up (step %d): %v", i+1, err)
		}
	}
}

// operation is one or more domain calls whose transactions may be retried.
type operation struct {
	name string
	run  func(w *world) []outcome
}

func one(v any, err error) []outcome { return []outcome{result(v, err)} }

func unassign(s *model.Service, code string) ([]any, error) {
	l, from, err := s.Unassign(owner, code)
	return []any{l, from}, err
}

func operations() []operation {
	s := func(w *world) *model.Service { return w.svc }
	str := func(v string) *string { return &v }
	return []operation{
		{"InviteUser", func(w *world) []outcome {
			return one(s(w).InviteUser(owner, model.User{Email: "dana@example.com", First: "Dana", Last: "Dee", Department: "Ops"}))
		}},
		{"InviteUser of a taken email", func(w *world) []outcome {
			return one(s(w).InviteUser(owner, model.User{Email: "ann@example.com", First: "Ann", Last: "Again"}))
		}},
		{"EditUser", func(w *world) []outcome {
			return one(s(w).EditUser(owner, "carl@example.com", func(u *model.User) error { u.Department = "Sales"; return nil }))
		}},
		{"TransferOwnership", func(w *world) []outcome {
			return one(nil, s(w).TransferOwnership(owner, "ann@example.com"))
		}},
		{"EditOrg", func(w *world) []outcome {
			return one(s(w).EditOrg(owner, func(o *model.Org) error { o.Name, o.AnchorDay = "Acme", 10; return nil }))
		}},
		{"CreateProduct", func(w *world) []outcome {
			return one(s(w).CreateProduct(owner, model.Product{Name: "Slack", Contracted: 4, Period: model.Yearly, NetPrice: 7_00}))
		}},
		{"EditProduct", func(w *world) []outcome {
			return one(s(w).EditProduct(owner, "Office", func(p *model.Product) error { p.Name, p.NetPrice = "Office 365", 12_00; return nil }))
		}},
		{"DeleteProduct", func(w *world) []outcome {
			r := one(unassign(s(w), w.code("Visio", "bob@example.com")))
			return append(r, result(nil, s(w).DeleteProduct(owner, "Visio")))
		}},
		{"DeleteProduct with assigned licenses", func(w *world) []outcome { return one(nil, s(w).DeleteProduct(owner, "Office")) }},
		{"AddLicenses", func(w *world) []outcome { return one(s(w).AddLicenses(owner, "Office", 2)) }},
		{"RemoveLicenses at the cycle end, then ApplyDue after it", func(w *world) []outcome {
			r := one(s(w).RemoveLicenses(owner, "Office", 1, false))
			w.now = w.now.AddDate(0, 1, 0)
			return append(r, result(nil, s(w).ApplyDue()))
		}},
		{"RemoveLicenses at once", func(w *world) []outcome { return one(s(w).RemoveLicenses(owner, "CAD", 1, false)) }},
		{"RemoveLicenses forced below the assigned", func(w *world) []outcome {
			held := w.code("CAD", "laptop-1")
			r := one(s(w).RemoveLicenses(owner, "CAD", 2, true))
			return append(r, one(unassign(s(w), held))...)
		}},
		{"Assign", func(w *world) []outcome { return one(s(w).Assign(owner, "Office", "carl@example.com", false)) }},
		{"Assign of an auto-grow product with no free seat", func(w *world) []outcome {
			r := one(s(w).Assign(owner, "Visio", "ann@example.com", false))
			return append(r, one(s(w).Assign(owner, "Visio", "ann@example.com", true))...)
		}},
		{"Assign to an external", func(w *world) []outcome { return one(s(w).Assign(owner, "Office", "ext@example.com", false)) }},
		{"BulkAssign", func(w *world) []outcome {
			return one(s(w).BulkAssign(owner, "Visio", []string{"ann@example.com", "carl@example.com"}, true))
		}},
		{"BulkAssign refused part-way", func(w *world) []outcome {
			return one(s(w).BulkAssign(owner, "Office", []string{"carl@example.com", "ext@example.com"}, false))
		}},
		{"Unassign", func(w *world) []outcome { return one(unassign(s(w), w.code("Office", "bob@example.com"))) }},
		{"BulkUnassign", func(w *world) []outcome {
			return one(s(w).BulkUnassign(owner, []string{w.code("Office", "ann@example.com"), w.code("Office", "bob@example.com")}))
		}},
		{"TerminateUser today", func(w *world) []outcome {
			return one(s(w).TerminateUser(owner, "bob@example.com", model.DateOf(w.now)))
		}},
		{"TerminateUser later, then ApplyDue on the day", func(w *world) []outcome {
			r := one(s(w).TerminateUser(owner, "bob@example.com", model.DateOf(w.now.AddDate(0, 0, 10))))
			w.now = w.now.AddDate(0, 0, 11)
			return append(r, result(nil, s(w).ApplyDue()))
		}},
		{"CreateAsset and Assign to it", func(w *world) []outcome {
			r := one(s(w).CreateAsset(owner, model.Asset{Name: "laptop-2", Serial: "SN2"}, "carl@example.com"))
			return append(r, one(s(w).Assign(owner, "CAD", "laptop-2", false))...)
		}},
		{"EditAsset", func(w *world) []outcome {
			return one(s(w).EditAsset(owner, "laptop-1", func(a *model.Asset) error { a.Name = "laptop-ann"; return nil }, str("bob@example.com")))
		}},
		{"CreateAllocation with a rule, then InviteUser it matches", func(w *world) []outcome {
			r := one(s(w).CreateAllocation(owner, model.Allocation{Name: "Ops", Quantity: 2, Rule: true, RuleDepartment: "Ops"}, "Office", nil))
			return append(r, one(s(w).InviteUser(owner, model.User{Email: "olly@example.com", First: "Olly", Last: "Ops", Department: "Ops"}))...)
		}},
		{"EditAllocation", func(w *world) []outcome {
			emails := []string{"carl@example.com"}
			return one(s(w).EditAllocation(owner, "Sales team", func(a *model.Allocation) error { a.Quantity = 3; return nil }, nil, &emails))
		}},
		{"DeleteAllocation", func(w *world) []outcome { return one(nil, s(w).DeleteAllocation(owner, "Sales team")) }},
		{"Batch", func(w *world) []outcome {
			err := s(w).Batch(func(b *model.Service) error {
				if _, err := b.InviteUser(owner, model.User{Email: "fay@example.com", First: "Fay", Last: "Fox"}); err != nil {
					return err
				}
				if _, err := b.CreateProduct(owner, model.Product{Name: "Zoom", Contracted: 2}); err != nil {
					return err
				}
				_, err := b.Assign(owner, "Zoom", "fay@example.com", false)
				return err
			})
			return one(nil, err)
		}},
	}
}

func retry(t *testing.T, open opener) {
	check(t, open, "Twice runs fn twice and keeps only the second attempt", func(t *testing.T, s model.Store) {
		calls := 0
		err := Twice(s).Update(func(tx model.Tx) error {
			calls++
			putProduct(t, tx, model.Product{Name: "P"})
			appendEvents(t, tx, model.Event{Time: t0, Kind: model.EvProductCreated, ProductID: 1})
			return nil
		})
		must(t, err, "Update")
		same(t, "calls", calls, 2)
		view(t, s, func(tx model.Tx) {
			same(t, "products", len(got(tx.Products())(t)), 1)
			same(t, "LastSeq", got(tx.LastSeq())(t), uint64(1))
		})
	})

	for _, op := range operations() {
		t.Run(op.name+" gives the same result when its transactions run twice", func(t *testing.T) {
			once, twice := newWorld(open(t)), newWorld(open(t))
			setUp(t, once)
			setUp(t, twice)
			twice.retried()
			got, want := op.run(twice), op.run(once)
			same(t, "the results", got, want)
			var a, b state
			view(t, once.store, func(tx model.Tx) { a = readState(t, tx) })
			view(t, twice.store, func(tx model.Tx) { b = readState(t, tx) })
			same(t, "the store", b, a)
			sa, errA := once.svc.Status()
			sb, errB := twice.svc.Status()
			same(t, "the status", result(sb, errB), result(sa, errA))
		})
	}
}
