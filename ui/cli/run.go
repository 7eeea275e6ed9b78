// Package cli is the seats command line: it parses arguments, opens the
// database through the Env it is given, calls the domain (package model)
// and prints the result for people (aligned tables) or scripts (--json).
// It never imports the store: main.go wires the store in through Env.Open,
// which keeps the dependency direction ui → model ← store.
package cli

import (
	"fmt"
	"io"
	"runtime/debug"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/termsafe"
)

// Database is what the command line needs of an open database file;
// store.DB satisfies it.
type Database interface {
	model.Store
	Path() string
	Close() error
	// Backup writes a consistent hot copy to path, replacing an existing
	// file only when force.
	Backup(path string, force bool) error
	// Check verifies the file's own consistency (bbolt pages, counters,
	// indexes, event sequence) and returns one line per violation.
	Check() ([]string, error)
}

// Env is everything the command line touches outside itself, so tests can
// run it in-process with fake streams, a fake terminal and a pinned clock.
type Env struct {
	Args   []string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads SEATS_DB, SEATS_NOW, XDG_DATA_HOME, HOME and SEATS_DEBUG.
	Getenv func(string) string
	// IsTerminal reports whether a person is there to answer a prompt
	// (stdin and stdout are a terminal). Nil means no.
	IsTerminal func() bool
	// Open opens (creating when needed and not o.ReadOnly) a database
	// file, waiting up to o.Wait for another process's lock.
	Open func(path string, o OpenOptions) (Database, error)
	// OpenBulk, when set, opens a new file for throwaway bulk data (the
	// store's NoSync mode); `seats demo --scale N` uses it. Nil: Open.
	OpenBulk func(path string) (Database, error)
	// Scratch, when set, makes an empty store in memory: `seats demo
	// --scale N` (and any demo for a server) is generated there and then
	// copied into the database in one transaction (model.Copy), instead
	// of paying the database's reads and commits for each of its
	// thousands of batches. Nil: a scaled demo is generated into the file
	// itself, and a demo for a server is not available.
	Scratch func() model.Store
	// RunTUI runs the terminal UI on an open database and takes over the
	// database (it closes it). Nil: the TUI is not available and TUI modes
	// report an error.
	RunTUI func(db Database, svc *model.Service, o TUIOptions) error
	// Serve runs `seats serve` on an open database, which it takes over
	// (closes). Nil: serve is not available.
	Serve func(db Database, o ServeOptions) error
	// Remote is set when a session of `seats serve` runs the command.
	Remote *Remote
}

// TUIOptions say how the terminal UI runs.
type TUIOptions struct {
	// Actor is the acting user ("" = the account owner).
	Actor string
	// Theme is "light", "dark" or "auto" (--theme, else $SEATS_THEME,
	// else auto: $COLORFGBG when set, else the terminal's answer).
	Theme string
}

// OpenOptions say how Env.Open opens a database.
type OpenOptions struct {
	// ReadOnly takes a shared lock and writes not one byte.
	ReadOnly bool
	// Wait is how long to wait while another seats process holds the
	// file (--wait); never zero when the command line calls Open.
	Wait time.Duration
	// Schema is --schema: the PostgreSQL schema of the organization when
	// the URL names none ("" : the store's default).
	Schema string
}

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // a refused or failed action; nothing changed
	exitUsage  = 2 // bad usage: unknown command or flag, missing or unparsable argument
)

// Run executes one command line and returns the process exit code. A
// panic anywhere below is reported as one line, never a stack trace.
func Run(env Env) (code int) {
	env = env.withDefaults()
	c := &call{env: env}
	defer func() {
		if r := recover(); r != nil {
			if env.Getenv("SEATS_DEBUG") != "" {
				fmt.Fprintf(env.Stderr, "%s\n", debug.Stack())
			}
			c.close()
			code = report(env.Stderr, c.cmd, fmt.Errorf("internal error: %v", r))
		}
	}()
	err := c.run()
	if cerr := c.close(); err == nil && cerr != nil {
		err = cerr
	}
	return report(env.Stderr, c.cmd, err)
}

// withDefaults fills in the optional parts of Env so the rest of the
// package never checks for nil.
func (env Env) withDefaults() Env {
	if env.Stdin == nil {
		env.Stdin = eofReader{}
	}
	if env.Stdout == nil {
		env.Stdout = io.Discard
	}
	if env.Stderr == nil {
		env.Stderr = io.Discard
	}
	env.Stderr = termsafe.NewWriter(env.Stderr)
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.IsTerminal == nil {
		env.IsTerminal = func() bool { return false }
	}
	return env
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// clock reads SEATS_NOW (RFC 3339), which pins the time for reproducible
// demos and tests; unset means the real clock.
func (env Env) clock() (func() time.Time, error) {
	if env.Remote != nil && env.Remote.Now != nil {
		return env.Remote.Now, nil
	}
	s := env.Getenv("SEATS_NOW")
	if s == "" {
		return time.Now, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, usagef("SEATS_NOW=%q is not an RFC 3339 time like 2026-03-16T09:00:00Z", s)
	}
	return func() time.Time { return t }, nil
}
