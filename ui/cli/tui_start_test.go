package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestTheTUIOnAMissingDatabaseSaysWhereItCreatesIt(t *testing.T) {
	if scriptPath == "" {
		t.Fatal("script(1) from util-linux is needed to give the UI a terminal")
	}
	bin := seatsBinary(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "new.db")
	o := child{now: t0, home: dir}.tui(bin, path)
	if o.code != 0 || !strings.Contains(o.stderr, "no database at "+path+" yet: creating it") {
		t.Fatalf("exit %d, terminal showed %q", o.code, o.stderr)
	}
	// The second start finds it and says nothing of the kind.
	if o := (child{now: t0, home: dir}).tui(bin, path); strings.Contains(o.stderr, "creating") {
		t.Fatalf("an existing database was announced as new: %q", o.stderr)
	}
}
