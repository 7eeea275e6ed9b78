package cli

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// The command line is parsed by hand rather than with package flag
// because flags may come before, between or after positional arguments
// (`seats --db x assign Office ana@x --yes`), some flags repeat
// (--user A --user B), and errors must be one line with exit code 2.

// flagKind says how a flag takes its value.
type flagKind int

const (
	boolFlag  flagKind = iota // --yes, --yes=false
	valueFlag                 // --db PATH, --db=PATH; the last one given wins
	listFlag                  // --user A --user B: every one is kept
)

// flagDef declares one flag of a command.
type flagDef struct {
	name     string // without dashes
	kind     flagKind
	arg      string // placeholder shown in help, e.g. PATH
	help     string
	required bool
	// aliases are the flag's old names: still taken, so scripts keep
	// working, but hidden from help and completion, and each use says
	// on stderr which name to use instead.
	aliases []string
}

// parsed is a command line split into positional arguments and flags.
type parsed struct {
	pos   []string
	flags map[string][]string // bool flags hold "true" or "false"
	// deprecated are the old flag names used, each with its new one.
	deprecated [][2]string
}

func (p parsed) has(name string) bool { _, ok := p.flags[name]; return ok }

// str is the value of a value flag ("" when not given).
func (p parsed) str(name string) string {
	v := p.flags[name]
	if len(v) == 0 {
		return ""
	}
	return v[len(v)-1]
}

func (p parsed) on(name string) bool { return p.str(name) == "true" }

func (p parsed) list(name string) []string { return p.flags[name] }

// isNegativeNumber lets "-3" through as a positional argument, so that
// `seats licenses add P -3` says the count is wrong, not that -3 is an
// unknown flag.
func isNegativeNumber(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	_, err := strconv.ParseFloat(s[1:], 64)
	return err == nil
}

// isFlag reports whether an argument is written as a flag.
func isFlag(a string) bool { return len(a) > 1 && a[0] == '-' && !isNegativeNumber(a) }

// flagName splits "--name=value" or "-name" into its name and value.
func flagName(a string) (name, value string, hasValue bool) {
	name = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
	name, value, hasValue = strings.Cut(name, "=")
	if name == "h" {
		name = "help"
	}
	return name, value, hasValue
}

// parseArgs parses a command's arguments against its flags. "--" ends the
// flags: everything after it is positional.
func parseArgs(defs []flagDef, in []string) (parsed, error) {
	p := parsed{flags: map[string][]string{}}
	byName := make(map[string]flagDef, len(defs))
	for _, d := range defs {
		byName[d.name] = d
		for _, a := range d.aliases {
			byName[a] = d
		}
	}
	for i := 0; i < len(in); i++ {
		a := in[i]
		if a == "--" {
			p.pos = append(p.pos, in[i+1:]...)
			break
		}
		if !isFlag(a) {
			p.pos = append(p.pos, a)
			continue
		}
		name, value, hasValue := flagName(a)
		d, ok := byName[name]
		if !ok || strings.HasPrefix(name, "-") || name == "" {
			return p, usagef("unknown flag %s", cut(a, 40))
		}
		if name != d.name {
			old := [2]string{name, d.name}
			if !slices.Contains(p.deprecated, old) {
				p.deprecated = append(p.deprecated, old)
			}
			name = d.name
		}
		switch d.kind {
		case boolFlag:
			b := true
			if hasValue {
				var err error
				if b, err = strconv.ParseBool(value); err != nil {
					return p, usagef("flag --%s takes true or false, not %q", name, cut(value, 40))
				}
			}
			p.flags[name] = []string{strconv.FormatBool(b)}
		default:
			if !hasValue {
				if i+1 >= len(in) {
					return p, usagef("flag --%s needs a value (%s)", name, d.arg)
				}
				i++
				value = in[i]
			}
			if d.kind == listFlag {
				p.flags[name] = append(p.flags[name], value)
			} else {
				p.flags[name] = []string{value}
			}
		}
	}
	return p, nil
}

// positionals returns the indexes of in's positional arguments, skipping
// the values of the flags named in takesValue. It locates the command
// words before the command (and so its flags) is known.
func positionals(in []string, takesValue map[string]bool) []int {
	var idx []int
	for i := 0; i < len(in); i++ {
		a := in[i]
		if a == "--" {
			for j := i + 1; j < len(in); j++ {
				idx = append(idx, j)
			}
			break
		}
		if !isFlag(a) {
			idx = append(idx, i)
			continue
		}
		if name, _, hasValue := flagName(a); !hasValue && takesValue[name] {
			i++
		}
	}
	return idx
}

// wantsHelp reports whether -h or --help appears before any "--".
func wantsHelp(in []string, takesValue map[string]bool) bool {
	for i := 0; i < len(in); i++ {
		a := in[i]
		if a == "--" {
			return false
		}
		if !isFlag(a) {
			continue
		}
		name, value, hasValue := flagName(a)
		if name == "help" {
			b, err := strconv.ParseBool(value)
			return !hasValue || err != nil || b
		}
		if !hasValue && takesValue[name] {
			i++
		}
	}
	return false
}

// cut shortens a quoted user value so an error stays one readable line.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// waitFlag is the global --wait. It is added to globalFlags by init below
// only until commands.go lists it itself.
var waitFlag = flagDef{name: "wait", kind: valueFlag, arg: "DURATION",
	help: "wait this long (e.g. 30s, 2m; 0: not at all) while another seats process uses the database (default 10s)"}

func init() { globalFlags = append(globalFlags, waitFlag) }

// Bounds of --wait. A busy file is a person at another terminal or a
// cron job: a day is more than either ever needs.
const (
	defaultWait = 10 * time.Second
	maxWait     = 24 * time.Hour
)

// wait is --wait: how long a command waits for another process's lock.
// A bare number is seconds. Zero means one try: bbolt treats a zero
// timeout as forever, so it becomes the shortest wait there is.
func (c *call) wait() (time.Duration, error) {
	if !c.args.has("wait") {
		return defaultWait, nil
	}
	s := strings.TrimSpace(c.args.str("wait"))
	d, err := time.ParseDuration(s)
	if n, nerr := strconv.ParseFloat(s, 64); err != nil && nerr == nil && n >= 0 && n <= maxWait.Seconds() {
		d, err = time.Duration(n*float64(time.Second)), nil
	}
	switch {
	case err != nil:
		return 0, usagef("--wait takes a duration like 10s or 2m, not %q", cut(s, 40))
	case d < 0 || d > maxWait:
		return 0, usagef("--wait %s is out of range: from 0 to %s", cut(s, 40), "24h")
	case d < time.Millisecond:
		return time.Millisecond, nil
	}
	return d, nil
}
