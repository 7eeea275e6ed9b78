package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/seats/seats/model"
)

// openMode says how a command opens the database.
type openMode int

const (
	// openWrite creates the file when it does not exist yet.
	openWrite openMode = iota
	// openRead needs an existing file and opens it read-only: changes that
	// have fallen due are shown applied by the domain, recorded by the next
	// write, and never written by a read.
	openRead
	// openReadOnly takes only a shared lock; for check and backup, which
	// never go through the domain's reads.
	openReadOnly
)

// call is one run of one command: its parsed arguments and, once opened,
// its database and domain service.
type call struct {
	env   Env
	cmd   *command
	args  parsed
	now   func() time.Time
	db    Database
	svc   *model.Service
	actor string // normalized --as email; "" = the account owner
	// handedOff is set once the TUI owns (and closes) the database.
	handedOff bool
	// tuiTheme is the checked --theme or $SEATS_THEME.
	tuiTheme string
	in       *bufio.Reader
	// rehearsal collects what a --dry-run would record.
	rehearsal *model.Rehearsal
	// currency is the organization's, read before amounts given on the
	// command line are applied (see moneyField).
	currency string
}

// service opens the database the way the command needs and returns the
// domain service on it, acting as --as (checked to exist and be able to
// act). Commands parse all their values before calling it, so bad usage
// never creates or locks a file.
func (c *call) service() (*model.Service, error) {
	if c.svc != nil {
		return c.svc, nil
	}
	if err := c.parseActor(); err != nil {
		return nil, err
	}
	path, err := c.dbPath()
	if err != nil {
		return nil, err
	}
	mode := openWrite
	if c.cmd != nil {
		mode = c.cmd.open
	}
	// A dry run rehearses on an existing database; it never creates one.
	if (mode != openWrite || c.dryRun()) && !isURL(path) {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("no database at %s (create one with 'seats demo --no-ui --db %s' or by adding a product)", path, path)
		}
	}
	db, err := c.open(path, mode != openWrite)
	if err != nil {
		return nil, err
	}
	return c.attach(db, mode != openReadOnly)
}

// open opens the database through Env.Open, waiting up to --wait for
// another seats process to let go of it.
func (c *call) open(path string, readOnly bool) (Database, error) {
	wait, err := c.wait()
	if err != nil {
		return nil, err
	}
	return c.env.Open(path, OpenOptions{ReadOnly: readOnly, Wait: wait, Schema: strings.TrimSpace(c.args.str("schema"))})
}

// attach wires an open database to the domain and, when it may be
// written, checks that the acting user exists and may act.
func (c *call) attach(db Database, resolve bool) (*model.Service, error) {
	c.db = db
	c.svc = model.NewService(db, c.now)
	if c.dryRun() {
		c.svc, c.rehearsal = c.svc.DryRun()
	}
	if resolve && c.actor != "" {
		if _, err := c.svc.ResolveActor(c.actor); err != nil {
			return nil, err
		}
	}
	return c.svc, nil
}

func (c *call) parseActor() error {
	if !c.args.has("as") {
		return nil
	}
	e, err := model.NormalizeEmail(c.args.str("as"))
	if err != nil {
		return usagef("--as: %v", err)
	}
	c.actor = e
	return nil
}

// dbPath is --db, else $SEATS_DB, else seats/seats.db in the XDG data
// directory ($XDG_DATA_HOME, else ~/.local/share).
func (c *call) dbPath() (string, error) {
	if c.env.Remote != nil {
		return c.env.Remote.Path, nil
	}
	if c.args.has("db") {
		p := c.args.str("db")
		if strings.TrimSpace(p) == "" {
			return "", usagef("--db needs a file path")
		}
		return p, nil
	}
	if p := c.env.Getenv("SEATS_DB"); p != "" {
		return p, nil
	}
	if x := c.env.Getenv("XDG_DATA_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "seats", "seats.db"), nil
	}
	if h := c.env.Getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "seats", "seats.db"), nil
	}
	return "", errors.New("no database location: pass --db PATH or set SEATS_DB")
}

// close releases the database unless the TUI took it over.
func (c *call) close() error {
	if c.db == nil || c.handedOff {
		return nil
	}
	db := c.db
	c.db = nil
	return db.Close()
}

// pos is the i-th positional argument.
func (c *call) pos(i int) string { return strings.TrimSpace(c.args.pos[i]) }

// asJSON reports whether the command prints JSON.
func (c *call) asJSON() bool { return c.args.on("json") }

// info is where messages around the data go: stdout for people, stderr
// under --json so that stdout stays one parseable document.
func (c *call) info() io.Writer {
	if c.asJSON() {
		return c.env.Stderr
	}
	return c.env.Stdout
}

// confirm asks a yes/no question on the terminal; --yes answers yes. With
// no terminal and no --yes it refuses, so a script never acts by accident.
func (c *call) confirm(question string) error {
	if c.args.on("yes") || c.dryRun() {
		return nil // a dry run changes nothing: there is nothing to agree to
	}
	if !c.env.IsTerminal() {
		return errors.New("not confirmed: pass --yes to do this without a terminal")
	}
	fmt.Fprintf(c.info(), "%s [y/N] ", question)
	if c.in == nil {
		c.in = bufio.NewReader(c.env.Stdin)
	}
	line, _ := c.in.ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	return errCancelled
}

// runTUIMode serves bare `seats`: the terminal UI on the default database.
func (c *call) runTUIMode(rest []string) error {
	var err error
	if c.args, err = parseArgs(tuiFlags, rest); err != nil {
		return err
	}
	if len(c.args.pos) > 0 {
		return usagef("unknown command %q", cut(c.args.pos[0], 40))
	}
	if c.now, err = c.env.clock(); err != nil {
		return err
	}
	if err := c.tuiAvailable(); err != nil {
		return err
	}
	if path, err := c.dbPath(); err == nil && !isURL(path) {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			// Say where a new organization is kept before the screen
			// is taken: it stays on the terminal after quitting.
			fmt.Fprintf(c.env.Stderr, "seats: no database at %s yet: creating it\n", path)
		}
	}
	if _, err := c.service(); err != nil {
		return err
	}
	return c.runTUI()
}

// theme is --theme, else $SEATS_THEME, else "auto".
func (c *call) theme() (string, error) {
	t, from := c.args.str("theme"), "--theme"
	if !c.args.has("theme") {
		t, from = c.env.Getenv("SEATS_THEME"), "SEATS_THEME"
	}
	switch t = strings.ToLower(strings.TrimSpace(t)); t {
	case "":
		return "auto", nil
	case "light", "dark", "auto":
		return t, nil
	}
	return "", usagef("%s takes light, dark or auto, not %q", from, cut(t, 20))
}

// tuiAvailable refuses TUI modes where the TUI cannot run.
func (c *call) tuiAvailable() error {
	if c.env.RunTUI == nil {
		return errors.New("the terminal UI is not available in this build; see 'seats --help' for the commands")
	}
	if !c.env.IsTerminal() {
		return errors.New("the terminal UI needs a terminal; see 'seats --help' for the commands")
	}
	var err error
	c.tuiTheme, err = c.theme()
	return err
}

// runTUI hands the open database to the terminal UI, which closes it.
func (c *call) runTUI() error {
	c.handedOff = true
	return c.env.RunTUI(c.db, c.svc, TUIOptions{Actor: c.actor, Theme: c.tuiTheme})
}
