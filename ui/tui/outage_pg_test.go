package tui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
	"github.com/seats/seats/store/postgres/pgtest"
	"github.com/seats/seats/ui/tui"
	"github.com/seats/seats/ui/tui/common"
)

// The PostgreSQL server goes away under a running TUI: what the user asks
// for next fails with one line saying so and the UI keeps
// running; once the server is back, the listener reconnects, the TUI
// reloads and shows the data, changes made meanwhile included, with the
// error gone.
func TestTUIOnPostgresSurvivesAnOutageAndRecovers(t *testing.T) {
	srv, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	db, err := store.Open(srv.URL("search_path=outage"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, time.March, 16, 9, 0, 0, 0, time.UTC)
	svc := model.NewService(db, func() time.Time { return now })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err = svc.InviteUser("", model.User{Email: "owner@example.com", First: "Olga", Last: "Owner"})
	must(err)
	_, err = svc.CreateProduct("", model.Product{Name: "Office", Kind: model.PerUser, Contracted: 3, NetPrice: 1000, Period: model.Monthly, Policy: model.PolicyBlock})
	must(err)

	n, ok := db.(store.Notifier)
	if !ok {
		t.Fatal("the PostgreSQL store does not listen for changes")
	}
	told := make(chan struct{}, 16)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go n.Listen(ctx, func(uint64) { told <- struct{}{} })
	<-told // connected

	actor, err := svc.ResolveActor("")
	must(err)
	p := newPump(tui.NewApp(common.NewContext(svc, actor, nil)))
	p.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	p.run(p.m.Init())
	p.until(t, "Office", 10*time.Second)

	must(srv.Kill())
	p.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2")})
	p.until(t, "Could not load", 20*time.Second)
	screen := p.m.View()
	if strings.Contains(screen, "goroutine") || strings.Contains(screen, "panic") {
		t.Fatalf("the outage reached the screen as a crash:\n%s", screen)
	}

	must(srv.Restart())
	// Another host's change while this TUI was cut off.
	other, err := store.Open(srv.URL("search_path=outage"), store.Options{})
	must(err)
	defer other.Close()
	_, err = model.NewService(other, func() time.Time { return now }).CreateProduct("", model.Product{Name: "Photoshop", Kind: model.PerUser, Contracted: 2, NetPrice: 2000, Period: model.Monthly, Policy: model.PolicyBlock})
	must(err)
	select {
	case <-told:
	case <-time.After(30 * time.Second):
		t.Fatal("the listener did not reconnect after the server came back")
	}
	p.send(common.DataChangedMsg{})
	p.until(t, "Photoshop", 20*time.Second)
	if strings.Contains(p.m.View(), "Could not load") {
		t.Fatalf("the outage's error is still shown after recovery:\n%s", p.m.View())
	}
}
