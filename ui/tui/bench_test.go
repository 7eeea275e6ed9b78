package tui_test

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
	"github.com/seats/seats/ui/tui"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/tuitest"
)

// BenchmarkFirstFrame1M measures start to the first dashboard frame with
// its numbers on the large database: open the file as the TUI does
// (shared), resolve the actor, build the app, size it, run its commands
// concurrently as Bubble Tea does, and draw until the totals show. Then it
// opens the licenses tab and waits for its million rows. Memory: peak RSS
// (which counts the database pages bbolt's mmap touched) and the Go
// runtime's total from the OS. Run it alone (`-bench FirstFrame`) so that
// other benchmarks' memory does not count.
func BenchmarkFirstFrame1M(b *testing.B) {
	path := tuitest.BenchDB(b)
	runtime.GC()
	b.ResetTimer()
	var first, licenses time.Duration
	for range b.N {
		start := time.Now()
		db, err := store.Open(path, store.Options{Shared: true})
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
		first += time.Since(start)
		b.ReportMetric(peakRSSMB(), "first-frame-peak-RSS-MB")
		b.ReportMetric(goSysMB(), "first-frame-go-MB")

		start = time.Now()
		p.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2")})
		p.until(b, "LIC-", 60*time.Second)
		licenses += time.Since(start)
		b.ReportMetric(peakRSSMB(), "licenses-tab-peak-RSS-MB")
		b.ReportMetric(goSysMB(), "licenses-tab-go-MB")
		db.Close()
	}
	b.ReportMetric(float64(first.Microseconds())/1000/float64(b.N), "first-frame-ms")
	b.ReportMetric(float64(licenses.Microseconds())/1000/float64(b.N), "licenses-tab-ms")
}

// pump runs a model as Bubble Tea's loop does: commands on their own
// goroutines, their messages back through one channel into Update.
type pump struct {
	m    tea.Model
	msgs chan tea.Msg
}

func newPump(m tea.Model) *pump { return &pump{m: m, msgs: make(chan tea.Msg, 4096)} }

func (p *pump) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, c := range batch {
				p.run(c)
			}
			return
		}
		if msg != nil {
			p.msgs <- msg
		}
	}()
}

func (p *pump) send(msg tea.Msg) {
	var cmd tea.Cmd
	p.m, cmd = p.m.Update(msg)
	p.run(cmd)
}

// until feeds messages until the view shows text.
func (p *pump) until(b testing.TB, text string, limit time.Duration) {
	deadline := time.After(limit)
	for !strings.Contains(p.m.View(), text) {
		select {
		case msg := <-p.msgs:
			p.send(msg)
		case <-deadline:
			b.Fatalf("%q not drawn within %v:\n%s", text, limit, p.m.View())
		}
	}
}

// peakRSSMB is the process's peak resident set (VmHWM) in MB.
func peakRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// goSysMB is the memory the Go runtime holds from the OS (heap, stacks).
func goSysMB() float64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.Sys) / (1 << 20)
}
