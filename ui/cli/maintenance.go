package cli

import (
	"fmt"
	"io"

	"github.com/seats/seats/model"
)

var checkCommand = &command{
	name:    "check",
	summary: "verify the database's integrity and every invariant",
	about:   `Verifies bbolt's own consistency, that the kept counts equal a full recount, that every index matches its records, one assignee per license, one license per user per product, the event log has no gaps and its hash chain holds (naming the first altered event), and every domain invariant. With --head HASH it also proves that the log still extends a head printed earlier by 'seats history --verify'. Exits 1 naming each violation, one per line.`,
	flags:   []flagDef{{name: "head", kind: valueFlag, arg: "HASH", help: "prove the log still extends this head (printed by 'seats history --verify')"}},
	open:    openReadOnly,
	run:     runCheck,
}

var backupCommand = &command{
	name:    "backup",
	args:    []string{"FILE"},
	summary: "write a consistent hot copy of the database",
	about:   "Writes a consistent copy of the database to FILE while others keep using it. FILE appears only once the copy is complete and synced. An existing FILE is replaced only with --force; directories, devices, FIFOs, symbolic links and the database itself are refused.",
	flags:   []flagDef{{name: "force", kind: boolFlag, help: "replace an existing FILE"}},
	open:    openReadOnly,
	run:     runBackup,
}

type checkJSON struct {
	Database string   `json:"database"`
	OK       bool     `json:"ok"`
	Problems []string `json:"problems"`
	// Head is the head proven with --head.
	Head string `json:"head,omitempty"`
}

func runCheck(c *call) error {
	head, err := model.ParseHead(c.args.str("head"))
	if err != nil {
		return usagef("--head: %v", err)
	}
	if c.args.has("head") && head == "" {
		return usagef("--head needs the hash 'seats history --verify' printed")
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	out := checkJSON{Database: c.db.Path(), Problems: []string{}, Head: head}
	// The store checks the file's mechanics, the domain its invariants
	// and the hash chain; a check that cannot even run (unreadable data)
	// is a problem too.
	domain := func() ([]string, error) { return svc.CheckHead(head) }
	for _, check := range []func() ([]string, error){c.db.Check, domain} {
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
			if out.Head != "" {
				fmt.Fprintf(w, "ok: the log still extends head %s\n", out.Head)
			}
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
	if err := c.db.Backup(file, c.args.on("force")); err != nil {
		return err
	}
	return c.show(backupJSON{c.db.Path(), file}, func(w io.Writer) {
		fmt.Fprintf(w, "backed up %s to %s\n", c.db.Path(), file)
	})
}
