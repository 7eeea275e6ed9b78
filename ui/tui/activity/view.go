package activity

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/table"
)

// columns of the log, at 120 cells exactly their preferred widths. Time,
// actor, kind and subject say who did what and always stay (the actor is
// what an auditor reads the log for); in narrow terminals the sequence
// number drops first, then the change.
func columns() []table.Column {
	return []table.Column{
		colSeq:     {Title: "Seq", Width: 7, Min: 4, Right: true, Priority: 3},
		colTime:    {Title: "Time", Width: 16, Min: 16},
		colActor:   {Title: "Actor", Width: 20, Min: 12},
		colKind:    {Title: "Kind", Width: 18, Min: 18},
		colSubject: {Title: "Subject", Width: 24, Min: 14, Flex: true},
		colChange:  {Title: "From → to / note", Width: 28, Min: 16, Flex: true, Priority: 1},
	}
}

// View is the table and a footer saying how much of the log is loaded.
func (m *Model) View() string {
	st := m.ctx.Styles
	if !m.loaded {
		if m.err != nil {
			return common.Block(st.StatusErr.Render("Could not read the event log: "+m.err.Error()), m.width, m.height)
		}
		return common.Block(st.Subtle.Render("loading…"), m.width, m.height)
	}
	if m.total == 0 {
		return common.Block(st.Subtle.Render("No events yet: every change anyone makes is recorded here."), m.width, m.height)
	}
	return m.tbl.View() + "\n" + st.Subtle.Render(ansi.Truncate(m.footer(), m.width, "…"))
}

// footer says how much of the log is loaded (the table's own status line
// above it counts rows and matches).
func (m *Model) footer() string {
	n := len(m.src.rows)
	var parts []string
	switch {
	case m.complete():
		parts = append(parts, "all "+count(n, "event", "events")+" loaded")
	default:
		parts = append(parts, fmt.Sprintf("newest %s of %s events loaded", thousands(uint64(n)), thousands(m.total)))
		switch {
		case m.loadingOlder:
			parts = append(parts, "loading older…")
		case m.tbl.Query() != "":
			parts = append(parts, "the filter searches what is loaded: move past its last match to load older")
		default:
			parts = append(parts, "older load as you scroll")
		}
	}
	if m.err != nil {
		parts = append(parts, "error: "+m.err.Error())
	}
	return strings.Join(parts, " · ")
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(uint64(n)) + " " + many
}

// thousands writes n with thousands separators: 1,234,567.
func thousands(n uint64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
