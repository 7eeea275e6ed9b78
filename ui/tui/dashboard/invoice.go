package dashboard

import (
	"fmt"
	"strings"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
)

// recentChanges is how many license-count changes the invoice section
// lists; the rest are counted (the Products tab has each one's history).
const recentChanges = 4

// invoiceLines draws the invoice preview in w cells: per product the net
// base of the current cycle, the prorated additions, the scheduled
// reductions and the next cycle's projection; then the totals as net, VAT
// and gross; then the latest license-count changes since the last invoice.
func invoiceLines(st common.Styles, inv model.Invoice, w int) []string {
	cur := inv.Currency
	out := []string{st.Bold.Render("Invoice preview") + st.Subtle.Render(common.Fit(" · net "+cur+" per product", max(w-15, 0)))}
	if len(inv.Lines) == 0 {
		return append(out, st.Subtle.Render("Nothing to bill yet."))
	}

	perProduct := [][]string{{"Product", "This cycle", "Added", "Removing", "Next cycle"}}
	for _, l := range inv.Lines {
		perProduct = append(perProduct, []string{l.Product, moneyOrDash(l.Base.Net, cur), moneyOrDash(l.Added.Net, cur), reductionText(l), moneyOrDash(l.Next.Net, cur)})
	}
	for i, r := range grid(perProduct, w) {
		if i == 0 {
			r = st.TableHeader.Render(r)
		}
		out = append(out, r)
	}

	// Totals per billing period, net and gross: a month's charges and a
	// year's are never added into one "this cycle".
	totals := [][]string{{"Total " + cur, "Base", "Added", "This cycle", "Next cycle"}}
	for _, p := range inv.ByPeriod {
		for _, part := range []struct {
			label string
			get   func(model.Amount) model.Money
		}{
			{"net", func(a model.Amount) model.Money { return a.Net }},
			{"gross", func(a model.Amount) model.Money { return a.Gross }},
		} {
			totals = append(totals, []string{capital(string(p.Period)) + ", " + part.label, part.get(p.Base).Format(cur),
				part.get(p.Added).Format(cur), part.get(p.Current).Format(cur), part.get(p.Next).Format(cur)})
		}
	}
	out = append(out, "")
	for i, r := range grid(totals, w) {
		switch {
		case i == 0:
			r = st.TableHeader.Render(r)
		case i%2 == 0:
			r = st.Bold.Render(r) // each period's gross
		}
		out = append(out, r)
	}
	out = append(out, changeLines(st, inv, w)...)
	return append(out, rightSizingLines(st, inv.Recommendations, w)...)
}

// rightSizingLines is the advice to remove idle licenses, one wrapped
// line each, under the invoice it would lower.
func rightSizingLines(st common.Styles, rs []model.Recommendation, w int) []string {
	if len(rs) == 0 {
		return nil
	}
	out := []string{"", st.Bold.Render(common.Fit("Right-sizing (idle 30 days or more)", w))}
	for _, r := range rs {
		out = append(out, wrap("• "+r.Message, w, 2)...)
	}
	return out
}

// reductionText is a line's scheduled reductions: how many seats leave and
// when the first of them does.
func reductionText(l model.InvoiceLine) string {
	if l.PendingRemoval == 0 || len(l.Reductions) == 0 {
		return "–"
	}
	return fmt.Sprintf("−%d on %s", l.PendingRemoval, l.Reductions[0].At.Format("01-02"))
}

// grid lays rows out in w cells: every column after the first is right
// aligned and as wide as its widest cell; the first takes what is left.
func grid(rows [][]string, w int) []string {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	first := w
	for _, cw := range widths[1:] {
		first -= cw + colGap
	}
	first = min(max(first, 8), widths[0]+colGap)
	out := make([]string, len(rows))
	for i, r := range rows {
		var b strings.Builder
		b.WriteString(common.Fit(r[0], first))
		for j, c := range r[1:] {
			b.WriteString(strings.Repeat(" ", colGap) + right(c, widths[j+1]))
		}
		out[i] = common.Fit(b.String(), w)
	}
	return out
}

func moneyOrDash(m model.Money, currency string) string {
	if m == 0 {
		return "–"
	}
	return m.Format(currency)
}

// changeLines lists the latest license-count changes since the previous
// invoice, newest last.
func changeLines(st common.Styles, inv model.Invoice, w int) []string {
	since := inv.Since.Format("2006-01-02")
	if len(inv.Changes) == 0 {
		return []string{"", st.Subtle.Render(common.Fit("No license-count changes since "+since+".", w))}
	}
	title := fmt.Sprintf("License-count changes since %s", since)
	shown := inv.Changes[max(len(inv.Changes)-recentChanges, 0):]
	if n := len(inv.Changes) - len(shown); n > 0 {
		title += fmt.Sprintf(" (latest %d of %d)", len(shown), len(inv.Changes))
	}
	out := []string{"", st.Bold.Render(common.Fit(title, w))}
	for _, c := range shown {
		out = append(out, common.Fit(fmt.Sprintf("%s  %s %d → %d  %s", c.Time.Format("01-02 15:04"), c.Product, c.From, c.To, c.Actor), w))
	}
	return out
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
