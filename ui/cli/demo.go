package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/seats/seats/model/demo"
)

var demoCommand = &command{
	name:    "demo",
	summary: "the terminal UI on a freshly generated demo organization",
	about:   `Generates a realistic demo organization (the same data every time: products of every kind, users, assets, allocations and a year of history) and opens the terminal UI on it. Without --db it writes a fresh temporary file. --no-ui only writes the database and prints its path, so 'seats status --db "$(seats demo --no-ui)"' works. --scale N makes about N licenses with proportionate users and assets, for load tests.`,
	flags: []flagDef{
		{name: "scale", kind: valueFlag, arg: "N", help: "generate about N licenses instead of the standard organization"},
		{name: "no-ui", kind: boolFlag, help: "only write the database and print its path"},
	},
	run: runDemo,
}

func runDemo(c *call) error {
	scale := 0
	if c.args.has("scale") {
		var err error
		if scale, err = parseCount(c.args.str("scale")); err != nil {
			return usagef("--scale: %v", err)
		}
	}
	if err := c.parseActor(); err != nil {
		return err
	}
	noUI := c.args.on("no-ui")
	if !noUI {
		if err := c.tuiAvailable(); err != nil {
			return fmt.Errorf("%v (or pass --no-ui to only write the demo database)", err)
		}
	}
	path, cleanup, err := c.demoPath()
	if err != nil {
		return err
	}
	if err := c.generateDemo(path, scale); err != nil {
		c.close()
		cleanup()
		return err
	}
	if noUI {
		return c.show(map[string]string{"db": path}, func(w io.Writer) { fmt.Fprintln(w, path) })
	}
	if !c.args.has("db") {
		// A temporary demo lives as long as its TUI session; with --db
		// (or --no-ui) the file is the point and stays.
		defer cleanup()
	}
	return c.runTUI()
}

// demoPath is --db, which must not hold data yet, else a new temporary
// file; cleanup removes what a failed generation leaves behind.
func (c *call) demoPath() (path string, cleanup func(), err error) {
	if c.args.has("db") {
		path, err := c.dbPath()
		if err != nil {
			return "", nil, err
		}
		if info, err := os.Stat(path); err == nil && info.Size() > 0 {
			return "", nil, fmt.Errorf("%s already exists: the demo writes a new database (remove it or pick another path)", path)
		}
		return path, func() { os.Remove(path) }, nil
	}
	dir, err := os.MkdirTemp("", "seats-demo-")
	if err != nil {
		return "", nil, fmt.Errorf("cannot create a temporary folder for the demo: %w", err)
	}
	return filepath.Join(dir, "seats.db"), func() { os.RemoveAll(dir) }, nil
}

// generateDemo writes the demo organization into a new file. Scaled load
// data goes through OpenBulk when main provides it: it skips fsync, which
// is fine for throwaway data and much faster.
func (c *call) generateDemo(path string, scale int) error {
	open := func() (Database, error) { return c.env.Open(path, false) }
	if scale > 0 && c.env.OpenBulk != nil {
		open = func() (Database, error) { return c.env.OpenBulk(path) }
	}
	db, err := open()
	if err != nil {
		return err
	}
	c.db = db
	if err := demo.Generate(db, c.now().UTC(), demo.Options{Scale: scale, Progress: c.progress()}); err != nil {
		return fmt.Errorf("demo generation failed: %w", err)
	}
	// A load in thousands of transactions leaves thousands of free pages,
	// which every commit that writes the free-page list (the TUI's) would
	// list again.
	if cp, ok := db.(interface{ Compact() error }); ok && scale > 0 {
		if err := cp.Compact(); err != nil {
			return fmt.Errorf("demo generation failed: %w", err)
		}
	}
	_, err = c.attach(db, true)
	return err
}

// progress reports a long generation on the terminal, once per percent.
func (c *call) progress() func(done, total int) {
	if !c.env.IsTerminal() {
		return nil
	}
	last := -1
	return func(done, total int) {
		if total <= 0 {
			return
		}
		pct := done * 100 / total
		if pct == last {
			return
		}
		last = pct
		fmt.Fprintf(c.env.Stderr, "\rgenerating the demo organization: %3d%%", pct)
		if done >= total {
			fmt.Fprintln(c.env.Stderr)
		}
	}
}
