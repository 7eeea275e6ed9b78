package tabs

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/ui/tui/common"
)

// loadedMsg is one load's answer, addressed to the tab (to) and tagged
// with the loader (from) and the reload it answers (gen).
type loadedMsg[T any] struct {
	to, from, gen uint64
	data          T
	err           error
}

func (m loadedMsg[T]) To() uint64 { return m.to }

// Loader is the load plumbing of one set of rows: a tab with several
// views (allocations) has one per view. Reloads count generations, and
// only the newest one's answer is taken.
type Loader[T any] struct {
	to, id, gen uint64
	fetch       Fetch[T]
	loaded      bool
	err         error
	// Stale says a change came while the rows were not shown; they
	// reload when shown next.
	Stale bool
}

// NewLoader makes a loader for a tab of its own (its ID is the tab's).
func NewLoader[T any](fetch Fetch[T]) Loader[T] {
	id := common.NewID()
	return Loader[T]{to: id, id: id, fetch: fetch}
}

// For makes another loader of the tab whose ID is to.
func For[T any](to uint64, fetch Fetch[T]) Loader[T] {
	return Loader[T]{to: to, id: common.NewID(), fetch: fetch}
}

// Load starts a reload; it supersedes any still on its way.
func (l *Loader[T]) Load(ctx *common.Context) tea.Cmd {
	l.gen++
	l.Stale = false
	svc, shared, fetch := ctx.Svc, ctx.Snapshots, l.fetch
	to, from, gen := l.to, l.id, l.gen
	return func() tea.Msg {
		data, err := fetch(svc, shared)
		return loadedMsg[T]{to: to, from: from, gen: gen, data: data, err: err}
	}
}

// Pending is true until the first load answered.
func (l *Loader[T]) Pending() bool { return !l.loaded && l.err == nil }

// Loaded says the rows came at least once.
func (l *Loader[T]) Loaded() bool { return l.loaded }

// Err is the last load's error.
func (l *Loader[T]) Err() error { return l.err }

// Take takes msg when it is this loader's newest answer: fresh with its
// data, or, when a reload failed over rows already shown, the command
// that says why they are old. ok is false for anything else.
func (l *Loader[T]) Take(msg tea.Msg) (data T, cmd tea.Cmd, fresh bool) {
	m, ok := msg.(loadedMsg[T])
	if !ok || m.from != l.id || m.gen != l.gen {
		return data, nil, false
	}
	l.err = m.err
	if m.err != nil {
		if l.loaded {
			// The rows on screen stay; the status line says why they are old.
			return data, common.Fail(m.err), false
		}
		return data, nil, false
	}
	l.loaded = true
	return m.data, nil, true
}
