package common

import (
	"strconv"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles is the one set of styles of a session, built from adaptive colours
// so light and dark terminals both read well. Nothing else in the UI calls
// lipgloss.NewStyle at draw time.
type Styles struct {
	App lipgloss.Style

	TabActive, TabInactive, TabBar lipgloss.Style

	Title, Subtle, Bold, Key lipgloss.Style

	TableHeader, TableCell, TableSelected, TableMarked, TableFilter lipgloss.Style

	StatusOK, StatusErr, Spinner lipgloss.Style

	Critical, Warning, Info, Good lipgloss.Style

	BarFull, BarEmpty lipgloss.Style

	Modal, ModalTitle lipgloss.Style

	FormLabel, FormFocused, FormError, FormHint lipgloss.Style

	Secret lipgloss.Style
}

// Theme colours: each a light/dark pair.
var (
	colAccent  = lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#9D86FF"}
	colSubtle  = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8A8A"}
	colSel     = lipgloss.AdaptiveColor{Light: "#E4DEFF", Dark: "#3B3363"}
	colMark    = lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#F2C94C"}
	colRed     = lipgloss.AdaptiveColor{Light: "#C0262D", Dark: "#FF6B6B"}
	colYellow  = lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#F2C94C"}
	colBlue    = lipgloss.AdaptiveColor{Light: "#1F6FEB", Dark: "#6CB6FF"}
	colGreen   = lipgloss.AdaptiveColor{Light: "#1A7F37", Dark: "#56D364"}
	colBarBack = lipgloss.AdaptiveColor{Light: "#D0D0D0", Dark: "#3A3A3A"}
)

// NewStyles builds the styles for one renderer (nil: lipgloss's default).
func NewStyles(r *lipgloss.Renderer) Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	n := r.NewStyle
	c := resolver(r)
	return Styles{
		App: n(),

		TabActive:   n().Bold(true).Foreground(c(colAccent)),
		TabInactive: n().Foreground(c(colSubtle)),
		TabBar:      n(),

		Title:  n().Bold(true).Foreground(c(colAccent)),
		Subtle: n().Foreground(c(colSubtle)),
		Bold:   n().Bold(true),
		Key:    n().Bold(true).Foreground(c(colAccent)),

		TableHeader:   n().Bold(true).Foreground(c(colAccent)),
		TableCell:     n(),
		TableSelected: n().Bold(true).Background(c(colSel)).Reverse(false),
		TableMarked:   n().Foreground(c(colMark)),
		TableFilter:   n().Foreground(c(colAccent)),

		StatusOK:  n().Foreground(c(colGreen)),
		StatusErr: n().Foreground(c(colRed)).Bold(true),
		Spinner:   n().Foreground(c(colAccent)),

		Critical: n().Foreground(c(colRed)).Bold(true),
		Warning:  n().Foreground(c(colYellow)),
		Info:     n().Foreground(c(colBlue)),
		Good:     n().Foreground(c(colGreen)),

		BarFull:  n().Foreground(c(colAccent)),
		BarEmpty: n().Foreground(c(colBarBack)),

		Modal:      n().Border(lipgloss.RoundedBorder()).BorderForeground(c(colAccent)).Padding(0, 1),
		ModalTitle: n().Bold(true).Foreground(c(colAccent)),

		FormLabel:   n().Foreground(c(colSubtle)),
		FormFocused: n().Foreground(c(colAccent)).Bold(true),
		FormError:   n().Foreground(c(colRed)),
		FormHint:    n().Foreground(c(colSubtle)).Italic(true),

		Secret: n().Foreground(c(colSubtle)),
	}
}

// resolver picks each colour's light or dark half for the renderer's
// background and converts it to the renderer's palette once, here: left
// to lipgloss, every Render would convert it again (a hex colour to the
// nearest of 256 costs a colour-distance search), and a frame renders
// hundreds of cells.
func resolver(r *lipgloss.Renderer) func(lipgloss.AdaptiveColor) lipgloss.TerminalColor {
	dark := r.HasDarkBackground()
	profile := r.ColorProfile()
	return func(a lipgloss.AdaptiveColor) lipgloss.TerminalColor {
		hex := a.Light
		if dark {
			hex = a.Dark
		}
		switch col := profile.Color(hex).(type) {
		case termenv.ANSI256Color:
			return lipgloss.Color(strconv.Itoa(int(col)))
		case termenv.ANSIColor:
			return lipgloss.Color(strconv.Itoa(int(col)))
		case nil:
			return lipgloss.NoColor{}
		}
		return lipgloss.Color(hex)
	}
}
