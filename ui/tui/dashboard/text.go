package dashboard

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/ui/tui/common"
)

// right aligns s to the right of w cells.
func right(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}

// wrap word-wraps s to w cells, each line after the first indented by
// indent spaces (a hanging indent under a marker).
func wrap(s string, w, indent int) []string {
	lines := strings.Split(ansi.Wrap(s, max(w-indent, 8), " "), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = strings.Repeat(" ", indent) + lines[i]
	}
	return lines
}

// beside draws two blocks of lines next to each other, left padded to lw.
func beside(left, right []string, lw, gap int) []string {
	out := make([]string, max(len(left), len(right)))
	for i := range out {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = strings.TrimRight(common.Fit(l, lw)+strings.Repeat(" ", gap)+r, " ")
	}
	return out
}
