package flows

import (
	"sync/atomic"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/table"
)

// Holders is what a tab of license holders (the users tab, the assets
// tab) needs for the holder flows: its ID (prepared modals come back to
// it), the kind of product its rows hold, their noun, and whether the
// last bulk action on marked rows went through.
type Holders struct {
	Tab  uint64
	Kind model.AssignKind
	Noun string // "user", "asset"
	// spent is set by a bulk action once it went through, so the marks
	// it used are dropped on the reload that follows.
	spent *atomic.Bool
}

// Assign assigns a license to each marked holder when rows are marked,
// else to the selected one.
func (h *Holders) Assign(ctx *common.Context, marked []string, selected string) tea.Cmd {
	if len(marked) > 0 {
		return Assign(ctx, h.Tab, h.Kind, h.Noun, marked, h.spend())
	}
	return Assign(ctx, h.Tab, h.Kind, h.Noun, []string{selected}, nil)
}

// Unassign unassigns a product from the marked holders when rows are
// marked, else one of the selected holder's licenses.
func (h *Holders) Unassign(ctx *common.Context, marked []string, selected string) tea.Cmd {
	if len(marked) > 0 {
		return UnassignProduct(ctx, h.Tab, h.Kind, h.Noun, marked, h.spend())
	}
	return Unassign(ctx, h.Tab, selected)
}

// spend starts a bulk action and returns what it calls when it went through.
func (h *Holders) spend() func() {
	flag := &atomic.Bool{}
	h.spent = flag
	return func() { flag.Store(true) }
}

// Changed drops the marks the last bulk action spent, once it went
// through; a holder tab calls it on every change, before it reloads.
func (h *Holders) Changed(rows *table.Model) {
	if h.spentOnce() {
		rows.ClearMarks()
	}
}

// spentOnce reports, once, that the last bulk action went through.
func (h *Holders) spentOnce() bool {
	if h.spent == nil || !h.spent.Load() {
		return false
	}
	h.spent = nil
	return true
}

// Keys are the assign and unassign bindings, saying so when they act on
// the marked rows.
func (h *Holders) Keys(k common.KeyMap, marked bool) (assign, unassign key.Binding) {
	assign, unassign = k.Assign, k.Unassign
	if marked {
		assign.SetHelp("a", "assign to marked")
		unassign.SetHelp("u", "unassign from marked")
	}
	return assign, unassign
}
