package model_test

import (
	"fmt"
	"github.com/seats/seats/model"
	"github.com/seats/seats/model/storetest"
	"github.com/seats/seats/store"
	"path/filepath"
	"strings"
	"testing"
)

// TestRandomOperationsWithAllocations runs the foundation's state machine
// with allocations, rules and the issue 3 reads added, while the clock
// moves forward: every refusal leaves the file unchanged, reads never fail
// unexpectedly, and the invariant checker (which also replays every
// product's count-change events) holds throughout, as does what
// allocations promise.
func TestRandomOperationsWithAllocations(t *testing.T) {
	seed := *smSeed
	if seed == 0 {
		seed = 20261125
	}
	t.Logf("seed %d", seed)
	db, err := store.Open(filepath.Join(t.TempDir(), "sm.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.StateMachine(t, db, seed, *smOps/2, storetest.Extension{
		Ops:   allocationOps,
		Check: func(svc *model.Service) { checkAllocations(t, svc) },
	})
	byRule, skips := 0, 0
	err = model.NewService(db, nil).Events(0, func(e model.Event) bool {
		switch {
		case e.Kind == model.EvLicenseAssigned && strings.HasPrefix(e.Note, "rule "):
			byRule++
		case e.Kind == model.EvRuleSkipped:
			skips++
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if byRule == 0 {
		t.Error("no rule ever assigned a license")
	}
	t.Logf("rule assignments %d, skips %d", byRule, skips)
}

// allocationOps are the state machine's operations on allocations,
// products' settings, the organization and the issue 3 reads.
func allocationOps(m storetest.Machine) []storetest.Op {
	s, rng := m.Service(), m.Rand()
	var allocs []string
	nAlloc := 0
	depts := []string{"Sales", "IT", "Ops", "Legal"}
	return []storetest.Op{
		{Name: "create-allocation", Weight: 8, Run: func(a string) error {
			nAlloc++
			name := fmt.Sprintf("Alloc %d", nAlloc)
			al := model.Allocation{Name: name, Quantity: 1 + rng.IntN(3), Rule: rng.IntN(2) == 0}
			if rng.IntN(10) == 0 {
				al.Quantity = 0
			}
			if rng.IntN(2) == 0 {
				al.Departments = []string{m.Pick(depts)}
			}
			if al.Rule && rng.IntN(2) == 0 {
				al.RuleRole = storetest.Pick(rng, []model.Role{model.RoleAdmin, model.RoleMember, "boss"})
			}
			var users []string
			for range rng.IntN(3) {
				users = append(users, m.Email())
			}
			_, err := s.CreateAllocation(a, al, m.Product(), users)
			if err == nil {
				allocs = append(allocs, name)
			}
			return err
		}},
		{Name: "edit-allocation", Weight: 3, Run: func(a string) error {
			users := []string{m.Email()}
			var up *[]string
			if rng.IntN(2) == 0 {
				up = &users
			}
			_, err := s.EditAllocation(a, m.Pick(allocs), func(al *model.Allocation) error {
				al.Quantity += rng.IntN(3) - 1
				al.Rule = rng.IntN(2) == 0
				return nil
			}, nil, up)
			return err
		}},
		{Name: "delete-allocation", Weight: 1, Run: func(a string) error { return s.DeleteAllocation(a, m.Pick(allocs)) }},
		{Name: "edit-product", Weight: 2, Run: func(a string) error {
			_, err := s.EditProduct(a, m.Product(), func(p *model.Product) error {
				switch rng.IntN(4) {
				case 0:
					p.Kind = storetest.Pick(rng, []model.AssignKind{model.PerUser, model.PerDevice})
				case 1:
					p.Policy = storetest.Pick(rng, []model.Policy{model.PolicyBlock, model.PolicyAutoGrow})
				case 2:
					p.ReduceOnTermination = !p.ReduceOnTermination
				default:
					p.Period = storetest.Pick(rng, []model.Period{model.Monthly, model.Yearly, model.NoBilling})
				}
				return nil
			})
			return err
		}},
		{Name: "org", Weight: 1, Run: func(a string) error {
			_, err := s.EditOrg(a, func(o *model.Org) error { o.AnchorDay = 1 + rng.IntN(28); return nil })
			return err
		}},
		{Name: "reads", Weight: 3, Run: func(string) error {
			if _, err := s.Invoice(); err != nil {
				return err
			}
			if _, err := s.Usage(m.Pick([]string{"user", "department", "product"})); err != nil {
				return err
			}
			if _, err := s.Allocations(); err != nil {
				return err
			}
			_, err := s.Status()
			return err
		}},
	}
}

// checkAllocations verifies what allocations promise: every allocation
// names an existing per-user product, a positive quantity, and users that
// exist; the usage it reports matches the licenses its members hold.
func checkAllocations(t *testing.T, svc *model.Service) {
	t.Helper()
	as, err := svc.Allocations()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		ps, err := svc.Product(a.Product)
		if err != nil || ps.ID != a.ProductID || ps.Kind != model.PerUser {
			t.Fatalf("allocation %s names product %d (%q): %v", a.Name, a.ProductID, a.Product, err)
		}
		if a.Quantity <= 0 || len(a.Users) != len(a.UserIDs) {
			t.Fatalf("allocation %+v", a)
		}
		used := 0
		for _, m := range a.Members {
			ls, _, err := svc.Licenses(model.LicenseFilter{Product: a.Product, Holder: m})
			if err != nil {
				t.Fatal(err)
			}
			used += len(ls)
		}
		if used != a.Used {
			t.Fatalf("allocation %s reports %d used, its members hold %d", a.Name, a.Used, used)
		}
	}
}
