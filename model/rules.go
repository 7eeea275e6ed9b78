package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// afterUserChange runs after a user is invited or edited, in the same
// transaction: every allocation rule the user matches hands them a license
// of its product. A rule that cannot (no free seat, or an auto-grow product
// that would have to grow, which needs someone to confirm the price) does
// not fail the invite or edit: it records why in an EvRuleSkipped event.
func (o *op) afterUserChange(u *User) error {
	if err := o.syncMembership(*u); err != nil {
		return err
	}
	if !canHold(*u) || (u.LastDay != "" && !DateOf(o.now).Time().Before(u.LastDay.Time())) {
		return nil
	}
	allocs, err := o.tx.Allocations()
	if err != nil {
		return err
	}
	assigned := false
	for _, a := range allocs {
		if !a.ruleMatches(*u) {
			continue
		}
		p, err := o.tx.Product(a.ProductID)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if p.Kind != PerUser {
			continue // allocations are per-user only (beforeKindChange)
		}
		if _, err := o.tx.HeldOf(AssigneeUser, u.ID, p.ID); err == nil {
			continue
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		cur, err := o.tx.User(u.ID)
		if err != nil {
			return err
		}
		h := holder{kind: AssigneeUser, id: cur.ID, name: cur.Email, user: &cur}
		_, err = o.assignTo(p, h, false, "rule "+a.Name)
		if err == nil {
			assigned = true
			continue
		}
		reason := ruleSkipReason(err, p)
		if reason == "" {
			return err
		}
		if err := o.emit(Event{Kind: EvRuleSkipped, AllocationID: a.ID, ProductID: p.ID, Product: p.Name,
			UserID: u.ID, User: u.Email, Note: fmt.Sprintf("rule %s: %s", a.Name, reason)}); err != nil {
			return err
		}
	}
	if assigned {
		cur, err := o.tx.User(u.ID)
		if err != nil {
			return err
		}
		*u = cur
	}
	return nil
}

// ruleSkipReason explains a refused automatic assignment, or returns ""
// for failures that must abort the operation (damage, I/O).
func ruleSkipReason(err error, p Product) string {
	switch CodeOf(err) {
	case CodeNoSeat:
		return fmt.Sprintf("no free license of %s (%d contracted, all assigned)", p.Name, p.Contracted)
	case CodeConfirm:
		return fmt.Sprintf("no free license of %s; it is auto-grow, but growing needs a confirmed assignment", p.Name)
	case CodeConflict, CodeInvalid, CodeNotFound:
		return err.Error()
	}
	return ""
}

// beforeProductDelete runs before a product is deleted: its allocations go
// with it, each recorded.
func (o *op) beforeProductDelete(p Product) error {
	allocs, err := o.tx.Allocations()
	if err != nil {
		return err
	}
	for _, a := range allocs {
		if a.ProductID == p.ID {
			if err := o.deleteAllocation(a, p); err != nil {
				return err
			}
		}
	}
	return nil
}

// beforeKindChange refuses to make a product with allocations per-device:
// allocations reserve seats for people.
func (o *op) beforeKindChange(p Product) error {
	allocs, err := o.tx.Allocations()
	if err != nil {
		return err
	}
	var names []string
	for _, a := range allocs {
		if a.ProductID == p.ID {
			names = append(names, a.Name)
		}
	}
	if len(names) > 0 {
		return Conflictf("%s has allocations (%s): delete them before changing its assignment kind", p.Name, strings.Join(names, ", "))
	}
	return nil
}

// allocationAlerts adds the allocation alerts to a summary.
//
// Allocation conflict (warning), per product, in two forms:
//   - a user is a member (directly, by department, or by rule; see the
//     membership comment in allocations.go) of two or more allocations of
//     the product: it is unclear whose share their seat comes from;
//   - the product's allocations reserve more seats in total (the sum of
//     their quantities) than the product's contracted count: they promise
//     seats that do not exist.
//
// Allocation over quantity (warning): more of an allocation's members hold
// a license of its product than its quantity reserves.
// It also returns the allocations, which right-sizing reads too.
func (o *op) allocationAlerts(products []ProductStatus) ([]Alert, []AllocationStatus, error) {
	names := make(map[ID]string, len(products))
	contracted := make(map[ID]int, len(products))
	for _, p := range products {
		names[p.ID], contracted[p.ID] = p.Name, p.Contracted
	}
	as, err := o.allocationStatuses(names, false)
	if err != nil || len(as) == 0 {
		return nil, as, err
	}
	var out []Alert
	byProduct := map[ID][]AllocationStatus{}
	var order []ID
	for _, a := range as {
		if _, ok := byProduct[a.ProductID]; !ok {
			order = append(order, a.ProductID)
		}
		byProduct[a.ProductID] = append(byProduct[a.ProductID], a)
	}
	for _, pid := range order {
		group, name := byProduct[pid], names[pid]
		if shared := sharedMembers(group); len(shared) > 0 {
			var with []string
			for _, a := range group {
				if _, ok := slices.BinarySearch(a.MemberIDs, shared[0]); ok {
					with = append(with, a.Name)
				}
			}
			more := ""
			if len(shared) > 1 {
				more = fmt.Sprintf(" (and %s more)", plural(len(shared)-1, "user", "users"))
			}
			out = append(out, Alert{Severity: Warning, Kind: AlertAllocConflict, Product: name, Ref: "shared",
				Message: fmt.Sprintf("%s: %s is covered by allocations %s%s", name, o.assigneeName(AssigneeUser, shared[0]), strings.Join(with, " and "), more)})
		}
		total := 0
		var parts []string
		for _, a := range group {
			total += a.Quantity
			parts = append(parts, fmt.Sprintf("%s %d", a.Name, a.Quantity))
		}
		if total > contracted[pid] {
			out = append(out, Alert{Severity: Warning, Kind: AlertAllocConflict, Product: name, Ref: "reserved",
				Message: fmt.Sprintf("%s: allocations reserve %d licenses but only %d are contracted (%s)", name, total, contracted[pid], strings.Join(parts, ", "))})
		}
		for _, a := range group {
			if a.Used > a.Quantity {
				out = append(out, Alert{Severity: Warning, Kind: AlertAllocOverQuantity, Product: name, Ref: "allocation" + itoa(int(a.ID)),
					Message: fmt.Sprintf("%s: allocation %s has %s holding licenses, over its quantity of %d", name, a.Name, plural(a.Used, "member", "members"), a.Quantity)})
			}
		}
	}
	return out, as, nil
}
