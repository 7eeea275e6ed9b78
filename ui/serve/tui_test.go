package serve

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestTheTUIOverSSHTakesKeysAndItsChangeReachesTheStore(t *testing.T) {
	ts := startServer(t, nil, owner)
	if ts.holds(owner) != 1 {
		t.Fatalf("the demo owner should hold one license, holds %d", ts.holds(owner))
	}
	term := openTUI(t, ts.client(owner), 120, 40)
	term.waitFor("Northwind Analytics", 10*time.Second)
	term.keys("2", "/", "tobias", "Enter")
	term.waitFor("/tobias", 15*time.Second) // the filter was taken, not its letters as keys
	term.waitFor("tobias.keller@northwi", 15*time.Second)
	term.keys("u")
	term.waitFor("Unassign LIC-", 15*time.Second)
	term.keys("y")
	deadline := time.Now().Add(15 * time.Second)
	for ts.holds(owner) != 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if ts.holds(owner) != 0 {
		t.Fatal("unassigning in the TUI over SSH did not reach the store")
	}
	if e := ts.lastEvent(); e.Actor != owner || e.Kind != "license.unassigned" {
		t.Fatalf("the TUI's change was recorded as %s by %q, want unassigned by %s", e.Kind, e.Actor, owner)
	}
	// A new window size is drawn at once.
	term.mark()
	must(t, term.sess.WindowChange(24, 80))
	term.waitFor("Activity Settings", 15*time.Second) // eight tabs: unnumbered at 80 columns
	term.keys("q")
	term.waitClosed(15 * time.Second)
}

func TestViewersGetTheReadOnlyTUIWithAVisibleMark(t *testing.T) {
	ts := startServer(t, nil, viewer)
	seq := ts.lastSeq()
	term := openTUI(t, ts.client(viewer), 100, 30)
	term.waitFor("read-only: "+viewer+" is a viewer", 10*time.Second)
	term.keys("2", "u", "y", "a", "Enter", "y")
	time.Sleep(300 * time.Millisecond)
	if ts.lastSeq() != seq {
		t.Fatal("a viewer's keys changed the store")
	}
}

// assignedRow matches the dashboard's Microsoft 365 E3 row with n assigned.
func assignedRow(n int) *regexp.Regexp {
	return regexp.MustCompile(fmt.Sprintf(`Microsoft 365 E3\s+150\s+%d\s`, n))
}

func TestTwentySessionsAllSeeOneChangeWithoutAKeyPress(t *testing.T) {
	ts := startServer(t, nil, owner, viewer)
	terms := make([]*terminal, 20)
	var wg sync.WaitGroup
	for i := range terms {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			terms[i] = openTUI(t, ts.client(viewer), 120, 40)
		}(i)
	}
	wg.Wait()
	for _, term := range terms {
		term.waitFor("Microsoft 365 E3", 20*time.Second)
	}
	before := assignedRow(142)
	for i, term := range terms {
		if !before.MatchString(term.text()) {
			t.Fatalf("session %d does not show 142 assigned before the change", i)
		}
		term.mark()
	}
	if r := ts.exec(owner, "unassign LIC-000001", ""); r.code != 0 {
		t.Fatalf("unassign: %d %q", r.code, r.stderr)
	}
	after := assignedRow(141)
	deadline := time.Now().Add(10 * time.Second)
	for i, term := range terms {
		for !after.MatchString(term.text()) {
			if time.Now().After(deadline) {
				t.Fatalf("session %d never showed the change", i)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

func TestAChangeByAnotherProcessReachesTheSessions(t *testing.T) {
	ts := startServer(t, nil, viewer)
	term := openTUI(t, ts.client(viewer), 120, 40)
	term.waitFor("Microsoft 365 E3", 10*time.Second)
	term.mark()
	// A second handle on the file is what another seats process is.
	other := openOther(t, ts)
	if _, _, err := other.Unassign("", "LIC-000001"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for !assignedRow(141).MatchString(term.text()) {
		if time.Now().After(deadline) {
			t.Fatal("a change made by another process never reached the session")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestTheSessionAfterMaxSessionsIsRefusedWithOneLine(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxSessions = 2 }, viewer)
	for i := 0; i < 2; i++ {
		openTUI(t, ts.client(viewer), 80, 24).waitFor("Dashboard", 10*time.Second)
	}
	r := ts.exec(viewer, "status", "")
	if r.code != 1 || r.stderr != "seats: the server is full (2 sessions); try again later\n" {
		t.Fatalf("the third session: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestAnIdleTUISessionIsLoggedOutWithANotice(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.Idle = 2 * time.Second }, viewer)
	term := openTUI(t, ts.client(viewer), 80, 24)
	term.waitFor("Dashboard", 10*time.Second)
	// Input keeps it alive past the idle time...
	for i := 0; i < 12; i++ {
		time.Sleep(250 * time.Millisecond)
		term.keys("j")
	}
	select {
	case <-term.closed:
		t.Fatal("a session with input was logged out")
	default:
	}
	// ...and none ends it.
	term.waitClosed(10 * time.Second)
	if !strings.Contains(term.text(), "logged out after 2s without input") {
		t.Fatalf("no notice of the idle logout:\n%s", term.text())
	}
}

func TestStoppingTheServerTellsEverySessionThenClosesIt(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.Grace = 1500 * time.Millisecond }, viewer)
	term := openTUI(t, ts.client(viewer), 100, 30)
	term.waitFor("Dashboard", 10*time.Second)
	stopped := make(chan error, 1)
	go func() { stopped <- ts.shutdown() }()
	term.waitFor("the server is stopping", 10*time.Second)
	term.waitClosed(10 * time.Second)
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if _, err := ts.dial(); err == nil {
		t.Fatal("the stopped server still accepts connections")
	}
}

func TestRemovingAKeyEndsItsSessionsAtOnce(t *testing.T) {
	ts := startServer(t, nil, owner, viewer)
	term := openTUI(t, ts.client(viewer), 100, 30)
	term.waitFor("Dashboard", 10*time.Second)
	ts.writeKeys(viewer)
	term.waitClosed(10 * time.Second)
	if !strings.Contains(term.text(), "no longer in the server's authorized keys") {
		t.Fatalf("the session ended without saying why:\n%s", term.text())
	}
	if _, err := ts.dial(sshKeys(ts.signers[viewer])...); err == nil {
		t.Fatal("a removed key can still connect")
	}
	if r := ts.exec(owner, "status", ""); r.code != 0 {
		t.Fatal("removing one key locked out another")
	}
}

func TestTheHostKeyIsCreatedOnceWithMode0600(t *testing.T) {
	ts := startServer(t, nil, owner)
	path := filepath.Join(ts.dir, "host_ed25519")
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("host key: %v, mode %v", err, info.Mode())
	}
	again, err := New(ts.cfg)
	if err != nil || again.Fingerprint() != ts.Fingerprint() {
		t.Fatalf("a restart did not keep the host key: %v", err)
	}
	must(t, os.Chmod(path, 0o644))
	if _, err := New(ts.cfg); err == nil || !strings.Contains(err.Error(), "readable by others") {
		t.Fatalf("a host key others can read was accepted: %v", err)
	}
}
