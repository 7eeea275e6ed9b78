package tui_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
	"github.com/seats/seats/store/postgres/pgtest"
	"github.com/seats/seats/ui/tui"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

// BenchmarkLicensesTab1MPostgres opens the licenses tab on the large
// database in a bbolt file and, copied by model.Copy (seats migrate), in
// a PostgreSQL schema, alternately in one run, as BenchmarkFirstFrame1M
// does: the store opened as the TUI opens it, the first dashboard frame,
// then "2" until the first rows are drawn (the first page: "first"),
// and on until the whole list has replaced it ("whole"). Target:
// PostgreSQL within 2× of bbolt. SEATS_BENCH_PG_URL names a schema that
// already holds the copy (seats migrate of the same file), to skip the
// copy.
func BenchmarkLicensesTab1MPostgres(b *testing.B) {
	path := tuitest.BenchDB(b)
	url := os.Getenv("SEATS_BENCH_PG_URL")
	if url == "" {
		url = copiedToPostgres(b, path)
	}
	backends := []struct {
		name        string
		open        func() (store.DB, error)
		tab, loaded time.Duration
	}{
		{name: "bolt", open: func() (store.DB, error) { return store.Open(path, store.Options{Shared: true}) }},
		{name: "pg", open: func() (store.DB, error) { return store.Open(url, store.Options{}) }},
	}
	b.ResetTimer()
	for range b.N {
		for i := range backends {
			bk := &backends[i]
			db, err := bk.open()
			if err != nil {
				b.Fatal(err)
			}
			svc := model.NewService(db, func() time.Time { return tuitest.DemoNow })
			actor, err := svc.ResolveActor("")
			if err != nil {
				b.Fatal(err)
			}
			p := newPump(tui.NewApp(common.NewContext(svc, actor, nil)))
			p.send(tea.WindowSizeMsg{Width: 120, Height: 40})
			p.run(p.m.Init())
			p.until(b, "All products", 10*time.Second)
			start := time.Now()
			p.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2")})
			p.until(b, "LIC-", 120*time.Second)
			bk.tab += time.Since(start)
			p.untilGone(b, "Loading licenses", 120*time.Second)
			bk.loaded += time.Since(start)
			db.Close()
		}
	}
	for _, bk := range backends {
		b.ReportMetric(float64(bk.tab.Microseconds())/1000/float64(b.N), fmt.Sprintf("first-%s-ms", bk.name))
		b.ReportMetric(float64(bk.loaded.Microseconds())/1000/float64(b.N), fmt.Sprintf("whole-%s-ms", bk.name))
	}
	b.ReportMetric(float64(backends[1].tab)/float64(backends[0].tab), "first-pg/bolt")
	b.ReportMetric(float64(backends[1].loaded)/float64(backends[0].loaded), "whole-pg/bolt")
}

// copiedToPostgres copies the bbolt file at path into a schema of a
// throwaway server and returns its URL.
func copiedToPostgres(b *testing.B, path string) string {
	srv, err := pgtest.Start()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Stop)
	url := srv.URL("search_path=tab")
	src, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	dst, err := store.Open(url, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer dst.Close()
	start := time.Now()
	c, err := model.Copy(src, dst)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("migrate of %d licenses into PostgreSQL: %s", c.Licenses, time.Since(start).Round(time.Millisecond))
	return url
}

// untilGone feeds messages until the view no longer shows text.
func (p *pump) untilGone(b testing.TB, text string, limit time.Duration) {
	deadline := time.After(limit)
	for strings.Contains(p.m.View(), text) {
		select {
		case msg := <-p.msgs:
			p.send(msg)
		case <-deadline:
			b.Fatalf("%q still drawn after %v:\n%s", text, limit, p.m.View())
		}
	}
}
