package serve

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// openSSH drives OpenSSH's own client against a test server, as an admin
// would: real key files, a known_hosts entry for the server's key, no
// agent, nothing from ~/.ssh.
type openSSH struct {
	t    *testing.T
	ts   *testServer
	bin  string
	dir  string
	port string
}

func newOpenSSH(t *testing.T, ts *testServer) *openSSH {
	t.Helper()
	bin, err := exec.LookPath("ssh")
	if err != nil {
		// CI installs openssh-client (.ci/run): a missing client is a
		// broken machine, not a reason to skip.
		t.Fatalf("OpenSSH's ssh is not installed: %v", err)
	}
	_, port, _ := net.SplitHostPort(ts.Addr().String())
	o := &openSSH{t: t, ts: ts, bin: bin, dir: t.TempDir(), port: port}
	pub, err := ts.hostPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	line := "[127.0.0.1]:" + port + " " + strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pub))) + "\n"
	must(t, os.WriteFile(filepath.Join(o.dir, "known_hosts"), []byte(line), 0o600))
	return o
}

// keyFiles writes email's key pair as OpenSSH files and returns the
// private key's path (the public one is that plus .pub).
func (o *openSSH) keyFiles(email string) string {
	o.t.Helper()
	signer := o.ts.signers[email]
	priv, ok := o.ts.privateKeys[email]
	if !ok {
		o.t.Fatalf("no private key for %s", email)
	}
	block, err := gossh.MarshalPrivateKey(priv, email)
	must(o.t, err)
	path := filepath.Join(o.dir, strings.Split(email, "@")[0])
	must(o.t, os.WriteFile(path, pem.EncodeToMemory(block), 0o600))
	must(o.t, os.WriteFile(path+".pub", gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o644))
	return path
}

// cmd builds an ssh command line with identities (files given with -i).
func (o *openSSH) cmd(identities []string, extra ...string) *exec.Cmd {
	args := []string{"-F", "none", "-p", o.port,
		"-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
		"-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + filepath.Join(o.dir, "known_hosts"),
		"-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR"}
	for _, id := range identities {
		args = append(args, "-i", id)
	}
	args = append(args, extra...)
	c := exec.Command(o.bin, args...)
	c.Env = []string{"HOME=" + o.dir, "PATH=" + os.Getenv("PATH")}
	return c
}

func (o *openSSH) run(identities []string, remote ...string) result {
	o.t.Helper()
	c := o.cmd(identities, append([]string{"127.0.0.1"}, remote...)...)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		o.t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

func TestOpenSSHRunsCommandsWithTheirExitCodes(t *testing.T) {
	ts := startServer(t, nil, owner, viewer)
	o := newOpenSSH(t, ts)
	mine := o.keyFiles(owner)
	r := o.run([]string{mine}, "status", "--json")
	var v map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &v) != nil {
		t.Fatalf("ssh HOST status --json: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if r = o.run([]string{mine}, "seats", "history", "LIC-000002"); r.code != 0 || !strings.Contains(r.stdout, "LIC-000002") {
		t.Fatalf("ssh HOST seats history: exit %d, %q", r.code, r.stderr)
	}
	if r = o.run([]string{mine}, "frobnicate"); r.code != 2 {
		t.Fatalf("bad usage over OpenSSH: exit %d, %q", r.code, r.stderr)
	}
	if r = o.run([]string{o.keyFiles(viewer)}, "assign", "'Microsoft 365 E3'", member); r.code != 1 {
		t.Fatalf("a viewer's change over OpenSSH: exit %d, %q", r.code, r.stderr)
	}
}

// The regression of CVE-2024-45337's bug class: OpenSSH offers owner.pub,
// which the server accepts, but cannot sign with it (no private key), so
// it authenticates with mine. The session must be mine's user.
func TestOpenSSHOfferingAnotherUsersPublicKeyGetsTheSigningKeysSession(t *testing.T) {
	ts := startServer(t, nil, owner, viewer)
	o := newOpenSSH(t, ts)
	ownerKey := o.keyFiles(owner)
	must(t, os.Remove(ownerKey)) // only owner.pub is left
	mine := o.keyFiles(viewer)
	seq := ts.lastSeq()
	r := o.run([]string{ownerKey + ".pub", mine}, "assign", "'Microsoft 365 E3'", member)
	if r.code != 1 || !strings.Contains(r.stderr, viewer) {
		t.Fatalf("the session did not act as the signing key's user %s: exit %d, %q", viewer, r.code, r.stderr)
	}
	if ts.lastSeq() != seq {
		t.Fatal("offering the owner's public key changed the store")
	}
	if log := ts.log.String(); !strings.Contains(log, "user="+viewer) || strings.Contains(log, "user="+owner) {
		t.Fatalf("the log names the wrong user:\n%s", log)
	}
}

func TestOpenSSHOpensTheTUIAndQuits(t *testing.T) {
	ts := startServer(t, nil, viewer)
	o := newOpenSSH(t, ts)
	c := o.cmd([]string{o.keyFiles(viewer)}, "-tt", "127.0.0.1")
	c.Env = append(c.Env, "TERM=xterm-256color")
	in, err := c.StdinPipe()
	must(t, err)
	var mu sync.Mutex
	var out bytes.Buffer
	pr, pw := io.Pipe()
	c.Stdout, c.Stderr = pw, pw
	must(t, c.Start())
	go func() {
		buf := make([]byte, 32<<10)
		answered := false
		for {
			n, err := pr.Read(buf)
			mu.Lock()
			out.Write(buf[:n])
			ask := !answered && bytes.Contains(out.Bytes(), []byte("\x1b]11;?"))
			mu.Unlock()
			if ask {
				answered = true
				in.Write([]byte("\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?62;22c"))
			}
			if err != nil {
				return
			}
		}
	}()
	shows := func(s string) bool {
		mu.Lock()
		defer mu.Unlock()
		return strings.Contains(out.String(), s)
	}
	deadline := time.Now().Add(15 * time.Second)
	for !shows("read-only:") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !shows("read-only:") {
		mu.Lock()
		t.Fatalf("OpenSSH's TUI session never drew the dashboard:\n%q", out.String())
	}
	in.Write([]byte("q"))
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case err := <-done:
		pw.Close()
		if err != nil {
			t.Fatalf("ssh did not exit cleanly after q: %v", err)
		}
	case <-time.After(10 * time.Second):
		c.Process.Kill()
		t.Fatal("the TUI did not quit on q")
	}
}
