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
		from, to := changedPart(e.From, e.To)
		add(from + " → " + to)
	case e.From != "":
		add("from " + e.From)
	case e.To != "":
		add("to " + e.To)
	}
	if e.Amount != 0 {
		add("due " + e.Amount.Format(currency) + " " + currency)
	}
	add(e.Note)
	return strings.Join(parts, ", ")
}

// A change a person reads on one line: past this many characters both
// sides are cut down to where they differ.
const changeWidth = 80

// changedPart shortens a long from → to (a multi-line note edited) to
// the part that differs, with a few words of context either side and the
// name of the field it lies in ("notes: …ext. 4411. → …ext. 4520.");
// lines are joined with ⏎. The event keeps both whole texts: this is only
// how it is shown.
func changedPart(from, to string) (string, string) {
	if len([]rune(from))+len([]rune(to)) <= changeWidth {
		return from, to
	}
	a, b := []rune(from), []rune(to)
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	const context = 10
	// Context starts at a word: after a space a little before the
	// window, else after one inside it.
	start := max(pre-context, 0)
	for j := start - 1; start > 0 && j >= max(start-context, 0); j-- {
		if a[j] == ' ' || a[j] == '\n' {
			start = j + 1
			break
		}
	}
	field := ""
	if k := strings.LastIndex(string(a[:pre]), "="); k > 0 {
		head := string(a[:pre])[:k]
		name := head[strings.LastIndex(head, " ")+1:]
		if len([]rune(head))-len([]rune(name)) < start {
			field = name + ": "
		}
	}
	// The two differing middles share what is left of the line; a short
	// one leaves its room to the other.
	room := changeWidth - len([]rune(field))
	midA, midB := len(a)-suf-pre, len(b)-suf-pre
	capA, capB := room/2, room/2
	if midA < capA {
		capB += capA - midA
	} else if midB < capB {
		capA += capB - midB
	}
	show := func(r []rune, mid, limit int) string {
		var out strings.Builder
		if start > 0 {
			out.WriteString("…")
		}
		out.WriteString(string(r[start:pre]))
		if mid > limit {
			out.WriteString(string(r[pre:pre+max(limit-1, 0)]) + "…")
		} else {
			end := min(pre+mid+context, len(r))
			out.WriteString(string(r[pre:end]))
			if end < len(r) {
				out.WriteString("…")
			}
		}
		return strings.ReplaceAll(out.String(), "\n", " ⏎ ")
	}
	return field + show(a, midA, capA), show(b, midB, capB)
}
