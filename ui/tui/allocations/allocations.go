// Package allocations is tab 6: allocations (reserved shares of a product
// for a group) and their automatic rules, with how much of each is used
// and which conflict — and, one v away, license usage by user, department
// and product.
package allocations

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/table"
	"github.com/seats/seats/ui/tui/tabs"
)

// loaded is one view's data.
type loaded struct {
	allocs   []model.AllocationStatus
	usage    []model.UsageRow
	currency string
}

// Tab is the allocations tab; it is used by pointer.
type Tab struct {
	ctx  *common.Context
	id   uint64
	view view

	// Each view keeps its own table (cursor, filter and sort) and loads
	// only when shown: usage by user reads every user's holdings.
	tables  [numViews]table.Model
	loaders [numViews]tabs.Loader[loaded]

	allocs []model.AllocationStatus // in the allocation table's row order
	// counts are each view's rows, for saying a view is empty.
	counts [numViews]int

	width, height int
}

// New builds the tab; it loads when first shown.
func New(ctx *common.Context) common.Tab {
	t := &Tab{ctx: ctx, id: common.NewID()}
	t.tables[viewAllocations] = table.New(ctx, allocationColumns)
	for v := viewByUser; v < numViews; v++ {
		t.tables[v] = table.New(ctx, usageColumns(v))
	}
	for v := range t.loaders {
		t.loaders[v] = tabs.For(t.id, fetch(view(v)))
	}
	t.SetSize(ctx.Width, ctx.Height)
	return t
}

func (t *Tab) Title() string { return "Allocations" }

func (t *Tab) Init() tea.Cmd { return t.load(t.view) }

func (t *Tab) Capturing() bool { return t.tables[t.view].Filtering() }

func (t *Tab) Busy() bool { return t.loaders[t.view].Pending() || t.tables[t.view].Busy() }

// Owns: the tab's loads and prepared modals, and its tables' results.
func (t *Tab) Owns(id uint64) bool {
	for _, tb := range t.tables {
		if tb.ID() == id {
			return true
		}
	}
	return id == t.id
}

func (t *Tab) load(v view) tea.Cmd { return t.loaders[v].Load(t.ctx) }

// fetch reads view v's data.
func fetch(v view) tabs.Fetch[loaded] {
	return func(svc *model.Service, _ *common.Snapshots) (loaded, error) {
		if v == viewAllocations {
			allocs, err := svc.Allocations()
			return loaded{allocs: allocs}, err
		}
		org, err := svc.Org()
		if err != nil {
			return loaded{}, err
		}
		usage, err := svc.Usage(usageBy[v])
		return loaded{usage: usage, currency: org.Currency}, err
	}
}

// take shows view v's newest data when msg is its load.
func (t *Tab) take(msg tea.Msg) (tea.Cmd, bool) {
	for v := range t.loaders {
		d, cmd, fresh := t.loaders[v].Take(msg)
		switch {
		case fresh && view(v) == viewAllocations:
			t.allocs, t.counts[v] = d.allocs, len(d.allocs)
			return t.tables[v].SetSource(allocationRows(d.allocs)), true
		case fresh:
			t.counts[v] = len(d.usage)
			return t.tables[v].SetSource(usageRows(view(v), d.usage, d.currency)), true
		case cmd != nil:
			return cmd, true
		}
	}
	return nil, false
}

func (t *Tab) Update(msg tea.Msg) (common.Tab, tea.Cmd) {
	if cmd, ok := t.take(msg); ok {
		return t, cmd
	}
	switch msg := msg.(type) {
	case common.DataChangedMsg:
		for v := range t.loaders {
			t.loaders[v].Stale = true
		}
		return t, t.load(t.view)
	case flows.ReadyMsg:
		cmd, _ := msg.For(t.id)
		return t, cmd
	case tea.KeyMsg:
		if !t.Capturing() {
			if cmd, ok := t.action(msg); ok {
				return t, cmd
			}
		}
	}
	var cmd tea.Cmd
	switch msg.(type) {
	case tea.KeyMsg, tea.MouseMsg:
		t.tables[t.view], cmd = t.tables[t.view].Update(msg)
		return t, cmd
	}
	// Results of a table's own work (filter, sort) go to whichever asked.
	cmds := make([]tea.Cmd, numViews)
	for v := range t.tables {
		t.tables[v], cmds[v] = t.tables[v].Update(msg)
	}
	return t, tea.Batch(cmds...)
}

func (t *Tab) selected() (model.AllocationStatus, bool) {
	if t.view != viewAllocations {
		return model.AllocationStatus{}, false
	}
	return table.SelectedOf(t.tables[viewAllocations], t.allocs)
}

func (t *Tab) action(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := t.keys()
	a, _ := t.selected()
	ctx, svc := t.ctx, t.ctx.Svc
	load := func() (choices, error) { return loadChoices(svc) }
	switch {
	case key.Matches(msg, k.view):
		t.view = (t.view + 1) % numViews
		if l := &t.loaders[t.view]; !l.Loaded() || l.Stale {
			return t.load(t.view), true
		}
		return nil, true
	case key.Matches(msg, k.history):
		return common.History(model.Ref{Kind: model.RefAllocation, ID: a.ID}, "allocation "+a.Name), true
	case key.Matches(msg, k.create):
		return flows.Prepare(t.id, load, func(c choices) tea.Cmd {
			if len(c.products) == 0 {
				return common.Status("No per-user products yet: create one on the Products tab (5); allocations reserve per-user licenses")
			}
			return common.Open(newForm(ctx, c))
		}), true
	case key.Matches(msg, k.edit):
		return flows.Prepare(t.id, load, func(c choices) tea.Cmd { return common.Open(editForm(ctx, a, c)) }), true
	case key.Matches(msg, k.remove):
		return common.Open(confirmDelete(ctx, a)), true
	}
	return nil, false
}

type actionKeys struct {
	view, history, create, edit, remove key.Binding
}

func (t *Tab) keys() actionKeys {
	k := t.ctx.Keys
	_, selected := t.selected()
	manage := t.ctx.CanManage() && t.loaders[t.view].Loaded()
	create := k.New
	create.SetHelp("n", "new allocation")
	return actionKeys{
		view:    k.View,
		history: common.Enable(k.History, selected),
		create:  common.Enable(create, manage),
		edit:    common.Enable(k.Edit, manage && selected),
		remove:  common.Enable(k.Delete, manage && selected),
	}
}

func (t *Tab) Help() help.KeyMap {
	k := t.keys()
	return append(common.Enabled(k.history, k.create, k.edit, k.remove, k.view), t.tables[t.view].Keys()...)
}

func (t *Tab) SetSize(w, h int) {
	t.width, t.height = w, h
	for v := range t.tables {
		// The first line names the views; the allocations have a pane.
		th := max(h-1, 1)
		if view(v) == viewAllocations {
			th -= flows.PaneHeight(th)
		}
		t.tables[v].SetSize(w, th)
		t.tables[v].SetOrigin(1)
	}
}

func (t *Tab) View() string {
	return t.viewBar() + "\n" + t.body(max(t.height-1, 1))
}

// viewBar names the views, the current one highlighted, and the key.
func (t *Tab) viewBar() string {
	st := t.ctx.Styles
	parts := make([]string, numViews)
	for v, name := range viewNames {
		if view(v) == t.view {
			parts[v] = st.Title.Render(name)
		} else {
			parts[v] = st.Subtle.Render(name)
		}
	}
	bar := strings.Join(parts, st.Subtle.Render(" · ")) + st.Subtle.Render("   (v: next view)")
	return ansi.Truncate(bar, max(t.width, 1), "…")
}

func (t *Tab) body(h int) string {
	st := t.ctx.Styles
	v := t.view
	l := &t.loaders[v]
	switch {
	case !l.Loaded() && l.Err() != nil:
		return common.Fill(t.ctx, t.width, h, st.StatusErr.Render(fmt.Sprintf("Could not load %s: %v", strings.ToLower(viewNames[v]), l.Err())))
	case !l.Loaded():
		return common.Fill(t.ctx, t.width, h, st.Subtle.Render("Loading…"))
	case t.counts[v] == 0:
		return common.Fill(t.ctx, t.width, h, st.Subtle.Render(t.emptyText()))
	}
	if v != viewAllocations {
		return common.Lines(t.tables[v].View(), h)
	}
	return flows.WithPane(t.tables[v].View(), h, t.pane)
}

func (t *Tab) emptyText() string {
	switch t.view {
	case viewAllocations:
		if t.ctx.CanManage() {
			return "No allocations yet — press n to reserve licenses of a product for users or departments, optionally with an automatic rule."
		}
		return "No allocations yet."
	case viewByProduct:
		return "No products yet."
	}
	return "No users yet."
}
