package cli

import (
	"fmt"
	"io"
)

var checkCommand = &command{
	name:    "check",
	summary: "verify the database's integrity and every invariant",
	about:   `Verifies bbolt's own consistency, that the kept counts equal a full recount, that every index matches its records, one assignee per license, one license per user per product, the event log has no gaps, and every domain invariant. Exits 1 naming each violation, one per line.`,
	open:    openReadOnly,
	run:     runCheck,
}

var backupCommand = &command{
	name:    "backup",
	args:    []string{"FILE"},
	summary: "write a consistent hot copy of the database",
	about:   "Writes a consistent copy of the database to FILE while others keep using it. FILE appears only once the copy is complete.",
	open:    openReadOnly,
	run:     runBackup,
}

type checkJSON struct {
	Database string   `json:"database"`
	OK       bool     `json:"ok"`
	Problems []string `json:"problems"`
}

func runCheck(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	out := checkJSON{Database: c.db.Path(), Problems: []string{}}
	// The store checks the file's mechanics, the domain its invariants;
	// a check that cannot even run (unreadable data) is a problem too.
	for _, check := range []func() ([]string, error){c.db.Check, svc.Check} {
		found, err := check()
		out.Problems = append(out.Problems, found...)
		if err != nil {
			out.Problems = append(out.Problems, oneLine(err.Error()))
		}
	}
	out.OK = len(out.Problems) == 0
	if err := c.show(out, func(w io.Writer) {
		if out.OK {
			fmt.Fprintf(w, "ok: %s passed every check\n", out.Database)
			return
		}
		for _, p := range out.Problems {
			fmt.Fprintln(w, oneLine(p))
		}
	}); err != nil {
		return err
	}
	if !out.OK {
		return fmt.Errorf("%s found in %s", plural(len(out.Problems), "problem", "problems"), out.Database)
	}
	return nil
}

func runBackup(c *call) error {
	if _, err := c.service(); err != nil {
		return err
	}
	file := c.pos(0)
	if err := c.db.Backup(file); err != nil {
		return err
	}
	return c.show(map[string]string{"database": c.db.Path(), "backup": file}, func(w io.Writer) {
		fmt.Fprintf(w, "backed up %s to %s\n", c.db.Path(), file)
	})
}
