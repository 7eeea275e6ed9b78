package model

import (
	"fmt"
	"strings"
)

// Change says what an event changed, in the words every interface uses:
// the contracted count, from → to, the amount charged, and the note.
func (e Event) Change(currency string) string {
	var parts []string
	add := func(s string) {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if e.ChangesCount() || e.Kind == EvRemovalScheduled || e.CountFrom != 0 || e.CountTo != 0 {
		add(fmt.Sprintf("contracted %d → %d", e.CountFrom, e.CountTo))
	}
	switch {
	case e.From != "" && e.To != "":
		add(e.From + " → " + e.To)
	case e.From != "":
		add("from " + e.From)
	case e.To != "":
		add("to " + e.To)
	}
	if e.Amount != 0 {
		add("due " + e.Amount.Format() + " " + currency)
	}
	add(e.Note)
	return strings.Join(parts, ", ")
}
