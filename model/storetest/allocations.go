package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/seats/seats/model"
)

func fullAllocation(name string, product model.ID) model.Allocation {
	return model.Allocation{Name: name, ProductID: product, Quantity: 4, UserIDs: []model.ID{3, 1},
		Departments: []string{"Sales", "R&D"}, Rule: true, RuleDepartment: "Sales", RuleRole: model.RoleMember,
		Created: at(4 * hour), MemberIDs: []model.ID{1, 3, 8}}
}

func putAllocation(t *testing.T, tx model.Tx, a model.Allocation) model.Allocation {
	t.Helper()
	must(t, tx.PutAllocation(&a), "PutAllocation "+a.Name)
	return a
}

func allocations(t *testing.T, open opener) {
	check(t, open, "Allocation and AllocationByName of a missing allocation are ErrNotFound", func(t *testing.T, s model.Store) {
		update(t, s, func(tx model.Tx) { putAllocation(t, tx, fullAllocation("Sales team", 1)) })
		view(t, s, func(tx model.Tx) {
			for _, id := range []model.ID{0, 2, 1 << 40} {
				_, err := tx.Allocation(id)
				notFound(t, fmt.Sprintf("Allocation(%d)", id), err)
			}
			for _, n := range []string{"Sales", "Sales team 2", ""} {
				_, err := tx.AllocationByName(n)
				notFound(t, "AllocationByName("+n+")", err)
			}
		})
	})

	check(t, open, "PutAllocation assigns increasing IDs, keeps a given one and goes above it", func(t *testing.T, s model.Store) {
		var ids []model.ID
		update(t, s, func(tx model.Tx) {
			ids = append(ids, putAllocation(t, tx, fullAllocation("a", 1)).ID, putAllocation(t, tx, fullAllocation("b", 1)).ID)
			given := fullAllocation("given", 1)
			given.ID = 60
			if putAllocation(t, tx, given).ID != 60 {
				t.Errorf("PutAllocation with ID 60 changed the ID")
			}
			ids = append(ids, 60)
		})
		update(t, s, func(tx model.Tx) { ids = append(ids, putAllocation(t, tx, fullAllocation("c", 1)).ID) })
		if !increasing(ids...) {
			t.Errorf("allocation IDs %v (the third given) are not nonzero and increasing", ids)
		}
	})

	check(t, open, "PutAllocation stores every field and replaces the record", func(t *testing.T, s model.Store) {
		var a model.Allocation
		update(t, s, func(tx model.Tx) { a = putAllocation(t, tx, fullAllocation("Sales team", 1)) })
		view(t, s, func(tx model.Tx) {
			same(t, "Allocation", got(tx.Allocation(a.ID))(t), a)
			same(t, "AllocationByName", got(tx.AllocationByName("Sales team"))(t), a)
		})
		a.UserIDs, a.Departments, a.MemberIDs, a.Rule, a.Quantity = nil, []string{"Ops"}, []model.ID{2}, false, 1
		update(t, s, func(tx model.Tx) { putAllocation(t, tx, a) })
		view(t, s, func(tx model.Tx) {
			same(t, "Allocations after a change", got(tx.Allocations())(t), []model.Allocation{a})
		})
	})

	check(t, open, "AllocationByName matches case-insensitively", func(t *testing.T, s model.Store) {
		var a model.Allocation
		update(t, s, func(tx model.Tx) { a = putAllocation(t, tx, fullAllocation("Sales Team", 1)) })
		view(t, s, func(tx model.Tx) {
			for _, n := range []string{"Sales Team", "sales team", "SALES TEAM"} {
				got, err := tx.AllocationByName(n)
				if err != nil || got.ID != a.ID {
					t.Errorf("AllocationByName(%q) = %d, %v; want %d", n, got.ID, err, a.ID)
				}
			}
		})
	})

	check(t, open, "AllocationByName follows a rename", func(t *testing.T, s model.Store) {
		var a model.Allocation
		update(t, s, func(tx model.Tx) { a = putAllocation(t, tx, fullAllocation("Sales", 1)) })
		a.Name = "Sales and Marketing"
		update(t, s, func(tx model.Tx) { putAllocation(t, tx, a) })
		view(t, s, func(tx model.Tx) {
			_, err := tx.AllocationByName("Sales")
			notFound(t, "AllocationByName of the old name", err)
			same(t, "AllocationByName of the new name", got(tx.AllocationByName("sales and marketing"))(t), a)
		})
	})

	check(t, open, "Allocations lists every allocation in ID order", func(t *testing.T, s model.Store) {
		view(t, s, func(tx model.Tx) { same(t, "Allocations of an empty store", len(got(tx.Allocations())(t)), 0) })
		update(t, s, func(tx model.Tx) {
			for _, c := range []struct {
				id   model.ID
				name string
			}{{30, "a"}, {10, "c"}, {20, "b"}} {
				a := fullAllocation(c.name, 1)
				a.ID = c.id
				putAllocation(t, tx, a)
			}
		})
		view(t, s, func(tx model.Tx) { same(t, "Allocations", allocIDs(got(tx.Allocations())(t)), []model.ID{10, 20, 30}) })
	})

	check(t, open, "DeleteAllocation removes the allocation and its name", func(t *testing.T, s model.Store) {
		var a, b model.Allocation
		update(t, s, func(tx model.Tx) {
			a, b = putAllocation(t, tx, fullAllocation("Sales", 1)), putAllocation(t, tx, fullAllocation("Ops", 1))
		})
		update(t, s, func(tx model.Tx) { must(t, tx.DeleteAllocation(a.ID), "DeleteAllocation") })
		view(t, s, func(tx model.Tx) {
			_, err := tx.Allocation(a.ID)
			notFound(t, "Allocation of the deleted allocation", err)
			_, err = tx.AllocationByName("Sales")
			notFound(t, "AllocationByName of the deleted allocation", err)
			same(t, "Allocations", got(tx.Allocations())(t), []model.Allocation{b})
		})
		update(t, s, func(tx model.Tx) {
			c := putAllocation(t, tx, fullAllocation("Sales", 1))
			same(t, "AllocationByName of a name used again", got(tx.AllocationByName("Sales"))(t).ID, c.ID)
		})
	})

	check(t, open, "DeleteAllocation of a missing allocation changes nothing", func(t *testing.T, s model.Store) {
		seed(t, s)
		before := snapshot(t, s)
		update(t, s, func(tx model.Tx) {
			if err := tx.DeleteAllocation(1 << 40); err != nil && !errors.Is(err, model.ErrNotFound) {
				t.Errorf("DeleteAllocation of a missing allocation: %v, want nil or model.ErrNotFound", err)
			}
		})
		same(t, "the store", snapshot(t, s), before)
	})
}
