// Package dashboard is tab 1, the on-call view: how many seats are free and
// whether anything is wrong, at a glance. The summary loads first and alone
// (it is the app's first frame); the invoice preview and the seat-usage
// trend load after it, each in its own command.
package dashboard

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
)

// Model is the dashboard tab; it is used by pointer.
type Model struct {
	ctx *common.Context
	id  uint64
	// gen counts reloads; answers to older ones are dropped.
	gen uint64

	sum       *model.Summary
	statusErr error
	inv       *model.Invoice
	invErr    error
	trend     *trend
	trendErr  error

	vp            viewport.Model
	width, height int
	// scrolls is true when the content is taller than the tab: the last
	// line then says where the rest is.
	scrolls  bool
	sections []section
}

// New builds the dashboard for a session.
func New(ctx *common.Context) common.Tab {
	m := &Model{ctx: ctx, id: common.NewID(), vp: viewport.New(0, 0)}
	k := ctx.Keys
	m.vp.KeyMap = viewport.KeyMap{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown}
	m.vp.MouseWheelEnabled = true
	m.SetSize(ctx.Width, ctx.Height)
	return m
}

func (m *Model) Title() string { return "Dashboard" }

// Owns says whether a message addressed to id is this tab's.
func (m *Model) Owns(id uint64) bool { return id == m.id }

// Capturing is always false: the dashboard takes no text.
func (m *Model) Capturing() bool { return false }

// Busy lasts until the summary, the invoice and the trend have answered.
func (m *Model) Busy() bool {
	if m.sum != nil && len(m.sum.Products) == 0 {
		// Nothing to invoice or chart: the onboarding text is all there is.
		return false
	}
	return (m.sum == nil && m.statusErr == nil) || (m.inv == nil && m.invErr == nil) || (m.trend == nil && m.trendErr == nil)
}

// Init loads the summary.
func (m *Model) Init() tea.Cmd { return m.reload() }

func (m *Model) reload() tea.Cmd {
	m.gen++
	return loadStatus(m.ctx.Svc, m.ctx.Snapshots, m.id, m.gen)
}

func (m *Model) Update(msg tea.Msg) (common.Tab, tea.Cmd) {
	switch msg := msg.(type) {
	case common.DataChangedMsg:
		return m, m.reload()

	case statusMsg:
		if msg.id != m.id || msg.gen != m.gen {
			return m, nil
		}
		m.statusErr = msg.err
		if msg.err != nil {
			m.layout()
			return m, nil
		}
		m.sum = &msg.sum
		m.layout()
		if len(msg.sum.Products) == 0 {
			return m, nil
		}
		svc := m.ctx.Svc
		var prev *trend
		if m.trend != nil {
			// The command works on its own copy.
			t := *m.trend
			t.Days = slices.Clone(t.Days)
			prev = &t
		}
		return m, tea.Batch(loadInvoice(svc, m.ctx.Snapshots, m.id, m.gen),
			loadTrend(svc, m.id, m.gen, prev, msg.sum.Assigned, msg.seq, msg.sum.Now))

	case invoiceMsg:
		if msg.id == m.id && msg.gen == m.gen {
			m.invErr = msg.err
			if msg.err == nil {
				m.inv = &msg.inv
			}
			m.layout()
		}
		return m, nil

	case trendMsg:
		if msg.id == m.id && msg.gen == m.gen {
			m.trendErr = msg.err
			if msg.err == nil {
				m.trend = &msg.trend
			}
			m.layout()
		}
		return m, nil

	case tea.KeyMsg:
		switch {
		case key.Matches(msg, m.ctx.Keys.Top):
			m.vp.GotoTop()
			return m, nil
		case key.Matches(msg, m.ctx.Keys.Bottom):
			m.vp.GotoBottom()
			return m, nil
		}
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, cmd

	case tea.MouseMsg:
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, cmd
	}
	return m, nil
}

// SetSize lays the dashboard out again for the new area.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = max(width, 1), max(height, 1)
	m.layout()
}

// Help lists the scroll keys while there is something to scroll.
func (m *Model) Help() help.KeyMap {
	if !m.scrolls {
		return common.KeyList{}
	}
	k := m.ctx.Keys
	return common.KeyList{k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom}
}

// View is the viewport over the laid-out dashboard, and where it scrolls,
// a last line saying what is above and below.
func (m *Model) View() string {
	if !m.scrolls {
		return m.vp.View()
	}
	return m.vp.View() + "\n" + m.scrollLine()
}

func (m *Model) scrollLine() string {
	st := m.ctx.Styles
	below := m.vp.TotalLineCount() - m.vp.YOffset - m.vp.Height
	var s string
	switch {
	case below > 0 && m.vp.YOffset == 0:
		s = fmt.Sprintf("↓ %d more lines%s · j/k, pgdn", below, m.belowHint())
	case below > 0:
		s = fmt.Sprintf("↑↓ %d more lines below · j/k, pgup/pgdn, g top", below)
	default:
		s = "↑ top: g · end of dashboard"
	}
	return st.Subtle.Render(common.Fit(s, m.width))
}

// belowHint names the sections that start below the first screen.
func (m *Model) belowHint() string {
	names := firstBelow(m.sections, m.vp.YOffset+m.vp.Height)
	if len(names) == 0 {
		return ""
	}
	return " (" + strings.Join(names, ", ") + ")"
}
