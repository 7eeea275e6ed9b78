package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/seats/seats/model"
)

var migrateCommand = &command{
	name:    "migrate",
	summary: "copy the organization to an empty file or PostgreSQL schema",
	about: "Copies everything the source holds into an empty destination exactly: the same license IDs, users, assets, " +
		"allocations, scheduled changes, and the event log with the same sequence numbers and hashes. Either side may be a " +
		"file or a postgres:// URL (the schema from its search_path, default seats). The source is only read; the destination " +
		"is written in one transaction, so it gets all of it or nothing, and the chain is verified before that transaction " +
		"commits. A destination that holds anything is refused; a destination file this command created is removed if the copy fails.",
	flags: []flagDef{
		{name: "from", kind: valueFlag, arg: "SRC", help: "the database to copy (a file or a postgres:// URL)", required: true},
		{name: "to", kind: valueFlag, arg: "DST", help: "the empty database to copy into (created when it is a file that does not exist)", required: true},
	},
	open: openReadOnly,
	run:  runMigrate,
}

// migrateJSON is what `seats migrate --json` prints.
type migrateJSON struct {
	From   string       `json:"from"`
	To     string       `json:"to"`
	Copied model.Copied `json:"copied"`
}

func runMigrate(c *call) error {
	from, to := strings.TrimSpace(c.args.str("from")), strings.TrimSpace(c.args.str("to"))
	if from == "" || to == "" {
		return usagef("--from and --to each need a database")
	}
	if sameDatabase(from, to) {
		return usagef("--from and --to name the same database")
	}
	if !isURL(from) {
		if _, err := os.Stat(from); err != nil {
			return fmt.Errorf("no database at %s", from)
		}
	}
	src, err := c.open(from, true)
	if err != nil {
		return err
	}
	defer src.Close()
	created := false
	if !isURL(to) {
		_, err := os.Stat(to)
		created = errors.Is(err, fs.ErrNotExist)
	}
	dst, err := c.open(to, false)
	if err != nil {
		return err
	}
	copied, err := model.Copy(src, dst)
	if err != nil {
		dst.Close()
		if created {
			os.Remove(to)
		}
		return fmt.Errorf("nothing was copied to %s: %w", dst.Path(), err)
	}
	if err := checkCopy(dst); err != nil {
		dst.Close()
		return fmt.Errorf("copied to %s, but its check fails: %w", dst.Path(), err)
	}
	// A PostgreSQL destination gets its statistics and visibility map
	// now, not when autovacuum next passes by.
	if v, ok := dst.(interface{ Vacuum() error }); ok {
		if err := v.Vacuum(); err != nil {
			dst.Close()
			return fmt.Errorf("copied to %s, but VACUUM failed: %w", dst.Path(), err)
		}
	}
	if err := dst.Close(); err != nil {
		return err
	}
	out := migrateJSON{From: src.Path(), To: dst.Path(), Copied: copied}
	return c.show(out, func(w io.Writer) {
		fmt.Fprintf(w, "copied %s to %s: %s, %s, %s, %s, %s, %s, %s\n", src.Path(), dst.Path(),
			plural(copied.Products, "product", "products"), plural(copied.Licenses, "license", "licenses"),
			plural(copied.Users, "user", "users"), plural(copied.Assets, "asset", "assets"),
			plural(copied.Allocations, "allocation", "allocations"), plural(copied.Scheduled, "scheduled change", "scheduled changes"),
			plural(copied.Events, "event", "events"))
		fmt.Fprintf(w, "chain verified: head %d %s\n", copied.Head.Seq, copied.Head.Hash)
	})
}

// checkCopy runs the destination backend's own check once the copy has
// committed; the domain's invariants and the chain were verified inside.
func checkCopy(db Database) error {
	bad, err := db.Check()
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("the copy does not check clean: %s", oneLine(bad[0]))
	}
	return nil
}

func isURL(name string) bool {
	return strings.HasPrefix(name, "postgres://") || strings.HasPrefix(name, "postgresql://")
}

// sameDatabase reports whether two names are one database: the same URL,
// or two paths to one file.
func sameDatabase(a, b string) bool {
	if a == b {
		return true
	}
	if isURL(a) || isURL(b) {
		return false
	}
	x, errA := os.Stat(a)
	y, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(x, y)
}
