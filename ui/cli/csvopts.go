package cli

import (
	"strings"
	"unicode/utf8"
)

// Flags of the CSV that export writes and import reads.
var (
	delimiterFlag = flagDef{name: "delimiter", kind: valueFlag, arg: "CHAR",
		help: "the CSV field separator (default ,; GLPI and European spreadsheets use ;)"}
	mapFlag = flagDef{name: "map", kind: listFlag, arg: "SRC=DST",
		help: "read the file's column SRC as our column DST (repeatable), for other tools' headers"}
	ignoreUnknownFlag = flagDef{name: "ignore-unknown", kind: boolFlag,
		help: "skip columns import does not know instead of refusing the file"}
)

// csvOptions say how a CSV file is written or read.
type csvOptions struct {
	comma         rune
	mapping       map[string]string // the file's header (lower case) to ours
	ignoreUnknown bool
	// snipe reads Snipe-IT's headers (see snipeColumn).
	snipe bool
}

// csvOpts reads the CSV flags, refusing bad ones as bad usage.
func (c *call) csvOpts() (csvOptions, error) {
	o := csvOptions{comma: ','}
	if c.args.has("delimiter") {
		d := c.args.str("delimiter")
		if d == `\t` || strings.EqualFold(d, "tab") {
			d = "\t"
		}
		r, size := utf8.DecodeRuneInString(d)
		if size == 0 || size != len(d) || r == utf8.RuneError || r == '"' || r == '\r' || r == '\n' || r == '\'' {
			return o, usagef("--delimiter takes one character other than a quote or a line break, not %q", cut(d, 10))
		}
		o.comma = r
	}
	for _, m := range c.args.list("map") {
		src, dst, ok := strings.Cut(m, "=")
		src, dst = strings.ToLower(strings.TrimSpace(src)), strings.ToLower(strings.TrimSpace(dst))
		if !ok || src == "" || dst == "" {
			return o, usagef("--map takes SRC=DST (the file's column and ours), not %q", cut(m, 40))
		}
		if o.mapping == nil {
			o.mapping = map[string]string{}
		}
		if _, twice := o.mapping[src]; twice {
			return o, usagef("--map names column %q twice", cut(src, 40))
		}
		o.mapping[src] = dst
	}
	o.ignoreUnknown = c.args.on("ignore-unknown")
	return o, nil
}

// column is the name a header cell stands for.
func (o csvOptions) column(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if to, ok := o.mapping[h]; ok {
		h = to
	}
	if o.snipe {
		h = snipeColumn(h)
	}
	return h
}

// formulaPrefix tells a cell a spreadsheet would take for a formula
// (OWASP's list: =, +, -, @, tab and carriage return), or one that is
// already such a cell with a quote before it (so unquoting is exact).
func formulaPrefix(s string) bool {
	for len(s) > 0 {
		switch s[0] {
		case '=', '+', '-', '@', '\t', '\r':
			return true
		case '\'':
			s = s[1:]
			continue
		}
		return false
	}
	return false
}

// neutralise prefixes a single quote to a cell a spreadsheet would run
// as a formula; only CSV cells are neutralised, never JSON values.
func neutralise(s string) string {
	if formulaPrefix(s) {
		return "'" + s
	}
	return s
}

// unneutralise undoes neutralise: an exported cell reads back as it was.
func unneutralise(s string) string {
	if len(s) > 1 && s[0] == '\'' && formulaPrefix(s[1:]) {
		return s[1:]
	}
	return s
}

func neutraliseRow(row []string) []string {
	for i, s := range row {
		row[i] = neutralise(s)
	}
	return row
}
