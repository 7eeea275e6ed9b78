package licenses

import (
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/ui/tui/common"
)

// A million licenses take a while to read (most of a second from a
// server, which produces the rows no faster), so the tab's first load
// does not wait for them: the first page, in ID order, is read in a
// transaction of its own and shown at once, while the whole listing
// loads behind it; the status line says "loading n of N" until the whole
// list replaces the page. Filter and sort work on the page meanwhile and
// are applied to the whole list when it arrives (the line says so). A
// reload (after a change) keeps the whole list on screen as before.

// firstPageSize is how many licenses the first page holds: more than any
// screen shows, so paging down does not run out at once.
const firstPageSize = 256

// progressEvery is how often the loading line is redrawn.
const progressEvery = 150 * time.Millisecond

// firstPageMsg carries the first page of a first load.
type firstPageMsg struct {
	tab, gen uint64
	src      *source
	total    int
	err      error
}

// progressMsg asks the tab to redraw the loading line.
type progressMsg struct{ tab, gen uint64 }

// progress is the state of a first load that has not finished.
type progress struct {
	gen     uint64        // the first load under way; 0 when none is
	partial bool          // the rows on screen are the first page only
	total   int           // licenses in the whole listing
	read    *atomic.Int64 // rows the whole load has read so far
	// next is the counter the next load's builder adds to (nil: none).
	next *atomic.Int64
}

// firstLoad reads the first page; the whole listing starts when it has
// come (startWhole), so the two do not compete for the server or the
// CPU while the first screen is the one thing waited for.
func (t *Tab) firstLoad() tea.Cmd {
	read := &atomic.Int64{}
	// The whole load will be the next load (load adds one to gen).
	t.progress = progress{gen: t.gen + 1, read: read, next: read}
	svc, tab, gen := t.ctx.Svc, t.id, t.progress.gen
	return func() tea.Msg {
		pg, err := svc.FirstLicenses(firstPageSize)
		if err != nil {
			return firstPageMsg{tab: tab, gen: gen, err: err}
		}
		var b builder
		b.start(pg.Directory, len(pg.Licenses))
		for _, l := range pg.Licenses {
			b.add(l)
		}
		return firstPageMsg{tab: tab, gen: gen, src: b.source(), total: pg.Total}
	}
}

func (t *Tab) tick() tea.Cmd {
	tab, gen := t.id, t.progress.gen
	return tea.Tick(progressEvery, func(time.Time) tea.Msg { return progressMsg{tab: tab, gen: gen} })
}

// updateProgress takes the first page and the ticks.
func (t *Tab) updateProgress(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case firstPageMsg:
		if msg.tab != t.id {
			return nil
		}
		// The whole load, unless a reload has already started one.
		var whole tea.Cmd
		if t.gen < msg.gen {
			whole = t.load()
		}
		t.progress.next = nil
		// Too late (a whole list is here), or failed (the whole load will
		// answer too, with its own error or rows): only the whole load.
		if msg.gen != t.progress.gen || t.src != nil || msg.err != nil {
			return whole
		}
		// A page that holds the whole listing is not partial: only its
		// twin from the whole load will replace it.
		t.src, t.progress.partial, t.progress.total = msg.src, msg.src.Len() < msg.total, msg.total
		cmd := t.table.SetSource(msg.src)
		if t.progress.partial {
			return tea.Batch(whole, cmd, t.tick())
		}
		return tea.Batch(whole, cmd)
	case progressMsg:
		if msg.tab != t.id || msg.gen != t.progress.gen {
			return nil
		}
		return t.tick()
	}
	return nil
}

// loaded ends the first load: a whole list (or its error) is in, and
// replaces the page.
func (p *progress) loaded() { *p = progress{} }

// view replaces the table's status line with the loading line while the
// first page is what is shown.
func (p *progress) view(ctx *common.Context, table string, width int) string {
	if !p.partial {
		return table
	}
	read := int(p.read.Load())
	line := "Loading licenses: " + commas(read) + " of " + commas(p.total) + " read; filter and sort apply to all once loaded"
	line = common.Fit(ctx.Styles.Subtle.Render(line), width)
	if i := strings.LastIndexByte(table, '\n'); i >= 0 {
		return table[:i+1] + line
	}
	return line
}

// commas writes n with thousands separators.
func commas(n int) string {
	s := []byte{}
	digits := []byte(strings.TrimPrefix(strconv.Itoa(n), "-"))
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			s = append(s, ',')
		}
		s = append(s, d)
	}
	if n < 0 {
		return "-" + string(s)
	}
	return string(s)
}
