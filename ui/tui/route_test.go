package tui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/licenses"
	"github.com/seats/seats/ui/tui/products"
	"github.com/seats/seats/ui/tui/tuitest"
	"github.com/seats/seats/ui/tui/users"
)

// app is the root at 120×40 with the commands it returned run to the end
// (timers left out), as the Bubble Tea loop would.
type app struct {
	t *testing.T
	m tea.Model
}

func newApp(t *testing.T, w *tuitest.World, actor string) *app {
	a := &app{t: t, m: tui.NewApp(w.Context(actor))}
	a.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	a.run(a.m.Init())
	return a
}

func (a *app) run(cmd tea.Cmd) {
	for _, msg := range tuitest.Messages(cmd, 200*time.Millisecond) {
		a.send(msg)
	}
}

// send delivers msg and runs what follows; it reports whether the app quit.
func (a *app) send(msg tea.Msg) (quit bool) {
	var cmd tea.Cmd
	a.m, cmd = a.m.Update(msg)
	for _, m := range tuitest.Messages(cmd, 200*time.Millisecond) {
		if _, ok := m.(tea.QuitMsg); ok {
			return true
		}
		if _, ok := m.(spinner.TickMsg); ok {
			continue // a timer: the loop here does not wait for them
		}
		if a.send(m) {
			return true
		}
	}
	return false
}

func (a *app) key(s string) bool {
	switch s {
	case "tab":
		return a.send(tea.KeyMsg{Type: tea.KeyTab})
	case "shift+tab":
		return a.send(tea.KeyMsg{Type: tea.KeyShiftTab})
	case "esc":
		return a.send(tea.KeyMsg{Type: tea.KeyEsc})
	case "enter":
		return a.send(tea.KeyMsg{Type: tea.KeyEnter})
	case "ctrl+c":
		return a.send(tea.KeyMsg{Type: tea.KeyCtrlC})
	}
	return a.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
}

func (a *app) view() string { return a.m.View() }

// active is the tab the tab bar marks with brackets.
func (a *app) active() string {
	bar := strings.SplitN(a.view(), "\n", 2)[0]
	i, j := strings.Index(bar, "["), strings.Index(bar, "]")
	if i < 0 || j < i {
		a.t.Fatalf("no active tab in %q", bar)
	}
	return bar[i+1 : j]
}

func TestDigitsTabAndShiftTabSwitchTabs(t *testing.T) {
	a := newApp(t, tuitest.Standard(t), "")
	want := []string{"1 Dashboard", "2 Licenses", "3 Users", "4 Assets", "5 Products", "6 Allocations", "7 Activity", "8 Settings"}
	for i, name := range want {
		a.key(string(rune('1' + i)))
		if got := a.active(); got != name {
			t.Fatalf("key %d: active %q, want %q", i+1, got, name)
		}
	}
	a.key("tab")
	if a.active() != "1 Dashboard" {
		t.Fatalf("tab from the last tab goes to %q", a.active())
	}
	a.key("shift+tab")
	if a.active() != "8 Settings" {
		t.Fatalf("shift+tab from the first tab goes to %q", a.active())
	}
	a.key("9") // no ninth tab: nothing happens
	if a.active() != "8 Settings" {
		t.Fatalf("9 moved to %q", a.active())
	}
}

func TestClickOnTabBarSwitchesTabs(t *testing.T) {
	a := newApp(t, tuitest.Standard(t), "")
	bar := strings.SplitN(a.view(), "\n", 2)[0]
	x := strings.Index(bar, "5 Products")
	a.send(tea.MouseMsg{X: x + 2, Y: 0, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if a.active() != "5 Products" {
		t.Fatalf("click at x=%d opened %q", x+2, a.active())
	}
	// A click below the bar goes to the tab, not the bar.
	a.send(tea.MouseMsg{X: 2, Y: 3, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if a.active() != "5 Products" {
		t.Fatalf("click in the table switched to %q", a.active())
	}
}

func TestQuitKeys(t *testing.T) {
	w := tuitest.Standard(t)
	if !newApp(t, w, "").key("q") {
		t.Fatal("q did not quit")
	}
	if !newApp(t, w, "").key("ctrl+c") {
		t.Fatal("ctrl+c did not quit")
	}
	// While a filter is typed, q is text; ctrl+c still quits.
	a := newApp(t, w, "")
	a.key("3")
	a.key("/")
	if a.key("q") {
		t.Fatal("q quit while typing a filter")
	}
	if a.key("2"); a.active() != "3 Users" {
		t.Fatalf("a digit typed into the filter switched to %q", a.active())
	}
	if !a.key("ctrl+c") {
		t.Fatal("ctrl+c did not quit while filtering")
	}
}

func TestHelpToggles(t *testing.T) {
	a := newApp(t, tuitest.Standard(t), "")
	a.key("2")
	short := a.view()
	a.key("?")
	full := a.view()
	if !strings.Contains(full, "Keys") || full == short {
		t.Fatalf("? did not show the full help:\n%s", full)
	}
	for _, k := range []string{"assign", "unassign", "add licenses", "remove licenses", "history", "filter", "quit"} {
		if !strings.Contains(full, k) {
			t.Errorf("full help lacks %q", k)
		}
	}
	a.key("esc")
	if a.view() != short {
		t.Fatal("esc did not close the help")
	}
	a.key("?")
	a.key("?")
	if a.view() != short {
		t.Fatal("? did not close the help")
	}
}

func TestModalTakesKeysUntilClosed(t *testing.T) {
	a := newApp(t, tuitest.Standard(t), "")
	a.key("2")
	a.key("enter")
	if !strings.Contains(a.view(), "History of LIC-000001") {
		t.Fatalf("enter did not open the history:\n%s", a.view())
	}
	a.key("5") // the modal has the keys: no tab switch
	if a.active() != "2 Licenses" {
		t.Fatalf("a digit behind the modal switched to %q", a.active())
	}
	if a.key("q") {
		t.Fatal("q behind a modal quit the app instead of closing the modal")
	}
	if strings.Contains(a.view(), "History of") {
		t.Fatal("q did not close the history")
	}
}

func TestActionStatusLine(t *testing.T) {
	a := newApp(t, tuitest.Standard(t), "")
	a.send(common.ActionDoneMsg{Status: "LIC-000042 unassigned from ana@example.com"})
	if !strings.Contains(a.view(), "LIC-000042 unassigned from ana@example.com") {
		t.Fatal("status not shown")
	}
	a.send(common.ActionDoneMsg{Err: model.Forbiddenf("vic@example.com is a viewer: only the owner and admins can change anything")})
	if !strings.Contains(a.view(), "only the owner and admins can change anything") {
		t.Fatal("error not shown")
	}
}

// panicTab panics in Update: the root turns it into a status line.
type panicTab struct{ common.Tab }

func (panicTab) Update(tea.Msg) (common.Tab, tea.Cmd) { panic("boom") }
func (panicTab) Init() tea.Cmd                        { return nil }
func (panicTab) View() string                         { return "" }
func (panicTab) SetSize(int, int)                     {}
func (panicTab) Title() string                        { return "Panic" }
func (panicTab) Help() help.KeyMap                    { return common.KeyList{} }
func (panicTab) Capturing() bool                      { return false }

func TestPanicBecomesStatusLine(t *testing.T) {
	w := tuitest.Standard(t)
	m := tui.New(w.Context(""), []common.Tab{panicTab{}})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	next, _ := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")})
	if !strings.Contains(next.View(), "internal error: boom") {
		t.Fatalf("panic not reported:\n%s", next.View())
	}
}

// While the tab in view loads, the status line says the app is working;
// once everything has answered it says nothing.
func TestBusySpinner(t *testing.T) {
	w := tuitest.Standard(t)
	a := &app{t: t, m: tui.NewApp(w.Context(""))}
	a.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	if !strings.Contains(a.view(), "working…") {
		t.Fatalf("no spinner while the dashboard loads:\n%s", a.view())
	}
	a.run(a.m.Init())
	if strings.Contains(a.view(), "working…") {
		t.Fatalf("spinner still shown after loading:\n%s", a.view())
	}
}

func TestTheShortHelpKeepsHelpAndQuitAt80ColumnsAndLeavesMovementToTheFullHelp(t *testing.T) {
	a := newApp(t, tuitest.Standard(t), "")
	a.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, tab := range []string{"1", "2", "3", "4", "5", "6", "7", "8"} {
		a.key(tab)
		lines := strings.Split(a.view(), "\n")
		bar := lines[len(lines)-1]
		if !strings.HasPrefix(bar, "? help • q quit") {
			t.Errorf("tab %s: the help bar does not start with ? and q: %q", tab, bar)
		}
		if strings.Contains(bar, "pgdn") || strings.Contains(bar, "↓/j") {
			t.Errorf("tab %s: movement keys crowd the short help: %q", tab, bar)
		}
	}
	a.key("7") // a tab with paging: settings has none
	a.key("?")
	full := a.view()
	for _, k := range []string{"1–8", "go to tab", "shift+tab", "mouse", "pgdn", "ctrl+c"} {
		if !strings.Contains(full, k) {
			t.Errorf("the full help lacks %q", k)
		}
	}
}

func TestKeysDoNotReachTheTabWhileTheFullHelpIsShown(t *testing.T) {
	a := newApp(t, tuitest.Standard(t), "")
	a.key("?")
	a.key("3")
	a.key("n")
	if a.active() != "1 Dashboard" {
		t.Fatalf("a key under the help switched to %s", a.active())
	}
	if quit := a.key("q"); quit {
		t.Fatal("q under the help quit instead of closing it")
	}
	if strings.Contains(a.view(), "(esc, ? or q closes)") {
		t.Fatal("q did not close the help")
	}
}

func TestAReadOnlyUsersActionKeySaysWhyItDoesNothing(t *testing.T) {
	w := tuitest.Standard(t)
	a := newApp(t, w, "vic@example.com")
	seq, err := w.Svc.LastSeq()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"2", "a", "u", "5", "n", "e", "d", "3", "t"} {
		a.key(k)
	}
	if !strings.Contains(a.view(), "read-only: vic@example.com is a viewer: only the owner and admins") {
		t.Fatalf("no reason shown for a refused action key:\n%s", a.view())
	}
	if after, _ := w.Svc.LastSeq(); after != seq {
		t.Fatal("a viewer's action keys changed the data")
	}
}

// The tab bar says who acts and that they cannot change anything, as
// much of it as the width leaves; an admin's tab bar says nothing.
func TestTheHeaderMarksAReadOnlyUserAndNamesThem(t *testing.T) {
	w := tuitest.Standard(t)
	header := func(actor string, width int) string {
		a := newApp(t, w, actor)
		a.send(tea.WindowSizeMsg{Width: width, Height: 24})
		line, _, _ := strings.Cut(a.view(), "\n")
		return line
	}
	for _, c := range []struct {
		width int
		want  string
	}{
		{200, "read-only · vic@example.com (viewer)"},
		{120, "read-only · vic@example.com"},
		{80, "viewer"},
	} {
		if got := header("vic@example.com", c.width); !strings.HasSuffix(got, c.want) {
			t.Errorf("at %d columns the header is %q, want it to end %q", c.width, got, c.want)
		}
	}
	if got := header("", 200); strings.Contains(got, "read-only") || strings.Contains(got, "owner") {
		t.Errorf("the owner's header carries a read-only mark: %q", got)
	}
}

// After a change only the tab on screen reloads; a hidden tab keeps its
// rows until it is shown, then reloads.
func TestAChangeReloadsTheVisibleTabAndHiddenTabsWhenShown(t *testing.T) {
	w := tuitest.Standard(t)
	a := newApp(t, w, "")
	a.key("2")
	if !strings.Contains(a.view(), "active") {
		t.Fatalf("the licenses tab shows no assigned seat:\n%s", a.view())
	}
	a.key("3")
	seq := unassignOne(t, w)
	a.send(tui.Changed(seq, 0))
	// Switch without running what the switch asks for: the hidden tab
	// did not reload in the background...
	var cmd tea.Cmd
	a.m, cmd = a.m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2")})
	if !strings.Contains(a.view(), "active") {
		t.Fatal("a hidden tab reloaded on a change it was not showing")
	}
	// ...and reloads now that it is shown.
	a.run(cmd)
	if strings.Contains(a.view(), " active ") {
		t.Fatalf("the shown tab did not reload:\n%s", a.view())
	}
}

// counted wraps a tab and counts the messages the root hands it.
type counted struct {
	common.Tab
	n *int
}

func (c counted) Update(msg tea.Msg) (common.Tab, tea.Cmd) {
	*c.n++
	t, cmd := c.Tab.Update(msg)
	return counted{t, c.n}, cmd
}

func (c counted) Owns(id uint64) bool {
	o, ok := c.Tab.(common.Owner)
	return ok && o.Owns(id)
}

// Results go to the tab that asked: filtering one tab and reloading it
// after a change hands nothing to the other opened tabs.
func TestResultsReachOnlyTheTabThatAskedForThem(t *testing.T) {
	w := tuitest.Standard(t)
	ctx := w.Context("")
	counts := make([]int, 3)
	tabs := []common.Tab{
		counted{licenses.New(ctx), &counts[0]},
		counted{users.New(ctx), &counts[1]},
		counted{products.New(ctx), &counts[2]},
	}
	a := &app{t: t, m: tui.New(ctx, tabs)}
	a.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	a.run(a.m.Init())
	a.key("2")
	a.key("3")
	a.key("1")
	if !strings.Contains(a.view(), " active ") {
		t.Fatalf("the licenses tab shows no assigned seat:\n%s", a.view())
	}
	counts[1], counts[2] = 0, 0
	a.key("/")
	for _, r := range "active" {
		a.key(string(r))
	}
	a.key("enter")
	seq := unassignOne(t, w)
	before := counts[0]
	a.send(tui.Changed(seq, 0))
	if counts[0] == before {
		t.Fatal("the tab on screen was not told of the change")
	}
	if counts[1] != 0 || counts[2] != 0 {
		t.Fatalf("hidden tabs were handed %d and %d messages meant for the licenses tab", counts[1], counts[2])
	}
}

// unassignOne frees an assigned seat behind the UI's back and returns the
// newest event's sequence number.
func unassignOne(t *testing.T, w *tuitest.World) uint64 {
	t.Helper()
	ls, _, err := w.Svc.Licenses(model.LicenseFilter{Status: model.Active})
	if err != nil || len(ls) == 0 {
		t.Fatal("no active license", err)
	}
	if _, _, err := w.Svc.Unassign("", ls[0].Code()); err != nil {
		t.Fatal(err)
	}
	seq, _ := w.Svc.LastSeq()
	return seq
}
