package serve

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/store/bolt"
	"github.com/seats/seats/ui/tui"
	"github.com/seats/seats/ui/tui/tuitest"
	gossh "golang.org/x/crypto/ssh"
)

// openBenchDB opens the benchmarks' 1M-license file (tuitest.BenchDB) as
// serve does, and names a viewer of it to act as.
func openBenchDB(b *testing.B) (*bolt.DB, string) {
	b.Helper()
	db, err := bolt.Open(tuitest.BenchDB(b), bolt.Options{Shared: true, Timeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, firstUser(b, model.NewService(db, func() time.Time { return tuitest.DemoNow }), model.RoleViewer)
}

func firstUser(b *testing.B, svc *model.Service, role model.Role) string {
	b.Helper()
	users, err := svc.Users()
	if err != nil {
		b.Fatal(err)
	}
	for _, u := range users {
		if u.Role == role && u.State != model.StateTerminated {
			return u.Email
		}
	}
	b.Fatalf("no %s in the benchmark database", role)
	return ""
}

// scrollLicenses waits for the licenses tab's rows, then times each of n
// presses of j until the frame with the next row is drawn.
func scrollLicenses(b *testing.B, term *terminal, n int) time.Duration {
	b.Helper()
	if !term.showsWithin("Dashboard", time.Minute) {
		b.Fatalf("the dashboard was never drawn (%d bytes):\n%q", len(term.rawOutput()), tail(term.rawOutput()))
	}
	term.keys("2")
	if !term.showsWithin("row 1 of", 2*time.Minute) {
		b.Fatalf("the licenses tab never loaded:\n%s", tail(term.text()))
	}
	var total time.Duration
	for i := 0; i < n; i++ {
		term.mark()
		start := time.Now()
		term.in.Write([]byte("j"))
		if !term.showsWithin(fmt.Sprintf("row %d of", i+2), 10*time.Second) {
			b.Fatalf("row %d was never drawn", i+2)
		}
		total += time.Since(start)
	}
	return total / time.Duration(n)
}

func tail(s string) string {
	if len(s) > 1500 {
		return s[len(s)-1500:]
	}
	return s
}

// BenchmarkKeypressToFrameOverSSHVsLocal1M scrolls the licenses tab of the
// 1M-license file one row per key, in a local program and in a session
// over SSH on loopback, side by side in one run. Frames are flushed at
// Bubble Tea's 60 per second in both.
func BenchmarkKeypressToFrameOverSSHVsLocal1M(b *testing.B) {
	db, email := openBenchDB(b)
	ts := serveFile(b, db, tuitest.DemoNow, nil, email)
	const presses = 50
	var local, remote time.Duration
	for range b.N {
		inR, inW := io.Pipe()
		outR, outW := io.Pipe()
		ctx, cancel := context.WithCancel(context.Background())
		p, err := tui.NewProgram(model.NewService(db, func() time.Time { return tuitest.DemoNow }), tui.Options{
			Actor: email, Input: inR, Output: outW, Context: ctx, NoSignals: true})
		if err != nil {
			b.Fatal(err)
		}
		term := newTerminal(b, inW, outR)
		go p.Run()
		p.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
		local += scrollLicenses(b, term, presses)
		cancel()

		remoteTerm := openTUI(b, ts.client(email), 120, 40)
		remote += scrollLicenses(b, remoteTerm, presses)
		remoteTerm.sess.Close()
	}
	b.ReportMetric(float64(local.Microseconds())/1000/float64(b.N), "local-ms/key")
	b.ReportMetric(float64(remote.Microseconds())/1000/float64(b.N), "ssh-ms/key")
	b.ReportMetric(float64(remote)/float64(local), "ssh/local")
}

// BenchmarkChangeReachesNineteenSessions: twenty sessions on the
// dashboard; one of them changes a seat and the time until each of the
// other nineteen draws it is measured.
func BenchmarkChangeReachesNineteenSessions(b *testing.B) {
	ts := startServer(b, nil, owner)
	watchers := make([]*terminal, 19)
	for i := range watchers {
		watchers[i] = openTUI(b, ts.client(owner), 120, 40)
	}
	for _, w := range watchers {
		w.waitFor("Microsoft 365 E3", 30*time.Second)
	}
	changer := ts.client(owner)
	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		holder := "marta.kowalski@northwind.example"
		cmd, want := "", 0
		if i%2 == 0 {
			ls, _, err := ts.svc.Licenses(model.LicenseFilter{Holder: holder})
			if err != nil || len(ls) == 0 {
				b.Fatal("no license to unassign", err)
			}
			cmd, want = "unassign "+ls[0].Code(), 141
		} else {
			cmd, want = "assign 'Microsoft 365 E3' "+holder, 142
		}
		for _, w := range watchers {
			w.mark()
		}
		start := time.Now()
		if r := runOn(b, changer, cmd, ""); r.code != 0 {
			b.Fatalf("%s: %q", cmd, r.stderr)
		}
		row := assignedRow(want)
		for j, w := range watchers {
			deadline := time.Now().Add(10 * time.Second)
			for !row.MatchString(w.text()) {
				select {
				case <-w.drawn:
				case <-time.After(time.Until(deadline)):
					b.Fatalf("session %d never drew the change", j)
				}
			}
			lat = append(lat, time.Since(start))
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "worst-ms")
}

// BenchmarkServerMemory1M runs `seats serve` as its own process on the
// 1M-license file and reads its resident memory with one session on the
// licenses tab, then with twenty.
func BenchmarkServerMemory1M(b *testing.B) {
	db, email := openBenchDB(b)
	path := db.Path()
	db.Close()
	dir := b.TempDir()
	bin := filepath.Join(dir, "seats")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/seats/seats").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	ts := &testServer{t: b, dir: dir, signers: map[string]gossh.Signer{}, privateKeys: map[string]ed25519.PrivateKey{}, keyLine: map[string]string{}}
	ts.addKey(email)
	ts.writeKeys()
	port := freePort(b)
	srv := exec.Command(bin, "serve", "--db", path, "--listen", "127.0.0.1:"+port,
		"--host-key", filepath.Join(dir, "host"), "--authorized-keys", filepath.Join(dir, "authorized_keys"))
	srv.Env = append(os.Environ(), "SEATS_NOW="+tuitest.DemoNow.Format(time.RFC3339))
	if err := srv.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Process.Signal(os.Interrupt); srv.Wait() })
	addr := "127.0.0.1:" + port
	var c *gossh.Client
	for i := 0; i < 100; i++ {
		var err error
		if c, err = gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", Auth: []gossh.AuthMethod{gossh.PublicKeys(ts.signers[email])},
			HostKeyCallback: gossh.InsecureIgnoreHostKey()}); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if c == nil {
		b.Fatal("seats serve did not start")
	}
	defer c.Close()
	onLicenses := func() {
		term := openTUI(b, c, 120, 40)
		if !term.showsWithin("Dashboard", time.Minute) {
			b.Fatal("the dashboard was never drawn")
		}
		term.keys("2")
		if !term.showsWithin("row 1 of", 3*time.Minute) {
			b.Fatalf("the licenses tab never loaded:\n%s", tail(term.text()))
		}
		term.mark()
	}
	for range b.N {
		onLicenses()
		time.Sleep(time.Second)
		one := rssMB(b, srv.Process.Pid)
		for i := 1; i < 20; i++ {
			onLicenses()
		}
		time.Sleep(time.Second)
		twenty := rssMB(b, srv.Process.Pid)
		b.ReportMetric(one, "1-session-RSS-MB")
		b.ReportMetric(twenty, "20-sessions-RSS-MB")
		b.ReportMetric(twenty/one, "20/1")
	}
}

func freePort(b *testing.B) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

// rssMB is a process's resident memory now (VmRSS), the mapped file's
// pages it touched included.
func rssMB(b *testing.B, pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}
