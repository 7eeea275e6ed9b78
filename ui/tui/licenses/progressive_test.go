package licenses

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/tuitest"
)

// TestFirstLoadShowsTheFirstPageWhileTheRestLoads: with more licenses
// than a page, the first page (in ID order) is drawn as soon as it comes,
// the status line says how many of how many are read, and the whole list
// replaces the page when it arrives, the line gone.
func TestFirstLoadShowsTheFirstPageWhileTheRestLoads(t *testing.T) {
	w := tuitest.Standard(t)
	const many = firstPageSize + 100
	_, err := w.Svc.CreateProduct("", model.Product{Name: "Many", Contracted: many})
	w.Must(err)
	h := tuitest.New(t, w, "", nil, 120, 40)
	tb := New(h.Ctx).(*Tab)
	h.Tab = tb
	page := tuitest.Messages(tb.Init(), tuitest.Wait)
	if len(page) != 1 {
		t.Fatalf("the first load sent %#v, want the first page alone", page)
	}
	if _, ok := page[0].(firstPageMsg); !ok {
		t.Fatalf("the first load sent %T, want the first page", page[0])
	}
	total := many + 5
	// Delivered by hand: the harness would run the loading line's ticks
	// for as long as the page is all there is. The page starts the
	// whole load.
	_, cmd := tb.Update(page[0])
	var whole []tea.Msg
	for _, msg := range tuitest.Messages(cmd, tuitest.Wait) {
		// The whole load answers with the tab base's own message.
		if strings.HasPrefix(fmt.Sprintf("%T", msg), "tabs.loadedMsg") {
			whole = append(whole, msg)
		}
	}
	if len(whole) != 1 {
		t.Fatalf("the page started %d whole loads, want 1", len(whole))
	}
	if tb.Data.Len() != firstPageSize {
		t.Fatalf("the page holds %d licenses, want %d", tb.Data.Len(), firstPageSize)
	}
	view := h.Tab.View()
	tuitest.Contains(t, view, "LIC-000001", "Loading licenses: ", " of "+commas(total)+" read")
	if !strings.Contains(tuitest.Flat(view), "filter and sort apply to all once loaded") {
		t.Errorf("the loading line does not say filter and sort wait:\n%s", view)
	}
	h.Send(whole[0])
	h.Send(progressMsg{tab: tb.ID()}) // a tick that was under way ends
	if tb.Data.Len() != total {
		t.Fatalf("the whole list holds %d licenses, want %d", tb.Data.Len(), total)
	}
	if view := h.Tab.View(); strings.Contains(view, "Loading licenses") {
		t.Errorf("the loading line stays after the whole list came:\n%s", view)
	}
	// A page that arrives after the whole list is dropped.
	tb.Update(page[0])
	if tb.Data.Len() != total {
		t.Errorf("a late page replaced the whole list: %d rows", tb.Data.Len())
	}
}

// TestTypingAFilterOverTheFirstPageKeepsItsRows: with the first page on
// screen and the rest still loading, "/" opens the filter over the page's
// rows; the screen never goes back to a bare loading line.
func TestTypingAFilterOverTheFirstPageKeepsItsRows(t *testing.T) {
	w := tuitest.Standard(t)
	_, err := w.Svc.CreateProduct("", model.Product{Name: "Many", Contracted: firstPageSize + 100})
	w.Must(err)
	h := tuitest.New(t, w, "", nil, 120, 40)
	tb := New(h.Ctx).(*Tab)
	h.Tab = tb
	page := tuitest.Messages(tb.Init(), tuitest.Wait)
	tb.Update(page[0])
	h.Press("/", "o", "f")
	view := h.Tab.View()
	tuitest.Contains(t, view, "LIC-000001", "/of")
	if strings.Contains(view, "Loading licenses…") {
		t.Errorf("the page's rows gave way to the loading line while a filter is typed:\n%s", view)
	}
}

// TestFirstPageNamesItsHolders: the page names the products and the
// holders of its rows as the whole list does.
func TestFirstPageNamesItsHolders(t *testing.T) {
	w := tuitest.Standard(t)
	pg, err := w.Svc.FirstLicenses(3)
	w.Must(err)
	all, names, err := w.Svc.Licenses(model.LicenseFilter{})
	w.Must(err)
	if len(pg.Licenses) != 3 || pg.Total != len(all) {
		t.Fatalf("page of %d licenses of %d, want 3 of %d", len(pg.Licenses), pg.Total, len(all))
	}
	page := pg.Directory.Names()
	for i, l := range pg.Licenses {
		if l != all[i] {
			t.Errorf("page row %d is %+v, the listing's %+v", i, l, all[i])
		}
		if got, want := page.Assignee(l), names.Assignee(l); got != want {
			t.Errorf("%s: the page names its holder %q, the listing %q", l.Code(), got, want)
		}
		if page.Products[l.ProductID] != names.Products[l.ProductID] {
			t.Errorf("%s: product %q vs %q", l.Code(), page.Products[l.ProductID], names.Products[l.ProductID])
		}
	}
}

// TestAFilterTypedBeforeTheRowsComeAppliesWhenTheyDo: "/ana⏎" typed
// ahead of the first load — before the first page, or with the page in
// but not yet on screen — is a filter, shown while typed and applied to
// the rows when they come; its letters never act as the tab's keys ("a"
// is assign).
func TestAFilterTypedBeforeTheRowsComeAppliesWhenTheyDo(t *testing.T) {
	for _, when := range []string{"before the first page", "with the page not yet on screen"} {
		t.Run(when, func(t *testing.T) {
			w := tuitest.Standard(t)
			h := tuitest.New(t, w, "", nil, 120, 40)
			tb := New(h.Ctx).(*Tab)
			h.Tab = tb
			var pending tea.Cmd
			if when == "before the first page" {
				pending = tb.Init()
			} else {
				page := tuitest.Messages(tb.Init(), tuitest.Wait)
				_, pending = tb.Update(page[0])
			}
			h.Press("/", "a", "n", "a")
			if !strings.Contains(tuitest.Flat(h.Tab.View()), "ana") {
				t.Errorf("the filter being typed is not shown:\n%s", h.Tab.View())
			}
			h.Press("enter")
			h.Run(pending)
			if len(h.Modals) != 0 || len(h.Up) != 0 {
				t.Fatalf("the typed-ahead letters acted: modals %v, sent %#v", h.Modals, h.Up)
			}
			if tb.Table.Query() != "ana" || tb.Table.Filtering() {
				t.Fatalf("filter %q (typing: %v), want ana accepted", tb.Table.Query(), tb.Table.Filtering())
			}
			if n := tb.Table.Len(); n != len(w.Held("ana@example.com")) {
				t.Fatalf("%d rows match, ana holds %d", n, len(w.Held("ana@example.com")))
			}
			tuitest.Contains(t, h.Tab.View(), "ana@example.com")
		})
	}
}
