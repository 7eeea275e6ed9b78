package common

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Every View is exactly its area, so the root can stack and overlay views
// without measuring them. These cut and pad text (styled or not) to size.

// Fit pads or cuts s to exactly w cells.
func Fit(s string, w int) string { return Pad(ansi.Truncate(s, w, "…"), w) }

// Pad pads s with spaces to w cells; a wider s stays as it is.
func Pad(s string, w int) string { return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0)) }

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

// Block cuts each line of s to w cells and pads or cuts s to exactly h
// lines.
func Block(s string, w, h int) string {
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		ls[i] = ansi.Truncate(l, w, "…")
	}
	return Lines(strings.Join(ls, "\n"), h)
}

// Fill draws a message (loading, empty, an error) wrapped to a w×h area.
func Fill(ctx *Context, w, h int, s string) string {
	w, h = max(w, 1), max(h, 1)
	return ctx.Styles.App.Width(w).MaxWidth(w).Height(h).MaxHeight(h).Render(s)
}

// ReplaceLastLine puts line in place of view's last line.
func ReplaceLastLine(view, line string) string {
	if i := strings.LastIndexByte(view, '\n'); i >= 0 {
		return view[:i+1] + line
	}
	return line
}

// Pending is what a table tab shows until it has rows: What names them
// ("licenses"), Empty says how to start when there are none.
type Pending struct{ What, Empty string }

// View draws in a w×h area the error of a first load that failed, the
// loading line before it answers, or Empty once it loaded no rows (none
// at all, not none matching a filter); ok is false when there are rows to
// draw instead. A failed reload keeps the rows.
func (p Pending) View(ctx *Context, w, h int, loaded bool, err error, none bool) (view string, ok bool) {
	st := ctx.Styles
	switch {
	case !loaded && err != nil:
		return Fill(ctx, w, h, st.StatusErr.Render("Could not load the "+p.What+": "+err.Error())), true
	case !loaded:
		return Fill(ctx, w, h, st.Subtle.Render("Loading "+p.What+"…")), true
	case none:
		return Fill(ctx, w, h, st.Subtle.Render(p.Empty)), true
	}
	return "", false
}

// Plural counts n of a noun: "1 license", "3 licenses".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
