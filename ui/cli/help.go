package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

const intro = `Seats manages software licenses: how many are contracted, who or what
holds each one, what they cost, and everything that ever happened to them.

Usage:
  seats [--db PATH] [--as EMAIL]     the terminal UI
  seats COMMAND [ARGS] [FLAGS]       one command (flags may come anywhere)
  seats --version                    the version of this binary
`

const outro = `Every command takes --db PATH (default $SEATS_DB, else
$XDG_DATA_HOME/seats/seats.db), --as EMAIL (the acting user; default the
account owner), --json and --help. SEATS_NOW (RFC 3339) pins the clock.
Exit codes: 0 done, 1 refused or failed (nothing changed), 2 bad usage.
Run 'seats COMMAND --help' for a command's flags, 'seats help json' for
the JSON each command prints.
`

const remoteIntro = `Seats over SSH: you act as the Seats user of your key.

Usage:
  ssh -t HOST                        the terminal UI
  ssh HOST COMMAND [ARGS] [FLAGS]    one command ("seats" before it is allowed)
`

const remoteOutro = `Over SSH the server chooses the database and the acting user, so --db
and --as are refused, and so are commands that work on the server's
files (demo, backup, upgrade, serve, migrate). import reads its CSV from
standard input (ssh HOST import users < users.csv); export writes to
standard output. Every command takes --json and --help.
Exit codes: 0 done, 1 refused or failed (nothing changed), 2 bad usage.
`

// printHelp prints the help of a command or group, or the overview for nil.
func (c *call) printHelp(cmd *command) error {
	w := c.env.Stdout
	switch {
	case cmd == nil && c.env.Remote != nil:
		io.WriteString(w, remoteIntro+"\nCommands:\n")
		c.commandList(w)
		io.WriteString(w, "\n"+remoteOutro)
	case cmd == nil:
		io.WriteString(w, intro+"\nCommands:\n")
		c.commandList(w)
		io.WriteString(w, "\n"+outro)
	case cmd.group():
		fmt.Fprintf(w, "Usage: seats %s SUBCOMMAND [ARGS] [FLAGS]\n\n%s.\n\nSubcommands:\n", cmd.name, capital(cmd.summary))
		t := newTable(w)
		for _, s := range subcommands(cmd.name) {
			t.row("  "+synopsis(s), s.summary)
		}
		t.flush()
		fmt.Fprintf(w, "\nRun 'seats %s SUBCOMMAND --help' for its flags.\n", cmd.name)
	default:
		fmt.Fprintf(w, "Usage: seats %s [FLAGS]\n\n%s\n", synopsis(cmd), wrap(cmd.about, 76))
		// The command's own flags: allFlags without the global ones.
		if defs := cmd.allFlags()[len(globalFlags):]; len(defs) > 0 {
			io.WriteString(w, "\nFlags:\n")
			flagTable(w, defs)
		}
		io.WriteString(w, "\nGlobal flags:\n")
		flagTable(w, globalFlags)
	}
	return nil
}

// commandList lists the top-level commands, over SSH only those that
// work there.
func (c *call) commandList(w io.Writer) {
	t := newTable(w)
	for _, x := range commands {
		if !strings.Contains(x.name, " ") && (c.env.Remote == nil || !slices.Contains(localOnly, x.name)) {
			t.row("  "+x.name, x.summary)
		}
	}
	t.flush()
}

func synopsis(cmd *command) string {
	s := strings.TrimSpace(cmd.name + " " + strings.Join(cmd.args, " "))
	for _, o := range cmd.optional {
		s += " [" + o + "]"
	}
	return s
}

// flagTable lists flags with their help wrapped to fit 80 columns.
func flagTable(w io.Writer, defs []flagDef) {
	names := make([]string, len(defs))
	width := 0
	for i, d := range defs {
		names[i] = "  --" + d.name
		if d.arg != "" {
			names[i] += " " + d.arg
		}
		width = max(width, len(names[i]))
	}
	t := newTable(w)
	for i, d := range defs {
		help := d.help
		switch {
		case d.required:
			help += " (required)"
		case d.kind == listFlag:
			help += " (repeatable)"
		}
		for j, line := range strings.Split(wrap(help, max(30, 78-width-2)), "\n") {
			name := ""
			if j == 0 {
				name = names[i]
			}
			t.row(name, line)
		}
	}
	t.flush()
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// wrap breaks text into lines of at most width characters. Example
// command lines (starting with "seats ") stay whole, indented, so they
// can be copied.
func wrap(text string, width int) string {
	var out []string
	for _, para := range strings.Split(strings.TrimSpace(text), "\n") {
		if strings.HasPrefix(para, "seats ") {
			out = append(out, "  "+para)
			continue
		}
		line := ""
		for _, word := range strings.Fields(para) {
			if line != "" && len(line)+1+len(word) > width {
				out = append(out, line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += word
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
