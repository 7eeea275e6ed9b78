// Package users is tab 3: every person, with their role, state and the
// licenses they hold, and what can happen to them — invite, edit, assign
// and unassign licenses, terminate, make primary contact, and history.
// Terminated users stay listed: their history must stay readable.
package users

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/table"
)

// loadedMsg carries one load, tagged with the tab that asked and the
// reload it answers: a slow answer to an older reload must not win.
type loadedMsg struct {
	tab, gen uint64
	users    []model.User
	owner    model.ID
	err      error
}

// Tab is the users tab; it is used by pointer.
type Tab struct {
	ctx   *common.Context
	id    uint64
	gen   uint64
	table table.Model

	loaded bool
	err    error
	users  []model.User // in the source's row order
	owner  model.ID

	details details
	holders flows.Holders

	width, height int
}

// New builds the tab; it loads when first shown.
func New(ctx *common.Context) common.Tab {
	t := &Tab{ctx: ctx, id: common.NewID(), table: table.New(ctx, columns)}
	t.holders = flows.Holders{Tab: t.id, Kind: model.PerUser, Noun: "user"}
	t.SetSize(ctx.Width, ctx.Height)
	return t
}

func (t *Tab) Title() string { return "Users" }

func (t *Tab) Init() tea.Cmd { return t.load() }

func (t *Tab) Capturing() bool { return t.table.Filtering() }

func (t *Tab) Busy() bool { return !t.loaded || t.table.Busy() }

func (t *Tab) load() tea.Cmd {
	t.gen++
	svc, tab, gen := t.ctx.Svc, t.id, t.gen
	return func() tea.Msg {
		org, err := svc.Org()
		if err != nil {
			return loadedMsg{tab: tab, gen: gen, err: err}
		}
		users, err := svc.Users()
		return loadedMsg{tab: tab, gen: gen, users: users, owner: org.OwnerID, err: err}
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
		t.loaded, t.users, t.owner = true, msg.users, msg.owner
		cmd := t.table.SetSource(rowsOf(msg.users, msg.owner))
		return t, tea.Batch(cmd, t.details.follow(t, true))
	case detailTickMsg, detailMsg:
		return t, t.details.update(t, msg)
	case tea.KeyMsg:
		if !t.table.Filtering() {
			if cmd, ok := t.action(msg); ok {
				return t, cmd
			}
		}
	}
	var cmd tea.Cmd
	t.table, cmd = t.table.Update(msg)
	return t, tea.Batch(cmd, t.details.follow(t, false))
}

// selected is the user on the cursor's row.
func (t *Tab) selected() (model.User, bool) { return table.SelectedOf(t.table, t.users) }

// marked lists the marked users' emails.
func (t *Tab) marked() []string {
	var out []string
	for _, u := range table.MarkedOf(t.table, t.users) {
		out = append(out, u.Email)
	}
	return out
}

// action runs the tab's own keys; ok is false for keys the table takes.
func (t *Tab) action(msg tea.KeyMsg) (tea.Cmd, bool) {
	if flows.HandleMarks(msg, &t.table) {
		return nil, true
	}
	k := t.keys()
	u, _ := t.selected()
	ctx := t.ctx
	switch {
	case key.Matches(msg, k.history):
		return common.History(model.Ref{Kind: model.RefUser, ID: u.ID}, u.Email), true
	case key.Matches(msg, k.invite):
		return common.Open(inviteForm(ctx)), true
	case key.Matches(msg, k.edit):
		return common.Open(editForm(ctx, u, u.ID == t.owner)), true
	case key.Matches(msg, k.assign):
		return t.holders.Assign(ctx, t.marked(), u.Email), true
	case key.Matches(msg, k.unassign):
		return t.holders.Unassign(ctx, t.marked(), u.Email), true
	case key.Matches(msg, k.terminate):
		return terminate(ctx, t.id, u), true
	case key.Matches(msg, k.reinstate):
		return common.Open(confirmReinstate(ctx, u)), true
	case key.Matches(msg, k.owner):
		return common.Open(confirmOwner(ctx, u)), true
	}
	return nil, false
}

// actionKeys are the tab's own bindings, enabled by the current row.
type actionKeys struct {
	history, invite, edit, assign, unassign, terminate, reinstate, owner key.Binding
}

func (t *Tab) keys() actionKeys {
	k := t.ctx.Keys
	u, selected := t.selected()
	manage := t.ctx.CanManage() && t.loaded
	row := manage && selected
	marked := manage && len(t.table.Marked()) > 0
	isOwner := selected && u.ID == t.owner
	me := t.ctx.Actor

	invite := k.New
	invite.SetHelp("n", "invite")
	assign, unassign := t.holders.Keys(k, marked)
	owner := k.Owner
	owner.SetHelp("o", "make primary contact")
	return actionKeys{
		history: common.Enable(k.History, selected),
		invite:  common.Enable(invite, manage),
		edit:    common.Enable(k.Edit, row),
		assign:  common.Enable(assign, marked || (row && canHold(u, t.ctx))),
		// A user's Held counts what they hold now; the list itself is
		// loaded when u is pressed.
		unassign:  common.Enable(unassign, marked || (row && u.Held > 0)),
		terminate: common.Enable(k.Terminate, row && u.State != model.StateTerminated && !isOwner && u.ID != me.ID),
		reinstate: common.Enable(reinstateKey, row && u.State == model.StateTerminated),
		// Only the owner gives ownership away, and only to an enabled
		// employee: the domain refuses anything else anyway.
		owner: common.Enable(owner, row && me.Role == model.RoleOwner && !isOwner &&
			u.State == model.StateEnabled && u.Kind == model.KindEmployee),
	}
}

// canHold reports whether u could take a new license today.
func canHold(u model.User, ctx *common.Context) bool {
	if u.Kind != model.KindEmployee || u.State == model.StateTerminated {
		return false
	}
	return u.LastDay == "" || model.DateOf(ctx.Now()).Time().Before(u.LastDay.Time())
}

func (t *Tab) Help() help.KeyMap {
	k := t.keys()
	return append(append(common.Enabled(k.history, k.invite, k.edit, k.assign, k.unassign, k.terminate, k.reinstate, k.owner), flows.Marks(t.table).Bindings()...), t.table.Keys()...)
}

func (t *Tab) SetSize(w, h int) {
	t.width, t.height = w, h
	t.table.SetSize(w, h-flows.PaneHeight(h))
}

func (t *Tab) View() string {
	p := common.Pending{What: "users", Empty: "No users yet."}
	if t.ctx.CanManage() {
		p.Empty = "No users yet — press n to invite the first one (they become the account owner)."
	}
	if v, ok := p.View(t.ctx, t.width, t.height, t.loaded, t.err, len(t.users) == 0); ok {
		return v
	}
	return flows.WithPane(t.table.View(), t.height, func(ph int) string { return t.details.view(t, ph) })
}
