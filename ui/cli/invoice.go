package cli

import (
	"fmt"
	"io"

	"github.com/seats/seats/model"
)

var invoiceCommand = &command{
	name:    "invoice",
	summary: "invoice preview: this and the next cycle",
	about:   `Shows, per product and in total, the current cycle's base charge, the licenses added this cycle with their prorated amounts, the scheduled reductions and the next cycle's projected total (net, VAT, gross), then every license-count change since the previous invoice.`,
	open:    openRead,
	run:     runInvoice,
}

func runInvoice(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	inv, err := svc.Invoice()
	if err != nil {
		return err
	}
	return c.show(inv, func(w io.Writer) { printInvoice(w, inv) })
}

func printInvoice(w io.Writer, inv model.Invoice) {
	cur := inv.Currency
	fmt.Fprintf(w, "Invoice preview on %s, changes since %s (net amounts in %s)\n\n", day(inv.Now), day(inv.Since), cur)
	t := newTable(w, "PRODUCT", "PERIOD", "SEATS", "BASE", "ADDED", "CURRENT", "NEXT")
	for _, l := range inv.Lines {
		seats := itoa(l.Contracted)
		if l.NextCount != l.Contracted {
			seats = fmt.Sprintf("%d→%d", l.Contracted, l.NextCount)
		}
		t.row(l.Product, string(l.Period), seats, l.Base.Net.Format(cur), l.Added.Net.Format(cur), l.Current.Net.Format(cur), l.Next.Net.Format(cur))
	}
	total := "TOTAL"
	if len(inv.ByPeriod) > 1 {
		total = "ALL (monthly + yearly)"
	}
	t.row(total, "", "", inv.Base.Net.Format(cur), inv.Added.Net.Format(cur), inv.Current.Net.Format(cur), inv.Next.Net.Format(cur))
	t.flush()

	// Each period's products on their own cycle: a month's charges and a
	// year's are never one "this cycle" figure.
	io.WriteString(w, "\n")
	tt := newTable(w, "", "NET", "VAT", "GROSS")
	for _, p := range inv.ByPeriod {
		cycle := periodCycle(p.Period)
		for _, row := range []struct {
			name string
			a    model.Amount
		}{{"This " + cycle + ", " + string(p.Period) + " products", p.Current}, {"  of which added", p.Added}, {"Next " + cycle, p.Next}} {
			tt.row(row.name, row.a.Net.Format(cur), row.a.VAT.Format(cur), money(row.a.Gross, cur))
		}
	}
	tt.flush()

	var adds, reds bool
	for _, l := range inv.Lines {
		adds = adds || len(l.Additions) > 0
		reds = reds || len(l.Reductions) > 0
	}
	if adds {
		io.WriteString(w, "\nAdded this cycle:\n")
		at := newTable(w, "  TIME", "PRODUCT", "COUNT", "DAYS", "DUE", "BY")
		for _, l := range inv.Lines {
			for _, a := range l.Additions {
				at.row("  "+minute(a.Time), l.Product, fmt.Sprintf("%d → %d", a.From, a.To),
					fmt.Sprintf("%d/%s", a.DaysLeft, dayCount(l)), money(a.Due.Gross, cur), a.Actor)
			}
		}
		at.flush()
	}
	if reds {
		io.WriteString(w, "\nScheduled reductions:\n")
		rt := newTable(w, "  ON", "PRODUCT", "LICENSES")
		for _, l := range inv.Lines {
			for _, r := range l.Reductions {
				rt.row("  "+day(r.At), l.Product, fmt.Sprintf("-%d", r.Count))
			}
		}
		rt.flush()
	}
	if len(inv.Changes) == 0 {
		fmt.Fprintf(w, "\nNo license-count changes since %s.\n", day(inv.Since))
	} else {
		fmt.Fprintf(w, "\nLicense-count changes since %s:\n", day(inv.Since))
		ct := newTable(w, "  TIME", "PRODUCT", "FROM → TO", "BY")
		for _, ch := range inv.Changes {
			ct.row("  "+minute(ch.Time), ch.Product, fmt.Sprintf("%d → %d", ch.From, ch.To), ch.Actor)
		}
		ct.flush()
	}
	printRecommendations(w, inv.Recommendations)
}

// printRecommendations lists the right-sizing advice, if any.
func printRecommendations(w io.Writer, rs []model.Recommendation) {
	if len(rs) == 0 {
		return
	}
	io.WriteString(w, "\nRight-sizing (licenses idle 30 days or more):\n")
	for _, r := range rs {
		fmt.Fprintf(w, "  %s\n", r.Message)
	}
}

// dayCount is the number of days in a line's cycle, for "16/31 days".
func dayCount(l model.InvoiceLine) string {
	if l.CycleStart == "" {
		return "-"
	}
	return itoa(int(l.CycleEnd.Time().Sub(l.CycleStart.Time()).Hours()/24 + 0.5))
}

// periodCycle names a billing period's cycle: a month or a year.
func periodCycle(p model.Period) string {
	if p == model.Yearly {
		return "year"
	}
	return "month"
}
