package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/seats/seats/model"
)

// allocationFields are the allocation flags shared by add and edit.
var allocationFields = []field[model.Allocation]{
	valueField("quantity", "N", "how many licenses it reserves", parsePositive, func(a *model.Allocation) *int { return &a.Quantity }),
	listField("department", "NAME", "a member department (replaces them all on edit)", func(a *model.Allocation) *[]string { return &a.Departments }),
	renamed(valueField("rule-role", "ROLE", "the role the automatic rule matches (with --rule)", model.ParseRole, func(a *model.Allocation) *model.Role { return &a.RuleRole }), "role"),
	boolField("rule", "make it an automatic rule: matching users get a license when invited or changed (=false to stop)", func(a *model.Allocation) *bool { return &a.Rule }),
}

var renameAllocation = []field[model.Allocation]{
	textField("name", "NAME", "rename the allocation", func(a *model.Allocation) *string { return &a.Name }),
}

var (
	allocProductFlag = flagDef{name: "product", kind: valueFlag, arg: "NAME", help: "the per-user product it reserves"}
	allocUserFlag    = flagDef{name: "user", kind: listFlag, arg: "EMAIL", help: "a member user (replaces them all on edit)"}
)

var allocationsListCommand = &command{
	name:    "allocations list",
	summary: "every allocation with its usage, rule and conflicts",
	about:   "Lists every allocation: product, quantity, how many members hold a license, the automatic rule and conflicts with other allocations of the same product.",
	open:    openRead,
	run:     runAllocationsList,
}

var allocationsAddCommand = &command{
	name:    "allocations add",
	args:    []string{"NAME"},
	summary: "reserve licenses for users or departments",
	about: `Reserves a quantity of a per-user product for its members: users and departments. With --rule it is an automatic rule: a user of the department and/or role given who is invited or changed gets a license of the product. Example:
seats allocations add Sales-Office --product "Office 365" --quantity 20 --department Sales --rule`,
	flags: slices.Concat([]flagDef{withRequired(allocProductFlag), allocUserFlag}, requireFlags(fieldFlags(allocationFields), "quantity")),
	open:  openWrite,
	run:   runAllocationsAdd,
}

var allocationsEditCommand = &command{
	name:    "allocations edit",
	args:    []string{"NAME"},
	summary: "change an allocation",
	about:   "Changes what is given; the rest stays as it is. --user and --department replace the lists.",
	flags:   slices.Concat([]flagDef{allocProductFlag, allocUserFlag}, fieldFlags(renameAllocation, allocationFields)),
	open:    openWrite,
	run:     runAllocationsEdit,
}

var allocationsDeleteCommand = &command{
	name:    "allocations delete",
	args:    []string{"NAME"},
	summary: "delete an allocation for good",
	about:   "Deletes an allocation and its rule for good, after confirmation. The licenses it led to stay assigned.",
	confirm: true,
	open:    openWrite,
	run:     runAllocationsDelete,
}

func withRequired(d flagDef) flagDef {
	d.required = true
	return d
}

func runAllocationsList(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	as, err := svc.Allocations()
	if err != nil {
		return err
	}
	if as == nil {
		as = []model.AllocationStatus{}
	}
	return c.show(as, func(w io.Writer) {
		if len(as) == 0 {
			io.WriteString(w, "No allocations yet: add one with 'seats allocations add NAME --product P --quantity N'.\n")
			return
		}
		t := newTable(w, "ALLOCATION", "PRODUCT", "USED", "RULE", "CONFLICTS WITH").limit(3, 12).limit(4, 16)
		for _, a := range as {
			t.row(a.Name, a.Product, fmt.Sprintf("%d/%d", a.Used, a.Quantity),
				orDash(ruleText(a.Allocation)), orDash(strings.Join(a.ConflictWith, ", ")))
		}
		t.flush()
	})
}

// ruleText renders an automatic rule: "Sales+admin".
func ruleText(a model.Allocation) string {
	if !a.Rule {
		return ""
	}
	var parts []string
	if a.RuleDepartment != "" {
		parts = append(parts, a.RuleDepartment)
	}
	if a.RuleRole != "" {
		parts = append(parts, string(a.RuleRole))
	}
	return strings.Join(parts, "+")
}

// userEmailsArg reads --user: nil when not given.
func (c *call) userEmailsArg() (*[]string, error) {
	if !c.args.has("user") {
		return nil, nil
	}
	out := []string{}
	for _, e := range c.args.list("user") {
		n, err := model.NormalizeEmail(e)
		if err != nil {
			return nil, usagef("--user: %v", err)
		}
		out = append(out, n)
	}
	return &out, nil
}

func runAllocationsAdd(c *call) error {
	if c.args.has("rule-role") && !c.args.on("rule") {
		return usagef("--rule-role is what an automatic rule matches: add --rule")
	}
	edit, err := patch(c, allocationFields)
	if err != nil {
		return err
	}
	users, err := c.userEmailsArg()
	if err != nil {
		return err
	}
	a := model.Allocation{Name: c.pos(0)}
	if err := edit(&a); err != nil {
		return err
	}
	var emails []string
	if users != nil {
		emails = *users
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if a, err = svc.CreateAllocation(c.actor, a, c.args.str("product"), emails); err != nil {
		return err
	}
	return c.showAllocation(svc, a.Name, "added")
}

func runAllocationsEdit(c *call) error {
	fields := slices.Concat(renameAllocation, allocationFields)
	if !c.args.has("product") && !c.args.has("user") {
		if err := needSome(c, fields); err != nil {
			return err
		}
	}
	edit, err := patch(c, fields)
	if err != nil {
		return err
	}
	users, err := c.userEmailsArg()
	if err != nil {
		return err
	}
	var product *string
	if c.args.has("product") {
		p := c.args.str("product")
		product = &p
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	a, err := svc.EditAllocation(c.actor, c.pos(0), func(a *model.Allocation) error {
		if c.args.has("department") {
			// A rule's department follows the departments given (the
			// domain takes a single department as the rule's).
			a.RuleDepartment = ""
		}
		return edit(a)
	}, product, users)
	verb, err := editVerb(err)
	if err != nil {
		return err
	}
	return c.showAllocation(svc, a.Name, verb)
}

// showAllocation prints an allocation after a change, with its usage.
func (c *call) showAllocation(svc *model.Service, name, verb string) error {
	as, err := svc.Allocations()
	if err != nil {
		return err
	}
	i := slices.IndexFunc(as, func(a model.AllocationStatus) bool { return a.Name == name })
	if i < 0 {
		return fmt.Errorf("allocation %q vanished", name)
	}
	a := as[i]
	return c.show(a, func(w io.Writer) {
		fmt.Fprintf(w, "%s %s: %d of %s reserved for %s, %d in use", verb, a.Name, a.Quantity, a.Product,
			plural(len(a.Members), "member", "members"), a.Used)
		if r := ruleText(a.Allocation); r != "" {
			fmt.Fprintf(w, ", rule %s", r)
		}
		if a.Conflict() {
			fmt.Fprintf(w, "; conflicts with %s", strings.Join(a.ConflictWith, ", "))
		}
		io.WriteString(w, "\n")
	})
}

func runAllocationsDelete(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	as, err := svc.Allocations()
	if err != nil {
		return err
	}
	name := c.pos(0)
	i := slices.IndexFunc(as, func(a model.AllocationStatus) bool { return strings.EqualFold(a.Name, name) })
	if i < 0 {
		return fmt.Errorf("no allocation %q", name)
	}
	a := as[i]
	if err := c.confirm(fmt.Sprintf("Delete allocation %s (%d of %s) for good?", a.Name, a.Quantity, a.Product)); err != nil {
		return err
	}
	if err := svc.DeleteAllocation(c.actor, a.Name); err != nil {
		return err
	}
	return c.show(deletedJSON{Deleted: a.Name}, func(w io.Writer) {
		fmt.Fprintf(w, "deleted allocation %s\n", a.Name)
	})
}
