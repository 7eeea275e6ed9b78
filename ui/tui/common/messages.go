package common

import (
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
)

// DataChangedMsg tells every tab to reload: an action committed here, or
// the database changed under us (another process or session). Seq is the
// newest event sequence number.
type DataChangedMsg struct{ Seq uint64 }

// ActionDoneMsg reports a finished domain action: Status on success (shown
// in the status line), Err when refused. On success the root reloads.
type ActionDoneMsg struct {
	Status string
	Err    error
}

// StatusMsg only shows a line in the status bar (an error when Err is set).
type StatusMsg struct {
	Text string
	Err  error
}

// OpenModalMsg asks the root to show a modal over the tab.
type OpenModalMsg struct{ Modal Modal }

// CloseModalMsg closes the top modal. Then, if set, Then runs.
type CloseModalMsg struct{ Then tea.Cmd }

// HistoryMsg opens the event-history modal for one thing.
type HistoryMsg struct {
	Ref   model.Ref
	Title string
}

// Act runs a domain action as a command; fn returns the status line to show.
func Act(fn func() (string, error)) tea.Cmd {
	return func() tea.Msg {
		s, err := fn()
		return ActionDoneMsg{Status: s, Err: err}
	}
}

// Open is a command that opens m as a modal.
func Open(m Modal) tea.Cmd { return func() tea.Msg { return OpenModalMsg{Modal: m} } }

// Close is a command that closes the top modal and then runs then (may be nil).
func Close(then tea.Cmd) tea.Cmd { return func() tea.Msg { return CloseModalMsg{Then: then} } }

// History is a command that opens the history modal for ref.
func History(ref model.Ref, title string) tea.Cmd {
	return func() tea.Msg { return HistoryMsg{Ref: ref, Title: title} }
}

// Status is a command that shows text in the status line.
func Status(text string) tea.Cmd { return func() tea.Msg { return StatusMsg{Text: text} } }

// Fail is a command that shows err in the status line.
func Fail(err error) tea.Cmd { return func() tea.Msg { return StatusMsg{Err: err} } }

// Addressed is a message for one tab or modal (or a table inside it): the
// root hands it only to the one that Owns its address, never to the other
// open tabs.
type Addressed interface{ To() uint64 }

// Owner is a tab or modal that answers for addresses: its own ID and
// those of the tables inside it.
type Owner interface{ Owns(id uint64) bool }

var instances atomic.Uint64

// NewID names one instance of a tab, modal or table. Each addresses its
// commands' results with its ID (see Addressed), and usually tags them
// with a reload generation so that only the newest is taken.
func NewID() uint64 { return instances.Add(1) }
