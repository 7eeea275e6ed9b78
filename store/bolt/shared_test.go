package bolt

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// One Shared store used by many goroutines at once is what `seats serve`
// runs on: none of them may fail because another is writing. The short
// lock timeout makes any wait for the file lock between them fail.
func TestManyGoroutinesOnOneSharedStoreNeverLockEachOutAndLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seats.db")
	db, err := Open(path, Options{Shared: true, NoSync: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := model.NewService(db, func() time.Time { return t0 })
	const workers, rounds = 32, 25
	if _, err := svc.CreateProduct("", model.Product{Name: "Office", Kind: model.PerUser, Contracted: workers}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < workers; i++ {
		if _, err := svc.InviteUser("", model.User{Email: fmt.Sprintf("u%d@example.com", i), First: "U", Last: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	before, err := svc.LastSeq()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds*3)
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			who := fmt.Sprintf("u%d@example.com", i)
			for r := 0; r < rounds; r++ {
				l, err := svc.Assign("", "Office", who, false)
				if err != nil {
					errs <- err
					continue
				}
				if _, _, err := svc.Unassign("", l.Code()); err != nil {
					errs <- err
				}
				if _, err := svc.LastSeq(); err != nil {
					errs <- err
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("an operation failed while others ran: %v", err)
	}
	after, err := svc.LastSeq()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := after-before, uint64(workers*rounds*2); got != want {
		t.Errorf("%d events recorded, want %d", got, want)
	}
	mustCheck(t, db)
}

// Between its transactions a Shared store holds no lock, however many
// goroutines use it, so another process can read and write in the gaps.
func TestAnotherProcessGetsTheFileWhileASharedStoreIsBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seats.db")
	db, err := Open(path, Options{Shared: true, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := model.NewService(db, func() time.Time { return t0 })
	if _, err := svc.CreateProduct("", model.Product{Name: "Office", Kind: model.PerUser, Contracted: 1}); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				svc.LastSeq()
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	defer func() { close(stop); wg.Wait() }()
	// A second handle on the file locks it as another process would.
	for i := 0; i < 5; i++ {
		other, err := Open(path, Options{ReadOnly: true, Timeout: 2 * time.Second})
		if err != nil {
			t.Fatalf("another reader was locked out: %v", err)
		}
		if _, err := model.NewService(other, nil).LastSeq(); err != nil {
			t.Fatal(err)
		}
		other.Close()
		w, err := Open(path, Options{Timeout: 2 * time.Second})
		if err != nil {
			t.Fatalf("another writer was locked out: %v", err)
		}
		w.Close()
	}
}
