package flows

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
)

// PaneHeight is the height of the details pane under a table in a tab of
// h lines (0: no room). It is fixed per size, so the table does not jump
// as the cursor moves.
func PaneHeight(h int) int {
	switch {
	case h >= 30:
		return 7
	case h >= 16:
		return 5
	}
	return 0
}

// WithPane draws a table's view over a details pane, h lines in all: the
// pane takes PaneHeight(h) of them (none in a short tab), drawn by pane.
func WithPane(table string, h int, pane func(ph int) string) string {
	ph := PaneHeight(h)
	if ph == 0 {
		return common.Lines(table, h)
	}
	return common.Lines(table, h-ph) + "\n" + pane(ph)
}

// Pane draws a details pane in exactly h lines of w cells: a rule naming
// what it details, then body.
func Pane(st common.Styles, title string, w, h int, body []string) string {
	return common.Lines(strings.Join(append([]string{st.Subtle.Render(rule(title, w))}, body...), "\n"), h)
}

// rule is a pane's first line: "── title ─────" across w cells.
func rule(title string, w int) string {
	head := ansi.Truncate("── "+title+" ", w, "…")
	return head + strings.Repeat("─", max(w-ansi.StringWidth(head), 0))
}

// Grid lays held licenses out in as many columns as fit in w cells, row by
// row, in at most rows lines; what does not fit is counted on the last.
func Grid(held []Held, w, rows int) []string {
	if rows <= 0 {
		return nil
	}
	pw := 0
	for _, h := range held {
		pw = max(pw, ansi.StringWidth(h.Product))
	}
	pw = min(pw, 28)
	cell := func(h Held) string {
		return h.Code + "  " + common.Fit(h.Product, pw) + "  since " + model.DateOf(h.AssignedAt).String()
	}
	const gap = 4
	cw := len("LIC-000000") + 2 + pw + 2 + len("since 2006-01-02")
	cols := max((w+gap)/(cw+gap), 1)
	shown, more := held, 0
	if len(held) > cols*rows {
		shown = held[:(rows-1)*cols]
		more = len(held) - len(shown)
	}
	var lines []string
	for i := 0; i < len(shown); i += cols {
		var cells []string
		for _, h := range shown[i:min(i+cols, len(shown))] {
			cells = append(cells, common.Pad(cell(h), cw))
		}
		line := strings.TrimRight(strings.Join(cells, strings.Repeat(" ", gap)), " ")
		lines = append(lines, ansi.Truncate(line, w, "…"))
	}
	if more > 0 {
		lines = append(lines, ansi.Truncate(fmt.Sprintf("… and %d more", more), w, "…"))
	}
	return lines
}
