package table

import (
	"cmp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seats/seats/model"
)

// Rows is a ready Source for small tables: string cells, an ID per row; Filter is a
// case-insensitive substring match over all cells, Compare is natural (numbers and money numeric, else case-insensitive text).
type Rows struct {
	IDs   []uint64
	Cells [][]string
}

var _ Source = Rows{}

func (r Rows) Len() int { return len(r.Cells) }

// Cell is "" past the end of a short row.
func (r Rows) Cell(row, col int) string {
	if c := r.Cells[row]; col < len(c) {
		return c[col]
	}
	return ""
}

// ID is the row's ID, or its index when IDs is short.
func (r Rows) ID(row int) uint64 {
	if row < len(r.IDs) {
		return r.IDs[row]
	}
	return uint64(row)
}

// Filter lists the rows with a cell containing query, ignoring case.
func (r Rows) Filter(query string) []int32 {
	q := strings.ToLower(query)
	out := []int32{}
	for i, row := range r.Cells {
		for _, c := range row {
			if ContainsFold(c, q) {
				out = append(out, int32(i))
				break
			}
		}
	}
	return out
}

// Compare orders two rows by a column naturally: see Natural.
func (r Rows) Compare(a, b, col int) int { return Natural(r.Cell(a, col), r.Cell(b, col)) }

// Natural compares two cells as a person would sort them: both numbers
// (amounts like "1,200.50", "$12", "12.00 EUR", "-3", "45%") by value;
// otherwise as text ignoring case, with runs of digits compared by value
// ("LIC-9" before "LIC-10", "2026-03-09" before "2026-03-10"). Empty
// cells come first.
func Natural(a, b string) int {
	if x, ok := number(a); ok {
		if y, ok := number(b); ok {
			if c := cmp.Compare(x, y); c != 0 {
				return c
			}
			return strings.Compare(a, b)
		}
	}
	return model.CompareNames(a, b)
}

// number reads a cell as an amount: an optional sign, currency symbol or
// code, digits with "," thousands separators and "." decimals, an optional
// "%".
func number(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	neg := false
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		s = s[1:]
	}
	// A currency symbol or code before or after the digits.
	s = strings.TrimSpace(trimCurrency(s, true))
	s = strings.TrimSpace(trimCurrency(s, false))
	s = strings.TrimSuffix(s, "%")
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	var digits [64]byte
	d := digits[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c == '.':
			d = append(d, c)
		case c == ',' || c == '_':
		default:
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(string(d), 64)
	if err != nil {
		return 0, false
	}
	if neg {
		f = -f
	}
	return f, true
}

// trimCurrency removes one currency symbol ("$", "€") or ISO code
// ("EUR") from the start (or the end) of s.
func trimCurrency(s string, start bool) string {
	var r rune
	var n int
	if start {
		r, n = utf8.DecodeRuneInString(s)
	} else {
		r, n = utf8.DecodeLastRuneInString(s)
	}
	if n > 0 && unicode.Is(unicode.Sc, r) {
		if start {
			return s[n:]
		}
		return s[:len(s)-n]
	}
	if len(s) < 4 {
		return s
	}
	code, rest := s[:3], s[3:]
	if !start {
		code, rest = s[len(s)-3:], s[:len(s)-3]
	}
	for i := 0; i < 3; i++ {
		if code[i] < 'A' || code[i] > 'Z' {
			return s
		}
	}
	// The code must stand apart from the digits: "EUR 12", "12 EUR".
	if start && rest[0] != ' ' || !start && rest[len(rest)-1] != ' ' {
		return s
	}
	return rest
}

// ContainsFold reports whether s contains lower (already lower case),
// ignoring case, without allocating for ASCII text: what a Source's
// Filter uses to match a query in a cell.
func ContainsFold(s, lower string) bool {
	if lower == "" {
		return true
	}
	if !asciiOnly(s) || !asciiOnly(lower) {
		return strings.Contains(strings.ToLower(s), lower)
	}
	n := len(lower)
outer:
	for i := 0; i+n <= len(s); i++ {
		for k := 0; k < n; k++ {
			c := s[i+k]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lower[k] {
				continue outer
			}
		}
		return true
	}
	return false
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
