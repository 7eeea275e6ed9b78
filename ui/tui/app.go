// Package tui is the terminal UI of Seats: a root model that routes
// between seven tabs, modals drawn over them, a status line and a help bar.
// The root is a router; each tab owns its keys and data (sub-packages).
package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/termsafe"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/history"
)

// PollInterval is how often the app looks for changes made by other
// processes or sessions; the issue asks for them within two seconds.
const PollInterval = time.Second

// statusTTL is how long a status line stays.
const statusTTL = 6 * time.Second

// chrome is the lines around a tab: the tab bar, the status line, the help bar.
const chrome = 3

// App is the root model.
type App struct {
	ctx    *common.Context
	tabs   []common.Tab
	inited []bool
	active int
	// stale marks opened tabs that missed a change while hidden: each
	// reloads when next shown, not on every change (a tab of a million
	// licenses takes a fifth of a second to reload).
	stale  []bool
	modals []common.Modal

	status    string
	statusErr bool
	statusGen int

	help     help.Model
	fullHelp bool
	// spinner turns while the active tab or the top modal is busy;
	// spinning says a tick is on its way.
	spinner  spinner.Model
	spinning bool
	// lastSeq is the newest event seen; seqKnown once the first poll answered.
	lastSeq  uint64
	lastDue  int
	seqKnown bool
	width    int
	height   int
	// live: serve's hub sends Changed messages, so the app does not poll.
	live bool
	// notice is a lasting line from outside (the server is stopping).
	notice string
	// tabX are the right edges of the tab titles in the tab bar, for clicks.
	tabX []int
}

// New builds the root over tabs (in the order of their digit keys).
func New(ctx *common.Context, tabs []common.Tab) *App {
	h := help.New()
	h.Styles.ShortKey = ctx.Styles.Key
	h.Styles.FullKey = ctx.Styles.Key
	h.Styles.ShortDesc = ctx.Styles.Subtle
	h.Styles.FullDesc = ctx.Styles.Subtle
	h.Styles.ShortSeparator = ctx.Styles.Subtle
	h.Styles.FullSeparator = ctx.Styles.Subtle
	// bubbles' own ellipsis grey reads at 1.4:1 on a light terminal.
	h.Styles.Ellipsis = ctx.Styles.Subtle
	sp := spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(ctx.Styles.Spinner))
	return &App{ctx: ctx, tabs: tabs, inited: make([]bool, len(tabs)), stale: make([]bool, len(tabs)), help: h, spinner: sp}
}

// seqMsg carries the newest event sequence number from a poll.
type seqMsg struct {
	// once: a look asked for by a notification, outside the poll loop,
	// which must not start a second loop.
	once bool
	seq  uint64
	due  int // scheduled changes fallen due, shown applied, not yet recorded
	err  error
}

type pollMsg struct{}

// reloadMsg follows an action of this session: reload at once, without
// starting a second poll loop.
type reloadMsg struct{ seq uint64 }

type clearStatusMsg struct{ gen int }

// actorMsg refreshes the acting user (a role can change while we run).
type actorMsg struct{ u model.User }

func (a *App) Init() tea.Cmd {
	// No tea.SetWindowTitle: in bubbletea v1.3 it races with the renderer.
	if a.live {
		return a.show(0)
	}
	return tea.Batch(a.show(0), a.pollSeq())
}

// changedMsg says from outside that the data changed (serve's hub).
type changedMsg struct {
	seq uint64
	due int
}

// Changed is the message serve sends a session's program when the newest
// event is seq and due scheduled changes are shown applied but not yet
// recorded.
func Changed(seq uint64, due int) tea.Msg { return changedMsg{seq: seq, due: due} }

// noticeMsg is a lasting line from outside the session.
type noticeMsg struct{ text string }

// Notice is the message that shows text in the status line until the
// session ends (serve: "the server is stopping").
func Notice(text string) tea.Msg { return noticeMsg{text: text} }

// show makes tab i active, loading it the first time it is shown: a tab
// that is never opened never loads (a million licenses stay on disk until
// someone looks at them).
func (a *App) show(i int) tea.Cmd {
	a.active = i
	switch {
	case !a.inited[i]:
		a.inited[i] = true
		return a.tabs[i].Init()
	case a.stale[i]:
		a.stale[i] = false
		return a.updateTab(i, common.DataChangedMsg{Seq: a.lastSeq})
	}
	return nil
}

// changed reloads the tab on screen and leaves the other opened tabs to
// reload when they are shown.
func (a *App) changed(seq uint64) tea.Cmd {
	for i := range a.tabs {
		a.stale[i] = a.inited[i] && i != a.active
	}
	return tea.Batch(a.updateTab(a.active, common.DataChangedMsg{Seq: seq}), a.refreshActor())
}

func (a *App) pollSeq() tea.Cmd { return a.look(false) }

// kickMsg says another process committed (a PostgreSQL NOTIFY): look now.
type kickMsg struct{}

func (a *App) look(once bool) tea.Cmd {
	svc := a.ctx.Svc
	return func() tea.Msg {
		// Scheduled changes (cycle ends, last work days) fall due with
		// time: every read shows them applied, so a change in their number
		// reloads the tabs as a new event does. Looking records nothing:
		// the next change records them.
		v, err := svc.Version()
		return seqMsg{once: once, seq: v.Seq, due: v.Due, err: err}
	}
}

func (a *App) refreshActor() tea.Cmd {
	svc, email := a.ctx.Svc, a.ctx.Actor.Email
	return func() tea.Msg {
		u, err := svc.ResolveActor(email)
		if err != nil {
			return nil
		}
		return actorMsg{u}
	}
}

// Update routes messages; a panic in any part of the UI becomes an error
// in the status line instead of a broken terminal.
func (a *App) Update(msg tea.Msg) (m tea.Model, cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			a.setStatus("", fmt.Errorf("internal error: %v", r))
			m, cmd = a, nil
		}
	}()
	m, cmd = a.update(msg)
	if !a.spinning && a.busy() {
		a.spinning = true
		cmd = tea.Batch(cmd, a.spinner.Tick)
	}
	return m, guard(cmd)
}

// guard makes a panic inside a command (a load, a domain call) an error
// in the status line: Bubble Tea would otherwise print a stack trace and
// stop. Batches are guarded command by command.
func guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = common.StatusMsg{Err: fmt.Errorf("internal error: %v", r)}
			}
		}()
		msg = cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for i := range batch {
				batch[i] = guard(batch[i])
			}
		}
		return msg
	}
}

// busy reports whether what the user looks at is still working.
func (a *App) busy() bool {
	var v any = a.tabs[a.active]
	if n := len(a.modals); n > 0 {
		v = a.modals[n-1]
	}
	b, ok := v.(common.Busy)
	return ok && b.Busy()
}

func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	keys := a.ctx.Keys
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		// A terminal that reports no size (ssh -tt from a script) gets
		// the classic 80×24 rather than a blank screen.
		a.width, a.height = msg.Width, msg.Height
		if a.width <= 0 || a.height <= 0 {
			a.width, a.height = 80, 24
		}
		a.layout()
		return a, nil

	case tea.KeyMsg:
		if key.Matches(msg, keys.ForceQuit) {
			return a, tea.Quit
		}
		if len(a.modals) > 0 {
			return a, a.updateModal(msg)
		}
		if a.fullHelp {
			// The help covers the tab: keys close it, never act beneath it.
			if key.Matches(msg, keys.Help, keys.Quit) || msg.String() == "esc" {
				a.fullHelp = false
			}
			return a, nil
		}
		if !a.tabs[a.active].Capturing() {
			if why := model.ReadOnlyReason(a.ctx.Actor); why != "" && key.Matches(msg, keys.Actions()...) {
				// The tab offers no action to a read-only user; say why
				// the key does nothing rather than nothing at all.
				a.setStatus("read-only: "+why, nil)
				return a, a.clearStatusLater()
			}
			switch {
			case key.Matches(msg, keys.Quit):
				return a, tea.Quit
			case key.Matches(msg, keys.Help):
				a.fullHelp = !a.fullHelp
				return a, nil
			case key.Matches(msg, keys.NextTab):
				return a, a.show((a.active + 1) % len(a.tabs))
			case key.Matches(msg, keys.PrevTab):
				return a, a.show((a.active + len(a.tabs) - 1) % len(a.tabs))
			}
			if s := msg.String(); len(s) == 1 && s[0] >= '1' && int(s[0]-'0') <= len(a.tabs) {
				return a, a.show(int(s[0] - '1'))
			}
		}
		return a, a.updateTab(a.active, msg)

	case tea.MouseMsg:
		if len(a.modals) > 0 {
			return a, nil
		}
		if msg.Y == 0 && msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
			for i, x := range a.tabX {
				if msg.X < x {
					return a, a.show(i)
				}
			}
			return a, nil
		}
		msg.Y-- // tabs draw below the tab bar
		return a, a.updateTab(a.active, msg)

	case spinner.TickMsg:
		if msg.ID != a.spinner.ID() {
			break
		}
		if !a.busy() {
			a.spinning = false
			return a, nil
		}
		var cmd tea.Cmd
		a.spinner, cmd = a.spinner.Update(msg)
		return a, cmd

	case pollMsg:
		return a, a.pollSeq()

	case kickMsg:
		return a, a.look(true)

	case seqMsg:
		next := tea.Tick(PollInterval, func(time.Time) tea.Msg { return pollMsg{} })
		if msg.once {
			next = nil
		}
		if msg.err != nil {
			// A locked or busy file is normal while others write: try again.
			return a, next
		}
		if !a.seqKnown || msg.seq == a.lastSeq && msg.due == a.lastDue {
			a.lastSeq, a.lastDue, a.seqKnown = msg.seq, msg.due, true
			return a, next
		}
		a.lastSeq, a.lastDue = msg.seq, msg.due
		return a, tea.Batch(next, a.changed(msg.seq))

	case changedMsg:
		if a.seqKnown && msg.seq == a.lastSeq && msg.due == a.lastDue {
			return a, nil
		}
		a.lastSeq, a.lastDue, a.seqKnown = msg.seq, msg.due, true
		return a, a.changed(msg.seq)

	case noticeMsg:
		a.notice = msg.text
		return a, nil

	case reloadMsg:
		a.lastSeq, a.seqKnown = msg.seq, true
		return a, a.changed(msg.seq)

	case actorMsg:
		a.ctx.Actor = msg.u
		return a, nil

	case common.ActionDoneMsg:
		a.setStatus(msg.Status, msg.Err)
		cmds := []tea.Cmd{a.clearStatusLater()}
		if msg.Err == nil {
			cmds = append(cmds, a.reload())
		}
		return a, tea.Batch(cmds...)

	case common.StatusMsg:
		a.setStatus(msg.Text, msg.Err)
		return a, a.clearStatusLater()

	case clearStatusMsg:
		if msg.gen == a.statusGen {
			a.status, a.statusErr = "", false
		}
		return a, nil

	case common.OpenModalMsg:
		a.modals = append(a.modals, msg.Modal)
		a.sizeModal(msg.Modal)
		return a, msg.Modal.Init()

	case common.CloseModalMsg:
		if len(a.modals) > 0 {
			a.modals = a.modals[:len(a.modals)-1]
		}
		return a, msg.Then

	case common.HistoryMsg:
		return a, common.Open(history.New(a.ctx, msg.Ref, msg.Title))
	}

	// A result goes to the modal or tab that asked for it, and to no other:
	// an unassign's answer does not make every opened tab work.
	if m, ok := msg.(common.Addressed); ok {
		return a, a.deliver(m.To(), msg)
	}
	// Anything else (a cursor's blink) concerns what is on screen: the
	// modals and the active tab.
	cmds := make([]tea.Cmd, 0, len(a.modals)+1)
	for i := range a.modals {
		var c tea.Cmd
		a.modals[i], c = a.modals[i].Update(msg)
		cmds = append(cmds, c)
	}
	cmds = append(cmds, a.updateTab(a.active, msg))
	return a, tea.Batch(cmds...)
}

// deliver hands msg to the modal or opened tab that owns the address to;
// a result whose asker is gone (a closed modal) is dropped.
func (a *App) deliver(to uint64, msg tea.Msg) tea.Cmd {
	for i := len(a.modals) - 1; i >= 0; i-- {
		if o, ok := a.modals[i].(common.Owner); ok && o.Owns(to) {
			var c tea.Cmd
			a.modals[i], c = a.modals[i].Update(msg)
			return c
		}
	}
	for i, t := range a.tabs {
		if o, ok := t.(common.Owner); ok && a.inited[i] && o.Owns(to) {
			return a.updateTab(i, msg)
		}
	}
	return nil
}

// reload makes the tab on screen reload after this session changed
// something (the others reload when shown).
func (a *App) reload() tea.Cmd {
	svc := a.ctx.Svc
	return func() tea.Msg {
		seq, _ := svc.LastSeq()
		return reloadMsg{seq: seq}
	}
}

func (a *App) updateTab(i int, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	a.tabs[i], cmd = a.tabs[i].Update(msg)
	return cmd
}

func (a *App) updateModal(msg tea.Msg) tea.Cmd {
	top := len(a.modals) - 1
	var cmd tea.Cmd
	a.modals[top], cmd = a.modals[top].Update(msg)
	return cmd
}

func (a *App) setStatus(text string, err error) {
	a.statusGen++
	a.status, a.statusErr = text, err != nil
	if err != nil {
		a.status = oneLine(err.Error())
	}
}

func (a *App) clearStatusLater() tea.Cmd {
	gen := a.statusGen
	return tea.Tick(statusTTL, func(time.Time) tea.Msg { return clearStatusMsg{gen} })
}

func (a *App) contentHeight() int { return max(a.height-chrome, 1) }

func (a *App) layout() {
	a.ctx.Width, a.ctx.Height = a.width, a.contentHeight()
	a.help.Width = a.width
	for _, t := range a.tabs {
		t.SetSize(a.width, a.contentHeight())
	}
	for _, m := range a.modals {
		a.sizeModal(m)
	}
}

func (a *App) sizeModal(m common.Modal) { m.SetSize(a.width, a.contentHeight()) }

// View draws the tab bar, the active tab (with any modal over it), the
// status line and the help bar, in exactly the terminal's height.
func (a *App) View() (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = "internal error while drawing: " + oneLine(fmt.Sprint(r))
		}
	}()
	if a.width <= 0 || a.height <= 0 {
		return ""
	}
	st := a.ctx.Styles
	h := a.contentHeight()
	var body string
	if a.fullHelp {
		body = a.helpView(true)
	} else {
		body = a.tabs[a.active].View()
	}
	body = common.Block(body, a.width, h)
	if n := len(a.modals); n > 0 && !a.fullHelp {
		body = overlay(body, a.modals[n-1].View(), a.width, h)
	}
	status := ""
	switch {
	case a.notice != "":
		status = st.StatusErr.Render(ansi.Truncate(a.notice, a.width, "…"))
	case a.status == "" && a.busy():
		status = a.spinner.View() + st.Subtle.Render(" working…")
	case a.status == "" && !a.ctx.CanManage():
		status = st.Subtle.Render(ansi.Truncate(a.readOnlyMark(), a.width, "…"))
	}
	if a.status != "" && a.notice == "" {
		style := st.StatusOK
		if a.statusErr {
			style = st.StatusErr
		}
		status = style.Render(ansi.Truncate(a.status, a.width, "…"))
	}
	// bubbles' help can overrun its width when the ellipsis does not fit.
	helpLine := ansi.Truncate(a.helpView(false), a.width, "…")
	// Whatever a tab drew from the data, only the UI's own colours leave.
	return termsafe.Frame(strings.Join([]string{a.tabBar(), body, status, helpLine}, "\n"))
}

// readOnlyMark tells a viewer or member why no key changes anything.
func (a *App) readOnlyMark() string {
	u := a.ctx.Actor
	return fmt.Sprintf("read-only: %s is a %s", u.Email, u.Role)
}

func (a *App) tabBar() string {
	st := a.ctx.Styles
	a.tabX = a.tabX[:0]
	var b strings.Builder
	x := 0
	// sep is what stands between tab i-1 and tab i: brackets around the
	// active tab mark it where colour does not show (NO_COLOR, the ASCII
	// profile).
	sep := func(i int) string {
		switch {
		case i == a.active && i == 0:
			return "["
		case i == a.active:
			return " ["
		case i-1 == a.active && i == len(a.tabs):
			return "]"
		case i-1 == a.active:
			return "] "
		case i == len(a.tabs):
			return ""
		}
		return " "
	}
	// Numbered labels when they fit, else the titles alone (eight tabs
	// at 80 columns): the digits still go to the tabs.
	numbered := func(i int) string { return fmt.Sprintf("%d %s", i+1, a.tabs[i].Title()) }
	label := numbered
	wide := len(a.tabs) + 1 // the spaces between and the active tab's brackets
	for i := range a.tabs {
		wide += lipgloss.Width(numbered(i))
	}
	if wide > a.width {
		label = func(i int) string { return a.tabs[i].Title() }
	}
	for i := range a.tabs {
		label := label(i)
		style := st.TabInactive
		if i == a.active {
			style = st.TabActive
		}
		b.WriteString(st.Subtle.Render(sep(i)) + style.Render(label))
		x += len(sep(i)) + lipgloss.Width(label)
		a.tabX = append(a.tabX, x)
	}
	b.WriteString(st.Subtle.Render(sep(len(a.tabs))))
	x += len(sep(len(a.tabs)))
	if mark := a.headerMark(a.width - x - 2); mark != "" {
		b.WriteString(strings.Repeat(" ", a.width-x-lipgloss.Width(mark)) + st.Subtle.Render(mark))
	}
	return ansi.Truncate(b.String(), a.width, "…")
}

// headerMark is who acts and that they cannot change anything, for a
// viewer or member, in the room the tab bar leaves (the status line says
// it whole while nothing else is shown there): the whole mark, then
// shorter ones, then none.
func (a *App) headerMark(room int) string {
	if a.ctx.CanManage() {
		return ""
	}
	u := a.ctx.Actor
	local, _, _ := strings.Cut(u.Email, "@")
	for _, m := range []string{
		fmt.Sprintf("read-only · %s (%s)", u.Email, u.Role),
		fmt.Sprintf("read-only · %s", u.Email),
		fmt.Sprintf("read-only · %s (%s)", local, u.Role),
		fmt.Sprintf("read-only · %s", local),
		fmt.Sprintf("read-only (%s)", u.Role),
		string(u.Role),
	} {
		if lipgloss.Width(m) <= room {
			return m
		}
	}
	return ""
}

func (a *App) helpView(full bool) string {
	var km help.KeyMap
	if n := len(a.modals); n > 0 {
		km = a.modals[n-1].Help()
	} else {
		km = a.tabs[a.active].Help()
	}
	keys := a.ctx.Keys
	if full {
		// The keys of every tab first: a narrow terminal cuts columns
		// from the right.
		global := []key.Binding{keys.Help, keys.Quit, keys.ForceQuit, keys.GoTab, keys.NextTab, keys.PrevTab, keys.Mouse}
		groups := append([][]key.Binding{global}, km.FullHelp()...)
		return a.ctx.Styles.Title.Render("Keys") + "  " + a.ctx.Styles.Subtle.Render("(esc, ? or q closes)") + "\n\n" + a.help.FullHelpView(groups)
	}
	if len(a.modals) > 0 {
		return a.help.ShortHelpView(km.ShortHelp())
	}
	// ? and q first, whatever the width; then what the row offers; the
	// cursor keys are in the full help.
	short := []key.Binding{keys.Help, keys.Quit}
	for _, b := range km.ShortHelp() {
		if !isMovement(b, keys) {
			short = append(short, b)
		}
	}
	return a.help.ShortHelpView(append(short, keys.NextTab))
}

func isMovement(b key.Binding, keys common.KeyMap) bool {
	for _, m := range keys.Movement() {
		if b.Help() == m.Help() {
			return true
		}
	}
	return false
}

// overlay draws box centred over bg (both at most w×h).
func overlay(bg, box string, w, h int) string {
	bl := strings.Split(bg, "\n")
	ml := strings.Split(common.Block(box, w, min(h, strings.Count(box, "\n")+1)), "\n")
	bw := 0
	for _, l := range ml {
		bw = max(bw, lipgloss.Width(l))
	}
	top := max((h-len(ml))/2, 0)
	left := max((w-bw)/2, 0)
	for i, l := range ml {
		y := top + i
		if y >= len(bl) {
			break
		}
		row := bl[y]
		pad := bw - lipgloss.Width(l)
		l += strings.Repeat(" ", pad)
		leftPart := ansi.Truncate(row, left, "")
		leftPart += strings.Repeat(" ", left-lipgloss.Width(leftPart))
		rightPart := ansi.TruncateLeft(row, left+bw, "")
		bl[y] = leftPart + l + rightPart
	}
	return strings.Join(bl, "\n")
}

func oneLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
