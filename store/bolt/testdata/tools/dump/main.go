// Command dump writes, as JSON, what the seats code of the worktree it runs
// in reports about a database at a pinned time: the expected contents of a
// migration fixture. Run it on a copy (an old store may write on open):
// `go run ./fxdump DB NOW > schemaN.json`. Built with -tags noalloc for
// schema 2, whose code had no allocations.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
)

func main() {
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "dump:", err)
		os.Exit(1)
	}
}

func run(path, at string) error {
	now, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return err
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	s := model.NewService(db, func() time.Time { return now })
	out := map[string]any{}
	if out["status"], err = s.Status(); err != nil {
		return err
	}
	ls, _, err := s.Licenses(model.LicenseFilter{})
	if err != nil {
		return err
	}
	out["licenses"] = ls
	if out["users"], err = s.Users(); err != nil {
		return err
	}
	if out["assets"], err = s.Assets(); err != nil {
		return err
	}
	if out["allocations"], err = allocations(s); err != nil {
		return err
	}
	if out["scheduled"], err = s.Scheduled(); err != nil {
		return err
	}
	var events []model.Event
	if err := s.Events(0, func(e model.Event) bool { events = append(events, e); return true }); err != nil {
		return err
	}
	out["events"] = events
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		return err
	}
	_, err = fmt.Printf("%s\n", b)
	return err
}
