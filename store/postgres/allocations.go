package postgres

import (
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/seats/seats/model"
)

// An allocation's directly named users and its current members are rows
// of their own (allocation_users, allocation_members) in the order the
// domain gives them; its departments are a text array.

const allocationCols = `id, name, product_id, quantity, departments, rule, rule_department, rule_role, created, created_ns`

var putAllocationSQL = upsert("allocations", allocationCols+", name_key")

const selectAllocation = `SELECT a.id, a.name, a.product_id, a.quantity, a.departments, a.rule, a.rule_department, a.rule_role,
	a.created, a.created_ns,
	ARRAY(SELECT user_id FROM allocation_users x WHERE x.allocation_id = a.id ORDER BY position),
	ARRAY(SELECT user_id FROM allocation_members x WHERE x.allocation_id = a.id ORDER BY position)
	FROM allocations a `

func scanAllocation(row pgx.Row) (model.Allocation, error) {
	var a model.Allocation
	var created pgtype.Timestamptz
	var createdNs int16
	var users, members []int64
	err := row.Scan(&a.ID, &a.Name, &a.ProductID, &a.Quantity, &a.Departments, &a.Rule, &a.RuleDepartment, &a.RuleRole,
		&created, &createdNs, &users, &members)
	a.Created = fromTime(created, createdNs)
	a.UserIDs, a.MemberIDs = ids(users), ids(members)
	if len(a.Departments) == 0 {
		a.Departments = nil
	}
	return a, err
}

func ids(vs []int64) []model.ID {
	if len(vs) == 0 {
		return nil
	}
	out := make([]model.ID, len(vs))
	for i, v := range vs {
		out[i] = model.ID(v)
	}
	return out
}

func (t *tx) Allocation(id model.ID) (model.Allocation, error) {
	return one(t, scanAllocation, selectAllocation+`WHERE a.id = $1`, id)
}

func (t *tx) AllocationByName(name string) (model.Allocation, error) {
	return one(t, scanAllocation, selectAllocation+`WHERE a.name_key = $1`, nameKey(name))
}

func (t *tx) Allocations() ([]model.Allocation, error) {
	if !t.write && t.held == nil {
		// The members' seats ride along: a reader lists allocations to
		// count the members holding one (HeldOf each).
		t.rideHeldByMembers()
	}
	as, err := collect(t, scanAllocation, selectAllocation+`ORDER BY a.id`)
	if err == nil && !t.write {
		// The domain asks next which members hold a seat (HeldOf).
		t.members = map[[2]model.ID]bool{}
		for _, a := range as {
			for _, id := range a.MemberIDs {
				t.members[[2]model.ID{id, a.ProductID}] = true
			}
		}
	}
	return as, err
}

func (t *tx) PutAllocation(a *model.Allocation) error {
	if err := t.assignID(idAllocation, &a.ID); err != nil {
		return err
	}
	created, createdNs := toTime(a.Created)
	var departments any
	if len(a.Departments) > 0 {
		departments = a.Departments
	}
	if err := t.exec(putAllocationSQL, a.ID, a.Name, a.ProductID, a.Quantity, departments, a.Rule, a.RuleDepartment, a.RuleRole,
		created, createdNs, nameKey(a.Name)); err != nil {
		return err
	}
	for _, list := range []struct {
		table string
		ids   []model.ID
	}{{"allocation_users", a.UserIDs}, {"allocation_members", a.MemberIDs}} {
		if err := t.exec(`DELETE FROM `+list.table+` WHERE allocation_id = $1`, a.ID); err != nil {
			return err
		}
		if len(list.ids) == 0 {
			continue
		}
		users := make([]int64, len(list.ids))
		for i, id := range list.ids {
			users[i] = int64(id)
		}
		if err := t.exec(`INSERT INTO `+list.table+` (allocation_id, position, user_id)
			SELECT $1, p - 1, u FROM unnest($2::bigint[]) WITH ORDINALITY AS x(u, p)`, a.ID, users); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) DeleteAllocation(id model.ID) error {
	if !t.write {
		return errReadOnly
	}
	if _, err := t.Allocation(id); err != nil {
		return err
	}
	return t.exec(`DELETE FROM allocations WHERE id = $1`, id)
}
