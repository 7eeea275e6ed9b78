package cli

import (
	"fmt"
	"io"

	"github.com/seats/seats/model"
)

var orgFields = []field[model.Org]{
	textField("name", "NAME", "the organization's name", func(o *model.Org) *string { return &o.Name }),
	valueField("currency", "CODE", "ISO 4217 currency, like EUR", model.ParseCurrency, func(o *model.Org) *string { return &o.Currency }),
	valueField("anchor-day", "DAY", "day of the month billing cycles start, 1 to 28", parseCount, func(o *model.Org) *int { return &o.AnchorDay }),
	renamed(valueField("expiry-warning-days", "DAYS", "warn this many days before an expiration or support end", parseCount, func(o *model.Org) *int { return &o.ExpiryWarningDays }), "expiry-window"),
}

var orgShowCommand = &command{
	name:    "org show",
	summary: "the organization's settings",
	about:   "Shows the organization's name, currency, billing anchor day, expiry warning window and account owner.",
	open:    openRead,
	run:     runOrgShow,
}

var orgEditCommand = &command{
	name:    "org edit",
	summary: "change the name, currency, billing anchor day or warning window",
	about: `Changes the organization's settings given; the others stay as they are. Example:
seats org edit --anchor-day 15 --currency EUR --name "Acme Ltd"`,
	flags:   fieldFlags(orgFields),
	confirm: true,
	open:    openWrite,
	run:     runOrgEdit,
}

// orgJSON is the organization with its owner's email.
type orgJSON struct {
	model.Org
	Owner string `json:"owner"`
}

func runOrgShow(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	org, err := svc.Org()
	if err != nil {
		return err
	}
	return c.showOrg(svc, org)
}

func runOrgEdit(c *call) error {
	if err := needSome(c, orgFields); err != nil {
		return err
	}
	edit, err := patch(c, orgFields)
	if err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if c.args.has("currency") {
		note, err := svc.CurrencyChange(c.args.str("currency"))
		if err != nil {
			return err
		}
		if note != "" {
			fmt.Fprintf(c.info(), "Changing the currency: %s.\n", note)
			if err := c.confirm("Change it?"); err != nil {
				return err
			}
		}
	}
	org, err := svc.EditOrg(c.actor, edit)
	if verb, err := editVerb(err); err != nil {
		return err
	} else if verb != "updated" && !c.asJSON() {
		fmt.Fprintln(c.env.Stdout, "no changes: the organization is as it was")
	}
	return c.showOrg(svc, org)
}

func (c *call) showOrg(svc *model.Service, org model.Org) error {
	owner, err := svc.ResolveActor("")
	if err != nil {
		return err
	}
	return c.show(orgJSON{Org: org, Owner: owner.Email}, func(w io.Writer) {
		t := newTable(w)
		t.row("Name", org.Name)
		t.row("Currency", org.Currency)
		t.row("Billing anchor day", itoa(org.AnchorDay))
		t.row("Expiry warning", plural(org.ExpiryWarningDays, "day", "days"))
		t.row("Account owner", orDash(owner.Email))
		t.flush()
	})
}
