package postgres

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// TestListenerSeesACommitOfAnotherConnection: a change committed through
// one pool reaches a listener on another within 1 s, carrying the new
// event sequence; and the listener is told the sequence on connecting.
func TestListenerSeesACommitOfAnotherConnection(t *testing.T) {
	url := server.URL("search_path=" + freshSchema())
	writer := openAt(t, url, Options{})
	reader := openAt(t, url, Options{ReadOnly: true})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seqs := make(chan uint64, 16)
	done := make(chan error, 1)
	go func() { done <- reader.Listen(ctx, func(seq uint64) { seqs <- seq }) }()
	select {
	case seq := <-seqs:
		if seq != 0 {
			t.Errorf("on connecting the listener was told %d, want 0", seq)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the listener was not told the sequence on connecting")
	}
	svc := model.NewService(writer, time.Now)
	for want := uint64(1); want <= 3; want++ {
		start := time.Now()
		if _, err := svc.InviteUser("", model.User{Email: "owner@example.com", First: "O", Last: "W"}); want == 1 && err != nil {
			t.Fatal(err)
		} else if want > 1 {
			if _, err := svc.EditUser("owner@example.com", "owner@example.com", func(u *model.User) error { u.First += "x"; return nil }); err != nil {
				t.Fatal(err)
			}
		}
		select {
		case seq := <-seqs:
			if seq != want {
				t.Errorf("the listener was told %d, want %d", seq, want)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("the listener heard of commit %d after %s, want within 1 s", want, d)
			}
		case <-time.After(time.Second):
			t.Fatalf("the listener did not hear of commit %d within 1 s", want)
		}
	}
	// A rolled-back write tells nobody.
	_ = writer.Update(func(tx model.Tx) error { return model.Invalidf("no") })
	select {
	case seq := <-seqs:
		t.Errorf("a rolled-back write was told (%d)", seq)
	case <-time.After(200 * time.Millisecond):
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Listen returned %v after its context ended", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("Listen did not return after its context ended")
	}
}

// TestALongSchemaNameStillNotifies: a schema name near PostgreSQL's
// 63-byte limit makes a channel name that would be too long; writes
// still commit and notify.
func TestALongSchemaNameStillNotifies(t *testing.T) {
	schema := "org_" + strings.Repeat("x", 55)
	db := openAt(t, server.URL("search_path="+schema), Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seqs := make(chan uint64, 4)
	go db.Listen(ctx, func(seq uint64) { seqs <- seq })
	<-seqs
	svc := model.NewService(db, time.Now)
	if _, err := svc.InviteUser("", model.User{Email: "owner@example.com", First: "O", Last: "W"}); err != nil {
		t.Fatal(err)
	}
	select {
	case seq := <-seqs:
		if seq != 1 {
			t.Errorf("told %d, want 1", seq)
		}
	case <-time.After(time.Second):
		t.Fatal("no notification within 1 s")
	}
}
