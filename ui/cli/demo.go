package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
)

var demoCommand = &command{
	name:    "demo",
	summary: "the terminal UI on a freshly generated demo organization",
	about:   `Generates a realistic demo organization (the same data every time: products of every kind, users, assets, allocations and a year of history) and opens the terminal UI on it. Without --db it writes a fresh temporary file; a postgres:// --db must name an empty schema, which gets the whole demo in one transaction. --no-ui only writes the database and prints its path, so 'seats status --db "$(seats demo --no-ui)"' works. --scale N makes about N licenses with proportionate users and assets, for load tests.`,
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
	if path, err := c.dbPath(); err == nil && isURL(path) {
		return c.demoOnServer(path, scale, noUI)
	}
	w, err := c.demoWorkspace()
	if err != nil {
		return err
	}
	if err := c.generateDemo(w.file, scale); err != nil {
		c.close()
		w.discard()
		return err
	}
	path := w.file
	if w.final != "" {
		// The finished file takes its name only now, and never a name
		// that something else took meanwhile.
		if err := c.close(); err != nil {
			w.discard()
			return err
		}
		if err := w.publish(); err != nil {
			return err
		}
		path = w.final
		if !noUI {
			db, err := c.open(path, false)
			if err != nil {
				return err
			}
			c.attach(db, false)
		}
	}
	if noUI {
		return c.show(demoJSON{path}, func(w io.Writer) { fmt.Fprintln(w, path) })
	}
	if w.final == "" {
		// A temporary demo lives as long as its TUI session; with --db
		// the file is the point and stays.
		defer w.discard()
	}
	return c.runTUI()
}

// demoWorkspace is where a demo is generated: a folder of its own, so
// that a failed run removes only what it made. With --db the folder sits
// beside the named file, which the demo links into place once complete;
// without, the folder is a temporary one and the file stays in it.
type demoWorkspace struct {
	dir     string   // the folder the demo made for itself
	file    string   // the file generated in it
	final   string   // --db, the name the finished file takes ("" without --db)
	parents []string // folders above final the demo created, deepest first
}

// demoWorkspace refuses a --db that names anything at all, even an empty
// file, a directory or a dangling link: the demo writes a new database
// and never replaces what it did not create.
func (c *call) demoWorkspace() (*demoWorkspace, error) {
	if !c.args.has("db") {
		dir, err := os.MkdirTemp("", "seats-demo-")
		if err != nil {
			return nil, fmt.Errorf("cannot create a temporary folder for the demo: %w", err)
		}
		return &demoWorkspace{dir: dir, file: filepath.Join(dir, "seats.db")}, nil
	}
	path, err := c.dbPath()
	if err != nil {
		return nil, err
	}
	if err := demoTargetFree(path); err != nil {
		return nil, err
	}
	w := &demoWorkspace{final: path}
	if w.parents, err = makeParents(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("cannot create the folder of %s: %v", path, err)
	}
	if w.dir, err = os.MkdirTemp(filepath.Dir(path), ".seats-demo-"); err != nil {
		w.discard()
		return nil, fmt.Errorf("cannot write the demo database %s: %v", path, err)
	}
	w.file = filepath.Join(w.dir, "seats.db")
	return w, nil
}

func demoTargetFree(path string) error {
	_, err := os.Lstat(path)
	switch {
	case err == nil:
		return fmt.Errorf("%s already exists: the demo writes a new database (remove it or pick another path)", path)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("cannot use %s for the demo: %v", path, cause(err))
	}
	return nil
}

// publish gives the finished file its --db name. A hard link fails if
// the name was taken since the check, where a rename would replace it.
func (w *demoWorkspace) publish() error {
	err := os.Link(w.file, w.final)
	if errors.Is(err, fs.ErrExist) {
		w.discard()
		return fmt.Errorf("%s already exists: the demo writes a new database (remove it or pick another path)", w.final)
	}
	if err != nil {
		// A file system without hard links: rename, once more checking
		// that the name is free.
		if err = demoTargetFree(w.final); err == nil {
			err = os.Rename(w.file, w.final)
		}
		if err != nil {
			w.discard()
			return fmt.Errorf("cannot write the demo database %s: %v", w.final, err)
		}
	}
	w.parents = nil // the file now lives there
	w.discard()
	syncDir(filepath.Dir(w.final))
	return nil
}

// discard removes what the demo created and nothing else.
func (w *demoWorkspace) discard() {
	if w.dir != "" {
		os.RemoveAll(w.dir)
	}
	for _, p := range w.parents {
		os.Remove(p) // only if still empty
	}
}

// makeParents creates dir and its missing parents and returns the ones it
// created, deepest first.
func makeParents(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || d == filepath.Dir(d) {
			break
		}
		missing = append(missing, d)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		for _, p := range missing {
			os.Remove(p)
		}
		return nil, cause(err)
	}
	return missing, nil
}

// cause is an os error without the operation and path it repeats.
func cause(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}

// syncDir makes a new name in dir durable; a demo is not worth failing
// over it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// generateDemo writes the demo organization into a new file. Scaled load
// data goes through OpenBulk when main provides it: it skips fsync, which
// is fine for throwaway data and much faster. With Scratch it is
// generated in memory first and copied into the file in one transaction.
func (c *call) generateDemo(path string, scale int) error {
	defer c.loadGC(scale)()
	open := func() (Database, error) { return c.open(path, false) }
	if scale > 0 && c.env.OpenBulk != nil {
		open = func() (Database, error) { return c.env.OpenBulk(path) }
	}
	var mem model.Store
	if scale > 0 && c.env.Scratch != nil {
		mem = c.env.Scratch()
		if err := c.generate(mem, scale); err != nil {
			return err
		}
	}
	db, err := open()
	if err != nil {
		return err
	}
	c.db = db
	if mem == nil {
		if err := c.generate(db, scale); err != nil {
			return err
		}
	} else if _, err := model.Copy(mem, db); err != nil {
		return fmt.Errorf("demo generation failed: %w", err)
	}
	// A load in thousands of transactions leaves thousands of free pages,
	// which every commit that writes the free-page list (the TUI's) would
	// list again; a copy is one transaction and leaves none.
	if cp, ok := db.(interface{ Compact() error }); ok && scale > 0 && mem == nil {
		if err := cp.Compact(); err != nil {
			return fmt.Errorf("demo generation failed: %w", err)
		}
	}
	_, err = c.attach(db, true)
	return err
}

// loadGC collects garbage less often while a scaled demo is generated
// into a file, a load of millions of short-lived records over a small
// heap (the file's pages are mapped, not on it): it saves a tenth of the
// time for some more memory. Generated in memory (Scratch), the heap holds
// the whole organization and the default target already leaves that much
// room again; more only costs gigabytes. It returns what puts the
// collector back.
func (c *call) loadGC(scale int) func() {
	if scale == 0 || c.env.Scratch != nil {
		return func() {}
	}
	old := debug.SetGCPercent(400)
	return func() { debug.SetGCPercent(old) }
}

// generate runs the demo generator on st.
func (c *call) generate(st model.Store, scale int) error {
	if err := demo.Generate(st, c.now().UTC(), demo.Options{Scale: scale, Progress: c.progress()}); err != nil {
		return fmt.Errorf("demo generation failed: %w", err)
	}
	return nil
}

// demoOnServer writes the demo into an empty PostgreSQL schema. The
// domain writes it, operation by operation, into a scratch store in
// memory (Scratch), where a read costs no round trip,
// and model.Copy then loads that into the server in one transaction, by
// COPY (model.BulkLoader), verifying the chain and the counters before
// it commits: the schema gets all of it or nothing.
func (c *call) demoOnServer(url string, scale int, noUI bool) error {
	dst, err := c.open(url, false)
	if err != nil {
		return err
	}
	fail := func(err error) error {
		dst.Close()
		return err
	}
	if err := demo.CheckEmpty(dst); err != nil {
		return fail(fmt.Errorf("demo generation failed: %w", err))
	}
	if c.env.Scratch == nil {
		return fail(errors.New("a demo for a server is not available in this build (it has no in-memory store)"))
	}
	defer c.loadGC(scale)()
	scratch := c.env.Scratch()
	if err := c.generate(scratch, scale); err != nil {
		return fail(err)
	}
	if c.env.IsTerminal() {
		fmt.Fprintf(c.env.Stderr, "loading it into %s\n", dst.Path())
	}
	_, err = model.Copy(scratch, dst)
	if err != nil {
		return fail(fmt.Errorf("nothing was written to %s: %w", dst.Path(), err))
	}
	// Fresh statistics for the planner, as after seats migrate.
	if v, ok := dst.(interface{ Vacuum() error }); ok {
		if err := v.Vacuum(); err != nil {
			return fail(fmt.Errorf("the demo is in %s, but VACUUM failed: %w", dst.Path(), err))
		}
	}
	if _, err := c.attach(dst, true); err != nil {
		return err
	}
	if noUI {
		return c.show(demoJSON{dst.Path()}, func(w io.Writer) { fmt.Fprintln(w, dst.Path()) })
	}
	return c.runTUI()
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
