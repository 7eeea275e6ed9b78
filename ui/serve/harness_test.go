package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/store/bolt"
	"github.com/seats/seats/ui/cli"
	gossh "golang.org/x/crypto/ssh"
)

// The demo organization's people the tests act as.
const (
	owner  = "tobias.keller@northwind.example"
	admin  = "priya.raman@northwind.example"
	member = "mila.martin@northwind.example"
	viewer = "henrik.larsen@northwind.example"
)

var demoNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// testServer is a real server on loopback over a real bbolt file holding
// the demo organization, with a key per user the test asked for.
type testServer struct {
	*Server
	t       testing.TB
	dir     string
	db      cli.Database
	svc     *model.Service
	signers map[string]gossh.Signer
	// privateKeys are the signers' keys, for OpenSSH's key files.
	privateKeys map[string]ed25519.PrivateKey
	keyLine     map[string]string
	stop        context.CancelFunc
	done        chan error
	log         *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer serves the demo organization; tweak adjusts the config.
func startServer(t testing.TB, tweak func(*Config), users ...string) *testServer {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seats.db")
	db, err := bolt.Open(path, bolt.Options{Shared: true, NoSync: true, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Generate(db, demoNow, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	return serveFile(t, db, demoNow, tweak, users...)
}

// serveFile serves an open database with a key for each of users.
func serveFile(t testing.TB, db cli.Database, now time.Time, tweak func(*Config), users ...string) *testServer {
	t.Helper()
	dir := t.TempDir()
	clock := func() time.Time { return now }
	ts := &testServer{t: t, dir: dir, db: db, svc: model.NewService(db, clock),
		signers: map[string]gossh.Signer{}, privateKeys: map[string]ed25519.PrivateKey{}, keyLine: map[string]string{}, log: &syncBuffer{}}
	for _, u := range users {
		ts.addKey(u)
	}
	ts.writeKeys()
	cfg := Config{
		DB: db, Now: clock, Listen: "127.0.0.1:0",
		HostKey: filepath.Join(dir, "host_ed25519"), AuthorizedKeys: filepath.Join(dir, "authorized_keys"),
		Grace: time.Second, Log: ts.log,
	}
	if tweak != nil {
		tweak(&cfg)
	}
	var err error
	ts.Server, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts.stop, ts.done = cancel, make(chan error, 1)
	go func() { ts.done <- ts.Serve(ctx) }()
	t.Cleanup(func() {
		ts.shutdown()
		db.Close()
	})
	return ts
}

// shutdown stops the server and waits for Serve to return.
func (ts *testServer) shutdown() error {
	ts.stop()
	select {
	case err := <-ts.done:
		ts.done <- err
		return err
	case <-time.After(20 * time.Second):
		return errors.New("the server did not stop within 20 s")
	}
}

// addKey makes a key pair for email; writeKeys lists the public halves.
func (ts *testServer) addKey(email string) gossh.Signer {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		ts.t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		ts.t.Fatal(err)
	}
	ts.signers[email] = s
	ts.privateKeys[email] = priv
	ts.keyLine[email] = strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey()))) + " " + email
	return s
}

func (ts *testServer) writeKeys(except ...string) {
	var b strings.Builder
	b.WriteString("# seats admins\n")
	for email, line := range ts.keyLine {
		if !contains(except, email) {
			b.WriteString(line + "\n")
		}
	}
	tmp := filepath.Join(ts.dir, "authorized_keys.tmp")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		ts.t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(ts.dir, "authorized_keys")); err != nil {
		ts.t.Fatal(err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (ts *testServer) dial(auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", ts.Addr().String(), &gossh.ClientConfig{
		User:            "anyone",
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         10 * time.Second,
	})
}

func (ts *testServer) client(email string) *gossh.Client {
	ts.t.Helper()
	c, err := ts.dial(gossh.PublicKeys(ts.signers[email]))
	if err != nil {
		ts.t.Fatalf("%s cannot connect: %v", email, err)
	}
	ts.t.Cleanup(func() { c.Close() })
	return c
}

// result is what a command over SSH gave back.
type result struct {
	stdout, stderr string
	code           int
}

// exec runs one command without a terminal as email, feeding stdin.
func (ts *testServer) exec(email, command, stdin string) result {
	ts.t.Helper()
	c, err := ts.dial(gossh.PublicKeys(ts.signers[email]))
	if err != nil {
		ts.t.Fatalf("%s cannot connect: %v", email, err)
	}
	defer c.Close()
	return runOn(ts.t, c, command, stdin)
}

func runOn(t testing.TB, c *gossh.Client, command, stdin string) result {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	defer sess.Close()
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr, sess.Stdin = &out, &errb, strings.NewReader(stdin)
	err = sess.Run(command)
	code := 0
	var ee *gossh.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitStatus()
	case err != nil:
		t.Fatalf("%q: %v", command, err)
	}
	return result{out.String(), errb.String(), code}
}

// terminal is a client terminal on a TUI session: it keeps everything the
// server drew and answers the renderer's background-colour query as a
// dark terminal does.
type terminal struct {
	t    testing.TB
	sess *gossh.Session // nil for a local program
	in   io.Writer
	// drawn is signalled whenever output arrives.
	drawn chan struct{}

	mu       sync.Mutex
	raw      bytes.Buffer
	answered bool
	closed   chan struct{}
}

func openTUI(t testing.TB, c *gossh.Client, width, height int, env ...string) *terminal {
	t.Helper()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	for i := 0; i+1 < len(env); i += 2 {
		sess.Setenv(env[i], env[i+1])
	}
	if err := sess.RequestPty("xterm-256color", height, width, gossh.TerminalModes{}); err != nil {
		t.Fatalf("pty: %v", err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	// A terminal shows what the server writes to stderr too.
	errOut, err := sess.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	term := newTerminal(t, in, out, errOut)
	term.sess = sess
	if err := sess.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
	t.Cleanup(func() { sess.Close() })
	return term
}

// newTerminal reads what a program draws on outs into one screen buffer
// and types into in.
func newTerminal(t testing.TB, in io.Writer, outs ...io.Reader) *terminal {
	term := &terminal{t: t, in: in, closed: make(chan struct{}), drawn: make(chan struct{}, 1)}
	var readers sync.WaitGroup
	for _, out := range outs {
		readers.Add(1)
		go func() {
			defer readers.Done()
			buf := make([]byte, 32<<10)
			for {
				n, err := out.Read(buf)
				if n > 0 {
					term.mu.Lock()
					term.raw.Write(buf[:n])
					ask := !term.answered && bytes.Contains(term.raw.Bytes(), []byte("\x1b]11;?"))
					term.answered = term.answered || ask
					term.mu.Unlock()
					if ask {
						in.Write([]byte("\x1b]11;rgb:1c1c/1c1c/1c1c\x07\x1b[?62;22c"))
					}
					select {
					case term.drawn <- struct{}{}:
					default:
					}
				}
				if err != nil {
					return
				}
			}
		}()
	}
	go func() { readers.Wait(); close(term.closed) }()
	return term
}

// text is everything drawn so far without its escapes.
func (term *terminal) text() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return ansi.Strip(term.raw.String())
}

func (term *terminal) rawOutput() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.raw.String()
}

// mark forgets what was drawn so far, so waitFor sees only what follows.
func (term *terminal) mark() {
	term.mu.Lock()
	term.raw.Reset()
	term.mu.Unlock()
}

func (term *terminal) waitFor(what string, within time.Duration) {
	term.t.Helper()
	if !term.showsWithin(what, within) {
		tail := term.text()
		if len(tail) > 1500 {
			tail = tail[len(tail)-1500:]
		}
		term.t.Fatalf("the terminal never showed %q within %s; last drawn:\n%s", what, within, tail)
	}
}

// showsWithin waits for what to be drawn, waking at each output.
func (term *terminal) showsWithin(what string, within time.Duration) bool {
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for !strings.Contains(term.text(), what) {
		select {
		case <-term.drawn:
		case <-deadline.C:
			return strings.Contains(term.text(), what)
		}
	}
	return true
}

// keys types each key: a name from keyBytes or literal text.
func (term *terminal) keys(keys ...string) {
	term.t.Helper()
	for _, k := range keys {
		b, ok := keyBytes[k]
		if !ok {
			b = k
		}
		if _, err := term.in.Write([]byte(b)); err != nil {
			term.t.Fatalf("typing %q: %v", k, err)
		}
		// One key per read, as a person types.
		time.Sleep(30 * time.Millisecond)
	}
}

var keyBytes = map[string]string{"Enter": "\r", "Esc": "\x1b", "Tab": "\t", "ctrl+c": "\x03"}

// waitClosed waits for the server to end the session.
func (term *terminal) waitClosed(within time.Duration) {
	term.t.Helper()
	select {
	case <-term.closed:
	case <-time.After(within):
		term.t.Fatalf("the session was not closed within %s", within)
	}
}

func (ts *testServer) lastSeq() uint64 {
	ts.t.Helper()
	seq, err := ts.svc.LastSeq()
	if err != nil {
		ts.t.Fatal(err)
	}
	return seq
}

// holds is the number of licenses email holds.
func (ts *testServer) holds(email string) int {
	ts.t.Helper()
	ls, _, err := ts.svc.Licenses(model.LicenseFilter{Holder: email})
	if err != nil {
		ts.t.Fatal(err)
	}
	return len(ls)
}

func (ts *testServer) lastEvent() model.Event {
	ts.t.Helper()
	var last model.Event
	seq := ts.lastSeq()
	if err := ts.svc.Events(seq, func(e model.Event) bool { last = e; return false }); err != nil {
		ts.t.Fatal(err)
	}
	return last
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var _ = fmt.Sprint

func sshKeys(s gossh.Signer) []gossh.AuthMethod { return []gossh.AuthMethod{gossh.PublicKeys(s)} }

// openOther opens the file a second time, as another seats process would.
func openOther(t testing.TB, ts *testServer) *model.Service {
	t.Helper()
	db, err := bolt.Open(ts.db.Path(), bolt.Options{Shared: true, NoSync: true, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return model.NewService(db, func() time.Time { return demoNow })
}

// hostPublicKey is the server's key as a client sees it.
func (ts *testServer) hostPublicKey() (gossh.PublicKey, error) {
	signer, err := hostKey(ts.cfg.HostKey)
	if err != nil {
		return nil, err
	}
	return signer.PublicKey(), nil
}
