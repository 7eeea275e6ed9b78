package cli

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

var serveCommand = &command{
	name:    "serve",
	summary: "serve the terminal UI and the commands to your admins over SSH",
	about: `Serves Seats over SSH: every admin connects with their own key and acts as the Seats user the key's comment names, with that user's role. ssh -t HOST opens the terminal UI; ssh HOST COMMAND runs one command. Everyone sees everyone's changes at once.
Keys are listed in an OpenSSH authorized_keys file, one per line, the Seats user's email as the comment. Roles come from the users in Seats, never from the file; removing a key or terminating the user ends their sessions.
The host key is created on first start. Only loopback is served unless --listen names another address. SIGINT or SIGTERM tells every session, then stops.
seats serve --listen 0.0.0.0:2222`,
	flags: []flagDef{
		{name: "listen", kind: valueFlag, arg: "ADDR", help: "the address to listen on (default 127.0.0.1:2222)"},
		{name: "host-key", kind: valueFlag, arg: "FILE", help: "the server's ed25519 key, created when missing (default $XDG_DATA_HOME/seats/ssh_host_ed25519)"},
		{name: "authorized-keys", kind: valueFlag, arg: "FILE", help: "the admins' public keys, emails as comments (default $XDG_CONFIG_HOME/seats/authorized_keys)"},
		{name: "max-sessions", kind: valueFlag, arg: "N", help: "refuse sessions beyond this many at once (default 64)"},
		{name: "idle", kind: valueFlag, arg: "DURATION", help: "log out a session with no key or mouse input for this long (default 15m)"},
	},
	open: openWrite,
	run:  runServe,
}

// ServeOptions are serve's settings once parsed.
type ServeOptions struct {
	Listen         string
	HostKey        string
	AuthorizedKeys string
	MaxSessions    int
	Idle           time.Duration
	// Now is the clock every session uses (SEATS_NOW pins it).
	Now func() time.Time
}

// Defaults of serve.
const (
	DefaultListen      = "127.0.0.1:2222"
	DefaultMaxSessions = 64
	DefaultIdle        = 15 * time.Minute
)

func runServe(c *call) error {
	if c.env.Serve == nil {
		return errors.New("serve is not available in this build")
	}
	if c.args.has("as") {
		return usagef("serve takes no --as: each session acts as the user of its key")
	}
	o, err := c.serveOptions()
	if err != nil {
		return err
	}
	path, err := c.dbPath()
	if err != nil {
		return err
	}
	// A new, empty database has no users, so no key could act on it.
	if _, err := os.Stat(path); err != nil && !isURL(path) {
		return fmt.Errorf("no database at %s (create one with 'seats demo --no-ui --db %s', or give --db)", path, path)
	}
	if _, err := c.service(); err != nil {
		return err
	}
	c.handedOff = true
	return c.env.Serve(c.db, o)
}

func (c *call) serveOptions() (ServeOptions, error) {
	o := ServeOptions{Listen: DefaultListen, MaxSessions: DefaultMaxSessions, Idle: DefaultIdle, Now: c.now}
	if c.args.has("listen") {
		o.Listen = strings.TrimSpace(c.args.str("listen"))
		if _, _, err := net.SplitHostPort(o.Listen); err != nil {
			return o, usagef("--listen takes HOST:PORT like 127.0.0.1:2222, not %q", cut(o.Listen, 40))
		}
	}
	if c.args.has("max-sessions") {
		n, err := parsePositive(c.args.str("max-sessions"))
		if err != nil {
			return o, usagef("--max-sessions: %v", err)
		}
		o.MaxSessions = n
	}
	if c.args.has("idle") {
		s := strings.TrimSpace(c.args.str("idle"))
		d, err := time.ParseDuration(s)
		if err != nil || d < time.Second {
			return o, usagef("--idle takes a duration of 1s or more like 15m, not %q", cut(s, 40))
		}
		o.Idle = d
	}
	var err error
	if o.HostKey, err = c.fileFlag("host-key", "XDG_DATA_HOME", ".local/share", "ssh_host_ed25519"); err != nil {
		return o, err
	}
	if o.AuthorizedKeys, err = c.fileFlag("authorized-keys", "XDG_CONFIG_HOME", ".config", "authorized_keys"); err != nil {
		return o, err
	}
	return o, nil
}

// fileFlag is a file flag's value, else seats/NAME under the XDG directory
// xdg names ($xdg when absolute, else ~/home).
func (c *call) fileFlag(flag, xdg, home, name string) (string, error) {
	if c.args.has(flag) {
		p := strings.TrimSpace(c.args.str(flag))
		if p == "" {
			return "", usagef("--%s needs a file path", flag)
		}
		return p, nil
	}
	if x := c.env.Getenv(xdg); filepath.IsAbs(x) {
		return filepath.Join(x, "seats", name), nil
	}
	if h := c.env.Getenv("HOME"); h != "" {
		return filepath.Join(h, home, "seats", name), nil
	}
	return "", usagef("no home directory to keep %s in: pass --%s FILE", name, flag)
}
