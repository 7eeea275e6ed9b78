package model_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
)

// TestCrashChild is the child half of TestSIGKILLLeavesAConsistentFile:
// it runs operations on the database named by SEATS_CRASH_DB and prints
// "ok SEQ KIND" after each one commits, until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("SEATS_CRASH_DB")
	if path == "" {
		t.Skip("only runs as the child of the crash test")
	}
	db, err := store.Open(path, store.Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(3)
	}
	svc := model.NewService(db, nil)
	report := func(kind string) {
		seq, err := svc.LastSeq()
		if err == nil {
			fmt.Printf("ok %d %s\n", seq, kind)
		}
	}
	if _, err := svc.ResolveActor(""); err == nil {
		if _, err := svc.Product("Office"); err != nil {
			svc.InviteUser("", model.User{Email: "owner@example.com", First: "O", Last: "Owner"})
			svc.CreateProduct("", model.Product{Name: "Office", Contracted: 5, Policy: model.PolicyAutoGrow})
		}
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for i := 0; ; i++ {
		switch rng.IntN(4) {
		case 0:
			e := fmt.Sprintf("u%d-%d@example.com", os.Getpid(), i)
			if _, err := svc.InviteUser("", model.User{Email: e, First: "U", Last: "X"}); err == nil {
				report(model.EvUserInvited)
			}
			if _, err := svc.Assign("", "Office", e, true); err == nil {
				report(model.EvLicenseAssigned)
			}
		case 1:
			if _, err := svc.AddLicenses("", "Office", 1+rng.IntN(50)); err == nil {
				report(model.EvLicensesAdded)
			}
		default:
			if _, _, err := svc.Unassign("", model.LicenseCode(model.ID(1+rng.IntN(200)))); err == nil {
				report(model.EvLicenseDeactivated + "|" + model.EvLicenseUnassigned)
			}
		}
	}
}

// TestSIGKILLLeavesAConsistentFile kills a child process that is writing
// at random moments; after each kill the file opens, passes every
// invariant, and holds every operation the child reported as committed.
func TestSIGKILLLeavesAConsistentFile(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	rng := rand.New(rand.NewPCG(7, 7))
	reported := 0
	for round := 0; round < 6; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SEATS_CRASH_DB="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		type done struct {
			seq  uint64
			kind string
		}
		var commits []done
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Let it commit a little first, then kill at a random moment.
		deadline := time.After(time.Duration(150+rng.IntN(400)) * time.Millisecond)
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				if f := strings.Fields(l); len(f) == 3 && f[0] == "ok" {
					seq, _ := strconv.ParseUint(f[1], 10, 64)
					commits = append(commits, done{seq, f[2]})
				}
			case <-deadline:
				cmd.Process.Signal(syscall.SIGKILL)
				deadline = nil
			}
		}
		cmd.Wait()
		reported += len(commits)

		db, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatalf("round %d: reopening after SIGKILL: %v", round, err)
		}
		w := &fxWorld{t: t, path: path, db: db, svc: model.NewService(db, nil)}
		w.check()
		for _, c := range commits {
			e, err := w.svc.Event(c.seq)
			if err != nil {
				t.Fatalf("round %d: event %d reported committed is gone: %v", round, c.seq, err)
			}
			if !strings.Contains(c.kind, e.Kind) {
				t.Fatalf("round %d: event %d is %s, child reported %s", round, c.seq, e.Kind, c.kind)
			}
		}
		db.Close()
	}
	if reported == 0 {
		t.Fatal("the child never committed anything: the test proved nothing")
	}
	t.Logf("%d committed operations checked across 6 kills", reported)
}
