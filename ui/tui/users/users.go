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
	"github.com/seats/seats/ui/tui/tabs"
)

// people is one load: every user, and who the owner is.
type people struct {
	users []model.User // in the source's row order
	owner model.ID
}

// Tab is the users tab; it is used by pointer.
type Tab struct {
	tabs.Base[people]
	details details
	holders flows.Holders
}

// New builds the tab; it loads when first shown.
func New(ctx *common.Context) common.Tab {
	t := &Tab{}
	t.Setup(ctx, columns, load, func(p people) tea.Cmd {
		return tea.Batch(t.Table.SetSource(rowsOf(p.users, p.owner)), t.details.follow(t, true))
	})
	t.holders = flows.Holders{Tab: t.ID(), Kind: model.PerUser, Noun: "user"}
	t.OnChange(func(common.DataChangedMsg) { t.holders.Changed(&t.Table) })
	t.SetSize(ctx.Width, ctx.Height)
	return t
}

func (t *Tab) Title() string { return "Users" }

func load(svc *model.Service, _ *common.Snapshots) (people, error) {
	org, err := svc.Org()
	if err != nil {
		return people{}, err
	}
	users, err := svc.Users()
	return people{users: users, owner: org.OwnerID}, err
}

func (t *Tab) Update(msg tea.Msg) (common.Tab, tea.Cmd) {
	switch msg.(type) {
	case detailTickMsg, detailMsg:
		return t, t.details.update(t, msg)
	}
	cmd := t.Route(msg, t.action)
	return t, tea.Batch(cmd, t.details.follow(t, false))
}

// selected is the user on the cursor's row.
func (t *Tab) selected() (model.User, bool) { return table.SelectedOf(t.Table, t.Data.users) }

// marked lists the marked users' emails.
func (t *Tab) marked() []string {
	var out []string
	for _, u := range table.MarkedOf(t.Table, t.Data.users) {
		out = append(out, u.Email)
	}
	return out
}

// action runs the tab's own keys; ok is false for keys the table takes.
func (t *Tab) action(msg tea.KeyMsg) (tea.Cmd, bool) {
	if flows.HandleMarks(msg, &t.Table) {
		return nil, true
	}
	k := t.keys()
	u, _ := t.selected()
	ctx := t.Ctx
	switch {
	case key.Matches(msg, k.history):
		return common.History(model.Ref{Kind: model.RefUser, ID: u.ID}, u.Email), true
	case key.Matches(msg, k.invite):
		return common.Open(inviteForm(ctx)), true
	case key.Matches(msg, k.edit):
		return common.Open(editForm(ctx, u, u.ID == t.Data.owner)), true
	case key.Matches(msg, k.assign):
		return t.holders.Assign(ctx, t.marked(), u.Email), true
	case key.Matches(msg, k.unassign):
		return t.holders.Unassign(ctx, t.marked(), u.Email), true
	case key.Matches(msg, k.terminate):
		return terminate(ctx, t.ID(), u), true
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
	k := t.Ctx.Keys
	u, selected := t.selected()
	manage := t.Ctx.CanManage() && t.Loaded()
	row := manage && selected
	marked := manage && len(t.Table.Marked()) > 0
	isOwner := selected && u.ID == t.Data.owner
	me := t.Ctx.Actor

	invite := k.New
	invite.SetHelp("n", "invite")
	assign, unassign := t.holders.Keys(k, marked)
	reinstate := k.Restore
	reinstate.SetHelp("R", "reinstate")
	owner := k.Owner
	owner.SetHelp("o", "make primary contact")
	return actionKeys{
		history: common.Enable(k.History, selected),
		invite:  common.Enable(invite, manage),
		edit:    common.Enable(k.Edit, row),
		assign:  common.Enable(assign, marked || (row && canHold(u, t.Ctx))),
		// A user's Held counts what they hold now; the list itself is
		// loaded when u is pressed.
		unassign:  common.Enable(unassign, marked || (row && u.Held > 0)),
		terminate: common.Enable(k.Terminate, row && u.State != model.StateTerminated && !isOwner && u.ID != me.ID),
		reinstate: common.Enable(reinstate, row && u.State == model.StateTerminated),
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
	return append(append(common.Enabled(k.history, k.invite, k.edit, k.assign, k.unassign, k.terminate, k.reinstate, k.owner), flows.Marks(t.Table).Bindings()...), t.Table.Keys()...)
}

func (t *Tab) SetSize(w, h int) { t.Base.SetSize(w, h, h-flows.PaneHeight(h)) }

func (t *Tab) View() string {
	p := common.Pending{What: "users", Empty: "No users yet."}
	if t.Ctx.CanManage() {
		p.Empty = "No users yet — press n to invite the first one (they become the account owner)."
	}
	if v, ok := t.Pending(p, len(t.Data.users) == 0); ok {
		return v
	}
	return flows.WithPane(t.Table.View(), t.Height, func(ph int) string { return t.details.view(t, ph) })
}
