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

// firstPageMsg carries the first page of a first load, addressed to the
// tab that asked.
type firstPageMsg struct {
	tab   uint64
	src   *source
	total int
	err   error
}

func (m firstPageMsg) To() uint64 { return m.tab }

// progressMsg asks the tab to redraw the loading line.
type progressMsg struct{ tab uint64 }

func (m progressMsg) To() uint64 { return m.tab }

// progress is the state of a first load that has not finished.
type progress struct {
	// wholeStarted: the whole listing's load is under way (or done).
	wholeStarted bool
	partial      bool          // the rows on screen are the first page only
	total        int           // licenses in the whole listing
	read         *atomic.Int64 // rows the whole load has read so far
}

// firstLoad reads the first page; the whole listing starts when it has
// come, so the two do not compete for the server or the CPU while the
// first screen is the one thing waited for.
func (t *Tab) firstLoad() tea.Cmd {
	svc, tab := t.Ctx.Svc, t.ID()
	return func() tea.Msg {
		pg, err := svc.FirstLicenses(firstPageSize)
		if err != nil {
			return firstPageMsg{tab: tab, err: err}
		}
		var b builder
		b.start(pg.Directory, len(pg.Licenses))
		for _, l := range pg.Licenses {
			b.add(l)
		}
		return firstPageMsg{tab: tab, src: b.source(), total: pg.Total}
	}
}

func (t *Tab) tick() tea.Cmd {
	tab := t.ID()
	return tea.Tick(progressEvery, func(time.Time) tea.Msg { return progressMsg{tab: tab} })
}

// updateProgress takes the first page and the ticks; ok is false for any
// other message.
func (t *Tab) updateProgress(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case firstPageMsg:
		if msg.tab != t.ID() {
			return nil, true
		}
		// The whole load, unless a change has already started one.
		var whole tea.Cmd
		if !t.progress.wholeStarted {
			t.progress.wholeStarted = true
			whole = t.Load()
		}
		// Too late (a whole list is here), or failed (the whole load will
		// answer too, with its own error or rows): only the whole load.
		if t.Loaded() || msg.err != nil {
			return whole, true
		}
		// A page that holds the whole listing is not partial: only its
		// twin from the whole load will replace it.
		t.Data, t.progress.partial, t.progress.total = msg.src, msg.src.Len() < msg.total, msg.total
		cmd := t.Table.SetSource(msg.src)
		if t.progress.partial {
			return tea.Batch(whole, cmd, t.tick()), true
		}
		return tea.Batch(whole, cmd), true
	case progressMsg:
		if msg.tab != t.ID() || !t.progress.partial {
			return nil, true
		}
		return t.tick(), true
	}
	return nil, false
}

// loaded ends the first load: a whole list is in, and replaces the page.
func (p *progress) loaded() { p.partial = false }

// view replaces the table's status line with the loading line while the
// first page is what is shown.
func (p *progress) view(ctx *common.Context, table string, width int) string {
	if !p.partial {
		return table
	}
	read := int(p.read.Load())
	line := "Loading licenses: " + commas(read) + " of " + commas(p.total) + " read; filter and sort apply to all once loaded"
	return common.ReplaceLastLine(table, common.Fit(ctx.Styles.Subtle.Render(line), width))
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
