package tuitest

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Flat is a view's text without styles, box borders and line breaks, its
// runs of spaces folded, so a phrase is found wherever it wraps.
func Flat(view string) string {
	s := strings.NewReplacer("│", " ", "╭", " ", "╮", " ", "╰", " ", "╯", " ", "─", " ").Replace(ansi.Strip(view))
	return strings.Join(strings.Fields(s), " ")
}

// Contains fails the test unless s holds every one of subs.
func Contains(t testing.TB, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Fatalf("%q not in:\n%s", sub, s)
		}
	}
}
