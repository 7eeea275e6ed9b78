// Package licenses is the Licenses tab: every license of every product,
// up to a million of them, with assign, unassign and the add and remove
// forms that change a product's contracted count (flows.AddForm and
// flows.RemoveForm, which the products tab opens too).
package licenses

import (
	"sync/atomic"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/table"
	"github.com/seats/seats/ui/tui/tabs"
)

// Tab is the licenses tab; it is used by pointer. Data is nil until the
// first load answers.
type Tab struct {
	tabs.Base[*source]
	// checkMarks: a reload happened; once the table has applied it, drop
	// marks that no longer serve (see dropSpentMarks).
	checkMarks bool
	// progress: the first load's page and loading line (progressive.go).
	progress progress
}

// columns: at 80 columns the creation date drops, so that products and
// assignees stay readable; ID, product and status never drop.
var columns = []table.Column{
	colID:       {Title: "ID", Width: 10, Min: 10},
	colProduct:  {Title: "Product", Width: 24, Min: 14, Flex: true},
	colStatus:   {Title: "Status", Width: 11, Min: 9},
	colAssignee: {Title: "Assignee", Width: 32, Min: 22, Priority: 1, Flex: true},
	colCreated:  {Title: "Created", Width: 10, Min: 10, Priority: 3},
	colAssigned: {Title: "Assigned at", Width: 16, Min: 16, Priority: 2},
}

// New builds the tab; it loads when first shown.
func New(ctx *common.Context) common.Tab {
	t := &Tab{progress: progress{read: &atomic.Int64{}}}
	read := t.progress.read
	t.Setup(ctx, columns, func(svc *model.Service, shared *common.Snapshots) (*source, error) {
		return load(svc, shared, read)
	}, func(src *source) tea.Cmd {
		t.progress.loaded()
		t.checkMarks = true
		cmd := t.Table.SetSource(src)
		t.dropSpentMarks()
		return cmd
	})
	// A change before the whole list came starts the whole load itself.
	t.OnChange(func(common.DataChangedMsg) { t.progress.wholeStarted = true })
	t.SetSize(ctx.Width, ctx.Height)
	return t
}

func (t *Tab) Title() string { return "Licenses" }

// load reads every license in a command, straight into compact rows;
// names and sort ranks are built there too, off the UI's goroutine. read
// counts the rows read so far, for the first load's loading line.
func load(svc *model.Service, shared *common.Snapshots, read *atomic.Int64) (*source, error) {
	// The version is read before the rows: rows newer than their label
	// are only rebuilt once more, never shown as current when they are not.
	v, err := svc.Version()
	if err != nil {
		return nil, err
	}
	src, err := shared.Load("licenses", v, func() (any, error) {
		read.Store(0)
		b := builder{read: read}
		if err := svc.EachLicense(model.LicenseFilter{}, b.start, b.add); err != nil {
			return nil, err
		}
		return b.source(), nil
	})
	if err != nil {
		return nil, err
	}
	return src.(*source), nil
}

func (t *Tab) SetSize(w, h int) { t.Base.SetSize(w, h, h) }

func (t *Tab) Init() tea.Cmd { return t.firstLoad() }

func (t *Tab) Update(msg tea.Msg) (common.Tab, tea.Cmd) {
	if cmd, ok := t.updateProgress(msg); ok {
		return t, cmd
	}
	cmd := t.Route(msg, t.action)
	t.dropSpentMarks()
	return t, cmd
}

// action runs the tab's own keys; ok is false for keys the table takes.
func (t *Tab) action(msg tea.KeyMsg) (tea.Cmd, bool) {
	if flows.HandleMarks(msg, &t.Table) {
		return nil, true
	}
	k := t.keys()
	r, selected := t.selected()
	product := ""
	if selected {
		product = t.Data.product(&r)
	}
	switch {
	case key.Matches(msg, k.history):
		return common.History(model.Ref{Kind: model.RefLicense, ID: r.id}, r.Code()), true
	case key.Matches(msg, k.assign):
		return flows.AssignProduct(t.Ctx, t.ID(), product), true
	case key.Matches(msg, k.unassign):
		if codes := t.markedActive(); len(codes) > 0 {
			return common.Open(bulkUnassignConfirm(t.Ctx, codes)), true
		}
		return common.Open(unassignConfirm(t.Ctx, r.Code(), product, t.Data.assignee(&r))), true
	case key.Matches(msg, k.add):
		return common.Open(flows.AddForm(t.Ctx, product)), true
	case key.Matches(msg, k.remove):
		return common.Open(flows.RemoveForm(t.Ctx, product)), true
	}
	return nil, false
}

// actionKeys are the tab's own bindings, enabled by the current row.
type actionKeys struct {
	history, assign, unassign, add, remove key.Binding
}

func (t *Tab) keys() actionKeys {
	k := t.Ctx.Keys
	r, selected := t.selected()
	manage := t.Ctx.CanManage() && t.Data != nil
	marked := manage && t.anyMarkedActive()
	unassign := k.Unassign
	if marked {
		unassign.SetHelp("u", "unassign marked")
	}
	assign := k.Assign
	// The domain hands out the product's longest-free seat, whichever row
	// of the product is selected: the key says so.
	assign.SetHelp("a", "assign free seat")
	return actionKeys{
		history:  common.Enable(k.History, selected),
		assign:   common.Enable(assign, manage && selected),
		unassign: common.Enable(unassign, marked || (manage && selected && r.status == model.Active)),
		add:      common.Enable(k.AddLicenses, manage && selected),
		remove:   common.Enable(k.RemoveLicenses, manage && selected),
	}
}

func (t *Tab) selected() (licenseRow, bool) {
	if t.Data == nil {
		return licenseRow{}, false
	}
	return table.SelectedOf(t.Table, t.Data.rows)
}

// markedActive lists the marked licenses that can be unassigned.
func (t *Tab) markedActive() []string {
	if t.Data == nil {
		return nil
	}
	var codes []string
	for _, r := range table.MarkedOf(t.Table, t.Data.rows) {
		if r.status == model.Active {
			codes = append(codes, r.Code())
		}
	}
	return codes
}

func (t *Tab) anyMarkedActive() bool {
	for _, row := range t.Table.Marked() {
		if row < t.Data.Len() && t.Data.rows[row].status == model.Active {
			return true
		}
	}
	return false
}

// dropSpentMarks clears the marks once none of them can be unassigned any
// more (a bulk unassign went through): marks only serve that action here,
// and stale ones would only confuse the next.
func (t *Tab) dropSpentMarks() {
	if !t.checkMarks || t.Table.Busy() {
		return // a large source is still being filtered or sorted
	}
	t.checkMarks = false
	if len(t.Table.Marked()) > 0 && !t.anyMarkedActive() {
		t.Table.ClearMarks()
	}
}

func (t *Tab) Help() help.KeyMap {
	k := t.keys()
	return append(append(common.Enabled(k.history, k.assign, k.unassign, k.add, k.remove), flows.Marks(t.Table).Bindings()...), t.Table.Keys()...)
}

func (t *Tab) View() string {
	p := common.Pending{What: "licenses", Empty: "No licenses yet — create a product on tab 5 (press 5, then n); its licenses appear here."}
	if t.progress.partial && t.Err() == nil {
		// While a filter is typed over the page its line shows, not the
		// loading line.
		if t.Table.Filtering() {
			return t.Table.View()
		}
		return t.progress.view(t.Ctx, t.Table.View(), t.Width)
	}
	if v, ok := t.Pending(p, t.Data != nil && t.Data.Len() == 0); ok {
		return v
	}
	return t.Table.View()
}
