package tui_test

import (
	"bytes"
	"fmt"
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
	"github.com/seats/seats/ui/tui"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// sizes are the terminal sizes every screen is checked at.
var sizes = []struct{ w, h int }{{120, 40}, {80, 24}}

// tabReady is text that shows a tab has drawn its loaded data (on the
// demo organization).
var tabReady = []struct {
	key, name, ready string
}{
	{"1", "dashboard", "All products"},
	{"2", "licenses", "LIC-000001"},
	{"3", "users", "Account Owner"},
	{"4", "assets", "NW-LT-001"},
	{"5", "products", "Microsoft 365 E3"},
	{"6", "allocations", "Engineering tooling"},
	{"7", "activity", "license.assigned"},
	{"8", "settings", "Notification settings"},
}

// waitFor waits until text has been drawn ("" for anything) and the screen has then stayed
// unchanged for a moment: tabs load in stages (the dashboard draws its
// summary first, the invoice and trend after), and a golden must show the
// last stage.
func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	seen, size, since := text == "", -1, time.Now()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		seen = seen || bytes.Contains(b, []byte(text))
		if len(b) != size {
			size, since = len(b), time.Now()
		}
		return seen && time.Since(since) > 300*time.Millisecond
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func finalView(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).View()
}

// TestTabsGolden draws every tab of the demo organization at 120×40 and
// 80×24 and compares the screen with its golden file (-update rewrites them).
func TestTabsGolden(t *testing.T) {
	w := tuitest.Demo(t)
	for _, sz := range sizes {
		for _, tab := range tabReady {
			t.Run(fmt.Sprintf("%s/%dx%d", tab.name, sz.w, sz.h), func(t *testing.T) {
				app := tui.NewApp(w.Context(""))
				tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(sz.w, sz.h))
				tm.Type(tab.key)
				waitFor(t, tm, tab.ready)
				view := finalView(t, tm)
				tuitest.CheckFrame(t, view, sz.w, sz.h)
				golden.RequireEqual(t, []byte(view))
			})
		}
	}
}

// TestHistoryModalGolden opens the event-history modal over the licenses tab.
func TestHistoryModalGolden(t *testing.T) {
	w := tuitest.Demo(t)
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			tm := teatest.NewTestModel(t, tui.NewApp(w.Context("")), teatest.WithInitialTermSize(sz.w, sz.h))
			tm.Type("2")
			waitFor(t, tm, "LIC-000001")
			tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
			waitFor(t, tm, "History of LIC-000001")
			view := finalView(t, tm)
			tuitest.CheckFrame(t, view, sz.w, sz.h)
			golden.RequireEqual(t, []byte(view))
		})
	}
}
