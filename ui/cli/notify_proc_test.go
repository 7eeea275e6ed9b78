package cli_test

// `seats notify` as real processes: one killed with SIGKILL while a
// receiver holds its request loses nothing, and two at once send each
// notification once.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// notifyDB writes a database with products P1…Pn, each expiring within
// the default lead time of t0 (one alert each), and a webhook channel
// per URL.
func notifyDB(t *testing.T, bin string, n int, urls ...string) (child, string) {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "seats.db")
	c := child{now: t0, home: dir}
	var cmds [][]string
	for i := 1; i <= n; i++ {
		cmds = append(cmds, []string{"products", "add", fmt.Sprintf("P%d", i), "--contracted", "1", "--expires", "2026-03-30"})
	}
	for i, u := range urls {
		cmds = append(cmds, []string{"notify", "settings", "set", "--channel", fmt.Sprintf("ch%d", i+1), "--type", "webhook", "--url", u})
	}
	for _, args := range cmds {
		if o := c.run(bin, append(args, "--db", db)...); o.code != 0 {
			t.Fatalf("seats %q: %s", args, o)
		}
	}
	return c, db
}

// notifyReport is what `seats notify --json` prints.
type notifyReport struct {
	Delivered int      `json:"delivered"`
	Failures  []string `json:"failures"`
}

func (c child) notifyPass(t *testing.T, bin, db string) notifyReport {
	t.Helper()
	o := c.run(bin, "notify", "--json", "--db", db)
	var r notifyReport
	if err := json.Unmarshal([]byte(o.stdout), &r); o.code != 0 || err != nil {
		t.Fatalf("seats notify: %s (%v)", o, err)
	}
	return r
}

func TestNotifyKilledMidDeliveryLosesNothing(t *testing.T) {
	bin := seatsBinary(t)
	var mu sync.Mutex
	stall := true
	var accepted []string
	arrived := make(chan string, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct{ ID string }
		_ = json.NewDecoder(r.Body).Decode(&m)
		mu.Lock()
		hold := stall
		if !hold {
			accepted = append(accepted, m.ID)
		}
		mu.Unlock()
		if hold {
			// Read the whole request, then never answer: the sender is
			// mid-delivery until it dies.
			arrived <- m.ID
			<-r.Context().Done()
		}
	}))
	defer srv.Close()
	c, db := notifyDB(t, bin, 1, srv.URL)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "notify", "--db", db)
	var stdout, stderr bytes.Buffer
	c.prepare(cmd, &stdout, &stderr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var id string
	select {
	case id = <-arrived:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		t.Fatalf("no delivery reached the receiver: %s", stderr.String())
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if o := finish(cmd, cmd.Wait(), false, stdout.String(), stderr.String()); o.signal != "killed" {
		t.Fatalf("the pass was not killed mid-delivery: %s", o)
	}
	mu.Lock()
	stall = false
	mu.Unlock()

	o := c.run(bin, "notify", "status", "--json", "--db", db)
	var st model.NotifyStatus
	if err := json.Unmarshal([]byte(o.stdout), &st); o.code != 0 || err != nil {
		t.Fatalf("notify status: %s (%v)", o, err)
	}
	if len(st.Pending) != 1 || st.Pending[0].Dedupe != id || st.Pending[0].ClaimedUntil.IsZero() {
		t.Fatalf("after the kill the outbox holds %+v, want %s pending and claimed", st.Pending, id)
	}
	// The dead pass's claim holds it off until its lease runs out.
	if r := c.notifyPass(t, bin, db); r.Delivered != 0 {
		t.Fatalf("delivered within the dead pass's lease: %+v", r)
	}
	c.now = "2026-03-16T10:02:00Z"
	if r := c.notifyPass(t, bin, db); r.Delivered != 1 || len(r.Failures) != 0 {
		t.Fatalf("after the lease: %+v", r)
	}
	if r := c.notifyPass(t, bin, db); r.Delivered != 0 {
		t.Fatalf("a pass after delivery sent again: %+v", r)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(accepted) != 1 || accepted[0] != id {
		t.Fatalf("the receiver accepted %q, want %s once", accepted, id)
	}
}

func TestTwoNotifyProcessesSendEachOnce(t *testing.T) {
	bin := seatsBinary(t)
	var mu sync.Mutex
	got := map[string]int{} // path and ID
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct{ ID string }
		_ = json.NewDecoder(r.Body).Decode(&m)
		// Slow enough that the other process claims while this one
		// delivers.
		time.Sleep(150 * time.Millisecond)
		mu.Lock()
		got[r.URL.Path+" "+m.ID]++
		mu.Unlock()
	}))
	defer srv.Close()
	const products = 6
	c, db := notifyDB(t, bin, products, srv.URL+"/one", srv.URL+"/two")

	reports := make([]notifyReport, 2)
	var wg sync.WaitGroup
	for i := range reports {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reports[i] = c.notifyPass(t, bin, db)
		}()
	}
	wg.Wait()
	if reports[0].Delivered+reports[1].Delivered != 2*products {
		t.Fatalf("the two passes delivered %d and %d, want %d in all", reports[0].Delivered, reports[1].Delivered, 2*products)
	}
	if reports[0].Delivered == 0 || reports[1].Delivered == 0 {
		t.Fatalf("one process delivered everything (%d, %d): they did not run at once", reports[0].Delivered, reports[1].Delivered)
	}
	if len(got) != 2*products {
		t.Fatalf("the receiver got %d distinct notifications, want %d: %v", len(got), 2*products, got)
	}
	for k, n := range got {
		if n != 1 {
			t.Fatalf("%s received %d times", k, n)
		}
	}
}
