// Package assets is tab 4: computers and devices, the person each belongs
// to, and the per-device licenses they hold — create, edit, assign,
// unassign and history.
package assets

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/table"
)

// loadedMsg carries one load, tagged with the tab and the reload it answers.
type loadedMsg struct {
	tab, gen uint64
	rows     []row
	err      error
}

// Tab is the assets tab; it is used by pointer.
type Tab struct {
	ctx   *common.Context
	id    uint64
	gen   uint64
	table table.Model

	loaded bool
	err    error
	rows   []row // in the source's row order

	holders flows.Holders

	width, height int
}

// New builds the tab; it loads when first shown.
func New(ctx *common.Context) common.Tab {
	t := &Tab{ctx: ctx, id: common.NewID(), table: table.New(ctx, columns)}
	t.holders = flows.Holders{Tab: t.id, Kind: model.PerDevice, Noun: "asset"}
	t.SetSize(ctx.Width, ctx.Height)
	return t
}

func (t *Tab) Title() string { return "Assets" }

func (t *Tab) Init() tea.Cmd { return t.load() }

func (t *Tab) Capturing() bool { return t.table.Filtering() }

func (t *Tab) Busy() bool { return !t.loaded || t.table.Busy() }

func (t *Tab) load() tea.Cmd {
	t.gen++
	svc, tab, gen := t.ctx.Svc, t.id, t.gen
	return func() tea.Msg {
		rows, err := load(svc)
		return loadedMsg{tab: tab, gen: gen, rows: rows, err: err}
	}
}

func (t *Tab) Update(msg tea.Msg) (common.Tab, tea.Cmd) {
	if cmd, ok := t.holders.Handle(msg, &t.table, t.load); ok {
		return t, cmd
	}
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.tab != t.id || msg.gen != t.gen {
			return t, nil
		}
		t.err = msg.err
		if msg.err != nil {
			return t, nil
		}
		t.loaded, t.rows = true, msg.rows
		return t, t.table.SetSource(rowsOf(msg.rows))
	case tea.KeyMsg:
		if !t.table.Filtering() {
			if cmd, ok := t.action(msg); ok {
				return t, cmd
			}
		}
	}
	var cmd tea.Cmd
	t.table, cmd = t.table.Update(msg)
	return t, cmd
}

func (t *Tab) selected() (row, bool) { return table.SelectedOf(t.table, t.rows) }

// marked lists the marked assets' names.
func (t *Tab) marked() []string {
	var out []string
	for _, a := range table.MarkedOf(t.table, t.rows) {
		out = append(out, a.Name)
	}
	return out
}

func (t *Tab) action(msg tea.KeyMsg) (tea.Cmd, bool) {
	if flows.HandleMarks(msg, &t.table) {
		return nil, true
	}
	k := t.keys()
	a, _ := t.selected()
	ctx := t.ctx
	emails := func() ([]string, error) { return flows.Emails(ctx.Svc) }
	switch {
	case key.Matches(msg, k.history):
		return common.History(model.Ref{Kind: model.RefAsset, ID: a.ID}, a.Name), true
	case key.Matches(msg, k.create):
		return flows.Prepare(t.id, emails, func(us []string) tea.Cmd { return common.Open(newForm(ctx, us)) }), true
	case key.Matches(msg, k.edit):
		return flows.Prepare(t.id, emails, func(us []string) tea.Cmd { return common.Open(editForm(ctx, a.Asset, a.owner, us)) }), true
	case key.Matches(msg, k.retire):
		return retire(ctx, t.id, a.Name), true
	case key.Matches(msg, k.assign):
		return t.holders.Assign(ctx, t.marked(), a.Name), true
	case key.Matches(msg, k.unassign):
		return t.holders.Unassign(ctx, t.marked(), a.Name), true
	}
	return nil, false
}

type actionKeys struct {
	history, create, edit, retire, assign, unassign key.Binding
}

func (t *Tab) keys() actionKeys {
	k := t.ctx.Keys
	a, selected := t.selected()
	manage := t.ctx.CanManage() && t.loaded
	row := manage && selected
	marked := manage && len(t.table.Marked()) > 0
	assign, unassign := t.holders.Keys(k, marked)
	create := k.New
	create.SetHelp("n", "new asset")
	// An asset is never deleted: d retires it, keeping its history.
	retire := k.Delete
	retire.SetHelp("d", "retire")
	inService := row && a.InService()
	return actionKeys{
		history:  common.Enable(k.History, selected),
		create:   common.Enable(create, manage),
		edit:     common.Enable(k.Edit, row),
		retire:   common.Enable(retire, inService && !marked),
		assign:   common.Enable(assign, marked || inService),
		unassign: common.Enable(unassign, marked || (row && len(a.held) > 0)),
	}
}

func (t *Tab) Help() help.KeyMap {
	k := t.keys()
	return append(append(common.Enabled(k.history, k.create, k.edit, k.assign, k.unassign, k.retire), flows.Marks(t.table).Bindings()...), t.table.Keys()...)
}

func (t *Tab) SetSize(w, h int) {
	t.width, t.height = w, h
	t.table.SetSize(w, h-flows.PaneHeight(h))
}

func (t *Tab) View() string {
	p := common.Pending{What: "assets", Empty: "No assets yet."}
	if t.ctx.CanManage() {
		p.Empty = "No assets yet — press n to add a computer or device; per-device licenses are assigned to assets."
	}
	if v, ok := p.View(t.ctx, t.width, t.height, t.loaded, t.err, len(t.rows) == 0); ok {
		return v
	}
	return flows.WithPane(t.table.View(), t.height, t.pane)
}
