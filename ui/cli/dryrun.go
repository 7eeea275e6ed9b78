package cli

import (
	"io"
	"slices"

	"github.com/seats/seats/model"
)

// dryRunFlag is taken by every command that changes data through the
// domain (import keeps its own, which checks a file line by line).
var dryRunFlag = flagDef{name: "dry-run", kind: boolFlag,
	help: "check everything and show what would be recorded, but change nothing"}

// rehearsable reports whether the command takes the generic --dry-run:
// it writes through the domain. serve and upgrade open for writing but
// are not one domain operation.
func (cmd *command) rehearsable() bool {
	return cmd.open == openWrite && cmd.name != "serve" && cmd.name != "upgrade" &&
		!slices.ContainsFunc(cmd.flags, func(d flagDef) bool { return d.name == dryRunFlag.name })
}

// dryRun reports whether this call only rehearses its command.
func (c *call) dryRun() bool {
	return c.cmd != nil && c.cmd.rehearsable() && c.args.on(dryRunFlag.name)
}

// rehearse runs a command under --dry-run: every rule is checked and
// every write made, then rolled back (model.Service.DryRun); nothing is
// asked, the command's own report is dropped (it would say "added"),
// and what would have been recorded is printed instead.
func (c *call) rehearse(run func(*call) error) error {
	if !c.dryRun() {
		return run(c)
	}
	stdout := c.env.Stdout
	c.env.Stdout = io.Discard
	err := run(c)
	c.env.Stdout = stdout
	if err != nil {
		return err
	}
	var events []model.Event
	currency := ""
	if c.rehearsal != nil {
		events = c.rehearsal.Events
		if org, err := c.svc.Org(); err == nil {
			currency = org.Currency
		}
	}
	out := dryRunJSON{true, []eventJSON{}}
	for _, e := range events {
		out.Events = append(out.Events, newEventJSON(e))
	}
	return c.show(out, func(w io.Writer) {
		if len(events) == 0 {
			io.WriteString(w, "dry run: nothing would change\n")
			return
		}
		io.WriteString(w, "dry run: nothing was changed; it would record:\n")
		printEvents(w, events, currency)
	})
}
