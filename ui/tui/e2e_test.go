package tui_test

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
	"github.com/seats/seats/ui/tui"
	"github.com/seats/seats/ui/tui/tuitest"
)

// driver types keys into the whole app and waits for what they draw.
type driver struct {
	t  *testing.T
	tm *teatest.TestModel
}

func drive(t *testing.T, w *tuitest.World, actor string) *driver {
	t.Helper()
	tm := teatest.NewTestModel(t, tui.NewApp(w.Context(actor)), teatest.WithInitialTermSize(120, 40))
	t.Cleanup(func() { tm.Quit() })
	return &driver{t: t, tm: tm}
}

// keys sends each key ("ctrl+s", "tab", "enter", "esc", "backspace",
// "space" or literal text) and then waits for text to be drawn.
func (d *driver) keys(wait string, keys ...string) {
	d.t.Helper()
	for _, k := range keys {
		switch k {
		case "enter":
			d.tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
		case "tab":
			d.tm.Send(tea.KeyMsg{Type: tea.KeyTab})
		case "esc":
			d.tm.Send(tea.KeyMsg{Type: tea.KeyEsc})
		case "backspace":
			d.tm.Send(tea.KeyMsg{Type: tea.KeyBackspace})
		case "space":
			d.tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
		case "ctrl+s":
			d.tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
		default:
			d.tm.Type(k)
		}
		// Keys land one frame apart, as a person types them.
		time.Sleep(15 * time.Millisecond)
	}
	waitFor(d.t, d.tm, wait)
}

// TestDriveSeatOperations drives the app by keys through assign, unassign
// with confirmation, and adding licenses through the form with its
// agreement, and checks each result through the store and the event log.
func TestDriveSeatOperations(t *testing.T) {
	w := tuitest.Standard(t)
	d := drive(t, w, "")
	d.keys("LIC-000001", "2")

	// Unassign the first license (Ana's Office seat), confirming.
	d.keys("Unassign LIC-000001", "u")
	d.keys("LIC-000001 unassigned from ana@example.com", "y")
	l, err := w.Svc.License("LIC-000001")
	w.Must(err)
	if l.Status != model.Available {
		t.Fatalf("after confirming, LIC-000001 is %s", l.Status)
	}
	requireEvent(t, w, "LIC-000001", model.EvLicenseUnassigned)

	// Assign an Office seat to Ben through the form.
	d.keys("Assign a license", "a")
	d.keys("assigned to ben@example.com", "tab", "ben@example.com", "ctrl+s")
	held, _, err := w.Svc.Licenses(model.LicenseFilter{Holder: "ben@example.com", Product: "Office"})
	w.Must(err)
	if len(held) != 1 || held[0].Status != model.Active {
		t.Fatalf("ben holds %+v", held)
	}
	requireEvent(t, w, "ben@example.com", model.EvLicenseAssigned)

	// Add two licenses: refused until the agreement is ticked.
	d.keys("Add licenses to Office", "+")
	d.keys("tick the box", "backspace", "2", "ctrl+s")
	if p, _ := w.Svc.Product("Office"); p.Contracted != 3 {
		t.Fatalf("contracted changed to %d without agreement", p.Contracted)
	}
	d.keys("added to Office", "space", "ctrl+s")
	p, err := w.Svc.Product("Office")
	w.Must(err)
	if p.Contracted != 5 {
		t.Fatalf("contracted %d after adding 2 to 3", p.Contracted)
	}
	requireEvent(t, w, "Office", model.EvLicensesAdded)
	w.Check()
}

// TestDriveUserLifecycle invites a user through the form and terminates
// another with today's last day, confirming, then checks the store.
func TestDriveUserLifecycle(t *testing.T) {
	w := tuitest.Standard(t)
	d := drive(t, w, "")
	d.keys("Account Owner", "3")

	d.keys("Invite a user", "n")
	d.keys("zed@example.com invited", "zed@example.com", "tab", "Zed", "tab", "Zulu", "ctrl+s")
	u, err := w.Svc.User("zed@example.com")
	w.Must(err)
	if u.Name() != "Zed Zulu" || u.State != model.StateInvited {
		t.Fatalf("invited %+v", u)
	}
	requireEvent(t, w, "zed@example.com", model.EvUserInvited)

	// Ana holds an Office seat: filter to her row and terminate today.
	d.keys("ana@example.com", "/", "ana@", "enter")
	d.keys("Terminate ana@example.com", "t")
	d.keys("Terminate Ana Ruiz", "ctrl+s")
	d.keys("ana@example.com terminated", "y")
	u, err = w.Svc.User("ana@example.com")
	w.Must(err)
	if u.State != model.StateTerminated || u.Held != 0 {
		t.Fatalf("after termination: %+v", u)
	}
	held, _, err := w.Svc.Licenses(model.LicenseFilter{Holder: "ana@example.com"})
	w.Must(err)
	if len(held) != 0 {
		t.Fatalf("terminated user still holds %d licenses", len(held))
	}
	requireEvent(t, w, "ana@example.com", model.EvUserTerminated)
	w.Check()
}

// TestViewerCannotChangeAnything: a viewer sees the data, gets no action
// keys, and pressing them changes nothing.
func TestViewerCannotChangeAnything(t *testing.T) {
	w := tuitest.Standard(t)
	before, err := w.Svc.LastSeq()
	w.Must(err)
	d := drive(t, w, "vic@example.com")
	d.keys("LIC-000001", "2")
	d.keys("", "u", "y", "a", "+", "-", "3", "n", "t", "o", "5", "d", "y", "r")
	if err := d.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	view := d.tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
	for _, k := range []string{"unassign", "terminate", "new product", "delete"} {
		if strings.Contains(view, k) {
			t.Errorf("viewer's help offers %q:\n%s", k, view)
		}
	}
	after, err := w.Svc.LastSeq()
	w.Must(err)
	if after != before {
		t.Fatalf("a viewer's keys wrote events %d..%d", before+1, after)
	}
}

// TestChangeByAnotherHandleAppears: a change written through a second
// handle on the same file (as another seats process would) shows in the
// running app within the refresh interval, without a key press, and the
// app never holds the write lock between operations.
func TestChangeByAnotherHandleAppears(t *testing.T) {
	w := tuitest.Demo(t)
	d := drive(t, w, "")
	d.keys("Account Owner", "3")

	other, err := store.Open(w.Path, store.Options{Timeout: 2 * time.Second})
	w.Must(err)
	svc := model.NewService(other, func() time.Time { return tuitest.DemoNow })
	_, err = svc.InviteUser("", model.User{Email: "newcomer@northwind.example", First: "New", Last: "Comer", Department: "Sales"})
	w.Must(err)
	w.Must(other.Close())

	start := time.Now()
	d.keys("newcomer@northwind.example", "/", "newcomer")
	if el := time.Since(start); el > 2*time.Second+tui.PollInterval {
		t.Fatalf("the change took %v to appear", el)
	}
}

// requireEvent fails unless thing's history has an event of kind.
func requireEvent(t *testing.T, w *tuitest.World, thing, kind string) {
	t.Helper()
	_, evs, err := w.Svc.History(thing)
	w.Must(err)
	for _, e := range evs {
		if e.Kind == kind {
			return
		}
	}
	t.Fatalf("no %s event in the history of %s", kind, thing)
}
