package storetest

// The randomized state-machine test's driver, shared by the backends:
// model's test runs it on a bbolt file, store/postgres's on a schema.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// Checker is a store that verifies its own consistency, as store.DB does.
type Checker interface {
	model.Store
	Check() ([]string, error)
}

// StateMachine drives the domain on db, a fresh empty store, with n
// random operations from several acting users while the clock moves
// forward from 2026-01-01, and runs the store's and the domain's
// invariant checkers after every 50. Refusals are expected; a refused
// operation must leave the store exactly as it was, and every kind of
// operation (the extensions' too) must succeed at some point. The same
// seed gives the same operations on every backend. It returns how each
// operation ended ("invite ok", "invite refused").
func StateMachine(t *testing.T, db Checker, seed uint64, n int, ext ...Extension) map[string]int {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	clock := &smClock{}
	clock.t = time.Date(2026, time.January, 1, 9, 0, 0, 0, time.UTC)
	w := &smWorld{t: t, db: db, svc: model.NewService(db, clock.now), clock: clock}
	m := newMachine(w, rng)
	for _, e := range ext {
		if e.Ops != nil {
			m.ops = append(m.ops, e.Ops(Machine{m})...)
		}
	}
	m.seed()
	outcomes := m.run(seed, n, func() {
		w.check()
		for _, e := range ext {
			if e.Check != nil {
				e.Check(w.svc)
			}
		}
	})
	// The test is only meaningful if every kind of operation both
	// succeeded and was refused at some point.
	for _, op := range m.names() {
		if outcomes[op+" ok"] == 0 {
			t.Errorf("operation %s never succeeded: %v", op, outcomes)
		}
	}
	t.Logf("outcomes: %v", outcomes)
	return outcomes
}

// Extension adds operations of a part of the domain to the machine, and a
// check of what that part promises, run with the invariant checkers.
type Extension struct {
	Ops   func(Machine) []Op
	Check func(svc *model.Service)
}

// Op is one kind of random operation: its name, how often it is drawn
// against the others, and what it does as the acting user.
type Op struct {
	Name   string
	Weight int
	Run    func(actor string) error
}

// Machine is what an extension's operations use of the running machine.
type Machine struct{ m *machine }

// Service is the domain the machine drives.
func (x Machine) Service() *model.Service { return x.m.w.svc }

// Rand is the machine's source of randomness (seeded: draw only from it).
func (x Machine) Rand() *rand.Rand { return x.m.rng }

// Email is one of the users made so far ("" before any).
func (x Machine) Email() string { return x.m.pick(x.m.emails) }

// Product is one of the products made so far ("" before any).
func (x Machine) Product() string { return x.m.pick(x.m.prods) }

// Pick draws one of xs with the machine's randomness ("" from none).
func (x Machine) Pick(xs []string) string { return x.m.pick(xs) }

type smClock struct{ t time.Time }

func (c *smClock) now() time.Time          { return c.t }
func (c *smClock) advance(d time.Duration) { c.t = c.t.Add(d) }

type smWorld struct {
	t     *testing.T
	db    Checker
	svc   *model.Service
	clock *smClock
}

func (w *smWorld) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

// snapshot renders everything stored, so a refused action can be shown
// to have changed nothing at all.
func (w *smWorld) snapshot() string { return Dump(w.t, w.db) }

// check runs the store's and the domain's invariant checkers.
func (w *smWorld) check() { Invariants(w.t, w.db, w.svc) }

// Dump renders everything st holds, for comparing a store before and
// after an action that must change nothing.
func Dump(t testing.TB, st model.Store) string {
	t.Helper()
	var all []any
	err := st.View(func(tx model.Tx) error {
		org, _ := tx.Org()
		ps, err := tx.Products()
		if err != nil {
			return err
		}
		all = append(all, org, ps)
		for _, p := range ps {
			c, _ := tx.Counts(p.ID)
			all = append(all, c)
		}
		tx.Licenses(0, func(l model.License) bool { all = append(all, l); return true })
		tx.Users(func(u model.User) bool { all = append(all, u); return true })
		tx.Assets(func(a model.Asset) bool { all = append(all, a); return true })
		as, _ := tx.Allocations()
		all = append(all, as)
		tx.Schedule(func(s model.Scheduled) bool { all = append(all, s); return true })
		last, _ := tx.LastSeq()
		all = append(all, last)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(all)
	return string(b)
}

// Invariants runs the store's own check and the domain's invariant
// checker, failing t with every violation.
func Invariants(t testing.TB, db Checker, svc *model.Service) {
	t.Helper()
	bad, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	more, err := svc.Check()
	if err != nil {
		t.Fatal(err)
	}
	if bad = append(bad, more...); len(bad) > 0 {
		t.Fatalf("invariants broken:\n%v", bad)
	}
}

// run performs n random operations and returns how each ended ("invite
// ok", "invite refused"). A refusal must leave the database unchanged and
// carry a domain error code; check runs after every 50 operations and at
// the end.
func (m *machine) run(seed uint64, n int, check func()) map[string]int {
	t := m.w.t
	t.Helper()
	outcomes := map[string]int{}
	for i := 0; i < n; i++ {
		before := m.w.snapshot()
		name, err := m.step()
		if err != nil {
			code := model.CodeOf(err)
			if code == "" || code == model.CodeCorrupt {
				t.Fatalf("seed %d op %d %s: unexpected error %v", seed, i, name, err)
			}
			if after := m.w.snapshot(); after != before {
				t.Fatalf("seed %d op %d %s: refused (%v) but changed the database", seed, i, name, err)
			}
			outcomes[name+" refused"]++
		} else {
			outcomes[name+" ok"]++
		}
		if i%50 == 49 {
			check()
		}
	}
	check()
	return outcomes
}

type machine struct {
	w      *smWorld
	rng    *rand.Rand
	emails []string
	assets []string
	prods  []string
	nUser  int
	nProd  int
	nAsset int
	ops    []Op
}

func newMachine(w *smWorld, rng *rand.Rand) *machine {
	m := &machine{w: w, rng: rng}
	s := w.svc
	m.ops = []Op{
		{"assign", 30, func(a string) error {
			p := m.pick(m.prods)
			who := m.pick(m.emails)
			if m.rng.IntN(3) == 0 {
				who = m.pick(m.assets)
			}
			_, err := s.Assign(a, p, who, m.rng.IntN(2) == 0)
			return err
		}},
		{"unassign", 20, func(a string) error {
			_, _, err := s.Unassign(a, model.LicenseCode(model.ID(1+m.rng.IntN(m.licenseCount()+1))))
			return err
		}},
		{"bulk-unassign", 3, func(a string) error {
			codes := []string{}
			for range 1 + m.rng.IntN(3) {
				codes = append(codes, model.LicenseCode(model.ID(1+m.rng.IntN(m.licenseCount()+1))))
			}
			_, err := s.BulkUnassign(a, codes)
			return err
		}},
		{"add", 8, func(a string) error {
			_, err := s.AddLicenses(a, m.pick(m.prods), m.rng.IntN(5))
			return err
		}},
		{"remove", 8, func(a string) error {
			_, err := s.RemoveLicenses(a, m.pick(m.prods), m.rng.IntN(4), m.rng.IntN(4) == 0)
			return err
		}},
		{"invite", 6, func(a string) error {
			m.nUser++
			e := fmt.Sprintf("user%d@example.com", m.nUser)
			if m.rng.IntN(10) == 0 && len(m.emails) > 0 {
				e = m.pick(m.emails) // a duplicate
			}
			kind := model.KindEmployee
			if m.rng.IntN(8) == 0 {
				kind = model.KindExternal
			}
			roles := []model.Role{model.RoleAdmin, model.RoleMember, model.RoleMember, model.RoleViewer}
			_, err := s.InviteUser(a, model.User{Email: e, First: "U", Last: fmt.Sprint(m.nUser), Kind: kind,
				Role: roles[m.rng.IntN(len(roles))], Department: m.pick([]string{"Sales", "IT", "Ops"})})
			if err == nil {
				m.emails = append(m.emails, e)
			}
			return err
		}},
		{"edit-user", 4, func(a string) error {
			_, err := s.EditUser(a, m.pick(m.emails), func(u *model.User) error {
				u.Department = m.pick([]string{"Sales", "IT", "Ops", "Legal"})
				if m.rng.IntN(3) == 0 && u.Role != model.RoleOwner {
					u.Role = Pick(m.rng, []model.Role{model.RoleAdmin, model.RoleMember, model.RoleViewer})
				}
				return nil
			})
			return err
		}},
		{"terminate", 3, func(a string) error {
			day := model.DateOf(m.w.clock.t.AddDate(0, 0, m.rng.IntN(20)-5))
			_, err := s.TerminateUser(a, m.pick(m.emails), day)
			return err
		}},
		{"owner", 2, func(a string) error { return s.TransferOwnership(a, m.pick(m.emails)) }},
		{"create-product", 2, func(a string) error {
			m.nProd++
			name := fmt.Sprintf("Product %d", m.nProd)
			kind := model.PerUser
			if m.rng.IntN(3) == 0 {
				kind = model.PerDevice
			}
			_, err := s.CreateProduct(a, model.Product{Name: name, Kind: kind, Contracted: m.rng.IntN(6),
				Period: Pick(m.rng, []model.Period{model.Monthly, model.Yearly, model.NoBilling}),
				Policy: Pick(m.rng, []model.Policy{model.PolicyBlock, model.PolicyAutoGrow}), NetPrice: model.Money(m.rng.IntN(5000)),
				ReduceOnTermination: m.rng.IntN(2) == 0})
			if err == nil {
				m.prods = append(m.prods, name)
			}
			return err
		}},
		{"delete-product", 1, func(a string) error { return s.DeleteProduct(a, m.pick(m.prods)) }},
		{"create-asset", 3, func(a string) error {
			m.nAsset++
			name := fmt.Sprintf("PC-%03d", m.nAsset)
			_, err := s.CreateAsset(a, model.Asset{Name: name, Type: "laptop"}, m.pick(m.emails))
			if err == nil {
				m.assets = append(m.assets, name)
			}
			return err
		}},
		{"tick", 6, func(string) error {
			// Time passes: cycle ends and last work days fall due on the next operation.
			m.w.clock.advance(time.Duration(m.rng.IntN(72)) * time.Hour)
			return nil
		}},
	}
	return m
}

func (m *machine) names() []string {
	var out []string
	for _, o := range m.ops {
		out = append(out, o.Name)
	}
	return out
}

func (m *machine) licenseCount() int {
	n := 0
	m.w.db.View(func(tx model.Tx) error {
		ps, _ := tx.Products()
		for _, p := range ps {
			c, _ := tx.Counts(p.ID)
			n += c.Available + c.Active + c.Deactivated
		}
		return nil
	})
	return n + 5
}

// Pick draws one of xs with rng (the zero value from none).
func Pick[T any](rng *rand.Rand, xs []T) T {
	var zero T
	if len(xs) == 0 {
		return zero
	}
	return xs[rng.IntN(len(xs))]
}

func (m *machine) pick(xs []string) string { return Pick(m.rng, xs) }

// seed creates the starting organization through the domain.
func (m *machine) seed() {
	s := m.w.svc
	m.emails = []string{"root@example.com"}
	_, err := s.InviteUser("", model.User{Email: "root@example.com", First: "Root", Last: "Owner"})
	m.w.must(err)
	for range 12 {
		m.ops[4].Run("")  // invite
		m.ops[11].Run("") // asset
	}
	for range 4 {
		m.ops[9].Run("") // product
	}
}

// step runs one random operation as a random actor (the owner most often,
// but admins, members, viewers and strangers too).
func (m *machine) step() (string, error) {
	total := 0
	for _, o := range m.ops {
		total += o.Weight
	}
	r := m.rng.IntN(total)
	var op Op
	for _, o := range m.ops {
		if r < o.Weight {
			op = o
			break
		}
		r -= o.Weight
	}
	actor := ""
	if m.rng.IntN(3) == 0 {
		actor = m.pick(m.emails)
	}
	return op.Name, op.Run(actor)
}
