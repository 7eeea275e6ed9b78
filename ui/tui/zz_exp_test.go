package tui_test

import (
	"runtime"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
	"github.com/seats/seats/ui/tui"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

func BenchmarkZZ(b *testing.B) {
	path := tuitest.BenchDB(b)
	db, _ := store.Open(path, store.Options{Shared: true})
	svc := model.NewService(db, func() time.Time { return tuitest.DemoNow })
	actor, _ := svc.ResolveActor("")
	p := newPump(tui.NewApp(common.NewContext(svc, actor, nil)))
	p.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	p.run(p.m.Init())
	p.until(b, "All products", 10*time.Second)
	pr := func(w string) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.Logf("%s sys %d heapSys %d heapInuse %d heapAlloc %d idle %d released %d gcsys %d numgc %d totalalloc %d", w, ms.Sys>>20, ms.HeapSys>>20, ms.HeapInuse>>20, ms.HeapAlloc>>20, ms.HeapIdle>>20, ms.HeapReleased>>20, ms.GCSys>>20, ms.NumGC, ms.TotalAlloc>>20)
	}
	pr("first")
	p.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2")})
	p.until(b, "LIC-", 60*time.Second)
	pr("licenses")
	time.Sleep(2 * time.Second)
	runtime.GC()
	pr("after gc")
}
