package cli

import (
	"slices"
	"time"

	"github.com/seats/seats/ui/termsafe"
)

// Remote is set when the command line runs for a session of `seats
// serve`: the server has already chosen the database and the user.
type Remote struct {
	// Actor is the Seats user of the key that authenticated the session.
	Actor string
	// Path is the server's database, as the server names it.
	Path string
	// Now is the server's clock: a client's SEATS_NOW never applies.
	Now func() time.Time
}

// localOnly are the commands that name files on the server, replace it or
// run the server itself: over SSH they would hand the server's file
// system to whoever holds a key.
var localOnly = []string{"demo", "backup", "upgrade", "serve", "migrate", "man", "info"}

// refuseOverSSH is the remote gate, checked once the command line is
// parsed: the database and the acting user are the server's to decide.
func (c *call) refuseOverSSH() error {
	if c.env.Remote == nil {
		return nil
	}
	for _, f := range []string{"db", "schema", "as"} {
		if c.args.has(f) {
			return usagef("--%s is not available over SSH: the server chooses the database and you act as the user of your key", f)
		}
	}
	if c.cmd != nil && slices.Contains(localOnly, c.cmd.name) {
		return usagef("%q is not available over SSH: it works on the server's files; run it on the server", c.cmd.name)
	}
	if c.cmd == importCommand && len(c.args.pos) > 1 && c.pos(1) != "-" {
		return usagef("over SSH, import reads the CSV from standard input: ssh HOST import %s < FILE", c.pos(0))
	}
	c.actor = c.env.Remote.Actor
	return nil
}

// remoteImportArgs lets `ssh HOST import users < users.csv` name no file:
// over SSH the CSV always comes on standard input.
func remoteImportArgs(cmd *command, p parsed) parsed {
	if cmd == importCommand && len(p.pos) == 1 {
		p.pos = append(p.pos, "-")
	}
	return p
}

// safeOutput filters what the command prints so that no control sequence
// from the data reaches a terminal: JSON gets \u escapes (the same
// document), text gets a visible mark. A CSV export to a file or a pipe
// on this machine is left exact, since no terminal reads it.
func (c *call) safeOutput() {
	switch {
	case c.asJSON():
		c.env.Stdout = termsafe.NewJSONWriter(c.env.Stdout)
	case c.cmd == exportCommand && c.env.Remote == nil && !c.env.IsTerminal():
	default:
		c.env.Stdout = termsafe.NewWriter(c.env.Stdout)
	}
}
