package tui_test

import (
	"fmt"
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
// then "2" until the rows are drawn. Target: PostgreSQL within 2× of
// bbolt.
func BenchmarkLicensesTab1MPostgres(b *testing.B) {
	path := tuitest.BenchDB(b)
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
	dst, err := store.Open(url, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	c, err := model.Copy(src, dst)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("migrate of %d licenses into PostgreSQL: %s", c.Licenses, time.Since(start).Round(time.Millisecond))
	src.Close()
	dst.Close()
	backends := []struct {
		name string
		open func() (store.DB, error)
		tab  time.Duration
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
			db.Close()
		}
	}
	for _, bk := range backends {
		b.ReportMetric(float64(bk.tab.Microseconds())/1000/float64(b.N), fmt.Sprintf("licenses-tab-%s-ms", bk.name))
	}
	b.ReportMetric(float64(backends[1].tab)/float64(backends[0].tab), "pg/bolt")
}
