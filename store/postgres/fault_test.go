package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store/postgres/pgtest"
)

// TestAConnectionCutMidTransactionWritesNothing: the server ends the
// connection of a write transaction half-way; the Update fails with one
// line, nothing of it is stored, and the next Update works.
func TestAConnectionCutMidTransactionWritesNothing(t *testing.T) {
	db := openFresh(t)
	var before string
	_ = db.View(func(tx model.Tx) error { before = fmt.Sprint(tx.LastSeq()); return nil })
	err := db.Update(func(tx model.Tx) error {
		p := model.Product{Name: "Cut"}
		if err := tx.PutProduct(&p); err != nil {
			return err
		}
		if _, err := tx.Products(); err != nil {
			return err
		}
		if err := server.Exec(context.Background(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE application_name = 'seats' AND state LIKE 'idle in transaction%'`); err != nil {
			t.Fatal(err)
		}
		_, err := tx.Products()
		return err
	})
	if err == nil || strings.Contains(err.Error(), "\n") {
		t.Fatalf("an Update whose connection was cut: %q, want one line", err)
	}
	t.Log(err)
	if err := db.View(func(tx model.Tx) error {
		if _, err := tx.ProductByName("Cut"); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("the cut transaction's product: %v, want it not stored", err)
		}
		if seq := fmt.Sprint(tx.LastSeq()); seq != before {
			t.Errorf("LastSeq %s, was %s", seq, before)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx model.Tx) error { p := model.Product{Name: "After"}; return tx.PutProduct(&p) }); err != nil {
		t.Errorf("the Update after the cut: %v", err)
	}
}

// TestAServerKilledMidLoopLosesNothingAcknowledged kills the server in
// the middle of an assign loop and starts it again: every assign that
// returned without error is there, the failures were one line each, the
// checks are clean, and the same DB works again without reopening.
func TestAServerKilledMidLoopLosesNothingAcknowledged(t *testing.T) {
	srv, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	db := openAt(t, srv.URL("search_path=fault"), Options{Timeout: 5 * time.Second})
	now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	svc := model.NewService(db, func() time.Time { now = now.Add(time.Millisecond); return now })
	const owner, users = "owner@example.com", 60
	if _, err := svc.InviteUser("", model.User{Email: owner, First: "O", Last: "W"}); err != nil {
		t.Fatal(err)
	}
	err = svc.Batch(func(s *model.Service) error {
		if _, err := s.CreateProduct(owner, model.Product{Name: "P", Contracted: users, Policy: model.PolicyBlock}); err != nil {
			return err
		}
		for i := range users {
			if _, err := s.InviteUser(owner, model.User{Email: fmt.Sprintf("u%02d@example.com", i), First: "U", Last: "S"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A listener through the outage reconnects and is told where the log is.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	heard := make(chan uint64, 1000)
	go db.Listen(ctx, func(seq uint64) { heard <- seq })
	<-heard
	acked := map[string]string{}
	failures := 0
	for i := range users {
		if i == users/3 {
			if err := srv.Kill(); err != nil {
				t.Fatal(err)
			}
		}
		if i == users/2 {
			if err := srv.Restart(); err != nil {
				t.Fatal(err)
			}
		}
		email := fmt.Sprintf("u%02d@example.com", i)
		l, err := svc.Assign(owner, "P", email, false)
		if err != nil {
			failures++
			if failures == 1 {
				t.Log(err)
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, "postgres://") {
				t.Errorf("an assign while the server was down: %q, want one line naming the database", msg)
			}
			continue
		}
		acked[email] = l.Code()
	}
	if failures == 0 || len(acked) == 0 {
		t.Fatalf("%d assigns acknowledged, %d failed: the kill did not land mid-loop", len(acked), failures)
	}
	for email, code := range acked {
		ls, _, err := svc.Licenses(model.LicenseFilter{Holder: email})
		if err != nil || len(ls) != 1 || ls[0].Code() != code {
			t.Errorf("%s was acknowledged %s, after the restart holds %v (%v)", email, code, ls, err)
		}
	}
	if bad, err := db.Check(); err != nil || len(bad) > 0 {
		t.Errorf("check after the restart: %v %q", err, bad)
	}
	last, err := svc.LastSeq()
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.After(5 * time.Second)
	for seq := uint64(0); seq != last; {
		select {
		case seq = <-heard:
		case <-deadline:
			t.Fatalf("the listener was not told %d after the restart (last told %d)", last, seq)
		}
	}
	if bad, err := svc.Check(); err != nil || len(bad) > 0 {
		t.Errorf("the domain's check after the restart: %v %q", err, bad)
	}
}
