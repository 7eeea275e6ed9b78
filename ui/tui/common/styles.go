package common

import "github.com/charmbracelet/lipgloss"

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
	return Styles{
		App: n(),

		TabActive:   n().Bold(true).Foreground(colAccent),
		TabInactive: n().Foreground(colSubtle),
		TabBar:      n(),

		Title:  n().Bold(true).Foreground(colAccent),
		Subtle: n().Foreground(colSubtle),
		Bold:   n().Bold(true),
		Key:    n().Bold(true).Foreground(colAccent),

		TableHeader:   n().Bold(true).Foreground(colAccent),
		TableCell:     n(),
		TableSelected: n().Bold(true).Background(colSel).Reverse(false),
		TableMarked:   n().Foreground(colMark),
		TableFilter:   n().Foreground(colAccent),

		StatusOK:  n().Foreground(colGreen),
		StatusErr: n().Foreground(colRed).Bold(true),
		Spinner:   n().Foreground(colAccent),

		Critical: n().Foreground(colRed).Bold(true),
		Warning:  n().Foreground(colYellow),
		Info:     n().Foreground(colBlue),
		Good:     n().Foreground(colGreen),

		BarFull:  n().Foreground(colAccent),
		BarEmpty: n().Foreground(colBarBack),

		Modal:      n().Border(lipgloss.RoundedBorder()).BorderForeground(colAccent).Padding(0, 1),
		ModalTitle: n().Bold(true).Foreground(colAccent),

		FormLabel:   n().Foreground(colSubtle),
		FormFocused: n().Foreground(colAccent).Bold(true),
		FormError:   n().Foreground(colRed),
		FormHint:    n().Foreground(colSubtle).Italic(true),

		Secret: n().Foreground(colSubtle),
	}
}
