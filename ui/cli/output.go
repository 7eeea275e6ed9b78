package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/seats/seats/model"
)

// show prints v as JSON under --json, else runs human, which writes the
// tables and lines for a person. Every command prints through it.
func (c *call) show(v any, human func(w io.Writer)) error {
	if c.asJSON() {
		return writeJSON(c.env.Stdout, v)
	}
	if c.env.IsTerminal() {
		human(c.env.Stdout)
	} else {
		human(piped{c.env.Stdout})
	}
	return nil
}

// piped marks output that goes to a pipe or a file: tables written to it
// are tab-separated with every value whole, as gh prints for scripts,
// where a terminal gets aligned columns cut to fit.
type piped struct{ io.Writer }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(publicJSON(v))
}

// table prints aligned columns. Cells are kept to one line; on a
// terminal descriptive columns are cut to a width so a table stays near
// 80 columns, but never the names people type back into commands
// (emails, products, assets). Piped, cells are whole and tab-separated.
type table struct {
	out   io.Writer
	tw    *tabwriter.Writer // nil when piped
	width map[int]int       // maximum width per column; none = unlimited
}

// newTable starts a table with a header row (none when no headers).
func newTable(w io.Writer, headers ...string) *table {
	t := &table{out: w, width: map[int]int{}}
	if p, ok := w.(piped); ok {
		t.out = p.Writer
	} else {
		t.tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		t.out = t.tw
	}
	if len(headers) > 0 {
		t.row(headers...)
	}
	return t
}

// limit caps column i to n characters.
func (t *table) limit(i, n int) *table {
	t.width[i] = n
	return t
}

func (t *table) row(cells ...string) {
	for i, s := range cells {
		s = flat(s)
		if t.width[i] > 0 && t.tw != nil {
			s = cut(s, t.width[i])
		}
		if i > 0 {
			io.WriteString(t.out, "\t")
		}
		io.WriteString(t.out, s)
	}
	io.WriteString(t.out, "\n")
}

func (t *table) flush() {
	if t.tw != nil {
		t.tw.Flush()
	}
}

// flat keeps a value on one line without tabs, which would break the columns.
func flat(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// money renders an amount with its currency: "12.50 EUR".
func money(m model.Money, currency string) string { return m.Format(currency) + " " + currency }

// day renders a time as its UTC date, YYYY-MM-DD ("" for zero).
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return string(model.DateOf(t))
}

// minute renders a time for event lists: YYYY-MM-DD HH:MM in UTC.
func minute(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// itoa is strconv.Itoa, short for table cells.
func itoa(n int) string { return strconv.Itoa(n) }

// orDash shows "-" for an empty cell so columns stay readable.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
