package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// command is one runnable command ("products add") or a group of them
// ("products"), which only prints its help.
type command struct {
	name string   // the words that select it: "products add"
	args []string // positional argument names, all required: {"PRODUCT", "N"}
	// optional names positional arguments that may follow args ("DIR").
	optional []string
	summary  string // one line for the command list
	about    string // what it does, for its --help
	flags    []flagDef
	// confirm marks a command that asks before acting; it takes --yes.
	confirm bool
	// open says how the command opens the database.
	open openMode
	run  func(c *call) error
	// byDefault names the subcommand a group runs when none is given
	// ("run": bare `seats notify` is `seats notify run`).
	byDefault string
}

func (cmd *command) group() bool { return cmd.run == nil }

// Flags every command takes.
var globalFlags = []flagDef{
	{name: "db", kind: valueFlag, arg: "PATH", help: "the database: a file, or a postgres:// URL (default $SEATS_DB, else $XDG_DATA_HOME/seats/seats.db)"},
	{name: "schema", kind: valueFlag, arg: "NAME", help: "the PostgreSQL schema of the organization when --db is a postgres:// URL (default seats)"},
	{name: "as", kind: valueFlag, arg: "EMAIL", help: "act as this user (default: the account owner)"},
	{name: "json", kind: boolFlag, help: "print JSON for scripts instead of a table (amounts in minor units)"},
	{name: "help", kind: boolFlag, help: "show this help (also -h)"},
}

var yesFlag = flagDef{name: "yes", kind: boolFlag, help: "do it without asking (needed when there is no terminal to ask on)"}

// tuiFlags are the flags of bare `seats`, which runs the terminal UI.
var tuiFlags = []flagDef{globalFlags[0], globalFlags[1], globalFlags[2], globalFlags[4], themeFlag}

// themeFlag picks the UI's palette where the terminal cannot be asked
// (inside tmux or screen the background is never detected).
var themeFlag = flagDef{name: "theme", kind: valueFlag, arg: "THEME",
	help: "light, dark or auto (default $SEATS_THEME, else auto: $COLORFGBG when set, else ask the terminal)"}

// allFlags is every flag a command takes.
func (cmd *command) allFlags() []flagDef {
	defs := slices.Clone(globalFlags)
	if cmd.confirm {
		defs = append(defs, yesFlag)
	}
	if cmd.rehearsable() {
		defs = append(defs, dryRunFlag)
	}
	return append(defs, cmd.flags...)
}

// commands is the whole command line, in the order the help lists it.
// It is filled in by init to break the reference cycle through help.
var commands []*command

func init() {
	commands = []*command{
		demoCommand,
		statusCommand,
		{name: "products", summary: "list, add, edit and delete products"},
		productsListCommand, productsAddCommand, productsEditCommand, productsDeleteCommand,
		{name: "licenses", summary: "list the licenses; add or remove contracted licenses"},
		licensesListCommand, licensesAddCommand, licensesRemoveCommand,
		assignCommand,
		unassignCommand,
		{name: "users", summary: "list, invite, edit, terminate and reinstate users; change owner"},
		usersListCommand, usersInviteCommand, usersEditCommand, usersOwnerCommand, usersTerminateCommand, usersReinstateCommand,
		{name: "assets", summary: "list, add and edit assets (computers and devices)"},
		assetsListCommand, assetsAddCommand, assetsEditCommand, assetsRetireCommand, assetsUnretireCommand,
		{name: "allocations", summary: "list, add, edit and delete allocations and their rules"},
		allocationsListCommand, allocationsAddCommand, allocationsEditCommand, allocationsDeleteCommand,
		historyCommand,
		invoiceCommand,
		usageCommand,
		{name: "org", summary: "show or edit the organization's settings"},
		orgShowCommand, orgEditCommand,
		importCommand,
		exportCommand,
		checkCommand,
		backupCommand,
		upgradeCommand,
		migrateCommand,
		serveCommand,
		notifyCommands[0], notifyCommands[1], notifyCommands[2], notifyCommands[3],
		infoCommand,
		versionCommand,
		completionCommand,
		manCommand,
	}
}

// lookup finds a command or group by its full name.
func lookup(name string) *command {
	for _, cmd := range commands {
		if cmd.name == name {
			return cmd
		}
	}
	return nil
}

// subcommands lists a group's commands.
func subcommands(group string) []*command {
	var out []*command
	for _, cmd := range commands {
		if strings.HasPrefix(cmd.name, group+" ") {
			out = append(out, cmd)
		}
	}
	return out
}

// valueFlagNames is every flag name, of any command, that takes a value:
// needed to find the command words when flags come before them.
func valueFlagNames() map[string]bool {
	m := map[string]bool{}
	for _, d := range append(slices.Clone(globalFlags), tuiFlags...) {
		m[d.name] = d.kind != boolFlag
	}
	for _, cmd := range commands {
		for _, d := range cmd.flags {
			m[d.name] = d.kind != boolFlag
			for _, a := range d.aliases {
				m[a] = d.kind != boolFlag
			}
		}
	}
	return m
}

// resolve finds the command named by the first positional words of args
// and returns it with the arguments left once those words are removed.
// An unknown group member or command is bad usage.
func (c *call) resolve(args []string) (*command, []string, error) {
	idx := positionals(args, valueFlagNames())
	if len(idx) == 0 {
		return nil, args, nil
	}
	first := args[idx[0]]
	cmd := lookup(first)
	if cmd == nil || strings.Contains(first, " ") {
		return nil, nil, usagef("unknown command %q%s", cut(first, 40), c.suggest("", first))
	}
	used := idx[:1]
	if cmd.group() && len(idx) > 1 {
		sub := lookup(first + " " + args[idx[1]])
		if sub == nil {
			return cmd, nil, usagef("unknown subcommand %q (want %s)%s", cut(args[idx[1]], 40), subNames(first), c.suggest(first, args[idx[1]]))
		}
		cmd, used = sub, idx[:2]
	}
	rest := make([]string, 0, len(args))
	for i, a := range args {
		if !slices.Contains(used, i) {
			rest = append(rest, a)
		}
	}
	return cmd, rest, nil
}

func subNames(group string) string {
	var names []string
	for _, s := range subcommands(group) {
		names = append(names, strings.TrimPrefix(s.name, group+" "))
	}
	return strings.Join(names, ", ")
}

// run parses the command line and runs the command it names; bare
// `seats` runs the terminal UI. The command words are found here (flags
// may come before them), then cobra runs the command from a tree built
// for this call; cobra's own __complete gets the command line as is.
func (c *call) run() error {
	args := c.env.Args
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		root := c.newRoot(true)
		root.SetArgs(args)
		// Completion never fails loudly: whatever goes wrong, the
		// shell gets no candidates and stdout only cobra's answer.
		_ = root.Execute()
		return nil
	}
	if idx := positionals(args, valueFlagNames()); len(idx) > 0 && args[idx[0]] == "help" {
		return c.help(args, idx)
	}
	cmd, rest, err := c.resolve(args)
	c.cmd = cmd
	if err != nil {
		return err
	}
	if wantsHelp(rest, valueFlagNames()) {
		return c.printHelp(cmd)
	}
	if cmd == nil {
		if wantsVersion(rest) {
			return c.printVersion()
		}
		return c.runTUIMode(rest)
	}
	if cmd.group() && cmd.byDefault != "" {
		cmd = lookup(cmd.name + " " + cmd.byDefault)
		c.cmd = cmd
	}
	if cmd.group() {
		return usagef("missing subcommand (%s)", subNames(cmd.name))
	}
	root := c.newRoot(false)
	root.SetArgs(append(strings.Fields(cmd.name), rest...))
	return root.Execute()
}

// runCommand runs one command of the table on its arguments (the command
// words removed, flags anywhere).
func (c *call) runCommand(cmd *command, rest []string) (err error) {
	if c.args, err = parseArgs(cmd.allFlags(), rest); err != nil {
		return err
	}
	defer func() {
		// cobra's wording for a deprecated flag, one line each, once
		// the command has done its work: a refusal stays its one line.
		if err == nil {
			for _, d := range c.args.deprecated {
				fmt.Fprintf(c.env.Stderr, "Flag --%s has been deprecated, use --%s instead\n", d[0], d[1])
			}
		}
	}()
	if c.env.Remote != nil {
		c.args = remoteImportArgs(cmd, c.args)
	}
	if err := c.refuseOverSSH(); err != nil {
		return err
	}
	c.safeOutput()
	if err := checkArgs(cmd, c.args); err != nil {
		return err
	}
	if c.now, err = c.env.clock(); err != nil {
		return err
	}
	return c.rehearse(cmd.run)
}

// help serves `seats help [COMMAND...]`.
func (c *call) help(args []string, idx []int) error {
	var words []string
	for _, i := range idx[1:] {
		words = append(words, args[i])
	}
	if len(words) == 0 {
		return c.printHelp(nil)
	}
	if len(words) == 1 && words[0] == "json" {
		printJSONHelp(c.env.Stdout)
		return nil
	}
	cmd := lookup(strings.Join(words, " "))
	if cmd == nil {
		return usagef("no help for unknown command %q", cut(strings.Join(words, " "), 40))
	}
	return c.printHelp(cmd)
}

// checkArgs enforces the positional argument count and required flags.
func checkArgs(cmd *command, p parsed) error {
	if len(p.pos) < len(cmd.args) {
		return usagef("missing %s", strings.Join(cmd.args[len(p.pos):], " "))
	}
	if n := len(cmd.args) + len(cmd.optional); len(p.pos) > n {
		return usagef("unexpected argument %q", cut(p.pos[n], 40))
	}
	for i, a := range p.pos {
		if strings.TrimSpace(a) == "" {
			return usagef("%s must not be empty", append(slices.Clone(cmd.args), cmd.optional...)[i])
		}
	}
	for _, d := range cmd.flags {
		if d.required && !p.has(d.name) {
			return usagef("missing --%s %s", d.name, d.arg)
		}
	}
	return nil
}
