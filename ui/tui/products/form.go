package products

import (
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/form"
)

// productFields are every field of a product (SPEC, Concepts), prefilled
// from p. The contracted count is asked only for a new product: afterwards
// it changes only by adding or removing licenses (+ and -), which bill.
// Notes and license keys are multi-line. The keys are never read with the
// product (the domain masks them): keys is what the actor revealed, else
// the field starts empty and, left so, keeps them.
func productFields(p model.Product, isNew bool, keys, currency string) []form.Field {
	vat := ""
	if isNew || p.VATBasis != 0 {
		vat = model.FormatVAT(p.VATBasis)
	}
	price := ""
	if isNew || p.NetPrice != 0 {
		price = p.NetPrice.Format(currency)
	}
	fs := []form.Field{
		{Key: "name", Label: "Name", Value: p.Name, Validate: form.Required("a product name")},
		{Key: "software", Label: "Software", Value: p.Software},
		{Key: "vendor", Label: "Vendor", Value: p.Vendor},
		{Key: "type", Label: "License type", Value: p.LicenseType, Hint: "Subscription, OEM, …"},
		{Key: "kind", Label: "Assignment", Options: []string{string(model.PerUser), string(model.PerDevice)}, Value: string(orKind(p.Kind))},
	}
	if isNew {
		fs = append(fs, form.Field{Key: "contracted", Label: "Contracted", Value: strconv.Itoa(p.Contracted), Hint: "licenses", Validate: validCount})
	}
	return append(fs,
		form.Field{Key: "period", Label: "Billing period", Options: []string{string(model.Monthly), string(model.Yearly), string(model.NoBilling)}, Value: string(orPeriod(p.Period))},
		form.Field{Key: "price", Label: "Net unit price", Value: price, Hint: model.Money(1250).Format(currency), Validate: validMoney(currency)},
		form.Field{Key: "vat", Label: "VAT %", Value: vat, Hint: "21 or 5.5", Validate: validVAT},
		form.Field{Key: "purchased", Label: "Purchased", Value: string(p.Purchased), Hint: "YYYY-MM-DD", Validate: validDate},
		form.Field{Key: "expires", Label: "Expires", Value: string(p.Expires), Hint: "YYYY-MM-DD", Validate: validDate},
		form.Field{Key: "support", Label: "Support until", Value: string(p.SupportUntil), Hint: "YYYY-MM-DD", Validate: validDate},
		form.Field{Key: "invoice", Label: "Invoice no.", Value: p.Invoice},
		form.Field{Key: "serial", Label: "Serial no.", Value: p.Serial},
		form.Field{Key: "inventory", Label: "Inventory no.", Value: p.Inventory},
		form.Field{Key: "unit", Label: "Org unit", Value: p.OrgUnit},
		form.Field{Key: "location", Label: "Location", Value: p.Location},
		keysField(p, keys),
		form.Field{Key: "policy", Label: "Overage policy", Options: []string{string(model.PolicyBlock), string(model.PolicyAutoGrow)}, Value: string(orPolicy(p.Policy))},
		form.Field{Key: "reduce", Label: "Reduce on termination", Checkbox: true, Value: yes(p.ReduceOnTermination)},
		form.Field{Key: "notes", Label: "Notes", Value: p.Notes, Multiline: true},
	)
}

// keysField is the license keys' text area: the revealed keys, or empty
// with a note that empty keeps them.
func keysField(p model.Product, revealed string) form.Field {
	f := form.Field{Key: "keys", Label: "License keys", Value: revealed, Multiline: true}
	if revealed == "" && p.Keys != "" {
		f.Placeholder = model.KeysMask + " kept unless you type new keys"
		f.Hint = "r on the product reveals them to edit"
	}
	return f
}

// apply sets p's fields from the form; the domain validates the result.
func apply(p *model.Product, v form.Values, currency string) error {
	var err error
	p.Name, p.Software, p.Vendor, p.LicenseType = v["name"], v["software"], v["vendor"], v["type"]
	p.Kind, p.Period, p.Policy = model.AssignKind(v["kind"]), model.Period(v["period"]), model.Policy(v["policy"])
	if c, ok := v["contracted"]; ok {
		if p.Contracted, err = strconv.Atoi(strings.TrimSpace(c)); err != nil {
			return model.Invalidf("contracted must be a whole number")
		}
	}
	p.NetPrice = 0
	if strings.TrimSpace(v["price"]) != "" {
		if p.NetPrice, err = model.ParseMoney(v["price"], currency); err != nil {
			return err
		}
	}
	p.VATBasis = 0
	if strings.TrimSpace(v["vat"]) != "" {
		if p.VATBasis, err = model.ParseVAT(v["vat"]); err != nil {
			return err
		}
	}
	for _, d := range []struct {
		dst *model.Date
		key string
	}{{&p.Purchased, "purchased"}, {&p.Expires, "expires"}, {&p.SupportUntil, "support"}} {
		if *d.dst, err = model.ParseDate(v[d.key]); err != nil {
			return err
		}
	}
	p.Invoice, p.Serial, p.Inventory, p.OrgUnit, p.Location = v["invoice"], v["serial"], v["inventory"], v["unit"], v["location"]
	p.Keys, p.ReduceOnTermination, p.Notes = v["keys"], v.Bool("reduce"), v["notes"]
	return nil
}

// newForm creates a product.
func newForm(ctx *common.Context, currency string) common.Modal {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	blank := model.Product{Kind: model.PerUser, Period: model.Monthly, Policy: model.PolicyBlock, Contracted: 1}
	return form.New(ctx, "New product", productFields(blank, true, "", currency), func(v form.Values) (string, error) {
		var p model.Product
		if err := apply(&p, v, currency); err != nil {
			return "", err
		}
		p, err := svc.CreateProduct(actor, p)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s created with %d licenses", p.Name, p.Contracted), nil
	})
}

// editForm edits a product; the domain applies the change to the record
// as it is when the form is submitted, so two admins editing different
// fields do not undo each other's contracted-count changes. keys are the
// revealed keys, if any; hidden keys left empty are kept (the domain
// keeps keys handed back as model.KeysMask). A save that changes nothing
// writes nothing and the form says "no changes".
func editForm(ctx *common.Context, p model.Product, keys, currency string) common.Modal {
	svc, actor, name := ctx.Svc, ctx.ActorEmail(), p.Name
	keep := keys == "" && p.Keys != ""
	return form.New(ctx, "Edit "+name, productFields(p, false, keys, currency), func(v form.Values) (string, error) {
		p, err := svc.EditProduct(actor, name, func(p *model.Product) error {
			if err := apply(p, v, currency); err != nil {
				return err
			}
			if keep && p.Keys == "" {
				p.Keys = model.KeysMask
			}
			return nil
		})
		if err != nil {
			return "", err
		}
		return p.Name + " saved", nil
	})
}

// deleteConfirm deletes a product for good.
// deleteProduct asks the domain whether ps can be deleted (in a command,
// for tab): when it can, a confirmation; when not, the reason, and no Yes
// to press.
func deleteProduct(ctx *common.Context, tab uint64, ps model.ProductStatus) tea.Cmd {
	svc := ctx.Svc
	return flows.Prepare(tab, func() (struct{}, error) { return struct{}{}, svc.ProductDeletable(ps.Name) },
		func(struct{}) tea.Cmd { return common.Open(deleteConfirm(ctx, ps)) })
}

// deleteConfirm asks before deleting ps (which the domain said it can).
func deleteConfirm(ctx *common.Context, ps model.ProductStatus) common.Modal {
	svc, actor, name := ctx.Svc, ctx.ActorEmail(), ps.Name
	total := ps.Available + ps.Active + ps.Deactivated
	detail := []string{
		fmt.Sprintf("This deletes %s and all its licenses (%d) for good. It cannot be undone.", name, total),
		"Its history stays in the event log.",
	}
	return form.Confirm(ctx, "Delete "+name+"?", detail, func() (string, error) {
		if err := svc.DeleteProduct(actor, name); err != nil {
			return "", err
		}
		return name + " deleted", nil
	})
}

func orKind(k model.AssignKind) model.AssignKind {
	if k == "" {
		return model.PerUser
	}
	return k
}

func orPeriod(p model.Period) model.Period {
	if p == "" {
		return model.Monthly
	}
	return p
}

func orPolicy(p model.Policy) model.Policy {
	if p == "" {
		return model.PolicyBlock
	}
	return p
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func validCount(s string) error {
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err != nil || n < 0 {
		return model.Invalidf("enter a whole number")
	}
	return nil
}

func validMoney(currency string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		_, err := model.ParseMoney(s, currency)
		return err
	}
}

func validVAT(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	_, err := model.ParseVAT(s)
	return err
}

func validDate(s string) error {
	_, err := model.ParseDate(s)
	return err
}
