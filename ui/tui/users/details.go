package users

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
)

// detailDebounce is how long the cursor must rest on a user before their
// licenses load: scrolling through a thousand users loads none of them.
const detailDebounce = 120 * time.Millisecond

func (m detailTickMsg) To() uint64 { return m.tab }
func (m detailMsg) To() uint64     { return m.tab }

type (
	detailTickMsg struct {
		tab, gen uint64
		email    string
	}
	detailMsg struct {
		tab, gen uint64
		held     []flows.Held
		err      error
	}
)

// details is the pane under the table that lists the selected user's
// licenses (the spec's "view assignments"), when the tab is tall enough.
type details struct {
	gen     uint64
	email   string // whose licenses held shows or is loading
	held    []flows.Held
	err     error
	loading bool
}

// follow starts loading the selected user's licenses when the selection
// changed (or always, after a reload). A user who holds none needs no load.
func (d *details) follow(t *Tab, reload bool) tea.Cmd {
	u, ok := t.selected()
	if !ok {
		d.email, d.held, d.loading = "", nil, false
		return nil
	}
	if !reload && u.Email == d.email {
		return nil
	}
	d.gen++
	if u.Email != d.email {
		d.held, d.err = nil, nil
	}
	d.email = u.Email
	if u.Held == 0 {
		d.held, d.err, d.loading = nil, nil, false
		return nil
	}
	d.loading = true
	tab, gen, email := t.ID(), d.gen, u.Email
	return tea.Tick(detailDebounce, func(time.Time) tea.Msg { return detailTickMsg{tab: tab, gen: gen, email: email} })
}

func (d *details) update(t *Tab, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case detailTickMsg:
		if msg.tab != t.ID() || msg.gen != d.gen {
			return nil
		}
		svc, tab, gen, email := t.Ctx.Svc, msg.tab, msg.gen, msg.email
		return func() tea.Msg {
			held, err := flows.HeldBy(svc, email)
			return detailMsg{tab: tab, gen: gen, held: held, err: err}
		}
	case detailMsg:
		if msg.tab != t.ID() || msg.gen != d.gen {
			return nil
		}
		d.held, d.err, d.loading = msg.held, msg.err, false
	}
	return nil
}

// view draws the pane in exactly h lines: a rule naming the user, then
// their licenses in as many columns as fit.
func (d *details) view(t *Tab, h int) string {
	st, w := t.Ctx.Styles, max(t.Width, 1)
	u, ok := t.selected()
	if !ok {
		return common.Lines("", h)
	}
	title := "Licenses of " + displayName(u)
	if u.Name() != "" {
		title += " <" + u.Email + ">"
	}
	if u.LastDay != "" && u.State != model.StateTerminated {
		title += " · leaving " + string(u.LastDay)
	}
	return flows.Pane(st, title, w, h, d.body(t, u, w, h-1))
}

func (d *details) body(t *Tab, u model.User, w, rows int) []string {
	st := t.Ctx.Styles
	note := func(s string) []string { return []string{st.Subtle.Render(ansi.Truncate(s, w, "…"))} }
	switch {
	case u.Held == 0:
		return note(noLicenses(t, u))
	case d.err != nil && d.email == u.Email:
		return []string{st.StatusErr.Render(ansi.Truncate("Could not load the licenses: "+d.err.Error(), w, "…"))}
	case d.email != u.Email || (d.loading && len(d.held) == 0):
		// A reload keeps the licenses on screen until the new ones come.
		return note("loading…")
	case len(d.held) == 0:
		return note(noLicenses(t, u))
	}
	return flows.Grid(d.held, w, rows)
}

// noLicenses says why a user holds nothing, and what to do about it.
func noLicenses(t *Tab, u model.User) string {
	manage := t.Ctx.CanManage()
	switch {
	case u.State == model.StateTerminated:
		return fmt.Sprintf("Terminated (last work day %s); holds no licenses.", u.LastDay)
	case u.Kind == model.KindExternal:
		return "External consultant: externals never hold licenses."
	case manage && canHold(u, t.Ctx):
		return "Holds no licenses — press a to assign one."
	}
	return "Holds no licenses."
}
