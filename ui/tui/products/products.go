// Package products is the Products tab: every product with its counts,
// prices, dates and policy, a details pane with every field of the
// selected one (license keys masked until an admin reveals them), and the
// forms to create, edit and delete products and to add or remove licenses
// (the latter shared with the licenses tab).
package products

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/table"
	"github.com/seats/seats/ui/tui/tabs"
)

// revealedMsg answers a reveal of product's keys.
type revealedMsg struct {
	tab     uint64
	product model.ID
	reveal  model.Reveal
	err     error
}

func (m revealedMsg) To() uint64 { return m.tab }

// Tab is the products tab; it is used by pointer. Data is nil until the
// first load answers.
type Tab struct {
	tabs.Base[*source]
	// revealed is the product whose keys are shown (0: none), reveal what
	// the domain revealed (and recorded). Moving to another row or a
	// reload for any change but the reveal's own event masks them again.
	revealed model.ID
	reveal   model.Reveal
}

// New builds the tab; it loads when first shown.
func New(ctx *common.Context) common.Tab {
	t := &Tab{}
	t.Setup(ctx, columns, load, func(src *source) tea.Cmd {
		cmd := t.Table.SetSource(src)
		t.layout()
		return cmd
	})
	t.OnChange(func(msg common.DataChangedMsg) {
		if t.revealed != 0 && msg.Seq != t.reveal.Seq {
			t.hide()
		}
	})
	t.SetSize(ctx.Width, ctx.Height)
	return t
}

func (t *Tab) Title() string { return "Products" }

// load reads the products with their counts (the dashboard's summary:
// per-product counters, no license scan).
func load(svc *model.Service, _ *common.Snapshots) (*source, error) {
	sum, err := svc.Status()
	if err != nil {
		return nil, err
	}
	return newSource(sum), nil
}

func (t *Tab) Update(msg tea.Msg) (common.Tab, tea.Cmd) {
	if msg, ok := msg.(revealedMsg); ok {
		if msg.err != nil {
			return t, common.Fail(msg.err)
		}
		if p, ok := t.selected(); ok && p.ID == msg.product {
			t.revealed, t.reveal = msg.product, msg.reveal
		}
		return t, nil
	}
	cmd := t.Route(msg, t.action)
	if p, ok := t.selected(); !ok || p.ID != t.revealed {
		t.hide()
	}
	return t, cmd
}

// hide masks the keys again and forgets them.
func (t *Tab) hide() { t.revealed, t.reveal = 0, model.Reveal{} }

// revealKeys asks the domain for p's keys, which records the reveal.
func (t *Tab) revealKeys(p model.ProductStatus) tea.Cmd {
	svc, actor, tab, id, name := t.Ctx.Svc, t.Ctx.ActorEmail(), t.ID(), p.ID, p.Name
	return func() tea.Msg {
		r, err := svc.RevealKeys(actor, name)
		return revealedMsg{tab: tab, product: id, reveal: r, err: err}
	}
}

// action runs the tab's own keys; ok is false for keys the table takes.
func (t *Tab) action(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := t.keys()
	p, _ := t.selected()
	switch {
	case key.Matches(msg, k.history):
		return common.History(model.Ref{Kind: model.RefProduct, ID: p.ID}, p.Name), true
	case key.Matches(msg, k.new):
		return common.Open(newForm(t.Ctx, t.Data.currency)), true
	case key.Matches(msg, k.edit):
		keys := ""
		if t.revealed == p.ID {
			keys = t.reveal.Keys
		}
		return common.Open(editForm(t.Ctx, p.Product, keys, t.Data.currency)), true
	case key.Matches(msg, k.delete):
		return deleteProduct(t.Ctx, t.ID(), p), true
	case key.Matches(msg, k.reveal):
		if t.revealed == p.ID {
			t.hide()
			return nil, true
		}
		return t.revealKeys(p), true
	case key.Matches(msg, k.add):
		return common.Open(flows.AddForm(t.Ctx, p.Name)), true
	case key.Matches(msg, k.remove):
		return common.Open(flows.RemoveForm(t.Ctx, p.Name)), true
	}
	return nil, false
}

type actionKeys struct {
	history, new, edit, delete, reveal, add, remove key.Binding
}

func (t *Tab) keys() actionKeys {
	k := t.Ctx.Keys
	p, selected := t.selected()
	manage := t.Ctx.CanManage() && t.Data != nil
	reveal := k.Reveal
	if t.revealed != 0 {
		reveal.SetHelp("r", "hide keys")
	}
	newKey := k.New
	newKey.SetHelp("n", "new product")
	return actionKeys{
		history: common.Enable(k.History, selected),
		new:     common.Enable(newKey, manage),
		edit:    common.Enable(k.Edit, manage && selected),
		delete:  common.Enable(k.Delete, manage && selected),
		// Keys are for the owner and admins only (the domain decides and
		// refuses on its own).
		reveal: common.Enable(reveal, selected && p.Keys != "" && model.CanSeeKeys(t.Ctx.Actor)),
		add:    common.Enable(k.AddLicenses, manage && selected),
		remove: common.Enable(k.RemoveLicenses, manage && selected && p.Contracted > p.PendingRemoval),
	}
}

// revealState says how the details pane shows p's keys.
func (t *Tab) revealState(p model.ProductStatus) keyState {
	switch {
	case t.revealed == p.ID:
		return keysShown
	case t.keys().reveal.Enabled():
		return keysRevealable
	}
	return keysMasked
}

func (t *Tab) selected() (model.ProductStatus, bool) {
	if t.Data == nil {
		return model.ProductStatus{}, false
	}
	return table.SelectedOf(t.Table, t.Data.ps)
}

func (t *Tab) Help() help.KeyMap {
	k := t.keys()
	return append(common.Enabled(k.history, k.new, k.edit, k.delete, k.add, k.remove, k.reveal), t.Table.Keys()...)
}

func (t *Tab) SetSize(w, h int) {
	t.Width, t.Height = w, h
	t.layout()
}

// paneMin is the least the details pane gets (when the area allows): the
// table keeps the rest, but takes no more lines than its rows need, and
// the pane gets those too (long notes wrap into them).
func (t *Tab) paneMin() int {
	if t.Height < 12 {
		return 0
	}
	return min(9, t.Height/2)
}

// tableLines is the table's height, header and status line included.
func (t *Tab) tableLines() int {
	h := t.Height
	if d := t.paneMin(); d > 0 {
		h -= d + 1
		if t.Data != nil {
			h = min(h, t.Data.Len()+2)
		}
	}
	return max(h, 1)
}

func (t *Tab) layout() { t.Table.SetSize(t.Width, t.tableLines()) }

func (t *Tab) View() string {
	st := t.Ctx.Styles
	p := common.Pending{What: "products", Empty: "No products yet."}
	if t.Ctx.CanManage() {
		p.Empty = "No products yet — press n to create one."
	}
	if v, ok := t.Pending(p, t.Data != nil && t.Data.Len() == 0); ok {
		return v
	}
	out := t.Table.View()
	pane := t.Height - t.tableLines() - 1 // under the rule
	if t.paneMin() == 0 || pane <= 0 {
		return out
	}
	lines := []string{st.Subtle.Render(strings.Repeat("─", t.Width))}
	if p, ok := t.selected(); ok {
		if t.revealState(p) == keysShown {
			p.Keys = t.reveal.Keys
		}
		lines = append(lines, details(st, p, t.Data.currency, t.revealState(p), t.Width, pane)...)
	}
	for len(lines) < pane+1 {
		lines = append(lines, "")
	}
	return out + "\n" + strings.Join(lines, "\n")
}
