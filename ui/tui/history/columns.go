package history

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
)

// Column widths of the event rows. Time is always whole; actor and kind
// take what the events need up to a cap; details take the rest and wrap.
const (
	timeWidth  = 16 // 2006-01-02 15:04
	gap        = 2
	maxActor   = 22
	maxKind    = 26
	minDetails = 34
	// stackIndent indents the details under their event when the box is
	// too narrow for a details column.
	stackIndent = 4
)

type columns struct {
	inner, actor, kind, details int
	// stacked puts the details on the lines below time, actor and kind.
	stacked bool
}

func columnsFor(events []model.Event, inner int) columns {
	c := columns{inner: inner, kind: len("Kind")}
	actor := len("Actor")
	for _, e := range events {
		actor = max(actor, ansi.StringWidth(e.Actor))
		c.kind = max(c.kind, len(e.Kind))
	}
	c.actor, c.kind = min(actor, maxActor), min(c.kind, maxKind)
	c.details = inner - timeWidth - c.actor - c.kind - 3*gap
	if c.details < minDetails {
		// The details go below, so the actor may take the whole line
		// but what time and kind need; it gives way first.
		c.stacked = true
		c.details = max(inner-stackIndent, 10)
		c.actor = max(min(actor, inner-timeWidth-c.kind-2*gap), 8)
	}
	return c
}

func (c columns) header() string {
	h := common.Fit("Time", timeWidth) + spaces(gap) + common.Fit("Actor", c.actor) + spaces(gap) + common.Fit("Kind", c.kind)
	if !c.stacked {
		h += spaces(gap) + "Details"
	}
	return ansi.Truncate(h, c.inner, "")
}

// row renders one event as one or more lines.
func (c columns) row(e model.Event, subject, change string) string {
	details := subject
	if subject != "" && change != "" {
		details += " · "
	}
	details += change
	first := common.Fit(Minute(e.Time), timeWidth) + spaces(gap) + common.Fit(e.Actor, c.actor) + spaces(gap) + common.Fit(e.Kind, c.kind)
	wrapped := strings.Split(ansi.Wrap(details, c.details, " ,"), "\n")
	if c.stacked {
		lines := []string{ansi.Truncate(strings.TrimRight(first, " "), c.inner, "…")}
		if details != "" {
			for _, l := range wrapped {
				lines = append(lines, spaces(stackIndent)+l)
			}
		}
		return strings.Join(lines, "\n")
	}
	indent := spaces(c.inner - c.details)
	lines := make([]string, len(wrapped))
	for i, l := range wrapped {
		if i == 0 {
			lines[i] = first + spaces(gap) + l
		} else {
			lines[i] = indent + l
		}
	}
	return strings.Join(lines, "\n")
}

func spaces(n int) string { return strings.Repeat(" ", max(n, 0)) }
