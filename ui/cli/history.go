package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/seats/seats/model"
)

var historyCommand = &command{
	name:    "history",
	args:    []string{"THING"},
	summary: "the events of a license, user, product, asset or allocation",
	about:   "Prints every event about THING, oldest first: a license ID (LIC-000042), a user's email, a product, an asset or an allocation name. A product's history shows each change of its contracted count from → to.",
	open:    openRead,
	run:     runHistory,
}

// eventJSON is an event with its license as a license ID.
type eventJSON struct {
	model.Event
	License string `json:"license,omitempty"`
}

func newEventJSON(e model.Event) eventJSON {
	out := eventJSON{Event: e}
	if e.LicenseID != 0 {
		out.License = model.LicenseCode(e.LicenseID)
	}
	return out
}

func runHistory(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	subj, events, err := svc.History(c.pos(0))
	if err != nil {
		return err
	}
	org, err := svc.Org()
	if err != nil {
		return err
	}
	out := make([]eventJSON, 0, len(events))
	for _, e := range events {
		out = append(out, newEventJSON(e))
	}
	return c.show(out, func(w io.Writer) {
		fmt.Fprintf(w, "History of %s %s (%s)\n\n", subj.Kind, subj.Label, plural(len(events), "event", "events"))
		printEvents(w, events, org.Currency)
	})
}

// printEvents prints events as a table, in the order given.
func printEvents(w io.Writer, events []model.Event, currency string) {
	t := newTable(w, "SEQ", "TIME", "ACTOR", "KIND", "DETAILS")
	for _, e := range events {
		t.row(fmt.Sprint(e.Seq), minute(e.Time), e.Actor, e.Kind, eventDetails(e, currency))
	}
	t.flush()
}

// eventDetails summarizes what an event names and changed, in one line.
func eventDetails(e model.Event, currency string) string {
	var parts []string
	add := func(s string) {
		if s != "" {
			parts = append(parts, s)
		}
	}
	add(e.Product)
	if e.LicenseID != 0 {
		add(model.LicenseCode(e.LicenseID))
	}
	if e.FirstLicense != 0 {
		r := model.LicenseCode(e.FirstLicense)
		if e.LastLicense != e.FirstLicense {
			r += ".." + model.LicenseCode(e.LastLicense)
		}
		add(r)
	}
	if e.User != "" && e.User != e.To && e.User != e.From {
		add(e.User)
	}
	if e.Asset != "" && e.Asset != e.To && e.Asset != e.From {
		add(e.Asset)
	}
	add(e.Change(currency))
	return strings.Join(parts, ", ")
}
