package cli

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The command tree is built with cobra from the commands table, fresh for
// every Run: `seats serve` runs many command lines at once in one process,
// so nothing of a run may live in package state. cobra finds the command,
// completes, generates the shell scripts and man pages and suggests the
// command meant; the flags of a run are still parsed by parseArgs (each
// command has DisableFlagParsing), which keeps today's one-line errors,
// -3 as a positional and single-dash long flags. The pflag definitions
// mirror the table so completion, help and man pages see every flag.

// newRoot builds the cobra tree of one call. completing parses flags with
// pflag, as cobra's __complete needs; otherwise every command's flags
// reach parseArgs untouched.
func (c *call) newRoot(completing bool) *cobra.Command {
	root := &cobra.Command{
		Use:                "seats",
		Short:              "manage software licenses",
		Long:               strings.TrimSpace(intro),
		SilenceErrors:      true,
		SilenceUsage:       true,
		DisableFlagParsing: !completing,
		Args:               cobra.ArbitraryArgs,
		// Bare `seats` never reaches cobra's run: Run starts the TUI.
		RunE:                       func(*cobra.Command, []string) error { return nil },
		SuggestionsMinimumDistance: 2,
		CompletionOptions:          cobra.CompletionOptions{DisableDefaultCmd: true},
		DisableAutoGenTag:          true,
	}
	root.SetIn(c.env.Stdin)
	root.SetOut(c.env.Stdout)
	root.SetErr(c.env.Stderr)
	// cobra's help command is replaced by `seats help`, served before
	// cobra is reached; this one only keeps cobra from adding its own.
	root.SetHelpCommand(&cobra.Command{Use: "help", Hidden: true, Run: func(*cobra.Command, []string) {}})
	for _, d := range globalFlags {
		addFlag(root.PersistentFlags(), d)
	}
	addFlag(root.Flags(), themeFlag)
	root.Flags().Bool("version", false, "print the version")
	c.completeFlags(root, slices.Concat(globalFlags, []flagDef{themeFlag}))

	byName := map[string]*cobra.Command{"": root}
	for _, cmd := range commands {
		words := strings.Fields(cmd.name)
		parent := byName[strings.Join(words[:len(words)-1], " ")]
		if parent == nil {
			continue // a subcommand listed before its group: skipped
		}
		cc := &cobra.Command{
			Use:                strings.Join(append([]string{words[len(words)-1]}, cmd.args...), " "),
			Short:              cmd.summary,
			Long:               cmd.about,
			DisableFlagParsing: !completing,
			Args:               cobra.ArbitraryArgs,
			// cobra defaults the distance at the root only.
			SuggestionsMinimumDistance: 2,
			SilenceErrors:              true,
			SilenceUsage:               true,
		}
		// A group with a default runs it, with its flags.
		runs := cmd
		if cmd.group() {
			cc.Long = capital(cmd.summary) + "."
			if d := lookup(cmd.name + " " + cmd.byDefault); cmd.byDefault != "" && d != nil {
				runs = d
			}
		}
		if !runs.group() {
			cc.RunE = func(_ *cobra.Command, args []string) error { return c.runCommand(runs, args) }
			for _, d := range runs.allFlags()[len(globalFlags):] {
				addFlag(cc.Flags(), d)
			}
			c.completeFlags(cc, runs.allFlags())
			if runs == cmd {
				cc.ValidArgsFunction = c.completeArgs(cmd)
			}
		}
		parent.AddCommand(cc)
		byName[cmd.name] = cc
	}
	return root
}

// addFlag mirrors one flagDef in pflag: repeated list flags are a
// StringArray, so --user A --user B keeps both.
func addFlag(fs *pflag.FlagSet, d flagDef) {
	if fs.Lookup(d.name) != nil {
		return
	}
	for _, a := range d.aliases {
		// Old names are taken but neither shown nor completed.
		addFlag(fs, flagDef{name: a, kind: d.kind, arg: d.arg, help: d.help})
		fs.MarkDeprecated(a, "use --"+d.name+" instead")
	}
	usage := d.help
	switch d.kind {
	case boolFlag:
		if d.name == "help" {
			fs.BoolP(d.name, "h", false, usage)
			return
		}
		fs.Bool(d.name, false, usage)
	case listFlag:
		fs.StringArray(d.name, nil, usage)
	default:
		fs.String(d.name, "", usage)
	}
	if f := fs.Lookup(d.name); f != nil && d.arg != "" {
		// pflag shows the placeholder named in back quotes.
		f.Usage = strings.Replace(usage, d.arg, "`"+d.arg+"`", 1)
		if !strings.Contains(usage, d.arg) {
			f.Usage = "`" + d.arg + "`: " + usage
		}
	}
}

// suggest is cobra's "did you mean" for a mistyped command word: the
// closest commands (at the group level when group is set).
func (c *call) suggest(group, word string) string {
	root := c.newRoot(false)
	at := root
	if group != "" {
		if sub, _, err := root.Find(strings.Fields(group)); err == nil {
			at = sub
		}
	}
	s := at.SuggestionsFor(word)
	if len(s) == 0 {
		return ""
	}
	for i := range s {
		s[i] = strings.TrimSpace(group + " " + s[i])
	}
	return "; did you mean " + strings.Join(quoteAll(s), " or ") + "?"
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = "'" + x + "'"
	}
	return out
}
