package model

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Membership of an allocation, used for its usage, its conflicts and its
// alerts: a user is a member when they are an employee who is not
// terminated (the only people who can hold a license) and they are named
// directly, or their department is one of the allocation's departments, or
// the allocation carries a rule and the user matches it. A rule's users
// are the group it hands licenses to, so they count against its quantity.
// The members are kept in Allocation.MemberIDs: computed with one scan of
// the users when the allocation is created or edited, and updated for one
// user whenever that user is invited, edited, terminated or changes role
// (syncMembership), so reading them never scans every user. An import
// keeps them in memory until it ends (members.go).

// AllocationStatus is an allocation with what it covers now.
type AllocationStatus struct {
	Allocation
	Product string `json:"product"`
	// Users are the directly named members' emails.
	Users []string `json:"users"`
	// Members are every member's email (direct, by department, by rule).
	Members []string `json:"members"`
	// Used is how many members hold a license of the product.
	Used int `json:"used"`
	// ConflictWith names the other allocations of the same product that
	// cover one of this allocation's members.
	ConflictWith []string `json:"conflict_with,omitempty"`
}

// Conflict reports whether a member is also covered by another allocation
// of the same product.
func (a AllocationStatus) Conflict() bool { return len(a.ConflictWith) > 0 }

// ruleMatches reports whether an allocation's automatic rule covers u.
func (a Allocation) ruleMatches(u User) bool {
	if !a.Rule || (a.RuleDepartment == "" && a.RuleRole == "") {
		return false
	}
	if a.RuleDepartment != "" && !strings.EqualFold(a.RuleDepartment, u.Department) {
		return false
	}
	return a.RuleRole == "" || a.RuleRole == u.Role
}

// covers reports whether u is a member of a (see the membership comment).
func (a Allocation) covers(u User) bool {
	if !canHold(u) {
		return false
	}
	if slices.Contains(a.UserIDs, u.ID) || a.ruleMatches(u) {
		return true
	}
	return u.Department != "" && slices.ContainsFunc(a.Departments, func(d string) bool { return strings.EqualFold(d, u.Department) })
}

// canHold reports whether a user may hold licenses at all.
func canHold(u User) bool { return u.Kind == KindEmployee && u.State != StateTerminated }

// validateAllocation normalizes and checks an allocation's own fields;
// product and users are resolved by the caller.
func validateAllocation(a *Allocation) error {
	var err error
	if a.Name, err = cleanText(a.Name, "allocation name", 100); err != nil {
		return err
	}
	if a.Name == "" {
		return Invalidf("an allocation name is required")
	}
	if strings.Contains(a.Name, "\n") {
		return Invalidf("allocation name must be one line")
	}
	if err := positive(a.Quantity, "allocation quantity"); err != nil {
		return err
	}
	if err := checkSeats(a.Quantity, "allocation quantity"); err != nil {
		return err
	}
	var depts []string
	for _, d := range a.Departments {
		d, err := cleanText(d, "department", 100)
		if err != nil {
			return err
		}
		if d != "" && !slices.ContainsFunc(depts, func(x string) bool { return strings.EqualFold(x, d) }) {
			depts = append(depts, d)
		}
	}
	a.Departments = depts
	if a.RuleDepartment, err = cleanText(a.RuleDepartment, "rule department", 100); err != nil {
		return err
	}
	if a.RuleRole != "" {
		if a.RuleRole, err = ParseRole(string(a.RuleRole)); err != nil {
			return err
		}
	}
	// "--department D --rule" means the rule is about that department.
	if a.Rule && a.RuleDepartment == "" && a.RuleRole == "" && len(a.Departments) == 1 {
		a.RuleDepartment = a.Departments[0]
	}
	if a.Rule && a.RuleDepartment == "" && a.RuleRole == "" {
		return Invalidf("an automatic rule needs a department or a role to match")
	}
	if !a.Rule && len(a.UserIDs) == 0 && len(a.Departments) == 0 {
		return Invalidf("an allocation needs members (users or departments) or an automatic rule")
	}
	return nil
}

// allocationProduct resolves the product an allocation reserves. Only
// per-user products: allocations reserve seats for people.
func (o *op) allocationProduct(name string) (Product, error) {
	p, err := o.productByName(name)
	if err != nil {
		return Product{}, err
	}
	if p.Kind != PerUser {
		return Product{}, Conflictf("%s is %s: allocations reserve per-user licenses for people", p.Name, p.Kind)
	}
	return p, nil
}

// allocationUsers resolves member emails to IDs: each must be an employee
// who can hold licenses. Duplicates collapse.
func (o *op) allocationUsers(emails []string) ([]ID, error) {
	var ids []ID
	for _, e := range emails {
		u, err := o.userByEmail(e)
		if err != nil {
			return nil, err
		}
		if err := canBeMember(u); err != nil {
			return nil, err
		}
		if !slices.Contains(ids, u.ID) {
			ids = append(ids, u.ID)
		}
	}
	return ids, nil
}

func (o *op) allocationNameFree(name string, self ID) error {
	other, err := o.tx.AllocationByName(name)
	if err == nil && other.ID != self {
		return Conflictf("an allocation named %q already exists", other.Name)
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	return nil
}

func (o *op) allocationByName(name string) (Allocation, error) {
	n := strings.TrimSpace(name)
	if n == "" {
		return Allocation{}, Invalidf("an allocation name is required")
	}
	a, err := o.tx.AllocationByName(n)
	if errors.Is(err, ErrNotFound) {
		return Allocation{}, NotFoundf("no allocation %q", n)
	}
	return a, err
}

// allocationLine renders an allocation for its events.
func (o *op) allocationLine(a Allocation, product string) string {
	var users []string
	for _, id := range a.UserIDs {
		users = append(users, o.assigneeName(AssigneeUser, id))
	}
	parts := []string{"product=" + product, "quantity=" + itoa(a.Quantity)}
	if len(users) > 0 {
		parts = append(parts, "users="+strings.Join(users, ","))
	}
	if len(a.Departments) > 0 {
		parts = append(parts, "departments="+strings.Join(a.Departments, ","))
	}
	if a.Rule {
		rule := []string{}
		if a.RuleDepartment != "" {
			rule = append(rule, "department "+a.RuleDepartment)
		}
		if a.RuleRole != "" {
			rule = append(rule, "role "+string(a.RuleRole))
		}
		parts = append(parts, "rule="+strings.Join(rule, "+"))
	}
	return strings.Join(parts, " ")
}

// CreateAllocation reserves quantity seats of a product for its members.
func (s *Service) CreateAllocation(actor string, a Allocation, productName string, userEmails []string) (Allocation, error) {
	err := s.update(actor, func(o *op) error {
		p, err := o.allocationProduct(productName)
		if err != nil {
			return err
		}
		if a.UserIDs, err = o.allocationUsers(userEmails); err != nil {
			return err
		}
		a.ID, a.ProductID, a.Created = 0, p.ID, o.now
		if err := validateAllocation(&a); err != nil {
			return err
		}
		if err := o.allocationNameFree(a.Name, 0); err != nil {
			return err
		}
		if a.MemberIDs, err = allocationMembers(o.tx, a); err != nil {
			return err
		}
		if err := o.tx.PutAllocation(&a); err != nil {
			return err
		}
		return o.emit(Event{Kind: EvAllocationCreated, AllocationID: a.ID, ProductID: p.ID, Product: p.Name,
			Note: a.Name, To: o.allocationLine(a, p.Name)})
	})
	return a, err
}

// EditAllocation applies edit (may be nil) to the allocation's current
// record; productName and userEmails, when not nil, replace the product
// and the directly named users.
func (s *Service) EditAllocation(actor, name string, edit func(*Allocation) error, productName *string, userEmails *[]string) (Allocation, error) {
	var a Allocation
	err := s.update(actor, func(o *op) error {
		cur, err := o.allocationByName(name)
		if err != nil {
			return err
		}
		a = cur
		a.UserIDs = slices.Clone(cur.UserIDs)
		a.Departments = slices.Clone(cur.Departments)
		if edit != nil {
			if err := edit(&a); err != nil {
				return err
			}
		}
		a.ID, a.Created, a.ProductID, a.UserIDs, a.MemberIDs = cur.ID, cur.Created, cur.ProductID, cur.UserIDs, cur.MemberIDs
		oldProduct, err := o.product(cur.ProductID)
		if err != nil {
			return err
		}
		p := oldProduct
		if productName != nil {
			if p, err = o.allocationProduct(*productName); err != nil {
				return err
			}
			a.ProductID = p.ID
		}
		if userEmails != nil {
			if a.UserIDs, err = o.allocationUsers(*userEmails); err != nil {
				return err
			}
		}
		if err := validateAllocation(&a); err != nil {
			return err
		}
		if err := o.allocationNameFree(a.Name, a.ID); err != nil {
			return err
		}
		from, to := o.allocationLine(cur, oldProduct.Name), o.allocationLine(a, p.Name)
		if from == to && a.Name == cur.Name {
			a = cur
			return unchanged("allocation " + cur.Name)
		}
		if a.MemberIDs, err = allocationMembers(o.tx, a); err != nil {
			return err
		}
		if a.Name != cur.Name {
			from, to = "name="+cur.Name+" "+from, "name="+a.Name+" "+to
		}
		if err := o.tx.PutAllocation(&a); err != nil {
			return err
		}
		return o.emit(Event{Kind: EvAllocationUpdated, AllocationID: a.ID, ProductID: p.ID, Product: p.Name,
			Note: a.Name, From: from, To: to})
	})
	return a, err
}

// DeleteAllocation removes an allocation for good (Rule 8: the interface
// confirms first). Licenses it led to stay assigned.
func (s *Service) DeleteAllocation(actor, name string) error {
	return s.update(actor, func(o *op) error {
		a, err := o.allocationByName(name)
		if err != nil {
			return err
		}
		p, err := o.product(a.ProductID)
		if err != nil {
			return err
		}
		return o.deleteAllocation(a, p)
	})
}

func (o *op) deleteAllocation(a Allocation, p Product) error {
	if err := o.tx.DeleteAllocation(a.ID); err != nil {
		return err
	}
	return o.emit(Event{Kind: EvAllocationDeleted, AllocationID: a.ID, ProductID: p.ID, Product: p.Name,
		Note: a.Name, From: o.allocationLine(a, p.Name)})
}

// Allocations lists every allocation with its members, usage and conflicts.
func (s *Service) Allocations() ([]AllocationStatus, error) {
	var out []AllocationStatus
	err := s.view(func(o *op) error {
		var err error
		out, err = o.allocationStatuses(nil, true)
		return err
	})
	return out, err
}

// allocationMembers computes an allocation's members from scratch: one
// scan of the users when a department or a rule needs matching, else one
// lookup per named user.
func allocationMembers(tx Tx, a Allocation) ([]ID, error) {
	ids := []ID{}
	if len(a.Departments) > 0 || a.Rule {
		if err := tx.Users(func(u User) bool {
			if a.covers(u) {
				ids = append(ids, u.ID)
			}
			return true
		}); err != nil {
			return nil, err
		}
	} else {
		for _, id := range a.UserIDs {
			u, err := tx.User(id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			if a.covers(u) {
				ids = append(ids, u.ID)
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// syncMembership brings every allocation's members up to date for one user
// whose department, role, kind or state may have changed. In an import
// the kept allocations change instead (memberTx); one operation rewrites
// the allocations it changes.
func (o *op) syncMembership(u User) error {
	if mt := memberTxOf(o.tx); mt != nil {
		return mt.sync(u)
	}
	allocs, err := o.tx.Allocations()
	if err != nil {
		return err
	}
	for _, a := range allocs {
		i, has := slices.BinarySearch(a.MemberIDs, u.ID)
		in := a.covers(u)
		switch {
		case in == has:
			continue
		case in:
			a.MemberIDs = slices.Insert(a.MemberIDs, i, u.ID)
		default:
			a.MemberIDs = slices.Delete(a.MemberIDs, i, i+1)
		}
		if err := o.tx.PutAllocation(&a); err != nil {
			return err
		}
	}
	return nil
}

// checkAllocations verifies for the invariant checker that every
// allocation names an existing per-user product and a positive quantity,
// and that its kept members are exactly those it covers.
func checkAllocations(tx Tx, products map[ID]Product, fail func(string, ...any)) error {
	allocs, err := tx.Allocations()
	if err != nil {
		return err
	}
	for _, a := range allocs {
		p, ok := products[a.ProductID]
		switch {
		case !ok:
			fail("allocation %s reserves missing product %d", a.Name, a.ProductID)
		case p.Kind != PerUser:
			fail("allocation %s reserves %s, which is %s", a.Name, p.Name, p.Kind)
		}
		if a.Quantity <= 0 {
			fail("allocation %s has quantity %d", a.Name, a.Quantity)
		}
		want, err := allocationMembers(tx, a)
		if err != nil {
			return err
		}
		if !slices.Equal(want, a.MemberIDs) && !(len(want) == 0 && len(a.MemberIDs) == 0) {
			fail("allocation %s keeps members %v, but covers %v", a.Name, a.MemberIDs, want)
		}
	}
	return nil
}

// allocationStatuses computes every allocation's usage and conflicts from
// its kept members: one holder-index lookup per member, never a scan of
// the licenses or the users. With emails, members are also read to list
// them (the allocations screen); the dashboard's alerts do without.
// names, when given, maps product IDs to names.
func (o *op) allocationStatuses(names map[ID]string, emails bool) ([]AllocationStatus, error) {
	allocs, err := o.tx.Allocations()
	if err != nil {
		return nil, err
	}
	out := make([]AllocationStatus, 0, len(allocs))
	if len(allocs) == 0 {
		return out, nil
	}
	if names == nil {
		names = map[ID]string{}
		ps, err := o.tx.Products()
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			names[p.ID] = p.Name
		}
	}
	for _, a := range allocs {
		as := AllocationStatus{Allocation: a, Product: names[a.ProductID], Users: []string{}, Members: []string{}}
		if emails {
			for _, id := range a.UserIDs {
				as.Users = append(as.Users, o.assigneeName(AssigneeUser, id))
			}
			for _, id := range a.MemberIDs {
				as.Members = append(as.Members, o.assigneeName(AssigneeUser, id))
			}
			slices.Sort(as.Members)
		}
		for _, id := range a.MemberIDs {
			if _, err := o.tx.HeldOf(AssigneeUser, id, a.ProductID); err == nil {
				as.Used++
			} else if !errors.Is(err, ErrNotFound) {
				return nil, err
			}
		}
		out = append(out, as)
	}
	// A member shared by two allocations of one product is a conflict on both.
	byMember := map[[2]ID][]int{}
	for i := range out {
		for _, id := range out[i].MemberIDs {
			k := [2]ID{out[i].ProductID, id}
			byMember[k] = append(byMember[k], i)
		}
	}
	for _, idx := range byMember {
		for _, i := range idx {
			for _, j := range idx {
				if i != j && !slices.Contains(out[i].ConflictWith, out[j].Name) {
					out[i].ConflictWith = append(out[i].ConflictWith, out[j].Name)
				}
			}
		}
	}
	for i := range out {
		slices.Sort(out[i].ConflictWith)
	}
	return out, nil
}

// sharedMembers lists the IDs of users covered by more than one of the
// given allocations (all of one product), in ID order.
func sharedMembers(as []AllocationStatus) []ID {
	count := map[ID]int{}
	for _, a := range as {
		for _, id := range a.MemberIDs {
			count[id]++
		}
	}
	var out []ID
	for id, n := range count {
		if n > 1 {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
