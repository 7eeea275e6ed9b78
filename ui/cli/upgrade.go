package cli

import (
	"fmt"
	"io"
	"os"
)

var upgradeCommand = &command{
	name:    "upgrade",
	summary: "rewrite a database of an older seats for this one",
	about:   "Opens the database for writing, which rewrites a file of an older schema into this version's layout in one transaction (reads never do: they say when this is needed), then compacts it. A current file is left as it is. Take a backup first if older seats binaries must still read it.",
	open:    openWrite,
	run:     runUpgrade,
}

func runUpgrade(c *call) error {
	path, err := c.dbPath()
	if err != nil {
		return err
	}
	// Upgrading creates nothing: a missing file is a mistyped path.
	if _, err := os.Stat(path); err != nil && !isURL(path) {
		return fmt.Errorf("no database at %s", path)
	}
	if _, err := c.service(); err != nil {
		return err
	}
	return c.show(upgradeJSON{c.db.Path(), "current"}, func(w io.Writer) {
		fmt.Fprintf(w, "%s is in this seats' format\n", c.db.Path())
	})
}
