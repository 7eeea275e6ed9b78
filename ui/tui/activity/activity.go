// Package activity is tab 7: the whole event log, newest first, in a
// filterable table. The log may hold millions of events, so it loads in
// pages: the newest first, older ones as the cursor reaches the end of
// what is loaded, newer ones when the data changes.
package activity

import (
	"fmt"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/table"
)

const (
	// pageSize events load at a time: the newest page is on screen at
	// once, and a million-event log never has to be read whole.
	pageSize = 5000
	// prefetch: the next page loads when the cursor comes this close to
	// the oldest loaded event, so scrolling rarely waits.
	prefetch = 1000
)

// Model is the activity tab; it is used by pointer.
type Model struct {
	ctx *common.Context
	id  uint64
	// gen changes when the loaded rows are replaced: older pages asked
	// for before belong to the old rows and are dropped.
	gen uint64

	src    source
	intern interner
	// total is the number of events in the log (the newest sequence).
	total    uint64
	currency string
	loaded   bool
	// loadingOlder is true while an older page is on its way (one at a time).
	loadingOlder bool
	err          error

	tbl           table.Model
	width, height int
	// page and near are pageSize and prefetch (tests make them small).
	page, near int
}

// New builds the activity tab for a session.
func New(ctx *common.Context) common.Tab {
	m := &Model{ctx: ctx, id: common.NewID(), intern: interner{}, page: pageSize, near: prefetch}
	m.tbl = table.New(ctx, columns())
	m.SetSize(ctx.Width, ctx.Height)
	return m
}

func (m *Model) Title() string { return "Activity" }

// Owns: the tab's pages, and its table's filter and sort results.
func (m *Model) Owns(id uint64) bool { return id == m.id || id == m.tbl.ID() }

// Capturing is true while a filter is being typed.
func (m *Model) Capturing() bool { return m.tbl.Filtering() }

func (m *Model) Busy() bool { return !m.loaded || m.loadingOlder || m.tbl.Busy() }

// Init loads the newest page.
func (m *Model) Init() tea.Cmd { return loadNewest(m.ctx.Svc, m.id, m.gen, 0, m.page) }

func (m *Model) Update(msg tea.Msg) (common.Tab, tea.Cmd) {
	switch msg := msg.(type) {
	case common.DataChangedMsg:
		return m, loadNewest(m.ctx.Svc, m.id, m.gen, m.newest(), m.page)

	case pageMsg:
		if msg.id != m.id || msg.gen != m.gen {
			return m, nil
		}
		return m, m.take(msg)

	case tea.KeyMsg:
		if !m.tbl.Filtering() {
			switch {
			case key.Matches(msg, m.ctx.Keys.History):
				return m, m.openHistory()
			case key.Matches(msg, m.ctx.Keys.Mark):
				return m, nil // nothing acts on marked events
			}
		}
		before, _ := m.tbl.Selected()
		var cmd tea.Cmd
		m.tbl, cmd = m.tbl.Update(msg)
		keys := m.ctx.Keys
		down := movesDown(msg, keys.Down, keys.PageDown, keys.Bottom)
		return m, tea.Batch(cmd, m.maybeLoadOlder(down, before))

	case tea.MouseMsg:
		before, _ := m.tbl.Selected()
		var cmd tea.Cmd
		m.tbl, cmd = m.tbl.Update(msg)
		return m, tea.Batch(cmd, m.maybeLoadOlder(msg.Button == tea.MouseButtonWheelDown, before))
	}
	var cmd tea.Cmd
	m.tbl, cmd = m.tbl.Update(msg)
	return m, cmd
}

// take merges a loaded page into the rows.
func (m *Model) take(msg pageMsg) tea.Cmd {
	if msg.older {
		m.loadingOlder = false
	}
	if msg.err != nil {
		m.err = msg.err
		return common.Fail(fmt.Errorf("activity: %w", msg.err))
	}
	m.err = nil
	if msg.currency != "" {
		m.currency = msg.currency
	}
	m.total = max(m.total, msg.total)
	if msg.older {
		n := len(m.src.rows)
		if n == 0 || msg.before != m.src.rows[n-1].seq {
			return nil // the rows changed under this page
		}
		rows := make([]row, n, n+len(msg.events))
		copy(rows, m.src.rows)
		for _, e := range msg.events {
			rows = append(rows, newRow(e, m.currency, m.intern))
		}
		return m.setRows(rows)
	}
	if msg.reset {
		// Too much happened since the last load to join it up: start
		// again from the newest page.
		m.gen++
		m.intern = interner{}
		m.loadingOlder = false
		m.src = source{}
	}
	// Loads after changes may overlap: keep only what is newer than the
	// newest row.
	newest := m.newest()
	rows := make([]row, 0, len(msg.events)+len(m.src.rows))
	for _, e := range msg.events {
		if e.Seq > newest {
			rows = append(rows, newRow(e, m.currency, m.intern))
		}
	}
	m.loaded = true
	if len(rows) == 0 && len(m.src.rows) > 0 {
		return nil
	}
	return m.setRows(append(rows, m.src.rows...))
}

func (m *Model) setRows(rows []row) tea.Cmd {
	m.src = source{rows: rows}
	return m.tbl.SetSource(m.src)
}

// newest is the newest loaded event's sequence number.
func (m *Model) newest() uint64 {
	if len(m.src.rows) == 0 {
		return 0
	}
	return m.src.rows[0].seq
}

// complete reports whether the oldest event ever is loaded.
func (m *Model) complete() bool {
	return m.loaded && (len(m.src.rows) == 0 || m.src.rows[len(m.src.rows)-1].seq <= 1)
}

// maybeLoadOlder asks for the next older page when the cursor nears the
// end of the loaded rows, or a move down could not go further (the end of
// a filtered or sorted list).
func (m *Model) maybeLoadOlder(down bool, before int) tea.Cmd {
	if m.loadingOlder || m.complete() || m.tbl.Busy() {
		return nil
	}
	after, ok := m.tbl.Selected()
	stuck := down && (!ok || after == before)
	near := ok && m.tbl.Query() == "" && after >= len(m.src.rows)-m.near
	if !stuck && !near {
		return nil
	}
	m.loadingOlder = true
	return loadOlder(m.ctx.Svc, m.id, m.gen, m.src.rows[len(m.src.rows)-1].seq, m.page)
}

func (m *Model) openHistory() tea.Cmd {
	r, ok := m.selected()
	if !ok || r.ref.Kind == 0 {
		return nil
	}
	return common.History(r.ref, r.title)
}

func (m *Model) selected() (row, bool) {
	return table.SelectedOf(m.tbl, m.src.rows)
}

// SetSize gives the table all but the footer line.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = max(width, 1), max(height, 2)
	m.tbl.SetSize(m.width, m.height-1)
}

// Help lists history (when the row's event has a subject) and the table's
// keys but marking, which no action here uses.
func (m *Model) Help() help.KeyMap {
	r, ok := m.selected()
	keys := common.KeyList{common.Enable(m.ctx.Keys.History, ok && r.ref.Kind != 0 && !m.tbl.Filtering())}
	for _, b := range m.tbl.Keys() {
		if b.Help().Key != m.ctx.Keys.Mark.Help().Key {
			keys = append(keys, b)
		}
	}
	return common.Enabled(keys...)
}
