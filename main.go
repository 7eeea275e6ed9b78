// Command seats manages software licenses from the terminal. main wires the
// bbolt store to the domain and hands both to the interfaces in ui/.
package main

import (
	"context"
	"os"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
	"github.com/seats/seats/store/memory"
	"github.com/seats/seats/ui/cli"
	"github.com/seats/seats/ui/serve"
	"github.com/seats/seats/ui/tui"
)

func main() {
	os.Exit(cli.Run(cli.Env{
		Args:   os.Args[1:],
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		IsTerminal: func() bool {
			return term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd())
		},
		// A command that writes holds the file's lock only for each of
		// its transactions (Shared), not for its whole run, so that many
		// commands at once wait for each other briefly instead of for
		// each other's start-up and output.
		Open: func(path string, o cli.OpenOptions) (cli.Database, error) {
			return store.Open(path, store.Options{ReadOnly: o.ReadOnly, Shared: !o.ReadOnly, Timeout: o.Wait, Schema: o.Schema})
		},
		// Demo load data is throwaway: skipping fsync makes --scale fast,
		// and every batch is still one whole transaction.
		OpenBulk: func(path string) (cli.Database, error) {
			return store.Open(path, store.Options{NoSync: true})
		},
		Scratch: func() model.Store { return memory.New() },
		RunTUI: func(db cli.Database, svc *model.Service, o cli.TUIOptions) error {
			shared, err := reopenShared(db)
			if err != nil {
				return err
			}
			defer shared.Close()
			opts := tui.Options{Actor: o.Actor, Theme: o.Theme}
			if n, ok := shared.(store.Notifier); ok {
				opts.Listen = func(ctx context.Context, changed func()) error {
					return n.Listen(ctx, func(uint64) { changed() })
				}
			}
			return tui.Run(model.NewService(shared, svc.Now), opts)
		},
		// serve shares one store among all its sessions.
		Serve: func(db cli.Database, o cli.ServeOptions) error {
			shared, err := reopenShared(db)
			if err != nil {
				return err
			}
			defer shared.Close()
			return serve.Run(serve.Config{
				DB: shared, Now: o.Now, Listen: o.Listen, HostKey: o.HostKey,
				AuthorizedKeys: o.AuthorizedKeys, MaxSessions: o.MaxSessions, Idle: o.Idle,
				Log: os.Stderr,
			})
		},
	}))
}

// reopenShared reopens a database for the long-lived interfaces (the TUI,
// serve): in shared mode, so that other seats processes are never locked
// out between operations, and waiting for other writers as long as it
// takes (the TUI shows a spinner meanwhile).
func reopenShared(db cli.Database) (store.DB, error) {
	path := db.Path()
	if store.IsPostgres(path) {
		// A server has no file lock to hold; and the path has lost its
		// password, so it could not be opened again.
		return db, nil
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	return store.Open(path, store.Options{Shared: true, Timeout: 24 * time.Hour})
}
