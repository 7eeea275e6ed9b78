package allocations

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/table"
)

// view is one of the tab's tables, cycled with v.
type view int

const (
	viewAllocations view = iota
	viewByUser
	viewByDepartment
	viewByProduct
	numViews
)

var viewNames = [numViews]string{"Allocations", "By user", "By department", "By product"}

// usageBy is the domain's grouping for each usage view.
var usageBy = [numViews]string{
	viewByUser:       model.UsageByUser,
	viewByDepartment: model.UsageByDepartment,
	viewByProduct:    model.UsageByProduct,
}

// Allocation columns. "!" marks a conflict: a member covered by another
// allocation of the same product; Conflicts names those allocations. In
// narrow terminals the highest Priority goes first.
const (
	colConflict = iota
	colName
	colProduct
	colQuantity
	colUsed
	colMembers
	colRule
	colCovers
	colConflicts
)

var allocationColumns = []table.Column{
	colConflict:  {Title: "!", Width: 1, Min: 1},
	colName:      {Title: "Name", Width: 20, Min: 10, Flex: true},
	colProduct:   {Title: "Product", Width: 26, Min: 10, Priority: 1},
	colQuantity:  {Title: "Qty", Width: 4, Min: 3, Right: true},
	colUsed:      {Title: "Used", Width: 5, Min: 4, Right: true},
	colMembers:   {Title: "Members", Width: 7, Min: 4, Priority: 2, Right: true},
	colRule:      {Title: "Rule", Width: 18, Min: 10, Priority: 3},
	colConflicts: {Title: "Conflicts with", Width: 20, Min: 10, Priority: 4, Flex: true},
	colCovers:    {Title: "Covers", Width: 16, Min: 10, Priority: 5, Flex: true},
}

// rows collects a table's cells; an ID per row keeps the cursor on it
// across reloads.
type rows struct{ table.Rows }

func (r *rows) add(id uint64, cells ...string) {
	r.IDs = append(r.IDs, id)
	r.Cells = append(r.Cells, cells)
}

func allocationRows(as []model.AllocationStatus) table.Rows {
	var r rows
	for _, a := range as {
		mark := ""
		if a.Conflict() {
			mark = "!"
		}
		r.add(a.ID, mark, a.Name, a.Product, strconv.Itoa(a.Quantity), usedText(a), strconv.Itoa(len(a.Members)),
			ruleText(a), coversText(a), strings.Join(a.ConflictWith, ", "))
	}
	return r.Rows
}

// usedText flags an allocation whose members hold more than it reserves.
func usedText(a model.AllocationStatus) string {
	if a.Used > a.Quantity {
		return strconv.Itoa(a.Used) + "+"
	}
	return strconv.Itoa(a.Used)
}

// ruleText is who the automatic rule matches, "Sales/member" (the product
// has its own column; the pane says it in full).
func ruleText(a model.AllocationStatus) string {
	if !a.Rule {
		return ""
	}
	var who []string
	if a.RuleDepartment != "" {
		who = append(who, a.RuleDepartment)
	}
	if a.RuleRole != "" {
		who = append(who, string(a.RuleRole))
	}
	return strings.Join(who, "/")
}

// coversText names who the allocation covers besides its rule.
func coversText(a model.AllocationStatus) string {
	var parts []string
	switch len(a.Users) {
	case 0:
	case 1:
		parts = append(parts, a.Users[0])
	default:
		parts = append(parts, fmt.Sprintf("%d users", len(a.Users)))
	}
	return strings.Join(append(parts, a.Departments...), ", ")
}

func usageColumns(v view) []table.Column {
	cost := table.Column{Title: "Monthly cost", Width: 14, Min: 10, Priority: 1, Right: true}
	switch v {
	case viewByUser:
		return []table.Column{
			{Title: "Email", Width: 30, Min: 16, Flex: true},
			{Title: "Name", Width: 22, Min: 10, Priority: 2, Flex: true},
			{Title: "Department", Width: 16, Min: 8, Priority: 3, Flex: true},
			{Title: "Licenses", Width: 8, Min: 4, Right: true},
			cost,
		}
	case viewByDepartment:
		return []table.Column{
			{Title: "Department", Width: 24, Min: 10, Flex: true},
			{Title: "Users", Width: 6, Min: 5, Right: true},
			{Title: "Licenses", Width: 8, Min: 4, Right: true},
			cost,
		}
	}
	return []table.Column{
		{Title: "Product", Width: 24, Min: 10, Flex: true},
		{Title: "Assigned", Width: 8, Min: 4, Right: true},
		{Title: "Contracted", Width: 10, Min: 5, Priority: 2, Right: true},
		{Title: "Utilization", Width: 11, Min: 6, Priority: 3, Right: true},
		cost,
	}
}

// usageRows builds a usage view's rows; a row's ID is a hash of its key so
// the cursor stays on it across reloads.
func usageRows(v view, us []model.UsageRow, currency string) table.Rows {
	var r rows
	money := func(m model.Money) string { return m.Format(currency) + " " + currency }
	for _, u := range us {
		id := keyID(u.Key)
		switch v {
		case viewByUser:
			r.add(id, u.Key, u.Name, u.Department, strconv.Itoa(u.Licenses), money(u.MonthlyCost))
		case viewByDepartment:
			r.add(id, u.Key, strconv.Itoa(u.Users), strconv.Itoa(u.Licenses), money(u.MonthlyCost))
		default:
			r.add(id, u.Key, strconv.Itoa(u.Licenses), strconv.Itoa(u.Contracted),
				strconv.FormatFloat(u.Utilization, 'f', 1, 64)+"%", money(u.MonthlyCost))
		}
	}
	return r.Rows
}

func keyID(k string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(strings.ToLower(k)))
	return h.Sum64()
}
