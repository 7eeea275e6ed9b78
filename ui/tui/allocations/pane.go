package allocations

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
)

// pane explains the selected allocation under the table: what it
// reserves and how much is used, its rule in words, its conflicts, and
// its members, as many as fit.
func (t *Tab) pane(h int) string {
	st, w := t.ctx.Styles, max(t.width, 1)
	a, ok := t.selected()
	if !ok {
		return common.Lines("", h)
	}
	var lines []string
	// add wraps a paragraph into what is left of the pane under its rule;
	// the last line that fits says when some was cut.
	add := func(text string, style func(...string) string) {
		for _, l := range strings.Split(ansi.Wrap(text, w, " ,"), "\n") {
			if len(lines) == h-1 {
				lines[h-2] = ansi.Truncate(lines[h-2], max(w-1, 1), "") + "…"
				return
			}
			lines = append(lines, style(l))
		}
	}
	plain := func(s ...string) string { return strings.Join(s, "") }

	use := fmt.Sprintf("Reserves %d; %d of its %s hold a license.", a.Quantity, a.Used, common.Plural(len(a.Members), "member", "members"))
	if a.Used > a.Quantity {
		use += fmt.Sprintf(" Over its quantity by %d.", a.Used-a.Quantity)
	}
	if a.Rule {
		use += " Rule: " + a.Product + " for " + ruleWords(a) + ", when invited or changed."
	}
	add(use, plain)
	if a.Conflict() {
		add("! Shares members with "+strings.Join(a.ConflictWith, ", ")+" (same product): they are counted in both.", st.Warning.Render)
	}
	if len(a.Members) > 0 {
		add("Members: "+strings.Join(a.Members, ", "), plain)
	}
	return flows.Pane(st, a.Name+" · "+a.Product, w, h, lines)
}

// ruleWords says whom a rule matches: "Sales members", "admins", "everyone in Sales".
func ruleWords(a model.AllocationStatus) string {
	switch {
	case a.RuleDepartment != "" && a.RuleRole != "":
		return string(a.RuleRole) + "s in " + a.RuleDepartment
	case a.RuleDepartment != "":
		return "everyone in " + a.RuleDepartment
	}
	return string(a.RuleRole) + "s"
}
