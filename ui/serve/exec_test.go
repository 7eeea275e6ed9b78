package serve

import (
	"encoding/json"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func TestCommandsOverSSHRunAsTheKeysUserWithTheirExitCodes(t *testing.T) {
	ts := startServer(t, nil, owner, admin)

	r := ts.exec(owner, "status --json", "")
	var status map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &status) != nil {
		t.Fatalf("status --json: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}

	const newcomer = "ana.ruiz@northwind.example"
	if r = ts.exec(admin, "users invite "+newcomer+" --first Ana --last Ruiz --department Sales", ""); r.code != 0 {
		t.Fatalf("invite: exit %d, stderr %q", r.code, r.stderr)
	}
	before := ts.holds(newcomer)
	r = ts.exec(admin, `seats assign "Microsoft 365 E3" `+newcomer, "")
	if r.code != 0 || !strings.Contains(r.stdout, "Microsoft 365 E3") {
		t.Fatalf("assign: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if ts.holds(newcomer) != before+1 {
		t.Fatalf("assign over SSH did not reach the store")
	}
	if e := ts.lastEvent(); e.Actor != admin {
		t.Fatalf("the event of a change over SSH names %q, not the key's user %s", e.Actor, admin)
	}

	if r = ts.exec(owner, "frobnicate", ""); r.code != 2 || !strings.Contains(r.stderr, "unknown command") {
		t.Fatalf("bad usage: exit %d, stderr %q", r.code, r.stderr)
	}
	seq := ts.lastSeq()
	if r = ts.exec(owner, `assign "Windows 11 Pro" nobody@northwind.example`, ""); r.code != 1 || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("refused action: exit %d, stderr %q", r.code, r.stderr)
	}
	if ts.lastSeq() != seq {
		t.Fatal("a refused action over SSH changed the store")
	}
	if r = ts.exec(owner, "help", ""); r.code != 0 || !strings.Contains(r.stdout, "over SSH") || strings.Contains(r.stdout, "  demo ") {
		t.Fatalf("help over SSH should list what works there: %q", r.stdout)
	}
}

func TestViewersAndMembersCannotChangeAnythingOverSSH(t *testing.T) {
	ts := startServer(t, nil, viewer, member)
	seq := ts.lastSeq()
	for _, who := range []string{viewer, member} {
		for _, cmd := range []string{
			`assign "Windows 11 Pro" ` + member,
			`licenses add "Windows 11 Pro" 1 --yes`,
			`users invite new@northwind.example --first New --last User`,
		} {
			r := ts.exec(who, cmd, "")
			if r.code != 1 || !strings.Contains(r.stderr, "only the owner and admins") {
				t.Errorf("%s: %s: exit %d, stderr %q", who, cmd, r.code, r.stderr)
			}
		}
		if r := ts.exec(who, "status", ""); r.code != 0 {
			t.Errorf("%s cannot read: exit %d %q", who, r.code, r.stderr)
		}
	}
	if ts.lastSeq() != seq {
		t.Fatal("a viewer's or member's refused command changed the store")
	}
}

func TestTheServersFilesAndIdentityCannotBeChosenOverSSH(t *testing.T) {
	ts := startServer(t, nil, owner)
	seq := ts.lastSeq()
	for _, cmd := range []string{
		"status --db /tmp/other.db",
		"status --as " + viewer,
		"assign 'Windows 11 Pro' " + member + " --as " + admin,
		"backup /tmp/copy.db",
		"demo --no-ui --db /tmp/demo.db",
		"serve",
		"upgrade",
		"import users /etc/passwd",
	} {
		r := ts.exec(owner, cmd, "")
		if r.code != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "SSH") {
			t.Errorf("%s: exit %d, stderr %q", cmd, r.code, r.stderr)
		}
	}
	if ts.lastSeq() != seq {
		t.Fatal("a refused command changed the store")
	}
}

func TestImportReadsStdinAndExportWritesStdoutOverSSH(t *testing.T) {
	ts := startServer(t, nil, owner)
	csv := "email,first,last\nnew.person@northwind.example,New,Person\n"
	if r := ts.exec(owner, "import users", csv); r.code != 0 {
		t.Fatalf("import from stdin: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	r := ts.exec(owner, "seats export users", "")
	if r.code != 0 || !strings.Contains(r.stdout, "new.person@northwind.example") {
		t.Fatalf("export to stdout: exit %d, %q", r.code, r.stderr)
	}
}

func TestAnUnknownKeyAndPasswordsAreRefused(t *testing.T) {
	ts := startServer(t, nil, owner)
	stranger := ts.addKey("stranger@northwind.example") // never written to the file
	if c, err := ts.dial(gossh.PublicKeys(stranger)); err == nil {
		c.Close()
		t.Fatal("a key that is not in the authorized keys got in")
	}
	if c, err := ts.dial(gossh.Password(""), gossh.Password("hunter2")); err == nil {
		c.Close()
		t.Fatal("password authentication let a client in")
	}
	if c, err := ts.dial(gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
		return nil, nil
	})); err == nil {
		c.Close()
		t.Fatal("keyboard-interactive authentication let a client in")
	}
}
