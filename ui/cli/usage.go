package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/seats/seats/model"
)

var usageGroupings = []string{model.UsageByUser, model.UsageByDepartment, model.UsageByProduct}

var usageCommand = &command{
	name:    "usage",
	summary: "license usage and monthly cost by user, department or product",
	about:   "Reports the licenses held and their net monthly cost (yearly prices spread over twelve months) per user, per department or per product.",
	flags:   []flagDef{{name: "by", kind: valueFlag, arg: "GROUP", help: "user, department or product (default user)"}},
	open:    openRead,
	run:     runUsage,
}

func runUsage(c *call) error {
	by := strings.ToLower(strings.TrimSpace(c.args.str("by")))
	if by == "" {
		by = model.UsageByUser
	}
	if !slices.Contains(usageGroupings, by) {
		return usagef("--by %q: want user, department or product", cut(by, 40))
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	rows, err := svc.Usage(by)
	if err != nil {
		return err
	}
	org, err := svc.Org()
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []model.UsageRow{}
	}
	return c.show(rows, func(w io.Writer) { printUsage(w, by, rows, org.Currency) })
}

func printUsage(w io.Writer, by string, rows []model.UsageRow, currency string) {
	if len(rows) == 0 {
		io.WriteString(w, "Nothing to report yet.\n")
		return
	}
	cost := "MONTHLY (" + currency + ")"
	var total model.Money
	switch by {
	case model.UsageByProduct:
		t := newTable(w, "PRODUCT", "ASSIGNED", "CONTRACTED", "USED", cost)
		for _, r := range rows {
			t.row(r.Key, itoa(r.Licenses), itoa(r.Contracted), fmt.Sprintf("%.1f%%", r.Utilization), r.MonthlyCost.Format(currency))
			total += r.MonthlyCost
		}
		t.row("TOTAL", "", "", "", total.Format(currency))
		t.flush()
	case model.UsageByDepartment:
		t := newTable(w, "DEPARTMENT", "USERS", "LICENSES", cost)
		for _, r := range rows {
			t.row(r.Key, itoa(r.Users), itoa(r.Licenses), r.MonthlyCost.Format(currency))
			total += r.MonthlyCost
		}
		t.row("TOTAL", "", "", total.Format(currency))
		t.flush()
	default:
		t := newTable(w, "EMAIL", "NAME", "DEPARTMENT", "LICENSES", cost).limit(1, 16).limit(2, 12)
		for _, r := range rows {
			t.row(r.Key, r.Name, orDash(r.Department), itoa(r.Licenses), r.MonthlyCost.Format(currency))
			total += r.MonthlyCost
		}
		t.row("TOTAL", "", "", "", total.Format(currency))
		t.flush()
	}
}
