package model_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/storetest"
	"github.com/seats/seats/store"
)

var (
	smSeed = flag.Uint64("seed", 0, "seed for the randomized state-machine test (0: a fixed default)")
	smOps  = flag.Int("ops", 3000, "operations in the randomized state-machine test")
)

// TestRandomOperationsKeepInvariants drives the domain with thousands of
// random operations from several acting users while the clock moves
// forward, and runs the invariant checker after every batch. Refusals are
// expected; a refused operation must leave the file exactly as it was.
// The driver is storetest.StateMachine, which store/postgres runs too;
// the machine below is its copy that TestRandomOperationsWithAllocations
// extends with more operations.
// Reproduce a failure with: go test ./model -run RandomOperations -seed N
func TestRandomOperationsKeepInvariants(t *testing.T) {
	seed := *smSeed
	if seed == 0 {
		seed = 20261124
	}
	t.Logf("seed %d", seed)
	path := filepath.Join(t.TempDir(), "sm.db")
	db, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.StateMachine(t, db, seed, *smOps)
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
	w      *fxWorld
	rng    *rand.Rand
	emails []string
	assets []string
	prods  []string
	nUser  int
	nProd  int
	nAsset int
	ops    []smOp
}

type smOp struct {
	name   string
	weight int
	run    func(actor string) error
}

func newMachine(w *fxWorld, rng *rand.Rand) *machine {
	m := &machine{w: w, rng: rng}
	s := w.svc
	m.ops = []smOp{
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
					u.Role = pickFrom(m.rng, []model.Role{model.RoleAdmin, model.RoleMember, model.RoleViewer})
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
				Period: pickFrom(m.rng, []model.Period{model.Monthly, model.Yearly, model.NoBilling}),
				Policy: pickFrom(m.rng, []model.Policy{model.PolicyBlock, model.PolicyAutoGrow}), NetPrice: model.Money(m.rng.IntN(5000)),
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

func pickFrom[T any](rng *rand.Rand, xs []T) T {
	var zero T
	if len(xs) == 0 {
		return zero
	}
	return xs[rng.IntN(len(xs))]
}

func (m *machine) pick(xs []string) string { return pickFrom(m.rng, xs) }

// seed creates the starting organization through the domain.
func (m *machine) seed() {
	s := m.w.svc
	m.emails = []string{"root@example.com"}
	_, err := s.InviteUser("", model.User{Email: "root@example.com", First: "Root", Last: "Owner"})
	m.w.must(err)
	for range 12 {
		m.ops[4].run("")  // invite
		m.ops[11].run("") // asset
	}
	for range 4 {
		m.ops[9].run("") // product
	}
}

// step runs one random operation as a random actor (the owner most often,
// but admins, members, viewers and strangers too).
func (m *machine) step() (string, error) {
	total := 0
	for _, o := range m.ops {
		total += o.weight
	}
	r := m.rng.IntN(total)
	var op smOp
	for _, o := range m.ops {
		if r < o.weight {
			op = o
			break
		}
		r -= o.weight
	}
	actor := ""
	if m.rng.IntN(3) == 0 {
		actor = m.pick(m.emails)
	}
	return op.name, op.run(actor)
}
