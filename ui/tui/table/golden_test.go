package table

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/ui/tui/tuitest"
)

// harness is a tiny root around one table.
type harness struct{ t Model }

func (h *harness) Init() tea.Cmd { return nil }

func (h *harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.t.SetSize(msg.Width, msg.Height)
		return h, nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyCtrlC {
			return h, tea.Quit
		}
	}
	var cmd tea.Cmd
	h.t, cmd = h.t.Update(msg)
	return h, cmd
}

func (h *harness) View() string { return h.t.View() }

func goldenRows() Rows {
	return Rows{
		IDs: []uint64{1, 2, 3, 4, 5, 6, 7, 8},
		Cells: [][]string{
			{"LIC-000010", "Figma", "active", "ana@example.com", "2026-01-05", "$12.00"},
			{"LIC-000009", "Slack", "available", "", "2026-01-05", "$8.75"},
			{"LIC-000042", "Adobe Creative Cloud All Apps", "active", "émile.zoë@example.com", "2026-02-11", "$1,200.00"},
			{"LIC-000100", "Zoom", "deactivated", "ben@example.com", "2025-12-30", "$15.99"},
			{"LIC-000007", "東京 Office Suite", "active", "dora@example.com", "2026-03-01", "$9.00"},
			{"LIC-000011", "GitHub", "pending removal", "ext@partner.com", "2026-03-15", "$21.00"},
			{"LIC-000012", "Notion", "available", "", "2026-03-16", "$10.00"},
			{"LIC-000013", "Jira", "active", "vic@example.com", "2026-03-16", "$7.50"},
		},
	}
}

var goldenColumns = []Column{
	{Title: "ID", Width: 10},
	{Title: "Product", Width: 20, Min: 8, Priority: 3, Flex: true},
	{Title: "Status", Width: 15, Min: 9, Priority: 4},
	{Title: "Assignee", Width: 22, Min: 12, Priority: 2, Flex: true},
	{Title: "Created", Width: 10, Priority: 5},
	{Title: "Price", Width: 9, Right: true, Priority: 1},
}

// TestGolden drives a small table at 80×12 by keys: sort by ID (natural
// order), move, mark two rows, filter (the cursor row is filtered out,
// so the cursor goes to the first row) and keep the filter.
func TestGolden(t *testing.T) {
	h := &harness{t: New(newCtx(), goldenColumns)}
	h.t.SetSource(goldenRows())
	tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(80, 12))
	for _, k := range []string{"s", "g", "j", " ", " ", "/", "a", "c"} {
		tm.Send(tuitest.Key(k))
	}
	tm.Send(tuitest.Key("enter"))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("/ac  6 of 8  row 1  2 marked")) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*harness)
	v := final.View()
	checkFrame(t, "golden", v, 80, 12)
	golden.RequireEqual(t, []byte(v))
}
