package cli_test

// The tests in this package's cli_test files run the real seats binary in
// child processes: damage must never crash a process, and reads must
// never write a file, which only a separate process, a real file and the
// real main.go can show.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// t0 is the pinned clock of the child processes: mid-cycle, before either
// change the seed database schedules falls due.
const t0 = "2026-03-16T10:00:00Z"

// childTimeout is how long any command may take on any file.
const childTimeout = 5 * time.Second

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// TestMain removes the binary that seatsBinary built, if a test asked for it.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// seatsBinary builds github.com/seats/seats once per test run.
func seatsBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "seats-bin-"); binErr != nil {
			return
		}
		// Others may need to run it: the read-only test drops to nobody
		// when it runs as root, so that mode 0444 really stops writes.
		if binErr = os.Chmod(binDir, 0o755); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "seats")
		gobin, err := exec.LookPath("go")
		if err != nil {
			binErr = err
			return
		}
		out, err := exec.Command(gobin, "build", "-o", binPath, "github.com/seats/seats").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatalf("cannot build the seats binary: %v", binErr)
	}
	return binPath
}

// child says how to start one child process.
type child struct {
	now  string              // SEATS_NOW
	home string              // HOME; also the working directory
	cred *syscall.Credential // run as this user (nil: as the test)
	// wrap goes before the binary on the command line (unshare ...).
	wrap []string
	env  []string // more KEY=VALUE
}

// outcome is what one child process did.
type outcome struct {
	code     int    // exit code; -1 when it did not exit normally
	signal   string // the signal that ended it, if one did
	timedOut bool
	stdout   string
	stderr   string
}

// String renders an outcome for failure messages.
func (o outcome) String() string {
	how := fmt.Sprintf("exit %d", o.code)
	switch {
	case o.timedOut:
		how = fmt.Sprintf("still running after %v (killed)", childTimeout)
	case o.signal != "":
		how = "killed by " + o.signal
	}
	return fmt.Sprintf("%s; stderr %q; stdout %q", how, cut(o.stderr, 600), cut(o.stdout, 600))
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + fmt.Sprintf("… (%d bytes)", len(s))
}

func (c child) environ() []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + c.home,
		"LANG=C.UTF-8",
		// No OSC colour query in the TUI: under script(1) no terminal
		// answers it, and termenv would wait five seconds for a reply.
		"TERM=screen",
	}
	if c.now != "" {
		env = append(env, "SEATS_NOW="+c.now)
	}
	return append(env, c.env...)
}

// run runs the binary with args and a closed stdin; SEATS_DB is unset, so
// every caller names its file with --db.
func (c child) run(bin string, args ...string) outcome {
	argv := append(slices.Clone(c.wrap), bin)
	argv = append(argv, args...)
	ctx, cancel := context.WithTimeout(context.Background(), childTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var stdout, stderr bytes.Buffer
	c.prepare(cmd, &stdout, &stderr)
	err := cmd.Run()
	return finish(cmd, err, ctx.Err() != nil, stdout.String(), stderr.String())
}

// prepare sets a child's environment and puts it in a process group of
// its own, which a timeout kills whole.
func (c child) prepare(cmd *exec.Cmd, stdout, stderr io.Writer) {
	cmd.Env = c.environ()
	cmd.Dir = c.home
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: c.cred}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
}

func finish(cmd *exec.Cmd, err error, timedOut bool, stdout, stderr string) outcome {
	o := outcome{code: -1, timedOut: timedOut, stdout: stdout, stderr: stderr}
	if cmd.ProcessState == nil {
		o.stderr += fmt.Sprintf("[the test could not start it: %v]", err)
		return o
	}
	ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
	switch {
	case ws.Signaled():
		o.signal = ws.Signal().String()
	case ws.Exited():
		o.code = ws.ExitStatus()
	}
	return o
}

// scriptPath is util-linux script(1), which gives the TUI a pseudo-terminal
// without a new Go dependency; "" when the system has none.
var scriptPath = func() string {
	p, err := exec.LookPath("script")
	if err != nil {
		return ""
	}
	return p
}()

// altScreen is what bubbletea writes once the UI takes the screen.
const altScreen = "\x1b[?1049h"

// tui starts `seats --db path` the way a person would: on a terminal
// (script(1)'s pseudo-terminal, 100×30), and presses q once the UI has
// taken the screen. The terminal carries stdout and stderr both, so the
// outcome's stderr is what the terminal showed with CRLF made LF, and its
// stdout what script itself said. Without script(1) the binary runs with
// no terminal at all, and says so in stdout.
func (c child) tui(bin, path string) outcome { return c.onTerminal(bin, "--db", path) }

// onTerminal runs the binary with args on a pseudo-terminal, as tui does.
func (c child) onTerminal(bin string, args ...string) outcome {
	if scriptPath == "" {
		o := c.run(bin, args...)
		o.stdout = "[no script(1): started without a terminal] " + o.stdout
		return o
	}
	line := "stty rows 30 cols 100 && exec " + shQuote(bin)
	for _, a := range args {
		line += " " + shQuote(a)
	}
	argv := append(slices.Clone(c.wrap), scriptPath, "-qfec", line, "/dev/null")
	ctx, cancel := context.WithTimeout(context.Background(), childTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	screen := &syncBuffer{}
	var scriptErr bytes.Buffer
	c.prepare(cmd, screen, &scriptErr)
	keys, err := cmd.StdinPipe()
	if err != nil {
		return outcome{code: -1, stderr: err.Error()}
	}
	if err := cmd.Start(); err != nil {
		return finish(cmd, err, false, "", "")
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			keys.Close()
			o := finish(cmd, err, ctx.Err() != nil, scriptErr.String(), strings.ReplaceAll(screen.String(), "\r\n", "\n"))
			// script(1) -e exits 128+N when its child died of signal N.
			if o.code > 128 && o.code < 128+65 {
				o.signal = syscall.Signal(o.code - 128).String()
			}
			return o
		case <-tick.C:
			// Keys go only to a running UI: typed before it, the
			// terminal would echo them into the output.
			if strings.Contains(screen.String(), altScreen) {
				keys.Write([]byte("q"))
			}
		}
	}
}

// noTerminal reports whether rc is the TUI start on a system without
// script(1), where it runs with no terminal and can only refuse.
func noTerminal(rc readCommand) bool { return rc.name == "tui" && scriptPath == "" }

// readSucceeded reports whether a read command did what it should on a
// good database: exit 0, or for the TUI without a terminal a refusal.
func readSucceeded(rc readCommand, o outcome) bool {
	if o.crashed() != "" || o.timedOut || o.signal != "" {
		return false
	}
	if noTerminal(rc) {
		return o.code == 1
	}
	return o.code == 0
}

func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// crashMarks are what a Go crash or a fault prints; none may ever appear.
var crashMarks = []string{"goroutine ", "panic", "fatal error", "SIGSEGV", "SIGBUS"}

// crashed names the first crash mark in an outcome, or "".
func (o outcome) crashed() string {
	for _, m := range crashMarks {
		if strings.Contains(o.stdout, m) || strings.Contains(o.stderr, m) {
			return m
		}
	}
	return ""
}

// oneLineNaming checks that stderr is exactly one "seats: ..." line that
// names path; it returns what is wrong, or "".
func oneLineNaming(stderr, path string) string {
	if !strings.HasPrefix(stderr, "seats: ") || !strings.HasSuffix(stderr, "\n") || strings.Count(stderr, "\n") != 1 {
		return "stderr is not exactly one 'seats: ...' line"
	}
	if !strings.Contains(stderr, path) {
		return "stderr does not name the file"
	}
	return ""
}

// fileState is what a command must not change about a path: its kind,
// and for a regular file its bytes and modification time (a write of the
// same bytes is still a write), for a directory its entries, for a
// symbolic link its target.
type fileState struct {
	kind    fs.FileMode
	size    int64
	sum     [sha256.Size]byte
	mtime   time.Time
	entries string
	link    string
	err     string
}

func stateOf(path string) fileState {
	info, err := os.Lstat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fileState{err: "does not exist"}
		}
		return fileState{err: err.Error()}
	}
	s := fileState{kind: info.Mode().Type()}
	switch {
	case info.Mode().IsRegular():
		b, err := os.ReadFile(path)
		if err != nil {
			s.err = err.Error()
		}
		s.size, s.sum, s.mtime = int64(len(b)), sha256.Sum256(b), info.ModTime()
	case info.IsDir():
		names, err := os.ReadDir(path)
		if err != nil {
			s.err = err.Error()
		}
		for _, n := range names {
			s.entries += n.Name() + " "
		}
	case info.Mode()&fs.ModeSymlink != 0:
		s.link, _ = os.Readlink(path)
	}
	return s
}

// diff says how b differs from a, or "".
func (a fileState) diff(b fileState) string {
	switch {
	case a.err != b.err:
		return fmt.Sprintf("was %q, now %q", a.describe(), b.describe())
	case a.kind != b.kind:
		return fmt.Sprintf("was a %s, now a %s", a.describe(), b.describe())
	case a.size != b.size || a.sum != b.sum:
		return fmt.Sprintf("bytes changed: %d bytes sha256 %x, now %d bytes sha256 %x", a.size, a.sum[:6], b.size, b.sum[:6])
	case !a.mtime.Equal(b.mtime):
		return fmt.Sprintf("same bytes but written: mtime %s, now %s", a.mtime.Format(time.RFC3339Nano), b.mtime.Format(time.RFC3339Nano))
	case a.entries != b.entries:
		return fmt.Sprintf("directory entries were [%s], now [%s]", a.entries, b.entries)
	case a.link != b.link:
		return fmt.Sprintf("symbolic link to %q, now to %q", a.link, b.link)
	}
	return ""
}

func (a fileState) describe() string {
	if a.err != "" {
		return a.err
	}
	switch {
	case a.kind == 0:
		return "regular file"
	case a.kind&fs.ModeDir != 0:
		return "directory"
	case a.kind&fs.ModeNamedPipe != 0:
		return "FIFO"
	case a.kind&fs.ModeCharDevice != 0:
		return "character device"
	case a.kind&fs.ModeDevice != 0:
		return "block device"
	case a.kind&fs.ModeSymlink != 0:
		return "symbolic link"
	}
	return a.kind.String()
}

// seedCommands make a small database with a record of every kind: two
// products (per-user monthly, per-device one-off), two users, an asset,
// three assignments, an allocation, and two changes scheduled for later:
// one Office license leaves at the cycle end (2026-04-01) and bo leaves
// on 2026-03-20, releasing the Office license bo holds.
var seedCommands = [][]string{
	{"products", "add", "Office", "--contracted", "5", "--net-price", "12.50", "--vat-percent", "21", "--period", "monthly"},
	{"products", "add", "Win", "--assignment", "per-device", "--contracted", "3", "--net-price", "100", "--period", "none"},
	{"users", "invite", "ana@example.com", "--first", "Ana", "--last", "Ruiz", "--department", "Sales"},
	{"users", "invite", "bo@example.com", "--first", "Bo", "--last", "Li"},
	{"assets", "add", "LAP-1", "--owner", "ana@example.com"},
	{"assign", "Office", "ana@example.com"},
	{"assign", "Office", "bo@example.com"},
	{"assign", "Win", "LAP-1"},
	{"allocations", "add", "Sales", "--product", "Office", "--quantity", "2", "--department", "Sales"},
	{"licenses", "remove", "Office", "1", "--yes"},
	{"users", "terminate", "bo@example.com", "--last-day", "2026-03-20", "--yes"},
}

// seedDB writes the seed database to path with the binary, at t0.
func seedDB(t testing.TB, bin, path string) {
	t.Helper()
	c := child{now: t0, home: filepath.Dir(path)}
	for _, args := range seedCommands {
		if o := c.run(bin, append(args, "--db", path)...); o.code != 0 {
			t.Fatalf("seeding %s: seats %q: %s", path, args, o)
		}
	}
}

// readCommand is a command that only reads the database, with its
// arguments; backup gets its target appended and tui runs the terminal UI.
type readCommand struct {
	name string
	args []string
}

var readCommands = []readCommand{
	{"status", []string{"status"}},
	{"status --json", []string{"status", "--json"}},
	{"check", []string{"check"}},
	{"licenses list", []string{"licenses", "list"}},
	{"users list", []string{"users", "list"}},
	{"assets list", []string{"assets", "list"}},
	{"products list", []string{"products", "list"}},
	{"allocations list", []string{"allocations", "list"}},
	{"org show", []string{"org", "show"}},
	{"history Office", []string{"history", "Office"}},
	{"export users", []string{"export", "users"}},
	{"export events", []string{"export", "events"}},
	{"invoice", []string{"invoice"}},
	{"usage", []string{"usage"}},
	{"backup", []string{"backup"}},
	{"tui", nil},
}

// runRead runs one read command on db; backup writes to backupPath.
func (c child) runRead(bin string, rc readCommand, db, backupPath string) outcome {
	switch rc.name {
	case "tui":
		return c.tui(bin, db)
	case "backup":
		return c.run(bin, "backup", backupPath, "--db", db)
	}
	return c.run(bin, append(slices.Clone(rc.args), "--db", db)...)
}
