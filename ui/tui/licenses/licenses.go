// Package licenses is the Licenses tab: every license of every product,
// up to a million of them, with assign, unassign and the add and remove
// forms that change a product's contracted count (flows.AddForm and
// flows.RemoveForm, which the products tab opens too).
package licenses

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/table"
)

// loadedMsg carries one load, tagged with the tab that asked (tab) and
// the reload it answers (gen): the root shows every tab every message, and
// a slow answer to an older reload must not replace a newer one.
type loadedMsg struct {
	tab, gen uint64
	src      *source
	err      error
}

// Tab is the licenses tab; it is used by pointer.
type Tab struct {
	ctx   *common.Context
	id    uint64
	gen   uint64
	table table.Model
	src   *source // nil until the first load answers
	err   error
	// checkMarks: a reload happened; once the table has applied it, drop
	// marks that no longer serve (see dropSpentMarks).
	checkMarks bool
	width      int
	height     int
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
	t := &Tab{ctx: ctx, id: common.NewID(), table: table.New(ctx, columns)}
	t.SetSize(ctx.Width, ctx.Height)
	return t
}

func (t *Tab) Title() string { return "Licenses" }

func (t *Tab) Init() tea.Cmd { return t.firstLoad() }

// load reads every license in a command, straight into compact rows;
// names and sort ranks are built there too, off the UI's goroutine.
func (t *Tab) load() tea.Cmd {
	t.gen++
	svc, tab, gen, shared, read := t.ctx.Svc, t.id, t.gen, t.ctx.Snapshots, t.progress.next
	return func() tea.Msg {
		// The version is read before the rows: rows newer than their
		// label are only rebuilt once more, never shown as current when
		// they are not.
		v, err := svc.Version()
		if err != nil {
			return loadedMsg{tab: tab, gen: gen, err: err}
		}
		src, err := shared.Load("licenses", v, func() (any, error) {
			b := builder{read: read}
			if err := svc.EachLicense(model.LicenseFilter{}, b.start, b.add); err != nil {
				return nil, err
			}
			return b.source(), nil
		})
		if err != nil {
			return loadedMsg{tab: tab, gen: gen, err: err}
		}
		return loadedMsg{tab: tab, gen: gen, src: src.(*source)}
	}
}

func (t *Tab) SetSize(w, h int) {
	t.width, t.height = w, h
	t.table.SetSize(w, h)
}

func (t *Tab) Capturing() bool { return t.table.Filtering() }

func (t *Tab) Update(msg tea.Msg) (common.Tab, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.tab != t.id || msg.gen != t.gen {
			return t, nil
		}
		t.err = msg.err
		t.progress.loaded()
		if msg.err != nil && t.src != nil {
			// The rows on screen stay; the status line says why they are old.
			return t, common.Fail(msg.err)
		}
		if msg.err != nil {
			return t, nil
		}
		t.src, t.checkMarks = msg.src, true
		cmd := t.table.SetSource(msg.src)
		t.dropSpentMarks()
		return t, cmd
	case firstPageMsg, progressMsg:
		return t, t.updateProgress(msg)
	case common.DataChangedMsg:
		return t, t.load()
	case flows.ReadyMsg:
		cmd, _ := msg.For(t.id)
		return t, cmd
	case tea.KeyMsg:
		if t.table.Filtering() {
			break
		}
		if cmd, ok := t.action(msg); ok {
			return t, cmd
		}
	}
	var cmd tea.Cmd
	t.table, cmd = t.table.Update(msg)
	t.dropSpentMarks()
	return t, cmd
}

// action runs the tab's own keys; ok is false for keys the table takes.
func (t *Tab) action(msg tea.KeyMsg) (tea.Cmd, bool) {
	if flows.HandleMarks(msg, &t.table) {
		return nil, true
	}
	k := t.keys()
	r, selected := t.selected()
	product := ""
	if selected {
		product = t.src.product(&r)
	}
	switch {
	case key.Matches(msg, k.history):
		return common.History(model.Ref{Kind: model.RefLicense, ID: r.id}, r.Code()), true
	case key.Matches(msg, k.assign):
		return flows.AssignProduct(t.ctx, t.id, product), true
	case key.Matches(msg, k.unassign):
		if codes := t.markedActive(); len(codes) > 0 {
			return common.Open(bulkUnassignConfirm(t.ctx, codes)), true
		}
		return common.Open(unassignConfirm(t.ctx, r.Code(), product, t.src.assignee(&r))), true
	case key.Matches(msg, k.add):
		return common.Open(flows.AddForm(t.ctx, product)), true
	case key.Matches(msg, k.remove):
		return common.Open(flows.RemoveForm(t.ctx, product)), true
	}
	return nil, false
}

// actionKeys are the tab's own bindings, enabled by the current row.
type actionKeys struct {
	history, assign, unassign, add, remove key.Binding
}

func (t *Tab) keys() actionKeys {
	k := t.ctx.Keys
	r, selected := t.selected()
	manage := t.ctx.CanManage() && t.src != nil
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
	if t.src == nil {
		return licenseRow{}, false
	}
	return table.SelectedOf(t.table, t.src.rows)
}

// markedActive lists the marked licenses that can be unassigned.
func (t *Tab) markedActive() []string {
	if t.src == nil {
		return nil
	}
	var codes []string
	for _, r := range table.MarkedOf(t.table, t.src.rows) {
		if r.status == model.Active {
			codes = append(codes, r.Code())
		}
	}
	return codes
}

func (t *Tab) anyMarkedActive() bool {
	for _, row := range t.table.Marked() {
		if row < t.src.Len() && t.src.rows[row].status == model.Active {
			return true
		}
	}
	return false
}

// dropSpentMarks clears the marks once none of them can be unassigned any
// more (a bulk unassign went through): marks only serve that action here,
// and stale ones would only confuse the next.
func (t *Tab) dropSpentMarks() {
	if !t.checkMarks || t.table.Busy() {
		return // a large source is still being filtered or sorted
	}
	t.checkMarks = false
	if len(t.table.Marked()) > 0 && !t.anyMarkedActive() {
		t.table.ClearMarks()
	}
}

func (t *Tab) Help() help.KeyMap {
	k := t.keys()
	return append(append(common.Enabled(k.history, k.assign, k.unassign, k.add, k.remove), flows.Marks(t.table).Bindings()...), t.table.Keys()...)
}

func (t *Tab) View() string {
	p := common.Pending{What: "licenses", Empty: "No licenses yet — create a product on tab 5 (press 5, then n); its licenses appear here."}
	if v, ok := p.View(t.ctx, t.width, t.height, t.src != nil, t.err, t.src != nil && t.src.Len() == 0); ok {
		return v
	}
	return t.progress.view(t.ctx, t.table.View(), t.width)
}
