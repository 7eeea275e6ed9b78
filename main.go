// Command seats manages software licenses from the terminal. main wires the
// bbolt store to the domain and hands both to the interfaces in ui/.
package main

import (
	"os"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
	"github.com/seats/seats/ui/cli"
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
			return store.Open(path, store.Options{ReadOnly: o.ReadOnly, Shared: !o.ReadOnly, Timeout: o.Wait})
		},
		// Demo load data is throwaway: skipping fsync makes --scale fast,
		// and every batch is still one whole transaction.
		OpenBulk: func(path string) (cli.Database, error) {
			return store.Open(path, store.Options{NoSync: true})
		},
		// The TUI stays open for hours: it reopens the file in shared mode so
		// that other seats processes are never locked out between operations.
		RunTUI: func(db cli.Database, svc *model.Service, actor string) error {
			path := db.Path()
			if err := db.Close(); err != nil {
				return err
			}
			// It waits for other writers as long as it takes, with a spinner.
			shared, err := store.Open(path, store.Options{Shared: true, Timeout: 24 * time.Hour})
			if err != nil {
				return err
			}
			return tui.Run(model.NewService(shared, svc.Now), tui.Options{Actor: actor})
		},
	}))
}
