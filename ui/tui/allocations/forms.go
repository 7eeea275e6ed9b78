package allocations

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/form"
)

// anyRole is the rule-role choice that matches every role.
const anyRole = "any role"

var ruleRoles = []string{anyRole, string(model.RoleOwner), string(model.RoleAdmin), string(model.RoleMember), string(model.RoleViewer)}

// choices are what an allocation's pickers offer: the per-user products
// and the users it may name (the domain's candidates).
type choices struct{ products, members []string }

func loadChoices(svc *model.Service) (choices, error) {
	ps, err := flows.Products(svc, model.PerUser)
	if err != nil {
		return choices{}, err
	}
	members, err := svc.MemberCandidates()
	return choices{products: ps, members: members}, err
}

func allocationFields(a model.AllocationStatus, c choices) []form.Field {
	products := c.products
	product := a.Product
	if product == "" {
		product = products[0]
	} else if !slices.Contains(products, product) {
		products = append([]string{product}, products...)
	}
	qty, role, rule := "", anyRole, ""
	if a.Quantity > 0 {
		qty = strconv.Itoa(a.Quantity)
	}
	if a.RuleRole != "" {
		role = string(a.RuleRole)
	}
	if a.Rule {
		rule = "yes"
	}
	return []form.Field{
		{Key: "name", Label: "Name", Value: a.Name, Validate: form.Required("a name")},
		{Key: "product", Label: "Product", Value: product, Options: products, Pick: true},
		{Key: "quantity", Label: "Quantity", Value: qty, Hint: "seats reserved", Validate: validQuantity},
		{Key: "users", Label: "Users", Value: strings.Join(a.Users, form.Separator), Options: c.members, Pick: true, Multi: true,
			Hint: "space chooses or drops a user; type to narrow"},
		{Key: "departments", Label: "Departments", Value: strings.Join(a.Departments, ", "), Hint: "comma-separated"},
		{Key: "rule", Label: "Automatic rule", Value: rule, Checkbox: true, Hint: "matching users get a license when invited or changed"},
		{Key: "rule_department", Label: "Rule department", Value: a.RuleDepartment},
		{Key: "rule_role", Label: "Rule role", Value: role, Options: ruleRoles},
	}
}

// apply copies the form's own fields (not product and users, which the
// domain resolves) onto a.
func apply(a *model.Allocation, v form.Values) {
	a.Name = v["name"]
	a.Quantity, _ = strconv.Atoi(strings.TrimSpace(v["quantity"]))
	a.Departments = form.Split(v["departments"])
	a.Rule = v.Bool("rule")
	a.RuleDepartment = v["rule_department"]
	a.RuleRole = ""
	if r := v["rule_role"]; r != anyRole {
		a.RuleRole = model.Role(r)
	}
}

func validQuantity(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n <= 0 {
		return model.Invalidf("the quantity is a whole number of seats, at least 1")
	}
	return nil
}

func newForm(ctx *common.Context, c choices) *form.Model {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return form.New(ctx, "New allocation", allocationFields(model.AllocationStatus{}, c), func(v form.Values) (string, error) {
		var a model.Allocation
		apply(&a, v)
		a, err := svc.CreateAllocation(actor, a, v["product"], form.Split(v["users"]))
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("allocation %s created: %d of %s", a.Name, a.Quantity, v["product"]), nil
	})
}

func editForm(ctx *common.Context, cur model.AllocationStatus, c choices) *form.Model {
	svc, actor, name := ctx.Svc, ctx.ActorEmail(), cur.Name
	return form.New(ctx, "Edit allocation "+name, allocationFields(cur, c), func(v form.Values) (string, error) {
		product, users := v["product"], form.Split(v["users"])
		a, err := svc.EditAllocation(actor, name, func(a *model.Allocation) error { apply(a, v); return nil }, &product, &users)
		if err != nil {
			return "", err
		}
		return "allocation " + a.Name + " updated", nil
	})
}

// confirmDelete asks before deleting an allocation for good (Rule 8).
func confirmDelete(ctx *common.Context, a model.AllocationStatus) *form.ConfirmModel {
	svc, actor, name := ctx.Svc, ctx.ActorEmail(), a.Name
	detail := []string{
		fmt.Sprintf("It reserves %d of %s for %s.", a.Quantity, a.Product, common.Plural(len(a.Members), "member", "members")),
		"Licenses it led to stay assigned; its rule stops handing out new ones.",
		"",
		"This cannot be undone.",
	}
	return form.Confirm(ctx, "Delete allocation "+name+"?", detail, func() (string, error) {
		if err := svc.DeleteAllocation(actor, name); err != nil {
			return "", err
		}
		return "allocation " + name + " deleted", nil
	})
}
