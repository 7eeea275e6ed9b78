package cli_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// backupFixture is a seed database alone in a folder of its own.
func backupFixture(t *testing.T) (bin, dir, db string, c child) {
	t.Helper()
	bin = seatsBinary(t)
	dir = t.TempDir()
	db = filepath.Join(dir, "seats.db")
	seedDB(t, bin, db)
	return bin, dir, db, child{now: t0, home: t.TempDir()}
}

// names lists a folder's entries.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// sameDatabase fails unless copy reads as db does and passes check.
func sameDatabase(t *testing.T, bin string, c child, db, copy string) {
	t.Helper()
	for _, args := range [][]string{{"status", "--json"}, {"export", "events"}, {"licenses", "list", "--json"}} {
		want, got := c.run(bin, append(args, "--db", db)...), c.run(bin, append(args, "--db", copy)...)
		if got.code != 0 || got.stdout != want.stdout {
			t.Errorf("seats %q on the backup: %s\nbut on the database: %s", args, got, want)
		}
	}
	if o := c.run(bin, "check", "--db", copy); o.code != 0 {
		t.Errorf("seats check on the backup: %s", o)
	}
}

// TestBackupWritesACompleteCopy: a backup to a new name is the database
// as it reads, and nothing but that file appears beside it.
func TestBackupWritesACompleteCopy(t *testing.T) {
	bin, dir, db, c := backupFixture(t)
	before := stateOf(db)
	target := filepath.Join(dir, "backup.db")
	if o := c.run(bin, "backup", target, "--db", db); o.code != 0 {
		t.Fatalf("seats backup to a new file: %s", o)
	}
	sameDatabase(t, bin, c, db, target)
	if got := names(t, dir); !slices.Equal(got, []string{"backup.db", "seats.db"}) {
		t.Errorf("after the backup the folder holds %q", got)
	}
	if d := before.diff(stateOf(db)); d != "" {
		t.Errorf("seats backup changed the database: %s", d)
	}
}

// TestBackupReplacesAFileOnlyWithForce: an existing file is refused
// without --force and left alone; with --force it is replaced by a
// rename, so that a reader of the old file (here: a second hard link to
// it) still sees the old bytes, never half a backup.
func TestBackupReplacesAFileOnlyWithForce(t *testing.T) {
	for what, content := range map[string][]byte{"a file": []byte("yesterday's notes\n"), "an empty file": nil} {
		bin, dir, db, c := backupFixture(t)
		target, old := filepath.Join(dir, "backup.db"), filepath.Join(dir, "old-link")
		if err := os.WriteFile(target, content, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Link(target, old); err != nil {
			t.Fatal(err)
		}
		before, folder := stateOf(target), stateOf(dir)
		o := c.run(bin, "backup", target, "--db", db)
		if o.code != 1 {
			t.Errorf("seats backup onto %s without --force: want a refusal (exit 1); %s", what, o)
		} else if msg := oneLineNaming(o.stderr, target); msg != "" {
			t.Errorf("seats backup onto %s without --force: %s: %q", what, msg, o.stderr)
		}
		if d := before.diff(stateOf(target)); d != "" {
			t.Errorf("refused seats backup changed %s: %s", what, d)
		}
		if d := folder.diff(stateOf(dir)); d != "" {
			t.Errorf("refused seats backup changed the folder: %s", d)
		}

		if o := c.run(bin, "backup", target, "--db", db, "--force"); o.code != 0 {
			t.Errorf("seats backup --force onto %s: %s", what, o)
			continue
		}
		sameDatabase(t, bin, c, db, target)
		if d := before.diff(stateOf(old)); d != "" {
			t.Errorf("seats backup --force wrote into %s instead of replacing it: %s", what, d)
		}
		ti, err1 := os.Stat(target)
		oi, err2 := os.Stat(old)
		if err1 != nil || err2 != nil || os.SameFile(ti, oi) {
			t.Errorf("seats backup --force did not put a new file in place of %s (%v, %v)", what, err1, err2)
		}
		if got := names(t, dir); !slices.Equal(got, []string{"backup.db", "old-link", "seats.db"}) {
			t.Errorf("after seats backup --force the folder holds %q", got)
		}
	}
}

// TestBackupRefusesWhatIsNotAPlainNewFile: directories, FIFOs, devices,
// symbolic links (to anything) and the database itself, under any name,
// are refused with or without --force, in one line naming the target,
// within the time limit (a FIFO must not block), and nothing changes.
func TestBackupRefusesWhatIsNotAPlainNewFile(t *testing.T) {
	bin, dir, db, c := backupFixture(t)
	p := func(name string) string { return filepath.Join(dir, name) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	plain := p("plain.txt")
	must(os.WriteFile(plain, []byte("keep me"), 0o600))
	targets := map[string]string{
		"a directory":                     p("folder"),
		"a FIFO":                          p("fifo"),
		"a symbolic link to a file":       p("link-to-file"),
		"a dangling symbolic link":        p("dangling"),
		"a symbolic link to the database": p("link-to-db"),
		"a symbolic link to a directory":  p("link-to-folder"),
		"the database":                    db,
		"the database by another name":    dir + "/./sub/../seats.db", // not cleaned: Join would
		"a hard link to the database":     p("hardlink.db"),
	}
	must(os.Mkdir(targets["a directory"], 0o700))
	must(os.Mkdir(p("sub"), 0o700))
	must(os.WriteFile(filepath.Join(targets["a directory"], "inside"), []byte("x"), 0o600))
	must(syscall.Mkfifo(targets["a FIFO"], 0o600))
	must(os.Symlink(plain, targets["a symbolic link to a file"]))
	must(os.Symlink(p("nowhere.db"), targets["a dangling symbolic link"]))
	must(os.Symlink(db, targets["a symbolic link to the database"]))
	must(os.Symlink(targets["a directory"], targets["a symbolic link to a directory"]))
	must(os.Link(db, targets["a hard link to the database"]))
	if err := syscall.Mknod(p("null"), syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
		targets["a character device"] = p("null")
	} else if os.Geteuid() != 0 {
		// Nobody but root could replace /dev/null, so it is safe here.
		targets["a character device"] = "/dev/null"
	} else {
		t.Logf("no device target: root here cannot make a device node, and /dev/null is not to be risked")
	}

	for what, target := range targets {
		for _, force := range []bool{false, true} {
			args := []string{"backup", target, "--db", db}
			if force {
				args = append(args, "--force")
			}
			before, dbBefore, folder, plainBefore := stateOf(target), stateOf(db), stateOf(dir), stateOf(plain)
			o := c.run(bin, args...)
			switch {
			case o.code != 1 || o.crashed() != "":
				t.Errorf("seats %q onto %s: want a refusal (exit 1); %s", args, what, o)
			case oneLineNaming(o.stderr, target) != "" && oneLineNaming(o.stderr, db) != "":
				t.Errorf("seats %q onto %s: %s: %q", args, what, oneLineNaming(o.stderr, target), o.stderr)
			}
			for _, s := range []struct {
				name   string
				before fileState
				path   string
			}{{what, before, target}, {"the database", dbBefore, db}, {"the folder", folder, dir}, {"the file a link points to", plainBefore, plain}} {
				if d := s.before.diff(stateOf(s.path)); d != "" {
					t.Errorf("seats %q onto %s changed %s: %s", args, what, s.name, d)
				}
			}
		}
	}
	if _, err := os.Lstat(p("nowhere.db")); err == nil {
		t.Error("seats backup created the target of a dangling symbolic link")
	}
	if strings.Contains(strings.Join(names(t, dir), " "), ".tmp") {
		t.Errorf("refused backups left temporary files: %q", names(t, dir))
	}
}
