package common

import (
	"math"
	"strconv"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

// luminance is WCAG 2's relative luminance of a #RRGGBB colour.
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil || len(hex) != 7 {
		t.Fatalf("%q is not #RRGGBB", hex)
	}
	ch := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(v>>16&0xff) + 0.7152*ch(v>>8&0xff) + 0.0722*ch(v&0xff)
}

func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// Text drawn in a theme colour must read at WCAG's 4.5:1 on that theme's
// background, and the selected row's text on its highlight.
func TestEveryTextColourReadsAtFourAndAHalfToOneInBothThemes(t *testing.T) {
	text := map[string]lipgloss.AdaptiveColor{
		"accent": colAccent, "subtle": colSubtle, "mark": colMark, "red": colRed,
		"yellow": colYellow, "blue": colBlue, "green": colGreen,
	}
	themes := []struct {
		name, bg, fg string
		pick         func(lipgloss.AdaptiveColor) string
	}{
		{"light", "#FFFFFF", "#000000", func(c lipgloss.AdaptiveColor) string { return c.Light }},
		{"dark", "#000000", "#FFFFFF", func(c lipgloss.AdaptiveColor) string { return c.Dark }},
	}
	for _, th := range themes {
		for name, c := range text {
			if r := contrast(t, th.pick(c), th.bg); r < 4.5 {
				t.Errorf("%s theme: %s text reads at %.2f:1 on the background", th.name, name, r)
			}
		}
		if r := contrast(t, th.fg, th.pick(colSel)); r < 4.5 {
			t.Errorf("%s theme: the selected row reads at %.2f:1", th.name, r)
		}
	}
}
