// Package users is tab 3: every person, with their role, state and the
// licenses they hold, and what can happen to them — invite, edit, assign
// and unassign licenses, terminate, make primary contact, and history.
// Terminated users stay listed: their history must stay readable.
package users

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

func (t *Tab) Title() string { return "Users" }

func (t *Tab) Init() tea.Cmd { return t.load() }

func (t *Tab) Capturing() bool { return t.table.Filtering() }

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
	case common.DataChangedMsg:
		if t.spent != nil && t.spent.Load() {
			t.table.ClearMarks()
			t.spent = nil
		}
		return t, t.load()
	case kit.ReadyMsg:
		cmd, _ := msg.For(t.id)
		return t, cmd
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
func (t *Tab) selected() (model.User, bool) {
	row, ok := t.table.Selected()
	if !t.loaded || !ok || row >= len(t.users) {
		return model.User{}, false
	}
	return t.users[row], true
}

// marked lists the marked users' emails.
func (t *Tab) marked() []string {
	if !t.loaded {
		return nil
	}
	var out []string
	for _, row := range t.table.Marked() {
		if row < len(t.users) {
			out = append(out, t.users[row].Email)
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

// action runs the tab's own keys; ok is false for keys the table takes.
func (t *Tab) action(msg tea.KeyMsg) (tea.Cmd, bool) {
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
		if m := t.marked(); len(m) > 0 {
			return kit.Assign(ctx, t.id, model.PerUser, "user", m, t.spend()), true
		}
		return kit.Assign(ctx, t.id, model.PerUser, "user", []string{u.Email}, nil), true
	case key.Matches(msg, k.unassign):
		if m := t.marked(); len(m) > 0 {
			return kit.UnassignProduct(ctx, t.id, model.PerUser, "user", m, t.spend()), true
		}
		return kit.Unassign(ctx, t.id, u.Email), true
	case key.Matches(msg, k.terminate):
		return terminate(ctx, t.id, u), true
	case key.Matches(msg, k.owner):
		return common.Open(confirmOwner(ctx, u)), true
	}
	return nil, false
}

// actionKeys are the tab's own bindings, enabled by the current row.
type actionKeys struct {
	history, invite, edit, assign, unassign, terminate, owner key.Binding
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
	assign, unassign := k.Assign, k.Unassign
	if marked {
		assign.SetHelp("a", "assign to marked")
		unassign.SetHelp("u", "unassign from marked")
	}
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
	var kl common.KeyList
	for _, b := range []key.Binding{k.history, k.invite, k.edit, k.assign, k.unassign, k.terminate, k.owner} {
		if b.Enabled() {
			kl = append(kl, b)
		}
	}
	return append(kl, t.table.Keys()...)
}

func (t *Tab) SetSize(w, h int) {
	t.width, t.height = w, h
	t.table.SetSize(w, h-t.details.height(h))
}

func (t *Tab) View() string {
	st := t.ctx.Styles
	switch {
	case !t.loaded && t.err != nil:
		return kit.Fill(t.ctx, t.width, t.height, st.StatusErr.Render("Could not load the users: "+t.err.Error()))
	case !t.loaded:
		return kit.Fill(t.ctx, t.width, t.height, st.Subtle.Render("Loading users…"))
	case len(t.users) == 0:
		msg := "No users yet — press n to invite the first one (they become the account owner)."
		if !t.ctx.CanManage() {
			msg = "No users yet."
		}
		return kit.Fill(t.ctx, t.width, t.height, st.Subtle.Render(msg))
	}
	ph := t.details.height(t.height)
	if ph == 0 {
		return kit.Lines(t.table.View(), t.height)
	}
	return kit.Lines(t.table.View(), t.height-ph) + "\n" + t.details.view(t, ph)
}
