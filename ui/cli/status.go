package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/seats/seats/model"
)

var statusCommand = &command{
	name:    "status",
	summary: "seat totals per product and the alerts",
	about: `Shows the totals and, per product, the Contracted, Assigned, Available,
Deactivated and Pending removal counts, then the alerts, critical first.
With --check it exits 1 when any alert is critical (for monitoring).`,
	flags: []flagDef{{name: "check", kind: boolFlag, help: "exit 1 when a critical alert is present"}},
	open:  openRead,
	run:   runStatus,
}

// seatCounts are the counts the status shows, in total and per product.
type seatCounts struct {
	Contracted     int `json:"contracted"`
	Assigned       int `json:"assigned"`
	Available      int `json:"available"`
	Deactivated    int `json:"deactivated"`
	PendingRemoval int `json:"pending_removal"`
}

type statusJSON struct {
	Org      string `json:"org"`
	Currency string `json:"currency"`
	Now      string `json:"now"`
	seatCounts
	Products []statusProductJSON `json:"products"`
	Alerts   []alertJSON         `json:"alerts"`
	// Recommendations: idle licenses worth removing at the cycle end.
	Recommendations []model.Recommendation `json:"recommendations"`
	// DueUnrecorded counts scheduled changes that have fallen due: the
	// status shows them applied, the next change records them.
	DueUnrecorded int `json:"due_unrecorded"`
}

type statusProductJSON struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	seatCounts
	DeactivatedThisCycle int `json:"deactivated_this_cycle"`
	Idle                 int `json:"idle"`
}

// alertJSON always names the product (empty when none), unlike model.Alert.
type alertJSON struct {
	Severity model.Severity `json:"severity"`
	Kind     string         `json:"kind"`
	Product  string         `json:"product"`
	Message  string         `json:"message"`
	Amount   model.Money    `json:"amount,omitempty"`
}

func runStatus(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	sum, err := svc.Status()
	if err != nil {
		return err
	}
	due, err := svc.DueNotRecorded()
	if err != nil {
		return err
	}
	out := statusJSON{Org: sum.Org.Name, Currency: sum.Org.Currency, Now: sum.Now.Format(time.RFC3339),
		seatCounts: seatCounts{sum.Contracted, sum.Assigned, sum.Available, sum.Deactivated, sum.PendingRemoval},
		Products:   []statusProductJSON{}, Alerts: []alertJSON{}, Recommendations: sum.Recommendations, DueUnrecorded: due}
	for _, p := range sum.Products {
		out.Products = append(out.Products, statusProductJSON{Name: p.Name, Kind: string(p.Kind),
			seatCounts:           seatCounts{p.Contracted, p.Active, p.Available, p.Deactivated, p.PendingRemoval},
			DeactivatedThisCycle: p.DeactivatedThisCycle, Idle: p.Idle})
	}
	for _, a := range sum.Alerts {
		out.Alerts = append(out.Alerts, alertJSON{a.Severity, a.Kind, a.Product, a.Message, a.Amount})
	}
	if err := c.show(out, func(w io.Writer) { printStatus(w, out) }); err != nil {
		return err
	}
	if c.args.on("check") && sum.HasCritical() {
		n := 0
		for _, a := range sum.Alerts {
			if a.Severity == model.Critical {
				n++
			}
		}
		return fmt.Errorf("%s", plural(n, "critical alert", "critical alerts"))
	}
	return nil
}

func printStatus(w io.Writer, s statusJSON) {
	fmt.Fprintf(w, "%s, %s (%s)\n\n", s.Org, s.Now[:10], s.Currency)
	t := newTable(w, "PRODUCT", "CONTRACTED", "ASSIGNED", "AVAILABLE", "DEACTIVATED", "PENDING")
	counts := func(name string, c seatCounts) {
		t.row(name, itoa(c.Contracted), itoa(c.Assigned), itoa(c.Available), itoa(c.Deactivated), itoa(c.PendingRemoval))
	}
	for _, p := range s.Products {
		counts(p.Name, p.seatCounts)
	}
	counts("TOTAL", s.seatCounts)
	t.flush()
	if s.DueUnrecorded > 0 {
		fmt.Fprintf(w, "\n%s fallen due and shown applied, not yet recorded: the next change records them.\n",
			plural(s.DueUnrecorded, "scheduled change has", "scheduled changes have"))
	}
	defer printRecommendations(w, s.Recommendations)
	if len(s.Alerts) == 0 {
		io.WriteString(w, "\nNo alerts.\n")
		return
	}
	bySeverity := map[model.Severity]int{}
	for _, a := range s.Alerts {
		bySeverity[a.Severity]++
	}
	var parts []string
	for _, sev := range []model.Severity{model.Critical, model.Warning, model.Info} {
		if n := bySeverity[sev]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	fmt.Fprintf(w, "\nAlerts (%s):\n", strings.Join(parts, ", "))
	at := newTable(w)
	for _, a := range s.Alerts {
		at.row("  "+strings.ToUpper(string(a.Severity)), a.Message)
	}
	at.flush()
}
