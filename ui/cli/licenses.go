package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/seats/seats/model"
)

var licensesListCommand = &command{
	name:    "licenses list",
	summary: "every license with its status and assignee",
	about:   "Lists licenses in ID order, optionally only one product's, one status's or one holder's.",
	flags: []flagDef{
		{name: "product", kind: valueFlag, arg: "NAME", help: "only this product's licenses"},
		{name: "status", kind: valueFlag, arg: "STATUS", help: "only available, active or deactivated licenses"},
		{name: "assignee", kind: valueFlag, arg: "WHO", help: "only the licenses assigned to this user (email) or asset", aliases: []string{"holder"}},
	},
	open: openRead,
	run:  runLicensesList,
}

var licensesAddCommand = &command{
	name:    "licenses add",
	args:    []string{"PRODUCT", "N"},
	summary: "contract N more licenses; shows what is due now",
	about:   `Adds N licenses to a product now. The amount due now is prorated for the days left in the current billing cycle; it is shown first and the addition needs confirmation (--yes). With --json and without --yes it prints the quote ("added": false), adds nothing and exits 1.`,
	confirm: true,
	open:    openWrite,
	run:     runLicensesAdd,
}

var licensesRemoveCommand = &command{
	name:    "licenses remove",
	args:    []string{"PRODUCT", "N"},
	summary: "contract N fewer licenses from the end of the cycle",
	about:   `Schedules N licenses to leave a product's pool at the end of the current billing cycle (at once for products without a billing period); until then they stay usable and billed. A removal that would leave more licenses assigned than contracted is refused with the number to unassign first, unless --force, which raises a critical alert until resolved.`,
	confirm: true,
	flags:   []flagDef{{name: "force", kind: boolFlag, help: "remove even if more licenses stay assigned than contracted"}},
	open:    openWrite,
	run:     runLicensesRemove,
}

var assignCommand = &command{
	name:    "assign",
	args:    []string{"PRODUCT", "WHO"},
	summary: "give a free license of a product to a user or asset",
	about:   `Assigns a free license of PRODUCT to WHO: a user's email (per-user products) or an asset's name (per-device products), and prints the license ID used. With no free license a block product refuses; an auto-grow product says how the contracted count grows and what is due now, and grows once confirmed (--yes).`,
	confirm: true,
	open:    openWrite,
	run:     runAssign,
}

var unassignCommand = &command{
	name:    "unassign",
	args:    []string{"LICENSE-ID"},
	summary: "free a license (LIC-000042)",
	about:   "Frees an assigned license and says whom it was released from. While a product is over its contracted count the freed license is deactivated instead of becoming available. On a terminal it asks first (--yes does not ask); without one it frees at once, as scripts expect.",
	confirm: true,
	open:    openWrite,
	run:     runUnassign,
}

// licenseJSON is a license as lists print it.
type licenseJSON struct {
	ID           string     `json:"id"`
	Product      string     `json:"product"`
	Status       string     `json:"status"`
	Assignee     string     `json:"assignee"`
	AssigneeKind string     `json:"assignee_kind"`
	Created      time.Time  `json:"created"`
	AssignedAt   *time.Time `json:"assigned_at,omitempty"`
}

func newLicenseJSON(l model.License, product, assignee string) licenseJSON {
	out := licenseJSON{ID: l.Code(), Product: product, Status: l.Status.String(), Assignee: assignee, Created: l.Created}
	switch l.AssigneeKind {
	case model.AssigneeUser:
		out.AssigneeKind = "user"
	case model.AssigneeAsset:
		out.AssigneeKind = "asset"
	}
	if !l.AssignedAt.IsZero() {
		t := l.AssignedAt
		out.AssignedAt = &t
	}
	return out
}

// licenseFilter reads the list filters; the status must parse.
func (c *call) licenseFilter() (model.LicenseFilter, error) {
	f := model.LicenseFilter{Product: c.args.str("product"), Holder: c.args.str("assignee")}
	if c.args.has("status") {
		s, err := model.ParseStatus(c.args.str("status"))
		if err != nil {
			return f, usagef("--status: %v", err)
		}
		f.Status = s
	}
	return f, nil
}

func runLicensesList(c *call) error {
	f, err := c.licenseFilter()
	if err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	ls, names, err := svc.Licenses(f)
	if err != nil {
		return err
	}
	out := make([]licenseJSON, 0, len(ls))
	for _, l := range ls {
		out = append(out, newLicenseJSON(l, names.Products[l.ProductID], names.Assignee(l)))
	}
	return c.show(out, func(w io.Writer) {
		if len(out) == 0 {
			io.WriteString(w, "No licenses match.\n")
			return
		}
		t := newTable(w, "ID", "PRODUCT", "STATUS", "ASSIGNEE", "ASSIGNED")
		for i, l := range out {
			t.row(l.ID, l.Product, l.Status, orDash(l.Assignee), orDash(day(ls[i].AssignedAt)))
		}
		t.flush()
	})
}

func runLicensesAdd(c *call) error {
	n, err := c.countArg(1)
	if err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	q, err := svc.QuoteAdd(c.pos(0), n)
	if err != nil {
		return err
	}
	// A script asking for JSON gets the quote to decide on; buying takes --yes.
	if c.asJSON() && !c.args.on("yes") && !c.dryRun() {
		if err := writeJSON(c.env.Stdout, addedJSON{q, false}); err != nil {
			return err
		}
		return errors.New("not added: pass --yes to add them and agree to the amount due")
	}
	if !c.asJSON() {
		fmt.Fprintf(c.env.Stdout, "Adding %s to %s: contracted %d → %d.\n%s\n",
			plural(n, "license", "licenses"), q.Product, q.From, q.To, dueLine(q))
		if err := c.confirm(fmt.Sprintf("Add them and agree to pay %s now?", money(q.Due.Gross, q.Currency))); err != nil {
			return err
		}
	}
	if q, err = svc.AddLicenses(c.actor, q.Product, n); err != nil {
		return err
	}
	return c.show(addedJSON{q, true}, func(w io.Writer) {
		fmt.Fprintf(w, "added %s to %s: contracted %d → %d, due now %s\n",
			plural(n, "license", "licenses"), q.Product, q.From, q.To, money(q.Due.Gross, q.Currency))
	})
}

// addedJSON is the quote of `licenses add --json` and whether it was
// carried out.
type addedJSON struct {
	model.Quote
	Added bool `json:"added"`
}

// dueLine explains the prorated amount of a quote.
func dueLine(q model.Quote) string {
	if q.Days == 0 {
		return "The product has no billing period: nothing is due now."
	}
	return fmt.Sprintf("Due now, prorated for %d of %d days until %s: net %s, VAT %s, gross %s.",
		q.DaysLeft, q.Days, q.CycleEnd, q.Due.Net.Format(q.Currency), q.Due.VAT.Format(q.Currency), money(q.Due.Gross, q.Currency))
}

func runLicensesRemove(c *call) error {
	n, err := c.countArg(1)
	if err != nil {
		return err
	}
	force := c.args.on("force")
	svc, err := c.service()
	if err != nil {
		return err
	}
	r, err := svc.PlanRemoval(c.pos(0), n, force)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.info(), "Removing %s of %s: contracted %d → %d %s.\n", plural(n, "license", "licenses"), r.Product, r.From, r.To, when(r))
	if r.MustUnassign > 0 {
		fmt.Fprintf(c.info(), "%s more than that stay assigned: unassign them, or a critical alert stays until you do.\n",
			plural(r.MustUnassign, "license", "licenses"))
	}
	if err := c.confirm(fmt.Sprintf("Remove %s of %s?", plural(n, "license", "licenses"), r.Product)); err != nil {
		return err
	}
	if r, err = svc.RemoveLicenses(c.actor, r.Product, n, force); err != nil {
		return err
	}
	return c.show(r, func(w io.Writer) {
		verb := "scheduled the removal of"
		if r.Immediate {
			verb = "removed"
		}
		fmt.Fprintf(w, "%s %s of %s: contracted %d → %d %s\n", verb, plural(n, "license", "licenses"), r.Product, r.From, r.To, when(r))
	})
}

// when says when a removal takes effect.
func when(r model.Removal) string {
	if r.Immediate {
		return "at once (no billing period)"
	}
	return fmt.Sprintf("on %s, at the end of the current cycle; until then they stay usable and billed", day(r.Effective))
}

func runAssign(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	product, who := c.pos(0), c.pos(1)
	l, err := svc.Assign(c.actor, product, who, false)
	if model.CodeOf(err) == model.CodeConfirm {
		// An auto-grow product with no free seat: say what growing costs,
		// and grow only once confirmed (Rule 3).
		fmt.Fprintln(c.info(), capital(err.Error())+".")
		if err := c.confirm("Grow and assign?"); err != nil {
			return err
		}
		l, err = svc.Assign(c.actor, product, who, true)
	}
	if err != nil {
		return err
	}
	e, err := lastEvent(svc, l)
	if err != nil {
		return err
	}
	return c.show(newLicenseJSON(l, e.Product, e.To), func(w io.Writer) {
		fmt.Fprintf(w, "assigned %s (%s) to %s\n", l.Code(), e.Product, e.To)
	})
}

// lastEvent is the newest event of a license: the record of what an
// operation just did to it, with the product and holder names it used.
func lastEvent(svc *model.Service, l model.License) (model.Event, error) {
	events, err := svc.HistoryOf(model.Ref{Kind: model.RefLicense, ID: l.ID})
	if err != nil {
		return model.Event{}, err
	}
	if len(events) == 0 {
		return model.Event{}, fmt.Errorf("%s has no history", l.Code())
	}
	return events[len(events)-1], nil
}

// unassignJSON is a freed license and whom it was released from.
type unassignJSON struct {
	licenseJSON
	ReleasedFrom string `json:"released_from"`
}

func runUnassign(c *call) error {
	code := c.pos(0)
	if _, ok := model.ParseLicenseCode(code); !ok {
		return usagef("%q is not a license ID like LIC-000042", cut(code, 40))
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	// Like the TUI, a person is asked; a script (no terminal) is not.
	if c.env.IsTerminal() {
		if err := c.confirm(fmt.Sprintf("Unassign %s? It goes back to its pool.", strings.ToUpper(code))); err != nil {
			return err
		}
	}
	l, from, err := svc.Unassign(c.actor, code)
	if err != nil {
		return err
	}
	e, err := lastEvent(svc, l)
	if err != nil {
		return err
	}
	return c.show(unassignJSON{newLicenseJSON(l, e.Product, ""), from}, func(w io.Writer) {
		fmt.Fprintf(w, "unassigned %s (%s) from %s; ", l.Code(), e.Product, from)
		if l.Status == model.Deactivated {
			fmt.Fprintf(w, "it was deactivated: %s is over its contracted count\n", e.Product)
			return
		}
		io.WriteString(w, "it is available again\n")
	})
}
