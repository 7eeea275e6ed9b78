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
	about:   "Prints every event about THING, oldest first: a license ID (LIC-000042), a user's email, a product, an asset or an allocation name. A product's history shows each change of its contracted count from → to. With --verify it first recomputes the hash chain of the whole log (exit 1 naming the first altered event) and then prints its head: keep the hash, and 'seats check --head HASH' proves later that the log still extends it.",
	flags:   []flagDef{{name: "verify", kind: boolFlag, help: "verify the log's hash chain and print its head"}},
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

// historyJSON is history --verify's output: the events (when a THING was
// given) and the head of the verified log.
type historyJSON struct {
	Events []eventJSON     `json:"events,omitempty"`
	Head   model.ChainHead `json:"head"`
}

func runHistory(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	if c.args.on("verify") {
		return runVerify(c, svc)
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

// runVerify verifies the chain before anything is shown, so a history
// printed under --verify comes from a log that verified.
func runVerify(c *call, svc *model.Service) error {
	head, err := svc.VerifyChain()
	if err != nil {
		return err
	}
	out := historyJSON{Head: head}
	var subj model.Subject
	var events []model.Event
	var currency string
	if len(c.args.pos) > 0 {
		if subj, events, err = svc.History(c.pos(0)); err != nil {
			return err
		}
		org, err := svc.Org()
		if err != nil {
			return err
		}
		currency = org.Currency
		out.Events = make([]eventJSON, 0, len(events))
		for _, e := range events {
			out.Events = append(out.Events, newEventJSON(e))
		}
	}
	return c.show(out, func(w io.Writer) {
		if len(c.args.pos) > 0 {
			fmt.Fprintf(w, "History of %s %s (%s)\n\n", subj.Kind, subj.Label, plural(len(events), "event", "events"))
			printEvents(w, events, currency)
			io.WriteString(w, "\n")
		}
		printHead(w, head)
	})
}

// printHead says what the verified head is, with the hash on a line of
// its own so it can be copied.
func printHead(w io.Writer, h model.ChainHead) {
	if h.Seq == 0 {
		fmt.Fprintf(w, "The event log is empty; its head is the genesis hash\n%s\n", h.Hash)
		return
	}
	fmt.Fprintf(w, "The event log verifies: %s, head is event %d (%s %s)\n%s\n",
		plural(int(h.Seq), "event", "events"), h.Seq, minute(h.Time), h.Kind, h.Hash)
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
