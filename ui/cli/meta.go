package cli

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/seats/seats/model"
	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// The commands about seats itself: version, completion, man and info.

var versionCommand = &command{
	name:    "version",
	summary: "print the version, revision and Go version (also --version)",
	about:   "Prints the module version, the version control revision and time the binary was built from, and the Go version, as the binary records them.",
	open:    openReadOnly,
	run:     func(c *call) error { return c.printVersion() },
}

var completionCommand = &command{
	name:    "completion",
	args:    []string{"SHELL"},
	summary: "print the shell completion script (bash, zsh, fish, powershell)",
	about: `Prints the completion script of SHELL: bash, zsh, fish or powershell. Completion names the products, users, assets, allocations and licenses of the database (--db, $SEATS_DB), read without a single write. For example:
seats completion bash > ~/.local/share/bash-completion/completions/seats
seats completion zsh > "${fpath[1]}/_seats"
seats completion fish > ~/.config/fish/completions/seats.fish`,
	open: openReadOnly,
	run:  runCompletion,
}

var manCommand = &command{
	name:    "man",
	args:    []string{"DIR"},
	summary: "write the man pages of every command to a directory",
	about:   "Writes one man page (section 1) per command into DIR, which must exist: seats.1, seats-products-add.1 and so on.",
	open:    openReadOnly,
	run:     runMan,
}

var infoCommand = &command{
	name:    "info",
	summary: "show the database, directories and acting user in use",
	about:   "Shows the database in use (its path, or its URL without the password, and the PostgreSQL schema), the file's size, the configuration and data directories and the acting user. It reads no data and never creates the database.",
	open:    openReadOnly,
	run:     runInfo,
}

// wantsVersion reports whether --version appears before any "--".
func wantsVersion(in []string) bool {
	for _, a := range in {
		if a == "--" {
			return false
		}
		if a == "--version" || a == "-version" {
			return true
		}
	}
	return false
}

// buildInfo is the version as the binary records it.
type buildInfo struct {
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
}

func currentBuild() buildInfo { return fromBuildInfo(debug.ReadBuildInfo()) }

// fromBuildInfo reads what runtime/debug.ReadBuildInfo returned.
func fromBuildInfo(bi *debug.BuildInfo, ok bool) buildInfo {
	b := buildInfo{Version: "(devel)", Go: runtime.Version()}
	if !ok || bi == nil {
		return b
	}
	if v := bi.Main.Version; v != "" {
		b.Version = v
	}
	if bi.GoVersion != "" {
		b.Go = bi.GoVersion
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

func (b buildInfo) String() string {
	s := "seats " + b.Version
	if b.Revision != "" {
		s += " (" + b.Revision
		if b.Modified {
			s += "+modified"
		}
		if b.Time != "" {
			s += ", " + b.Time
		}
		s += ")"
	}
	return s + " built with " + b.Go
}

func (c *call) printVersion() error {
	b := currentBuild()
	return c.show(b, func(w io.Writer) { fmt.Fprintln(w, b) })
}

func runCompletion(c *call) error {
	root := c.newRoot(false)
	w := c.env.Stdout
	switch strings.ToLower(c.pos(0)) {
	case "bash":
		return root.GenBashCompletionV2(w, true)
	case "zsh":
		return root.GenZshCompletion(w)
	case "fish":
		return root.GenFishCompletion(w, true)
	case "powershell":
		return root.GenPowerShellCompletionWithDesc(w)
	}
	return usagef("SHELL is bash, zsh, fish or powershell, not %q", cut(c.pos(0), 20))
}

func runMan(c *call) error {
	dir := c.pos(0)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	now := c.now()
	root := c.newRoot(false)
	hideInternal(root)
	err := doc.GenManTree(root, &doc.GenManHeader{Title: "SEATS", Section: "1", Date: &now, Source: "seats " + currentBuild().Version, Manual: "Seats Manual"}, dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.info(), "wrote the man pages to %s\n", dir)
	return nil
}

// hideInternal keeps cobra's own commands out of the man pages.
func hideInternal(root *cobra.Command) {
	for _, sub := range root.Commands() {
		if sub.Name() == "help" || strings.HasPrefix(sub.Name(), "__") {
			sub.Hidden = true
		}
	}
}

// infoJSON is what `seats info` shows.
type infoJSON struct {
	Database  string `json:"database"`
	Kind      string `json:"kind"` // file or postgres
	Schema    string `json:"schema,omitempty"`
	Exists    bool   `json:"exists"`
	SizeBytes int64  `json:"size_bytes,omitempty"`
	ConfigDir string `json:"config_dir"`
	DataDir   string `json:"data_dir"`
	Actor     string `json:"actor"`
}

func runInfo(c *call) error {
	if err := c.parseActor(); err != nil {
		return err
	}
	path, err := c.dbPath()
	if err != nil {
		return err
	}
	in := infoJSON{Database: path, Kind: "file", ConfigDir: c.xdgDir("XDG_CONFIG_HOME", ".config"), DataDir: c.xdgDir("XDG_DATA_HOME", filepath.Join(".local", "share")), Actor: c.actor}
	if in.Actor == "" {
		in.Actor = "the account owner"
	}

	if isURL(path) {
		in.Kind, in.Database = "postgres", redactURL(path)
		in.Schema = strings.TrimSpace(c.args.str("schema"))
		if in.Schema == "" {
			in.Schema = urlSchema(path)
		}
		if in.Schema == "" {
			in.Schema = "seats"
		}
	} else if st, err := os.Stat(path); err == nil {
		in.Exists, in.SizeBytes = true, st.Size()
		if abs, err := filepath.Abs(path); err == nil {
			in.Database = abs
		}
	}
	if in.Exists && c.actor == "" {
		if owner := c.ownerEmail(path); owner != "" {
			in.Actor = owner + " (the account owner)"
		}
	}
	return c.show(in, func(w io.Writer) {
		t := newTable(w)
		t.row("database", in.Database)
		if in.Kind == "postgres" {
			t.row("schema", in.Schema)
		} else if in.Exists {
			t.row("size", humanSize(in.SizeBytes))
		} else {
			t.row("size", "(not created yet)")
		}
		t.row("config directory", in.ConfigDir)
		t.row("data directory", in.DataDir)
		t.row("acting user", in.Actor)
		t.flush()
	})
}

// xdgDir is $XDG_…_HOME/seats, else ~/fallback/seats.
func (c *call) xdgDir(env, fallback string) string {
	if x := c.env.Getenv(env); filepath.IsAbs(x) {
		return filepath.Join(x, "seats")
	}
	if h := c.env.Getenv("HOME"); h != "" {
		return filepath.Join(h, fallback, "seats")
	}
	return "(unknown: HOME is not set)"
}

// redactURL removes the password from a postgres:// URL, whether in the
// user info or as a password= query parameter.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "postgres://(unparsable URL hidden)"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// urlSchema is the schema named in the URL (search_path or schema), if any.
func urlSchema(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	for _, k := range []string{"schema", "search_path"} {
		if v := u.Query().Get(k); v != "" {
			return v
		}
	}
	return ""
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB (%d bytes)", float64(n)/(1<<30), n)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB (%d bytes)", float64(n)/(1<<20), n)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB (%d bytes)", float64(n)/(1<<10), n)
	}
	return fmt.Sprintf("%d bytes", n)
}

// completionWait bounds how long completion waits for a busy file: a
// shell must never hang on a tab.
const completionWait = 200 * time.Millisecond

// ownerEmail reads the account owner's email from the file, opened
// read-only; "" when it cannot be read (busy, damaged, not set up).
func (c *call) ownerEmail(path string) string {
	wait, err := c.wait()
	if err != nil {
		return ""
	}
	db, err := c.env.Open(path, OpenOptions{ReadOnly: true, Wait: min(wait, time.Second)})
	if err != nil {
		return ""
	}
	defer db.Close()
	var email string
	_ = db.View(func(tx model.Tx) error {
		org, err := tx.Org()
		if err != nil {
			return err
		}
		u, err := tx.User(org.OwnerID)
		email = u.Email
		return err
	})
	return email
}
