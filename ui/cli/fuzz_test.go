package cli

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// confined keeps a fuzzed command line inside dir: random --db and backup
// paths must not write anywhere else on the machine.
type confined struct {
	Database
	dir string
}

func inside(dir, path string) bool {
	abs, err := filepath.Abs(path)
	return err == nil && strings.HasPrefix(abs, dir+string(filepath.Separator))
}

func (c confined) Backup(path string, force bool) error {
	if !inside(c.dir, path) {
		return errors.New("outside the test folder")
	}
	return c.Database.Backup(path, force)
}

// FuzzArgs feeds random argument vectors (commands, flags, dates, money,
// emails) to the command line: it must never panic, always exit 0, 1 or
// 2, and report a failure in exactly one line.
func FuzzArgs(f *testing.F) {
	for _, seed := range []string{
		"status",
		"status\x00--json\x00--check",
		"products\x00add\x00Office 365\x00--contracted\x0050\x00--price\x0012.50\x00--vat\x0021\x00--expires\x002027-01-31",
		"products\x00add\x00P\x00--price\x0012.345\x00--purchased\x002026-02-29",
		"products\x00add\x00P\x00--price=1e9\x00--vat=-1",
		"users\x00invite\x00ana@example.com\x00--first\x00Ana\x00--last\x00Ruiz",
		"users\x00invite\x00a@b\x00--first\x00A\x00--last\x00B",
		"users\x00invite\x00\"a b\"@x.org\x00--first\x00A\x00--last\x00B",
		"users\x00terminate\x00x@y.z\x00--last-day\x009999-12-31\x00--yes",
		"licenses\x00add\x00P\x0099999999999999999999\x00--yes",
		"licenses\x00remove\x00P\x00-1",
		"assign\x00P\x00x@y.z\x00--yes",
		"unassign\x00LIC-\x00--json",
		"history\x00LIC-000001",
		"org\x00edit\x00--anchor-day\x0028\x00--currency\x00eur",
		"allocations\x00add\x00A\x00--product\x00P\x00--quantity\x001\x00--rule\x00--role\x00admin",
		"--db\x00\x00status",
		"--\x00status",
		"-h",
		"help\x00nope",
		"export\x00events\x00--json",
		"backup\x00/etc/passwd",
		"usage\x00--by\x00\xff",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(joined, "\x00")
		if len(args) > 32 {
			args = args[:32]
		}
		for _, a := range args {
			if a == "demo" {
				t.Skip("generating demo organizations is too slow to fuzz")
			}
		}
		dir := t.TempDir()
		db := filepath.Join(dir, "seats.db")
		var out, errb bytes.Buffer
		code := Run(Env{
			Args:   args,
			Stdout: &out, Stderr: &errb,
			Getenv: func(k string) string {
				return map[string]string{"SEATS_DB": db, "SEATS_NOW": testNow, "HOME": dir}[k]
			},
			Open: func(path string, o OpenOptions) (Database, error) {
				if !inside(dir, path) {
					return nil, errors.New("outside the test folder")
				}
				d, err := openStore(path, o)
				if err != nil {
					return nil, err
				}
				return confined{d, dir}, nil
			},
		})
		switch code {
		case exitOK:
		case exitFailed, exitUsage:
			if !strings.HasPrefix(errb.String(), "seats: ") || strings.Count(errb.String(), "\n") != 1 {
				t.Fatalf("%q: exit %d with stderr %q", args, code, errb.String())
			}
		default:
			t.Fatalf("%q: exit %d", args, code)
		}
	})
}
