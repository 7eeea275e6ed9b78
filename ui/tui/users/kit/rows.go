package kit

import (
	"strings"

	"github.com/seats/seats/ui/tui/common"
)

// Fill draws a message (loading, empty, error) in the tab's whole area.
func Fill(ctx *common.Context, w, h int, s string) string {
	w, h = max(w, 1), max(h, 1)
	return ctx.Styles.App.Width(w).MaxWidth(w).Height(h).MaxHeight(h).Render(s)
}

// Lines pads or cuts s to exactly h lines.
func Lines(s string, h int) string {
	ls := strings.Split(s, "\n")
	if len(ls) > h {
		ls = ls[:h]
	}
	for len(ls) < h {
		ls = append(ls, "")
	}
	return strings.Join(ls, "\n")
}
