package serve

import (
	"sync"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

func TestAMailboxKeepsOnlyTheNewestChangeAndNeverBlocks(t *testing.T) {
	m := newMailbox()
	done := make(chan struct{})
	go func() {
		// Nobody reads: a stuck session.
		for i := uint64(1); i <= 10000; i++ {
			m.put(model.Version{Seq: i})
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("putting into a mailbox nobody reads blocked")
	}
	if v := <-m; v.Seq != 10000 {
		t.Fatalf("the mailbox kept change %d, not the newest", v.Seq)
	}
}

// While serve's sessions work, another seats process on the same file
// still reads and writes in its usual time.
func TestAnotherProcessWorksOnTheFileWhileServeIsBusy(t *testing.T) {
	ts := startServer(t, nil, owner, viewer)
	for i := 0; i < 5; i++ {
		openTUI(t, ts.client(viewer), 100, 30).waitFor("Dashboard", 10*time.Second)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c := ts.client(owner)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			cmd := "unassign LIC-000001"
			if i%2 == 1 {
				cmd = "assign 'Microsoft 365 E3' marta.kowalski@northwind.example"
			}
			runOn(t, c, cmd, "")
		}
	}()
	other := openOther(t, ts)
	worst := time.Duration(0)
	for i := 0; i < 20; i++ {
		start := time.Now()
		if _, err := other.Status(); err != nil {
			t.Fatalf("another process could not read while serve was busy: %v", err)
		}
		if _, err := other.InviteUser("", model.User{Email: "other" + string(rune('a'+i)) + "@northwind.example", First: "O", Last: "P"}); err != nil {
			t.Fatalf("another process could not write while serve was busy: %v", err)
		}
		worst = max(worst, time.Since(start))
	}
	close(stop)
	wg.Wait()
	if worst > 10*time.Second {
		t.Fatalf("another process waited %s for the file while serve was busy", worst)
	}
}
