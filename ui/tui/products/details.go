package products

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
)

// keyState is how the details pane shows license keys.
type keyState int

const (
	keysMasked     keyState = iota
	keysRevealable          // masked, and the actor may press r
	keysShown
)

// details draws every field of one product under the table, flowing the
// fields into as few lines as the width allows; keys stay masked unless
// revealed. It returns at most maxLines lines.
func details(st common.Styles, p model.ProductStatus, currency string, ks keyState, width, maxLines int) []string {
	or := func(s string) string {
		if s == "" {
			return "—"
		}
		return s
	}
	item := func(label, value string) string { return st.Subtle.Render(label) + " " + value }
	yesNo := map[bool]string{true: "yes", false: "no"}

	title := st.Title.Render(p.Name)
	var about []string
	for _, s := range []string{p.Software, p.Vendor} {
		if s != "" && s != p.Name {
			about = append(about, s)
		}
	}
	if len(about) > 0 {
		title += st.Subtle.Render(" — " + strings.Join(about, " · "))
	}
	lines := []string{ansi.Truncate(title, width, "…")}

	seats := []string{item("contracted", fmt.Sprint(p.Contracted)), item("assigned", fmt.Sprint(p.Active)),
		item("available", fmt.Sprint(p.Available)), item("deactivated", fmt.Sprint(p.Deactivated))}
	if p.PendingRemoval > 0 {
		seats = append(seats, st.Warning.Render(fmt.Sprintf("%d to be removed at the cycle end", p.PendingRemoval)))
	}
	price := fmt.Sprintf("%s net + %s %% VAT = %s %s", p.NetPrice.Format(currency), model.FormatVAT(p.VATBasis), p.GrossPrice().Format(currency), currency)
	if p.Period == model.NoBilling {
		price += " per license, no billing period"
	} else {
		price += " per license, " + string(p.Period)
	}
	keys := st.Secret.Render(or(p.MaskedKeys()))
	switch ks {
	case keysShown:
		keys = strings.ReplaceAll(p.Keys, "\n", " ")
	case keysRevealable:
		keys += st.Subtle.Render(" (r reveals)")
	}
	groups := [][]string{
		seats,
		{item("price", price)},
		{item("kind", string(p.Kind)), item("type", or(p.LicenseType)), item("policy", string(p.Policy)),
			item("reduce on termination", yesNo[p.ReduceOnTermination])},
		{item("purchased", or(string(p.Purchased))), item("expires", or(string(p.Expires))), item("support until", or(string(p.SupportUntil)))},
		{item("invoice", or(p.Invoice)), item("serial", or(p.Serial)), item("inventory", or(p.Inventory)),
			item("unit", or(p.OrgUnit)), item("location", or(p.Location))},
		{item("keys", keys)},
	}
	for _, g := range groups {
		lines = append(lines, flow(g, width, st.Subtle.Render(" · "))...)
	}
	if p.Notes != "" {
		// Notes are prose: they wrap into whatever lines are left.
		notes := strings.Split(ansi.Wrap(item("notes", p.Notes), width, ""), "\n")
		if room := maxLines - len(lines); len(notes) > room && room > 0 {
			notes = notes[:room]
			notes[room-1] = ansi.Truncate(notes[room-1], width-1, "") + "…"
		}
		lines = append(lines, notes...)
	}
	if len(lines) > maxLines {
		lines = lines[:max(maxLines, 0)]
	}
	return lines
}

// flow joins items with sep into lines of at most width cells, breaking
// only between items (an item wider than a line is truncated).
func flow(items []string, width int, sep string) []string {
	var lines []string
	cur := ""
	for _, it := range items {
		switch {
		case cur == "":
			cur = it
		case ansi.StringWidth(cur)+ansi.StringWidth(sep)+ansi.StringWidth(it) <= width:
			cur += sep + it
		default:
			lines = append(lines, ansi.Truncate(cur, width, "…"))
			cur = it
		}
	}
	if cur != "" {
		lines = append(lines, ansi.Truncate(cur, width, "…"))
	}
	return lines
}
