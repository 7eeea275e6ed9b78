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
// (shared), resolve the actor, build the app, size it, run its first
// loads and draw. Peak RSS is read from the kernel after the frame, and
// again after the licenses tab has loaded all its rows. Run it alone
// (`-bench FirstFrame`) so that other benchmarks' memory does not count.
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
		m := tea.Model(tui.NewApp(common.NewContext(svc, actor, nil)))
		m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		init := m.Init()
		for _, msg := range tuitest.Messages(init, 5*time.Second) {
			m, _ = m.Update(msg)
			if strings.Contains(m.View(), "All products") {
				break
			}
		}
		if !strings.Contains(m.View(), "All products") {
			b.Fatalf("no dashboard numbers in the first frame:\n%s", m.View())
		}
		first += time.Since(start)
		b.ReportMetric(peakRSSMB(), "first-frame-peak-RSS-MB")

		start = time.Now()
		var cmd tea.Cmd
		m, cmd = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2")})
		for _, msg := range tuitest.Messages(cmd, 60*time.Second) {
			m, _ = m.Update(msg)
		}
		if !strings.Contains(m.View(), "LIC-") {
			b.Fatalf("licenses did not load:\n%s", m.View())
		}
		licenses += time.Since(start)
		b.ReportMetric(peakRSSMB(), "licenses-tab-peak-RSS-MB")
		db.Close()
	}
	b.ReportMetric(float64(first.Microseconds())/1000/float64(b.N), "first-frame-ms")
	b.ReportMetric(float64(licenses.Microseconds())/1000/float64(b.N), "licenses-tab-ms")
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
