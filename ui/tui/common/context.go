// Package common holds what every part of the terminal UI shares: the
// per-session Context (service, acting user, keymap, styles, size), the
// interfaces a tab and a modal satisfy, and the messages they exchange with
// the root. It is built once per session, never global, so many SSH
// sessions and parallel tests can each have their own.
package common

import (
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/seats/seats/model"
)

// Context is shared by pointer between the root and every tab of one
// session. Only the root writes it (in Update, on resize and reload).
type Context struct {
	Svc *model.Service
	// Actor is the acting user; the zero User on a fresh database, where
	// whoever holds the file may set it up.
	Actor  model.User
	Keys   KeyMap
	Styles Styles
	// Snapshots shares loaded rows with the other sessions of the
	// process (nil: this session loads its own).
	Snapshots *Snapshots
	// Width and Height are the space a tab may draw in (below the tab bar,
	// above the status and help lines).
	Width, Height int
}

// NewContext builds a session's context; r decides colours (one renderer
// per SSH session, lipgloss's default locally).
func NewContext(svc *model.Service, actor model.User, r *lipgloss.Renderer) *Context {
	return &Context{Svc: svc, Actor: actor, Keys: DefaultKeyMap(), Styles: NewStyles(r)}
}

// ActorEmail is what domain calls take as the acting user ("" = owner).
func (c *Context) ActorEmail() string { return c.Actor.Email }

// CanManage says whether to offer changing actions at all. The domain
// enforces Rule 7 regardless; this only keeps useless keys out of help.
func (c *Context) CanManage() bool { return c.Actor.ID == 0 || c.Actor.Role.CanManage() }

// Now is the domain's clock (pinned by SEATS_NOW in demos and tests).
func (c *Context) Now() time.Time { return c.Svc.Now() }

// Tab is one of the seven screens. The root routes keys to the active
// tab, results to the tab that asked (see Addressed and Owner), and
// DataChangedMsg to the tab on screen (the others get it when shown);
// each tab owns its keys.
type Tab interface {
	// Init starts loading the tab's data.
	Init() tea.Cmd
	Update(tea.Msg) (Tab, tea.Cmd)
	View() string
	// SetSize gives the tab its drawing area.
	SetSize(width, height int)
	Title() string
	// Help lists the keys that work now (disabled ones are left out).
	Help() help.KeyMap
	// Capturing is true while the tab takes raw text (a filter being
	// typed): the root then leaves digits, tab and q to it.
	Capturing() bool
}

// Busy is implemented by tabs and modals that load or compute in the
// background; while it answers true the root shows a spinner.
type Busy interface{ Busy() bool }

// Modal is drawn over the active tab and gets every key until it closes
// itself with CloseModal. Forms, confirmations and the history modal are
// modals.
type Modal interface {
	Init() tea.Cmd
	Update(tea.Msg) (Modal, tea.Cmd)
	View() string
	SetSize(width, height int)
	Help() help.KeyMap
}
