package activity

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
)

// pageMsg is one page of the log for the tab with the same id, loaded
// for the rows of generation gen.
type pageMsg struct {
	id, gen uint64
	// older pages continue below before; newest pages are what came after
	// after (0: the first load).
	older         bool
	before, after uint64
	events        []model.Event
	// reset: more happened since after than a page holds; the page
	// replaces the rows instead of joining them.
	reset    bool
	total    uint64
	currency string
	err      error
}

func (m pageMsg) To() uint64 { return m.id }

// loadNewest reads the newest page; with after set, only what is newer
// than the newest loaded event matters.
func loadNewest(svc *model.Service, id, gen, after uint64, page int) tea.Cmd {
	return func() tea.Msg {
		msg := pageMsg{id: id, gen: gen, after: after}
		org, err := svc.Org()
		if err != nil {
			msg.err = err
			return msg
		}
		msg.currency = org.Currency
		if msg.events, msg.err = svc.Activity(0, page); msg.err != nil {
			return msg
		}
		if n := len(msg.events); n > 0 {
			msg.total = msg.events[0].Seq
			msg.reset = after > 0 && n == page && msg.events[n-1].Seq > after+1
		}
		return msg
	}
}

// loadOlder reads the page below the oldest loaded event.
func loadOlder(svc *model.Service, id, gen, before uint64, page int) tea.Cmd {
	return func() tea.Msg {
		events, err := svc.Activity(before, page)
		return pageMsg{id: id, gen: gen, older: true, before: before, events: events, err: err}
	}
}

// movesDown reports whether k moves the cursor towards older events.
func movesDown(k tea.KeyMsg, down, pageDown, bottom key.Binding) bool {
	return key.Matches(k, down) || key.Matches(k, pageDown) || key.Matches(k, bottom)
}
