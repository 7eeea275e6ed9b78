// Package assets is tab 4: computers and devices, the person each belongs
// to, and the per-device licenses they hold — create, edit, assign,
// unassign and history.
package assets

import (
	"sync/atomic"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/table"
	"github.com/seats/seats/ui/tui/users/kit"
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
	// spent is set by a bulk action once it went through, so the marks
	// it used are dropped on the reload that follows.
	spent *atomic.Bool

	width, height int
}

// New builds the tab; it loads when first shown.
func New(ctx *common.Context) common.Tab {
	t := &Tab{ctx: ctx, id: kit.NewTabID(), table: table.New(ctx, columns)}
	t.SetSize(ctx.Width, ctx.Height)
	return t
}

func (t *Tab) Title() string { return "Assets" }

func (t *Tab) Init() tea.Cmd { return t.load() }

func (t *Tab) Capturing() bool { return t.table.Filtering() }

func (t *Tab) load() tea.Cmd {
	t.gen++
	svc, tab, gen := t.ctx.Svc, t.id, t.gen
	return func() tea.Msg {
		rows, err := load(svc)
		return loadedMsg{tab: tab, gen: gen, rows: rows, err: err}
	}
}

func (t *Tab) Update(msg tea.Msg) (common.Tab, tea.Cmd) {
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
	case common.DataChangedMsg:
		if t.spent != nil && t.spent.Load() {
			t.table.ClearMarks()
			t.spent = nil
		}
		return t, t.load()
	case kit.ReadyMsg:
		cmd, _ := msg.For(t.id)
		return t, cmd
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

func (t *Tab) selected() (row, bool) {
	i, ok := t.table.Selected()
	if !t.loaded || !ok || i >= len(t.rows) {
		return row{}, false
	}
	return t.rows[i], true
}

func (t *Tab) marked() []string {
	if !t.loaded {
		return nil
	}
	var out []string
	for _, i := range t.table.Marked() {
		if i < len(t.rows) {
			out = append(out, t.rows[i].Name)
		}
	}
	return out
}

// spend starts a bulk action and returns what it calls when it went through.
func (t *Tab) spend() func() {
	flag := &atomic.Bool{}
	t.spent = flag
	return func() { flag.Store(true) }
}

func (t *Tab) action(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := t.keys()
	a, _ := t.selected()
	ctx := t.ctx
	switch {
	case key.Matches(msg, k.history):
		return common.History(model.Ref{Kind: model.RefAsset, ID: a.ID}, a.Name), true
	case key.Matches(msg, k.create):
		return common.Open(newForm(ctx)), true
	case key.Matches(msg, k.edit):
		return common.Open(editForm(ctx, a.Asset, a.owner)), true
	case key.Matches(msg, k.assign):
		if m := t.marked(); len(m) > 0 {
			return kit.Assign(ctx, t.id, model.PerDevice, "asset", m, t.spend()), true
		}
		return kit.Assign(ctx, t.id, model.PerDevice, "asset", []string{a.Name}, nil), true
	case key.Matches(msg, k.unassign):
		if m := t.marked(); len(m) > 0 {
			return kit.UnassignProduct(ctx, t.id, model.PerDevice, "asset", m, t.spend()), true
		}
		return kit.Unassign(ctx, t.id, a.Name), true
	}
	return nil, false
}

type actionKeys struct {
	history, create, edit, assign, unassign key.Binding
}

func (t *Tab) keys() actionKeys {
	k := t.ctx.Keys
	a, selected := t.selected()
	manage := t.ctx.CanManage() && t.loaded
	row := manage && selected
	marked := manage && len(t.table.Marked()) > 0
	assign, unassign := k.Assign, k.Unassign
	if marked {
		assign.SetHelp("a", "assign to marked")
		unassign.SetHelp("u", "unassign from marked")
	}
	create := k.New
	create.SetHelp("n", "new asset")
	return actionKeys{
		history:  common.Enable(k.History, selected),
		create:   common.Enable(create, manage),
		edit:     common.Enable(k.Edit, row),
		assign:   common.Enable(assign, marked || row),
		unassign: common.Enable(unassign, marked || (row && len(a.held) > 0)),
	}
}

func (t *Tab) Help() help.KeyMap {
	k := t.keys()
	var kl common.KeyList
	for _, b := range []key.Binding{k.history, k.create, k.edit, k.assign, k.unassign} {
		if b.Enabled() {
			kl = append(kl, b)
		}
	}
	return append(kl, t.table.Keys()...)
}

func (t *Tab) SetSize(w, h int) {
	t.width, t.height = w, h
	t.table.SetSize(w, h-kit.PaneHeight(h))
}

func (t *Tab) View() string {
	st := t.ctx.Styles
	switch {
	case !t.loaded && t.err != nil:
		return kit.Fill(t.ctx, t.width, t.height, st.StatusErr.Render("Could not load the assets: "+t.err.Error()))
	case !t.loaded:
		return kit.Fill(t.ctx, t.width, t.height, st.Subtle.Render("Loading assets…"))
	case len(t.rows) == 0:
		msg := "No assets yet — press n to add a computer or device; per-device licenses are assigned to assets."
		if !t.ctx.CanManage() {
			msg = "No assets yet."
		}
		return kit.Fill(t.ctx, t.width, t.height, st.Subtle.Render(msg))
	}
	ph := kit.PaneHeight(t.height)
	if ph == 0 {
		return kit.Lines(t.table.View(), t.height)
	}
	return kit.Lines(t.table.View(), t.height-ph) + "\n" + t.pane(ph)
}
