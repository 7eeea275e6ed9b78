package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxNameLen is the longest product, asset or allocation name, in bytes.
const MaxNameLen = 100

// ImportedName fits a name another tool allows into the names Seats
// takes: cut to MaxNameLen on a character boundary, and, when taken says
// the name is in use already (another tool allows duplicates), told apart
// by distinct (a serial number or an asset tag) or else by a number:
// "Office (ABC-1)", "Office #2".
func ImportedName(name, distinct string, taken func(string) bool) string {
	name = strings.Join(strings.Fields(name), " ")
	fit := func(base, suffix string) string {
		for len(base)+len(suffix) > MaxNameLen {
			_, size := utf8.DecodeLastRuneInString(base)
			base = base[:len(base)-size]
		}
		return strings.TrimSpace(base) + suffix
	}
	n := fit(name, "")
	if !taken(n) {
		return n
	}
	if d := strings.Join(strings.Fields(distinct), " "); d != "" && len(d) < MaxNameLen/2 {
		if n := fit(name, " ("+d+")"); !taken(n) {
			return n
		}
	}
	for i := 2; ; i++ {
		if n := fit(name, fmt.Sprintf(" #%d", i)); !taken(n) {
			return n
		}
	}
}
