package cli_test

// Commands that find another seats process in the file wait for it (up to
// --wait) instead of failing at once: people and cron jobs share one file.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seats/seats/store"
)

// runFor runs the binary like child.run, but may take up to limit: a
// waiting command runs longer than childTimeout allows.
func (c child) runFor(limit time.Duration, bin string, args ...string) outcome {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	c.prepare(cmd, &stdout, &stderr)
	err := cmd.Run()
	return finish(cmd, err, ctx.Err() != nil, stdout.String(), stderr.String())
}

// poolDB writes a database with n users (u1@example.com … un@) and a
// block product P of n free seats.
func poolDB(t *testing.T, bin string, n int) (child, string) {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "seats.db")
	c := child{now: t0, home: dir}
	var csv strings.Builder
	csv.WriteString("email,first,last\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&csv, "u%d@example.com,User,Number %d\n", i, i)
	}
	users := filepath.Join(dir, "users.csv")
	if err := os.WriteFile(users, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"import", "users", users},
		{"products", "add", "P", "--contracted", fmt.Sprint(n), "--policy", "block"},
	} {
		if o := c.run(bin, append(args, "--db", db)...); o.code != 0 {
			t.Fatalf("seats %q: %s", args, o)
		}
	}
	return c, db
}

func TestConcurrentAssignsAllSucceed(t *testing.T) {
	const n = 400
	bin := seatsBinary(t)
	c, db := poolDB(t, bin, n)
	start := time.Now()
	outcomes := make([]outcome, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The default --wait: the command line a person types.
			outcomes[i] = c.runFor(time.Minute, bin, "assign", "P", fmt.Sprintf("u%d@example.com", i+1), "--db", db)
		}()
	}
	wg.Wait()
	took := time.Since(start)
	failed := 0
	for i, o := range outcomes {
		if o.code != 0 {
			if failed++; failed <= 5 {
				t.Errorf("assign to u%d@example.com: %s", i+1, o)
			}
		}
	}
	if failed > 0 {
		t.Fatalf("%d of %d concurrent assigns failed (in %v)", failed, n, took)
	}
	t.Logf("%d concurrent assigns in %v", n, took)
	if o := c.run(bin, "check", "--db", db); o.code != 0 {
		t.Fatalf("seats check after the assigns: %s", o)
	}
	o := c.run(bin, "licenses", "list", "--json", "--db", db)
	if o.code != 0 {
		t.Fatalf("licenses list: %s", o)
	}
	var lics []struct{ Status, Assignee string }
	if err := json.Unmarshal([]byte(o.stdout), &lics); err != nil {
		t.Fatalf("licenses list --json: %v", err)
	}
	holders := map[string]bool{}
	for _, l := range lics {
		if l.Status == "active" {
			holders[l.Assignee] = true
		}
	}
	if len(lics) != n || len(holders) != n {
		t.Fatalf("%d licenses, %d distinct holders of an active one; want %d of each", len(lics), len(holders), n)
	}
}

// holdLock keeps the database open for writing in this process, which
// locks every seats child out of it until release is called.
func holdLock(t *testing.T, db string) (release func()) {
	t.Helper()
	held, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() { once.Do(func() { held.Close() }) }
	t.Cleanup(release)
	return release
}

func TestSecondWriterGivesUpAfterWait(t *testing.T) {
	bin := seatsBinary(t)
	c, db := poolDB(t, bin, 2)
	holdLock(t, db)
	for _, tc := range []struct {
		args []string
		wait time.Duration
		says string
	}{
		{[]string{"--wait", "2s", "assign", "P", "u1@example.com"}, 2 * time.Second, "waited 2s"},
		{[]string{"--wait=1500ms", "status"}, 1500 * time.Millisecond, "waited 1.5s"},
		{[]string{"assign", "P", "u2@example.com", "--wait", "0"}, 0, "waited 1ms"},
	} {
		start := time.Now()
		o := c.runFor(tc.wait+10*time.Second, bin, append(tc.args, "--db", db)...)
		took := time.Since(start)
		if o.code != 1 {
			t.Fatalf("seats %q on a held file: %s, want exit 1", tc.args, o)
		}
		if took > tc.wait+time.Second {
			t.Errorf("seats %q gave up after %v, more than --wait + 1s", tc.args, took)
		}
		if took < tc.wait-100*time.Millisecond {
			t.Errorf("seats %q gave up after %v, before --wait %v", tc.args, took, tc.wait)
		}
		want := fmt.Sprintf("seats: database %s is in use by another seats process; %s\n", db, tc.says)
		if o.stderr != want {
			t.Errorf("seats %q: stderr %q, want %q", tc.args, o.stderr, want)
		}
	}
}

func TestWriterWaitsForTheLock(t *testing.T) {
	bin := seatsBinary(t)
	c, db := poolDB(t, bin, 1)
	release := holdLock(t, db)
	time.AfterFunc(time.Second, release)
	start := time.Now()
	o := c.runFor(20*time.Second, bin, "assign", "P", "u1@example.com", "--wait", "8s", "--db", db)
	if o.code != 0 {
		t.Fatalf("assign while another process held the file for 1s, --wait 8s: %s", o)
	}
	if took := time.Since(start); took < time.Second {
		t.Fatalf("assign finished after %v, before the lock was released", took)
	}
}

func TestBadWaitIsUsage(t *testing.T) {
	bin := seatsBinary(t)
	c, db := poolDB(t, bin, 1)
	for _, w := range []string{"soon", "-1s", "25h", "1e9", "NaN"} {
		o := c.run(bin, "status", "--wait", w, "--db", db)
		if o.code != 2 || strings.Count(o.stderr, "\n") != 1 || !strings.Contains(o.stderr, "--wait") {
			t.Errorf("--wait %q: %s; want exit 2 and one line about --wait", w, o)
		}
	}
}
