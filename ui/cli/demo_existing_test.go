package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// existingThings makes, in dir, one of everything a path can already
// name, and returns the paths by what they are.
func existingThings(t *testing.T, bin, dir string) map[string]string {
	t.Helper()
	p := func(name string) string { return filepath.Join(dir, name) }
	things := map[string]string{
		"empty file":                 p("empty.db"),
		"Seats database":             p("seats.db"),
		"random file":                p("random.db"),
		"directory":                  p("folder.db"),
		"FIFO":                       p("fifo.db"),
		"symbolic link to a file":    p("link.db"),
		"dangling symbolic link":     p("dangling.db"),
		"symbolic link to a folder":  p("dirlink.db"),
		"read-only file (mode 0444)": p("readonly.db"),
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(things["empty file"], nil, 0o600))
	seedDB(t, bin, things["Seats database"])
	must(os.WriteFile(things["random file"], []byte("not a database, but somebody's file\n"), 0o600))
	must(os.Mkdir(things["directory"], 0o700))
	must(os.WriteFile(filepath.Join(things["directory"], "inside"), []byte("x"), 0o600))
	must(syscall.Mkfifo(things["FIFO"], 0o600))
	must(os.Symlink(things["random file"], things["symbolic link to a file"]))
	must(os.Symlink(p("nowhere.db"), things["dangling symbolic link"]))
	must(os.Symlink(things["directory"], things["symbolic link to a folder"]))
	must(os.WriteFile(things["read-only file (mode 0444)"], nil, 0o444))
	return things
}

// TestDemoRefusesAnyExistingPath: `seats demo --db F` writes a new
// database and nothing else, so whatever F already names (even an empty
// file or a dangling link) it refuses with one line naming F, and
// nothing in the folder changes, with or without the TUI.
func TestDemoRefusesAnyExistingPath(t *testing.T) {
	bin := seatsBinary(t)
	dir := t.TempDir()
	things := existingThings(t, bin, dir)
	for what, path := range things {
		for _, mode := range []string{"--no-ui", "tui"} {
			before, folder := stateOf(path), stateOf(dir)
			c := child{now: t0, home: t.TempDir()}
			var o outcome
			if mode == "tui" {
				o = c.onTerminal(bin, "demo", "--db", path)
			} else {
				o = c.run(bin, "demo", "--no-ui", "--db", path)
			}
			if o.code != 1 || o.crashed() != "" {
				t.Errorf("seats demo %s --db <%s>: want a refusal (exit 1); %s", mode, what, o)
			} else if msg := oneLineNaming(o.stderr, path); msg != "" {
				t.Errorf("seats demo %s --db <%s>: %s: %q", mode, what, msg, o.stderr)
			}
			if d := before.diff(stateOf(path)); d != "" {
				t.Errorf("seats demo %s --db <%s> changed it: %s", mode, what, d)
			}
			if d := folder.diff(stateOf(dir)); d != "" {
				t.Errorf("seats demo %s --db <%s> changed its folder: %s", mode, what, d)
			}
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere.db")); err == nil {
		t.Error("seats demo created the target of a dangling symbolic link")
	}
}

// TestDemoFailureRemovesOnlyWhatItCreated: a demo that fails after it
// has generated its file (here: --as names nobody, which is found out
// once the organization exists) leaves no file, no temporary folder and
// no folder it made for --db, and keeps everything that was there.
func TestDemoFailureRemovesOnlyWhatItCreated(t *testing.T) {
	bin := seatsBinary(t)
	dir := t.TempDir()
	keep := filepath.Join(dir, "keep.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	c := child{now: t0, home: t.TempDir(), env: []string{"TMPDIR=" + tmp}}
	for _, args := range [][]string{
		{"--db", filepath.Join(dir, "new.db")},
		{"--db", filepath.Join(dir, "made", "for", "it", "new.db")},
		{}, // a temporary file in $TMPDIR
	} {
		before, keepBefore := stateOf(dir), stateOf(keep)
		o := c.run(bin, append([]string{"demo", "--no-ui", "--as", "nobody@example.com"}, args...)...)
		if o.code != 1 || o.crashed() != "" || strings.Count(o.stderr, "\n") != 1 {
			t.Errorf("seats demo %q: want a one-line failure; %s", args, o)
		}
		if d := before.diff(stateOf(dir)); d != "" {
			t.Errorf("failed seats demo %q left its folder changed: %s", args, d)
		}
		if d := keepBefore.diff(stateOf(keep)); d != "" {
			t.Errorf("failed seats demo %q changed a file it did not create: %s", args, d)
		}
		if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
			t.Errorf("failed seats demo %q left %s in $TMPDIR", args, entries[0].Name())
		}
	}
}

// TestDemoWritesOnlyItsFile: a demo that succeeds adds exactly its file
// to the folder (no temporary left beside it), and the file passes check.
func TestDemoWritesOnlyItsFile(t *testing.T) {
	bin := seatsBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	c := child{now: t0, home: t.TempDir()}
	if o := c.run(bin, "demo", "--no-ui", "--db", db); o.code != 0 || strings.TrimSpace(o.stdout) != db {
		t.Fatalf("seats demo --no-ui --db %s: %s", db, o)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the demo's folder holds %q, want only demo.db", names)
	}
	if o := c.run(bin, "check", "--db", db); o.code != 0 {
		t.Errorf("seats check on the demo: %s", o)
	}
}
