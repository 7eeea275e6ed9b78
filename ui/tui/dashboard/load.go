package dashboard

import (
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
)

// Results of the three loads, tagged with the dashboard that asked (id) and
// the reload they answer (gen), so a slow answer to an older reload never
// overwrites a newer one.
type (
	statusMsg struct {
		id, gen uint64
		sum     model.Summary
		// seq is the newest event the summary reflects (when changes kept
		// landing between the reads, the newest seen: the trend may then be
		// off by those changes until the reload they cause).
		seq uint64
		err error
	}
	invoiceMsg struct {
		id, gen uint64
		inv     model.Invoice
		err     error
	}
	trendMsg struct {
		id, gen uint64
		trend   trend
		err     error
	}
)

func (m statusMsg) To() uint64  { return m.id }
func (m invoiceMsg) To() uint64 { return m.id }
func (m trendMsg) To() uint64   { return m.id }

// loadStatus reads the summary. It is the first frame of the app, so it
// does nothing else: the invoice and the trend load after it. The event
// sequence read on both sides of it pins which events the summary already
// includes, so the trend can replay exactly those.
//
// Sessions at the same version of the data share one summary and one
// invoice (shared), which are only read once built.
func loadStatus(svc *model.Service, shared *common.Snapshots, id, gen uint64) tea.Cmd {
	return func() tea.Msg {
		msg := statusMsg{id: id, gen: gen}
		for range 3 {
			before, err := svc.Version()
			if err != nil {
				return statusMsg{id: id, gen: gen, err: err}
			}
			sum, err := shared.Load(today("status", svc), before, func() (any, error) { return svc.Status() })
			if err != nil {
				return statusMsg{id: id, gen: gen, err: err}
			}
			msg.sum = sum.(model.Summary)
			if msg.seq, msg.err = svc.LastSeq(); msg.err != nil || msg.seq == before.Seq {
				return msg
			}
		}
		return msg
	}
}

// today names a shared load by its day too: what expires "in 18 days"
// changes at midnight without any event.
func today(name string, svc *model.Service) string {
	return name + " " + string(model.DateOf(svc.Now()))
}

func loadInvoice(svc *model.Service, shared *common.Snapshots, id, gen uint64) tea.Cmd {
	return func() tea.Msg {
		v, err := svc.Version()
		if err != nil {
			return invoiceMsg{id: id, gen: gen, err: err}
		}
		inv, err := shared.Load(today("invoice", svc), v, func() (any, error) { return svc.Invoice() })
		if err != nil {
			return invoiceMsg{id: id, gen: gen, err: err}
		}
		return invoiceMsg{id: id, gen: gen, inv: inv.(model.Invoice)}
	}
}

// activityPage is how many events one read of the trend takes: large
// enough that a busy quarter is a few reads, small enough that one read
// never holds much memory or a long transaction.
const activityPage = 5000

// loadTrend computes the trend as of event seq. With the trend of an
// earlier load (prev, a copy) of the same window, it reads only the events
// since and adds them on, which keeps a busy million-license database from
// replaying a quarter of its log on every change; it replays the whole
// window when that is not possible or the sum does not come out at the
// assigned count.
func loadTrend(svc *model.Service, id, gen uint64, prev *trend, assigned int, seq uint64, now time.Time) tea.Cmd {
	return func() tea.Msg {
		first := model.DateOf(now).Time().AddDate(0, 0, -(trendDays - 1))
		if prev != nil && prev.First.Equal(first) && prev.Seq <= seq && seq-prev.Seq <= activityPage {
			if t, ok, err := extend(svc, *prev, seq, assigned); err != nil {
				return trendMsg{id: id, gen: gen, err: err}
			} else if ok {
				return trendMsg{id: id, gen: gen, trend: t}
			}
		}
		t, err := replayAll(svc, assigned, seq, now)
		return trendMsg{id: id, gen: gen, trend: t, err: err}
	}
}

// replayAll walks the log back from seq to the start of the window.
func replayAll(svc *model.Service, assigned int, seq uint64, now time.Time) (trend, error) {
	r := newReplay(assigned, now, trendDays)
	before := seq + 1
	for before > 1 {
		page, err := svc.Activity(before, activityPage)
		if err != nil {
			return trend{}, err
		}
		for _, e := range page {
			if !r.undo(e) {
				return r.finish(seq), nil
			}
		}
		if len(page) < activityPage {
			break
		}
		before = page[len(page)-1].Seq
	}
	return r.finish(seq), nil
}

// extend adds the events after t.Seq up to seq to t; ok is false when the
// result does not end at the assigned count.
func extend(svc *model.Service, t trend, seq uint64, assigned int) (trend, bool, error) {
	var events []model.Event
	if seq > t.Seq {
		var err error
		if events, err = svc.Activity(seq+1, int(seq-t.Seq)); err != nil {
			return trend{}, false, err
		}
	}
	slices.Reverse(events)
	t.apply(events)
	t.Seq = seq
	return t, t.Days[len(t.Days)-1] == assigned, nil
}
