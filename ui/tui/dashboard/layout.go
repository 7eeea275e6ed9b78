package dashboard

import (
	"fmt"
	"slices"
	"strings"

	"github.com/seats/seats/ui/tui/common"
)

const (
	// sideBySide is the narrowest width at which the invoice and the trend
	// sit next to each other rather than one below the other.
	sideBySide = 114
	sectionGap = 3
	chartRows  = 5
	minTrend   = 40
	maxChart   = 10
)

// section is where a titled part of the dashboard starts, so the scroll
// line can say what lies below the screen.
type section struct {
	name  string
	start int
}

// doc is the dashboard laid out as lines, taller than the tab when it must.
type doc struct {
	lines    []string
	sections []section
}

func (d *doc) add(name string, lines ...string) {
	if name != "" {
		d.sections = append(d.sections, section{name, len(d.lines)})
	}
	d.lines = append(d.lines, lines...)
}

// layout renders the dashboard for the current data and size into the
// viewport. It runs when data arrives or the size changes, never in View.
func (m *Model) layout() {
	d := m.document()
	m.vp.Width = m.width
	m.scrolls = len(d.lines) > m.height
	m.vp.Height = m.height
	if m.scrolls {
		m.vp.Height = max(m.height-1, 1)
	}
	m.sections = d.sections
	m.vp.SetContent(strings.Join(d.lines, "\n"))
	m.vp.SetYOffset(m.vp.YOffset)
}

func (m *Model) document() doc {
	st, w := m.ctx.Styles, m.width
	var d doc
	if m.statusErr != nil {
		// A failed reload keeps the last summary on screen, under the error.
		d.add("", st.StatusErr.Render(common.Fit("Could not read the summary: "+m.statusErr.Error(), w)))
	}
	switch {
	case m.sum == nil && m.statusErr != nil:
		return d
	case m.sum == nil:
		d.add("", st.Subtle.Render("loading…"))
		return d
	case len(m.sum.Products) == 0:
		d.add("", common.Fit(st.Title.Render(m.sum.Org.Name)+st.Subtle.Render(" · "+m.sum.Now.Format("Mon 2006-01-02")), w), "")
		d.add("", m.gettingStarted()...)
		return d
	}
	sum := *m.sum
	table := newProductTable(sum, w).lines(st, sum)
	blocks := alertLines(st, sum.Alerts, w)

	// The first screen holds the head, the alerts and the product table:
	// when all alerts do not fit beside the table, the most severe stay on
	// top and the rest follow the table.
	head := headLines(st, sum, w)
	room := m.height - len(head) - 1 - len(table) - 1 // a gap and the scroll line
	all := 0
	for _, b := range blocks {
		all += len(b)
	}
	top := len(blocks)
	if all > room {
		used := 1 // "more below"
		top = 0
		for top < len(blocks) && (top == 0 || used+len(blocks[top]) <= room) {
			used += len(blocks[top])
			top++
		}
	}
	d.add("", head...)
	for _, b := range blocks[:top] {
		d.add("", b...)
	}
	rest := blocks[top:]
	if len(rest) > 0 {
		d.add("", st.Subtle.Render(common.Fit(fmt.Sprintf("… %d more below the products", len(rest)), w)))
	}
	d.add("", "")
	d.add("products", table...)
	if len(rest) > 0 {
		d.add("", "")
		d.add("more alerts", st.Bold.Render("More alerts"))
		for _, b := range rest {
			d.add("", b...)
		}
	}
	d.add("", "")
	m.lower(&d)
	return d
}

// lower adds the invoice preview and the trend: side by side when the
// terminal is wide, else one below the other.
func (m *Model) lower(d *doc) {
	w := m.width
	if w >= sideBySide {
		// The invoice has five columns of figures; the chart reads well
		// at two days a column.
		tw := max(minTrend, w*3/8)
		lw := w - sectionGap - tw
		inv := m.invoiceSection(lw)
		rows := min(max(len(inv)-3, chartRows), maxChart)
		d.add("invoice, trend", beside(inv, m.trendSection(tw, rows), lw, sectionGap)...)
		return
	}
	d.add("invoice", m.invoiceSection(w)...)
	d.add("", "")
	d.add("trend", m.trendSection(w, chartRows)...)
}

func (m *Model) invoiceSection(w int) []string {
	st := m.ctx.Styles
	switch {
	case m.invErr != nil:
		return append([]string{st.Bold.Render("Invoice preview")}, wrap("Could not compute it: "+m.invErr.Error(), w, 0)...)
	case m.inv == nil:
		return []string{st.Bold.Render("Invoice preview"), st.Subtle.Render("loading…")}
	}
	return invoiceLines(st, *m.inv, w)
}

func (m *Model) trendSection(w, rows int) []string {
	st := m.ctx.Styles
	title := st.Bold.Render(fmt.Sprintf("Assigned seats, last %d days", trendDays))
	switch {
	case m.trendErr != nil:
		return append([]string{title}, wrap("Could not read the history: "+m.trendErr.Error(), w, 0)...)
	case m.trend == nil:
		return []string{title, st.Subtle.Render("loading…")}
	}
	t := *m.trend
	now, then := t.Days[len(t.Days)-1], t.Days[0]
	lo, hi := slices.Min(t.Days), slices.Max(t.Days)
	out := []string{common.Fit(title, w)}
	chart := t.chart(w, rows)
	for i, l := range chart {
		if i < len(chart)-1 {
			l = st.BarFull.Render(l)
		} else {
			l = st.Subtle.Render(l)
		}
		out = append(out, l)
	}
	stats := fmt.Sprintf("now %d · low %d · peak %d", now, lo, hi)
	if more := fmt.Sprintf(" · %d days ago %d", len(t.Days), then); len([]rune(stats+more)) <= w {
		stats += more
	}
	return append(out, common.Fit(stats, w))
}

// gettingStarted is what an empty organization shows instead of numbers.
func (m *Model) gettingStarted() []string {
	st, w := m.ctx.Styles, m.width
	if !m.ctx.CanManage() {
		return wrap("No products yet. An owner or admin can create them (Products tab) or import them with: seats import products FILE.csv", w, 0)
	}
	out := []string{st.Bold.Render("No products yet. To start:"), ""}
	for _, l := range []string{
		"• Create a product: press 5 (Products), then n.",
		"• Invite a user: press 3 (Users), then n.",
		"• Or import from CSV: seats import products FILE.csv (also users, assets, licenses).",
		"• Or try it on a made-up organization: seats demo.",
	} {
		out = append(out, wrap(l, w, 2)...)
	}
	return out
}

// firstBelow names the sections that start below the visible lines.
func firstBelow(sections []section, bottom int) []string {
	var out []string
	for _, s := range sections {
		if s.start >= bottom {
			out = append(out, s.name)
		}
	}
	return out
}
