package common

import (
	"sync"

	"github.com/seats/seats/model"
)

// Snapshots lets the sessions of one process share what they loaded: a
// tab's rows, built once per version of the data, are read by every
// session looking at that version instead of each holding its own copy
// (a million licenses are tens of megabytes). What it holds must never
// change once built. Serve makes one for all its sessions; a local TUI
// has none.
type Snapshots struct {
	mu      sync.Mutex
	entries map[string]*snapshot
}

type snapshot struct {
	version model.Version
	done    chan struct{}
	value   any
	err     error
}

func NewSnapshots() *Snapshots { return &Snapshots{entries: map[string]*snapshot{}} }

// Load returns what build makes of the data at version v, building it
// only when no session has (or is building) it for v. Only the newest
// version per name is kept; a failed build is not kept. s may be nil:
// then Load just builds.
func (s *Snapshots) Load(name string, v model.Version, build func() (any, error)) (any, error) {
	if s == nil {
		return build()
	}
	s.mu.Lock()
	e, ok := s.entries[name]
	if ok && e.version == v {
		s.mu.Unlock()
		<-e.done
		return e.value, e.err
	}
	e = &snapshot{version: v, done: make(chan struct{})}
	if !ok || newer(v, s.entries[name].version) {
		s.entries[name] = e
	}
	s.mu.Unlock()
	e.value, e.err = build()
	close(e.done)
	if e.err != nil {
		s.mu.Lock()
		if s.entries[name] == e {
			delete(s.entries, name)
		}
		s.mu.Unlock()
	}
	return e.value, e.err
}

// newer orders versions: a later event, or at the same event more
// changes fallen due (time only moves on).
func newer(a, b model.Version) bool {
	return a.Seq > b.Seq || a.Seq == b.Seq && a.Due > b.Due
}
