// Package settings is the Settings tab: the notification settings
// (model.NotifySettings) — channels with their routes, the SMTP server
// email channels send through, the expiry lead times and the reminder
// interval — with forms to change them and a test send per channel. The
// owner and admins edit them; anyone else is shown why they cannot (the
// domain's refusal), never the settings themselves. The SMTP password is
// never shown: the form can only replace it.
package settings

import (
	"context"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/send"
	"github.com/seats/seats/ui/tui/common"
)

// loadedMsg carries one load, tagged with the tab and the reload it answers.
type loadedMsg struct {
	tab, gen uint64
	s        model.NotifySettings
	err      error
}

// The rows below the channels.
const (
	rowSMTP = iota
	rowTiming
	extraRows
)

// Tab is the Settings tab; it is used by pointer.
type Tab struct {
	ctx      *common.Context
	id, gen  uint64
	loaded   bool
	settings model.NotifySettings
	// err is why the settings cannot be shown (a viewer, a member).
	err error
	// cursor is a channel's index, or len(channels)+rowSMTP/rowTiming.
	cursor        int
	test          key.Binding
	width, height int
}

// New builds the tab; it loads when first shown.
func New(ctx *common.Context) common.Tab {
	t := &Tab{ctx: ctx, id: common.NewID(),
		test: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "send a test"))}
	t.SetSize(ctx.Width, ctx.Height)
	return t
}

func (t *Tab) Title() string { return "Settings" }

func (t *Tab) Init() tea.Cmd { return t.load() }

// load reads the settings in a command, never in Update.
func (t *Tab) load() tea.Cmd {
	t.gen++
	id, gen, svc, actor := t.id, t.gen, t.ctx.Svc, t.ctx.ActorEmail()
	return func() tea.Msg {
		s, err := svc.NotifySettings(actor)
		return loadedMsg{tab: id, gen: gen, s: s, err: err}
	}
}

func (t *Tab) Busy() bool { return !t.loaded }

func (t *Tab) SetSize(w, h int) { t.width, t.height = w, h }

func (t *Tab) Capturing() bool { return false }

func (t *Tab) rows() int { return len(t.settings.Channels) + extraRows }

// channel is the channel under the cursor.
func (t *Tab) channel() (model.Channel, bool) {
	if !t.editable() || t.cursor >= len(t.settings.Channels) {
		return model.Channel{}, false
	}
	return t.settings.Channels[t.cursor], true
}

// editable says the settings were shown: the domain let this actor see
// them, and only the owner and admins may.
func (t *Tab) editable() bool { return t.loaded && t.err == nil }

func (t *Tab) Update(msg tea.Msg) (common.Tab, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.tab != t.id || msg.gen != t.gen {
			return t, nil
		}
		t.loaded, t.settings, t.err = true, msg.s, msg.err
		t.cursor = min(t.cursor, t.rows()-1)
		return t, nil
	case common.DataChangedMsg:
		return t, t.load()
	case tea.KeyMsg:
		return t, t.key(msg)
	}
	return t, nil
}

func (t *Tab) key(msg tea.KeyMsg) tea.Cmd {
	if !t.editable() {
		return nil
	}
	k := t.ctx.Keys
	ch, onChannel := t.channel()
	switch {
	case key.Matches(msg, k.Up):
		t.cursor = max(t.cursor-1, 0)
	case key.Matches(msg, k.Down):
		t.cursor = min(t.cursor+1, t.rows()-1)
	case key.Matches(msg, k.Top):
		t.cursor = 0
	case key.Matches(msg, k.Bottom):
		t.cursor = t.rows() - 1
	case key.Matches(msg, k.New):
		return common.Open(channelForm(t.ctx, model.Channel{Type: model.ChannelWebhook}, true))
	case key.Matches(msg, k.Edit), key.Matches(msg, k.Submit):
		switch {
		case onChannel:
			return common.Open(channelForm(t.ctx, ch, false))
		case t.cursor == len(t.settings.Channels)+rowSMTP:
			return common.Open(smtpForm(t.ctx, t.settings.SMTP))
		default:
			return common.Open(timingForm(t.ctx, t.settings))
		}
	case key.Matches(msg, k.Delete) && onChannel:
		return common.Open(deleteConfirm(t.ctx, ch.Name))
	case key.Matches(msg, t.test) && onChannel:
		return t.sendTest(ch)
	}
	return nil
}

// sendTest sends a test notification to ch in a command: a slow receiver
// holds up nothing but the status line's answer.
func (t *Tab) sendTest(ch model.Channel) tea.Cmd {
	if ch.Type == model.ChannelCommand {
		// As over SSH on the command line: a test runs the program on
		// the server, so it is run there.
		return common.Fail(model.Forbiddenf("testing a command channel runs a program: test it with 'seats notify settings test --channel %s' on the server", ch.Name))
	}
	svc, actor, name := t.ctx.Svc, t.ctx.ActorEmail(), ch.Name
	return common.Act(func() (string, error) {
		s, err := svc.NotifySettings(actor)
		if err != nil {
			return "", err
		}
		if err := (&send.Sender{}).Send(context.Background(), s, send.TestMessage(name, svc.Now())); err != nil {
			return "", err
		}
		return "test notification accepted by " + name, nil
	})
}

func (t *Tab) Help() help.KeyMap {
	k := t.ctx.Keys
	on := t.editable()
	_, onChannel := t.channel()
	return common.Enabled(
		common.Enable(k.Up, on), common.Enable(k.Down, on),
		common.Enable(k.New, on), common.Enable(k.Edit, on),
		common.Enable(k.Delete, onChannel), common.Enable(t.test, onChannel),
	)
}
