package dashboard

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
)

// headLines name the organization and the day, and count the alerts by
// severity (their markers doubling as the legend): one line when it fits.
func headLines(st common.Styles, sum model.Summary, w int) []string {
	counts := alertCounts(sum.Alerts)
	for _, day := range []string{"Mon 2006-01-02", "2006-01-02"} {
		head := sum.Org.Name + " · " + sum.Now.Format(day)
		if len(sum.Alerts) > 0 && len([]rune(head))+len(" · Alerts: ")+len([]rune(counts)) <= w {
			return []string{st.Title.Render(sum.Org.Name) + st.Subtle.Render(" · "+sum.Now.Format(day)+" · ") +
				st.Bold.Render("Alerts: ") + counts}
		}
	}
	head := common.Fit(st.Title.Render(sum.Org.Name)+st.Subtle.Render(" · "+sum.Now.Format("2006-01-02")), w)
	if len(sum.Alerts) == 0 {
		return []string{head, st.Good.Render(common.Fit("No alerts: nothing needs attention.", w))}
	}
	return []string{head, common.Fit(st.Bold.Render("Alerts: ")+counts, w)}
}

// marker is an alert's severity in a form that reads without colour.
func marker(st common.Styles, sev model.Severity, wide bool) (string, int) {
	var sign, word string
	style := st.Info
	switch sev {
	case model.Critical:
		sign, word, style = "!!", "critical", st.Critical
	case model.Warning:
		sign, word, style = "! ", "warning", st.Warning
	default:
		sign, word = "i ", "info"
	}
	if !wide {
		return style.Render(sign) + " ", 3
	}
	return style.Render(common.Fit(sign+" "+word, 11)) + " ", 12
}

// alertCounts counts alerts by severity, with the markers as legend.
func alertCounts(alerts []model.Alert) string {
	n := map[model.Severity]int{}
	for _, a := range alerts {
		n[a.Severity]++
	}
	var parts []string
	for _, s := range []struct {
		sev  model.Severity
		sign string
	}{{model.Critical, "!!"}, {model.Warning, "!"}, {model.Info, "i"}} {
		if n[s.sev] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d %s", s.sign, n[s.sev], s.sev))
		}
	}
	return strings.Join(parts, " · ")
}

// alertLines renders each alert wrapped under its marker; the result has
// one block of lines per alert so a caller can cut between alerts.
func alertLines(st common.Styles, alerts []model.Alert, w int) [][]string {
	wide := w >= 100
	out := make([][]string, len(alerts))
	for i, a := range alerts {
		m, indent := marker(st, a.Severity, wide)
		lines := wrap(a.Message, w, indent)
		lines[0] = m + lines[0]
		out[i] = lines
	}
	return out
}

// countColumns are the product table's count columns, in three widths of
// heading; the widest set that leaves room for names and bars is used.
var countColumns = [][]string{
	{"Contracted", "Assigned", "Available", "Deactivated this cycle", "Pending removal"},
	{"Contracted", "Assigned", "Available", "Deact. (cycle)", "Pending"},
	{"Contr.", "Assigned", "Avail.", "Deact.", "Pending"},
}

const (
	colGap     = 2
	minName    = 16
	maxName    = 32
	minBar     = 10
	maxBar     = 30
	pctWidth   = 4 // 100%
	totalLabel = "All products"
)

// productTable is the product table's layout at one width.
type productTable struct {
	heads     []string
	name, bar int
	width     int
}

func newProductTable(sum model.Summary, w int) productTable {
	longest := len(totalLabel)
	for _, p := range sum.Products {
		longest = max(longest, len([]rune(p.Name)))
	}
	t := productTable{width: w}
	for _, heads := range countColumns {
		t.heads = heads
		counts := 0
		for _, h := range heads {
			counts += colGap + len(h)
		}
		spare := w - counts - colGap - 1 - pctWidth
		if spare >= minName+minBar {
			t.name = min(max(longest, minName), maxName, spare-minBar)
			t.bar = min(spare-t.name, maxBar)
			return t
		}
	}
	// Very narrow: whatever is left, names first.
	counts := 0
	for _, h := range t.heads {
		counts += colGap + len(h)
	}
	t.name = max(w-counts-colGap-minBar, 8)
	t.bar = minBar
	return t
}

func (t productTable) lines(st common.Styles, sum model.Summary) []string {
	var b strings.Builder
	b.WriteString(common.Fit("Product", t.name))
	for _, h := range t.heads {
		b.WriteString(strings.Repeat(" ", colGap) + h)
	}
	b.WriteString(strings.Repeat(" ", colGap) + "Utilization")
	out := []string{st.TableHeader.Render(common.Fit(b.String(), t.width))}

	deactivatedThisCycle := 0
	for _, p := range sum.Products {
		deactivatedThisCycle += p.DeactivatedThisCycle
	}
	out = append(out, t.row(st, st.Bold.Render(totalLabel),
		[]int{sum.Contracted, sum.Assigned, sum.Available, deactivatedThisCycle, sum.PendingRemoval}))
	for _, p := range sum.Products {
		out = append(out, t.row(st, p.Name, []int{p.Contracted, p.Active, p.Available, p.DeactivatedThisCycle, p.PendingRemoval}))
	}
	return out
}

// row draws a name, the counts (contracted, assigned, …) and the
// utilization bar of assigned over contracted.
func (t productTable) row(st common.Styles, name string, counts []int) string {
	var b strings.Builder
	b.WriteString(common.Fit(name, t.name))
	for i, h := range t.heads {
		b.WriteString(strings.Repeat(" ", colGap) + right(strconv.Itoa(counts[i]), len(h)))
	}
	b.WriteString(strings.Repeat(" ", colGap))
	b.WriteString(bar(st, counts[1], counts[0], t.bar))
	return b.String()
}

// bar draws used of total as a bar of w cells and a percentage; over 100 %
// (an overage) the percentage is critical.
func bar(st common.Styles, used, total, w int) string {
	if total <= 0 {
		return st.BarEmpty.Render(strings.Repeat("░", w)) + " " + right("–", pctWidth)
	}
	full := min((used*w+total/2)/total, w)
	if used > 0 && full == 0 {
		full = 1 // any use shows
	}
	pct := (used*100 + total/2) / total
	p := right(strconv.Itoa(pct)+"%", pctWidth)
	if used > total {
		p = st.Critical.Render(p)
	}
	return st.BarFull.Render(strings.Repeat("█", full)) + st.BarEmpty.Render(strings.Repeat("░", w-full)) + " " + p
}
