package serve

import (
	"context"
	"sync"
	"time"

	"github.com/seats/seats/model"
)

// mailbox holds the newest change for one session. A session that is slow
// to take it never blocks the hub: a newer change replaces the old one.
type mailbox chan model.Version

func newMailbox() mailbox { return make(mailbox, 1) }

func (m mailbox) put(c model.Version) {
	for {
		select {
		case m <- c:
			return
		default:
		}
		select {
		case <-m:
		default:
		}
	}
}

// hub is the one place that learns of changes: a commit through any
// session kicks it, and it also looks every pollEvery for changes made by
// other seats processes on the same file. It reads the log's head once per
// change, however many sessions there are.
type hub struct {
	svc *model.Service
	// every bounds how late a change by another process is seen when
	// nothing tells of it.
	every time.Duration
	kick  chan struct{}

	mu   sync.Mutex
	subs map[mailbox]struct{}
	last model.Version
}

func newHub(svc *model.Service, pollEvery time.Duration) *hub {
	return &hub{svc: svc, every: pollEvery, kick: make(chan struct{}, 1), subs: map[mailbox]struct{}{}}
}

// committed is called after every commit made through serve.
func (h *hub) committed() {
	select {
	case h.kick <- struct{}{}:
	default:
	}
}

func (h *hub) subscribe() mailbox {
	m := newMailbox()
	h.mu.Lock()
	h.subs[m] = struct{}{}
	h.mu.Unlock()
	return m
}

func (h *hub) unsubscribe(m mailbox) {
	h.mu.Lock()
	delete(h.subs, m)
	h.mu.Unlock()
}

// run publishes changes until ctx ends; each published change also calls
// onChange (serve re-checks every session's rights then).
func (h *hub) run(ctx context.Context, onChange func()) {
	h.last, _ = h.read()
	t := time.NewTicker(h.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-h.kick:
		case <-t.C:
		}
		c, err := h.read()
		if err != nil || c == h.last {
			continue
		}
		h.last = c
		h.mu.Lock()
		for m := range h.subs {
			m.put(c)
		}
		h.mu.Unlock()
		onChange()
	}
}

func (h *hub) read() (model.Version, error) { return h.svc.Version() }
