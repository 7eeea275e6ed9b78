// Package tabs is the scaffolding every table tab embeds (in the manner of
// gh-dash's section.BaseModel): its ID, the load of its rows with a
// generation so a slow answer to an older reload never wins, loading and
// error state, the table, its size, and the messages every tab treats
// alike (a change reloads, a prepared modal opens). A tab keeps only what
// is its own: its rows' meaning, its keys and its view.
package tabs

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/table"
)

// Fetch reads a tab's data; it runs in a command, off the UI's goroutine,
// so it gets only what never changes in a session.
type Fetch[T any] func(svc *model.Service, shared *common.Snapshots) (T, error)

// Base is embedded by pointer-used tabs. Data is the newest load's result
// (valid once Loaded), Table the rows on screen.
type Base[T any] struct {
	Ctx           *common.Context
	Table         table.Model
	Data          T
	Width, Height int

	loader Loader[T]
	// show puts a fresh load on screen (in Update).
	show func(T) tea.Cmd
	// changed runs on a change before the reload (may be nil).
	changed func(common.DataChangedMsg)
}

// Setup sets the base up: cols are the table's, fetch reads the rows and
// show puts them on screen once loaded.
func (b *Base[T]) Setup(ctx *common.Context, cols []table.Column, fetch Fetch[T], show func(T) tea.Cmd) {
	b.Ctx, b.Table, b.show = ctx, table.New(ctx, cols), show
	b.loader = NewLoader(fetch)
}

// OnChange sets what the tab does on a change before it reloads.
func (b *Base[T]) OnChange(f func(common.DataChangedMsg)) { b.changed = f }

// ID names the tab: messages addressed to it carry it.
func (b *Base[T]) ID() uint64 { return b.loader.to }

// Owns says whether a message addressed to id is this tab's: its own
// loads and prepared modals, and its table's filter and sort results.
func (b *Base[T]) Owns(id uint64) bool { return id == b.loader.to || id == b.Table.ID() }

// Capturing is true while a filter is being typed.
func (b *Base[T]) Capturing() bool { return b.Table.Filtering() }

// Busy lasts until the first load answered, and while the table works.
func (b *Base[T]) Busy() bool { return b.loader.Pending() || b.Table.Busy() }

// Loaded says the rows came at least once.
func (b *Base[T]) Loaded() bool { return b.loader.loaded }

// Err is the last load's error.
func (b *Base[T]) Err() error { return b.loader.err }

// Init loads the rows the first time the tab is shown.
func (b *Base[T]) Init() tea.Cmd { return b.Load() }

// Load starts a (re)load of the rows.
func (b *Base[T]) Load() tea.Cmd { return b.loader.Load(b.Ctx) }

// SetSize gives the tab its area; the table gets tableHeight lines of it.
func (b *Base[T]) SetSize(w, h, tableHeight int) {
	b.Width, b.Height = w, h
	b.Table.SetSize(w, tableHeight)
}

// Handle takes the messages every tab treats alike; ok is false for any
// other message, which the tab then handles itself.
func (b *Base[T]) Handle(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case loadedMsg[T]:
		data, cmd, fresh := b.loader.Take(msg)
		if fresh {
			b.Data = data
			return b.show(data), true
		}
		return cmd, true
	case common.DataChangedMsg:
		if b.changed != nil {
			b.changed(msg)
		}
		return b.Load(), true
	case flows.ReadyMsg:
		cmd, _ := msg.For(b.loader.to)
		return cmd, true
	}
	return nil, false
}

// Route handles msg as every table tab does: the common messages, then
// the tab's own keys (action; not while a filter is being typed), then
// the table's keys and results.
func (b *Base[T]) Route(msg tea.Msg, action func(tea.KeyMsg) (tea.Cmd, bool)) tea.Cmd {
	if cmd, ok := b.Handle(msg); ok {
		return cmd
	}
	if k, ok := msg.(tea.KeyMsg); ok && !b.Table.Filtering() {
		if cmd, ok := action(k); ok {
			return cmd
		}
	}
	var cmd tea.Cmd
	b.Table, cmd = b.Table.Update(msg)
	return cmd
}

// Pending draws the loading line, the first load's error or the empty
// text; ok is false once there are rows to draw.
func (b *Base[T]) Pending(p common.Pending, none bool) (string, bool) {
	v, ok := p.View(b.Ctx, b.Width, b.Height, b.Loaded(), b.Err(), b.Loaded() && none)
	if ok && !b.Loaded() && (b.Table.Filtering() || b.Table.Query() != "") {
		// A filter typed before the rows came stays in sight.
		v = common.ReplaceLastLine(v, b.Table.StatusLine())
	}
	return v, ok
}
