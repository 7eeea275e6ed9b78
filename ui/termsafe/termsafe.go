// Package termsafe keeps text from the database or from a user from
// acting on a terminal. Such text may hold C0 and C1 controls, escape
// sequences (an OSC 52 writes the clipboard, others retitle the window or
// move the cursor) or bidi overrides that make a line read differently
// than it is: the domain refuses most of them on input, but a file can be
// made by hand, and output is where it is decided what reaches a screen.
package termsafe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Replacement stands where a control was, so that its place is visible.
const Replacement = '\uFFFD'

// Unsafe reports whether r must not reach a terminal raw: C0 controls
// other than newline and tab, DEL, C1 controls, and the bidi formatting
// characters (embeddings, overrides, isolates and marks).
func Unsafe(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		return true
	case r == utf8.RuneError:
		return false
	}
	return unicode.Is(unicode.Bidi_Control, r)
}

// String returns s with every unsafe rune replaced and invalid UTF-8
// made valid (a stray byte 0x9b is a C1 CSI to some terminals).
func String(s string) string {
	if clean(s) {
		return s
	}
	s = strings.ToValidUTF8(s, string(Replacement))
	return strings.Map(func(r rune) rune {
		if Unsafe(r) {
			return Replacement
		}
		return r
	}, s)
}

// Line is String on one line: line breaks and tabs become spaces, for a
// table cell or a status line.
func Line(s string) string {
	s = String(s)
	if !strings.ContainsAny(s, "\n\t") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// clean is the fast path: printable ASCII, newlines and tabs only.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f {
			return false
		}
	}
	return true
}
