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
	"github.com/seats/seats/ui/tui/tabs"
)

// Tab is the assets tab; it is used by pointer. Data is its rows, in
// the source's row order.
type Tab struct {
	tabs.Base[[]row]
	holders flows.Holders
}

// New builds the tab; it loads when first shown.
func New(ctx *common.Context) common.Tab {
	t := &Tab{}
	t.Setup(ctx, columns, func(svc *model.Service, _ *common.Snapshots) ([]row, error) { return load(svc) },
		func(rows []row) tea.Cmd { return t.Table.SetSource(rowsOf(rows)) })
	t.holders = flows.Holders{Tab: t.ID(), Kind: model.PerDevice, Noun: "asset"}
	t.OnChange(func(common.DataChangedMsg) { t.holders.Changed(&t.Table) })
	t.SetSize(ctx.Width, ctx.Height)
	return t
}

func (t *Tab) Title() string { return "Assets" }

func (t *Tab) Update(msg tea.Msg) (common.Tab, tea.Cmd) { return t, t.Route(msg, t.action) }

func (t *Tab) selected() (row, bool) { return table.SelectedOf(t.Table, t.Data) }

// marked lists the marked assets' names.
func (t *Tab) marked() []string {
	var out []string
	for _, a := range table.MarkedOf(t.Table, t.Data) {
		out = append(out, a.Name)
	}
	return out
}

func (t *Tab) action(msg tea.KeyMsg) (tea.Cmd, bool) {
	if flows.HandleMarks(msg, &t.Table) {
		return nil, true
	}
	k := t.keys()
	a, _ := t.selected()
	ctx := t.Ctx
	emails := func() ([]string, error) { return flows.Emails(ctx.Svc) }
	switch {
	case key.Matches(msg, k.history):
		return common.History(model.Ref{Kind: model.RefAsset, ID: a.ID}, a.Name), true
	case key.Matches(msg, k.create):
		return flows.Prepare(t.ID(), emails, func(us []string) tea.Cmd { return common.Open(newForm(ctx, us)) }), true
	case key.Matches(msg, k.edit):
		return flows.Prepare(t.ID(), emails, func(us []string) tea.Cmd { return common.Open(editForm(ctx, a.Asset, a.owner, us)) }), true
	case key.Matches(msg, k.retire):
		return retire(ctx, t.ID(), a.Name), true
	case key.Matches(msg, k.restore):
		return common.Open(confirmReturn(ctx, a.Name)), true
	case key.Matches(msg, k.assign):
		return t.holders.Assign(ctx, t.marked(), a.Name), true
	case key.Matches(msg, k.unassign):
		return t.holders.Unassign(ctx, t.marked(), a.Name), true
	}
	return nil, false
}

type actionKeys struct {
	history, create, edit, retire, restore, assign, unassign key.Binding
}

func (t *Tab) keys() actionKeys {
	k := t.Ctx.Keys
	a, selected := t.selected()
	manage := t.Ctx.CanManage() && t.Loaded()
	row := manage && selected
	marked := manage && len(t.Table.Marked()) > 0
	assign, unassign := t.holders.Keys(k, marked)
	create := k.New
	create.SetHelp("n", "new asset")
	// An asset is never deleted: d retires it, keeping its history.
	retire := k.Delete
	retire.SetHelp("d", "retire")
	restore := k.Restore
	restore.SetHelp("R", "return to service")
	// What may be done to the row is the domain's word.
	may := model.AssetActionsOf(t.Ctx.Actor, a.Asset)
	return actionKeys{
		history:  common.Enable(k.History, selected),
		create:   common.Enable(create, manage),
		edit:     common.Enable(k.Edit, row && may.Edit),
		retire:   common.Enable(retire, row && may.Retire && !marked),
		restore:  common.Enable(restore, row && may.ReturnToService && !marked),
		assign:   common.Enable(assign, marked || (row && may.Assign)),
		unassign: common.Enable(unassign, marked || (row && len(a.held) > 0)),
	}
}

func (t *Tab) Help() help.KeyMap {
	k := t.keys()
	return append(append(common.Enabled(k.history, k.create, k.edit, k.assign, k.unassign, k.retire, k.restore), flows.Marks(t.Table).Bindings()...), t.Table.Keys()...)
}

func (t *Tab) SetSize(w, h int) { t.Base.SetSize(w, h, h-flows.PaneHeight(h)) }

func (t *Tab) View() string {
	p := common.Pending{What: "assets", Empty: "No assets yet."}
	if t.Ctx.CanManage() {
		p.Empty = "No assets yet — press n to add a computer or device; per-device licenses are assigned to assets."
	}
	if v, ok := t.Pending(p, len(t.Data) == 0); ok {
		return v
	}
	return flows.WithPane(t.Table.View(), t.Height, t.pane)
}
