package common

import (
	"io"
	"math"
	"reflect"
	"strconv"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
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

// Every style of a session, as built, in both themes and in the two
// palettes terminals use (true colour, and the 256 colours tmux and
// screen often give, where each colour becomes its nearest of 256): text
// reads at 4.5:1 on what it is drawn on (its own background or the
// theme's), and the non-text marks (bars, the modal's border) at WCAG's
// 3:1 for graphics.
func TestEveryStyleAsBuiltReadsInBothThemesAndPalettes(t *testing.T) {
	nonText := map[string]bool{"BarFull": true, "Modal": true}
	// BarEmpty is the bar's track: the full part stands out from it and
	// from the background, the track needs not.
	skip := map[string]bool{"BarEmpty": true}
	for _, dark := range []bool{false, true} {
		for _, profile := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(profile)
			r.SetHasDarkBackground(dark)
			st := NewStyles(r)
			fg, bg := "#000000", "#FFFFFF"
			theme := "light"
			if dark {
				fg, bg, theme = bg, fg, "dark"
			}
			v := reflect.ValueOf(st)
			for i := range v.NumField() {
				name := v.Type().Field(i).Name
				s := v.Field(i).Interface().(lipgloss.Style)
				if skip[name] {
					continue
				}
				text, back := hexOf(t, s.GetForeground(), fg), hexOf(t, s.GetBackground(), bg)
				if nonText[name] {
					text = hexOf(t, s.GetBorderTopForeground(), text)
				}
				want := 4.5
				if nonText[name] {
					want = 3
				}
				if c := contrast(t, text, back); c < want {
					t.Errorf("%s theme, %s: %s reads at %.2f:1 (%s on %s), want %.1f:1", theme, profileName(profile), name, c, text, back, want)
				}
			}
		}
	}
}

func profileName(p termenv.Profile) string {
	if p == termenv.ANSI256 {
		return "256 colours"
	}
	return "true colour"
}

// hexOf is a style's colour as #RRGGBB (def when it sets none).
func hexOf(t *testing.T, c lipgloss.TerminalColor, def string) string {
	t.Helper()
	switch c := c.(type) {
	case lipgloss.NoColor, nil:
		return def
	case lipgloss.Color:
		tc := termenv.TrueColor.Color(string(c))
		if n, err := strconv.Atoi(string(c)); err == nil {
			tc = termenv.ANSI256Color(n)
		}
		return termenv.ConvertToRGB(tc).Hex()
	}
	t.Fatalf("colour %T %v", c, c)
	return ""
}
