package dashboard

import (
	"fmt"
	"strings"
	"time"

	"github.com/seats/seats/model"
)

// trendDays is the window of the seat-usage trend.
const trendDays = 90

// trend is the number of assigned seats at the end of each day, oldest
// first; the last day is today (so far).
type trend struct {
	Days  []int
	First time.Time // the first day's date
	Seq   uint64    // the newest event it reflects
}

// replay walks the event log newest first and takes each assignment back
// out, recording the count at each day's end as it crosses into the day
// before.
type replay struct {
	cur   int
	first time.Time
	days  []int
	day   int // the day whose end count is not yet recorded
	half  halves
}

func newReplay(assigned int, now time.Time, days int) *replay {
	today := model.DateOf(now).Time()
	r := &replay{cur: assigned, first: today.AddDate(0, 0, -(days - 1)), days: make([]int, days), day: days - 1,
		half: halves{}}
	return r
}

// undo takes one event back out; false once the event lies before the
// window (the log is in time order, so nothing older matters).
func (r *replay) undo(e model.Event) bool {
	if e.Time.Before(r.first) {
		return false
	}
	d := min(int(model.DateOf(e.Time).Time().Sub(r.first).Hours()/24), len(r.days)-1)
	// Days from d on end with the count before this event is undone.
	for r.day >= d {
		r.days[r.day] = r.cur
		r.day--
	}
	r.cur = max(r.cur-change(e, r.half), 0)
	return true
}

// change is what an event did to the assigned count. A seat deactivated
// from its holder has, in today's domain, been freed by an unassignment
// written in the same operation (same license, same time): the pair
// counts once, whichever side a walk through the log meets first.
func change(e model.Event, half halves) int {
	switch e.Kind {
	case model.EvLicenseAssigned:
		return 1
	case model.EvLicenseUnassigned:
	case model.EvLicenseDeactivated:
		if e.From != model.Active.String() {
			return 0 // a free seat leaving the pool
		}
	default:
		return 0
	}
	if other, ok := half[e.LicenseID]; ok && other.kind != e.Kind && other.at.Equal(e.Time) {
		delete(half, e.LicenseID)
		return 0
	}
	half[e.LicenseID] = halfPair{e.Kind, e.Time}
	return -1
}

// halves are the releases met so far that may be one side of a pair.
type halves map[model.ID]halfPair

type halfPair struct {
	kind string
	at   time.Time
}

func (r *replay) finish(seq uint64) trend {
	for ; r.day >= 0; r.day-- {
		r.days[r.day] = r.cur
	}
	return trend{Days: r.days, First: r.first, Seq: seq}
}

// apply adds events (oldest first, newer than t.Seq) to the trend: each
// changes the count at the end of its day and of every day after.
func (t *trend) apply(events []model.Event) {
	half := halves{}
	for _, e := range events {
		delta := change(e, half)
		if delta == 0 {
			continue
		}
		d := max(int(model.DateOf(e.Time).Time().Sub(t.First).Hours()/24), 0)
		for i := d; i < len(t.Days); i++ {
			t.Days[i] = max(t.Days[i]+delta, 0)
		}
	}
}

// levels are the eighths of a chart cell, empty to full. Block shapes, not
// colour, carry the value, so the chart reads in every colour profile.
var levels = []rune(" ▁▂▃▄▅▆▇█")

// chart draws the trend in rows lines of at most width cells: the value
// axis (newest, peak and low labels) on the left, one column per day when
// it fits (else per few days, each the count at the last day's end), and a
// date axis below.
func (t trend) chart(width, rows int) []string {
	if len(t.Days) == 0 || rows < 1 {
		return nil
	}
	lo, hi := t.Days[0], t.Days[0]
	for _, v := range t.Days {
		lo, hi = min(lo, v), max(hi, v)
	}
	label := max(len(fmt.Sprint(hi)), len(fmt.Sprint(lo)))
	cols := min(len(t.Days), max(width-label-1, 1))
	values := make([]int, cols)
	for j := range values {
		values[j] = t.Days[(j+1)*len(t.Days)/cols-1]
	}
	steps := rows * 8
	height := func(v int) int {
		if hi == lo {
			return 1 // a flat line
		}
		// The low value still shows as a sliver: an empty column would
		// read as "no data".
		return 1 + (v-lo)*(steps-1)/(hi-lo)
	}
	lines := make([]string, 0, rows+1)
	for r := range rows {
		var b strings.Builder
		switch {
		case r == 0:
			b.WriteString(fmt.Sprintf("%*d ", label, hi))
		case r == rows-1:
			b.WriteString(fmt.Sprintf("%*d ", label, lo))
		default:
			b.WriteString(strings.Repeat(" ", label+1))
		}
		base := (rows - 1 - r) * 8
		for _, v := range values {
			b.WriteRune(levels[min(max(height(v)-base, 0), 8)])
		}
		lines = append(lines, b.String())
	}
	from, to := t.First.Format("2006-01-02"), t.First.AddDate(0, 0, len(t.Days)-1).Format("2006-01-02")
	axis := strings.Repeat(" ", label+1) + from
	if gap := label + 1 + cols - len(axis) - len(to); gap > 0 {
		axis += strings.Repeat(" ", gap) + to
	}
	return append(lines, axis)
}
