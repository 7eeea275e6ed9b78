package cli

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/seats/seats/model"
)

// productFields are the product flags shared by add and edit.
var productFields = []field[model.Product]{
	textField("software", "TEXT", "the software or service", func(p *model.Product) *string { return &p.Software }),
	textField("vendor", "NAME", "vendor or supplier", func(p *model.Product) *string { return &p.Vendor }),
	renamed(textField("license-type", "TYPE", "license type: Subscription, Open/MOLP, OEM, Perpetual, Volume or any text", func(p *model.Product) *string { return &p.LicenseType }), "type"),
	renamed(valueField("assignment", "ASSIGNMENT", "who its licenses go to: per-user or per-device (default per-user)", model.ParseKind, func(p *model.Product) *model.AssignKind { return &p.Kind }), "kind"),
	valueField("period", "PERIOD", "billing period: monthly, yearly or none (default monthly)", model.ParsePeriod, func(p *model.Product) *model.Period { return &p.Period }),
	renamed(moneyField("net-price", "AMOUNT", "net unit price per period in the organization's currency, like 12.50 (1200 for JPY, 12.345 for BHD)", func(p *model.Product) *model.Money { return &p.NetPrice }), "price"),
	renamed(valueField("vat-percent", "PERCENT", "VAT in percent, like 21 or 5.5", model.ParseVAT, func(p *model.Product) *int { return &p.VATBasis }), "vat"),
	valueField("policy", "POLICY", "when no seat is free: block or auto-grow (default block)", model.ParsePolicy, func(p *model.Product) *model.Policy { return &p.Policy }),
	valueField("purchased", "DATE", "purchase date, YYYY-MM-DD", model.ParseDate, func(p *model.Product) *model.Date { return &p.Purchased }),
	valueField("expires", "DATE", "expiration date, YYYY-MM-DD", model.ParseDate, func(p *model.Product) *model.Date { return &p.Expires }),
	valueField("support-until", "DATE", "support end date, YYYY-MM-DD", model.ParseDate, func(p *model.Product) *model.Date { return &p.SupportUntil }),
	textField("invoice", "NUMBER", "invoice number", func(p *model.Product) *string { return &p.Invoice }),
	textField("serial", "NUMBER", "serial number", func(p *model.Product) *string { return &p.Serial }),
	textField("inventory", "NUMBER", "inventory number", func(p *model.Product) *string { return &p.Inventory }),
	renamed(textField("org-unit", "NAME", "organization unit", func(p *model.Product) *string { return &p.OrgUnit }), "unit"),
	textField("location", "PLACE", "location", func(p *model.Product) *string { return &p.Location }),
	textField("keys", "KEYS", "license keys (secret: masked in lists unless --with-keys)", func(p *model.Product) *string { return &p.Keys }),
	boolField("reduce-on-termination", "lower the contracted count when a holder is terminated (=false to stop)", func(p *model.Product) *bool { return &p.ReduceOnTermination }),
	textField("notes", "TEXT", "notes", func(p *model.Product) *string { return &p.Notes }),
}

var renameProduct = []field[model.Product]{
	textField("name", "NAME", "rename the product", func(p *model.Product) *string { return &p.Name }),
}

var withKeysFlag = flagDef{name: "with-keys", kind: boolFlag, help: "include the license keys (secret: the owner and admins only; each product's reveal is recorded in the history)"}

var productsListCommand = &command{
	name:    "products list",
	summary: "every product with its seats and price",
	about:   "Lists every product with its assigned and contracted seats, net price, overage policy and expiration date. License keys are masked unless --with-keys.",
	flags:   []flagDef{withKeysFlag},
	open:    openRead,
	run:     runProductsList,
}

var productsAddCommand = &command{
	name:    "products add",
	args:    []string{"NAME"},
	summary: "create a product with its contracted licenses",
	about: `Creates a product and its contracted licenses, all available. Example:
seats products add "Office 365" --assignment per-user --contracted 50 --net-price 12.50 --vat-percent 21 --period monthly --policy block --expires 2027-01-31
Amounts are in the organization's currency, with its digits: 12.50 EUR, 1200 JPY, 12.345 BHD.`,
	flags: append([]flagDef{{name: "contracted", kind: valueFlag, arg: "N", help: "number of licenses contracted (default 0)"}}, fieldFlags(productFields)...),
	open:  openWrite,
	run:   runProductsAdd,
}

var productsEditCommand = &command{
	name:    "products edit",
	args:    []string{"NAME"},
	summary: "change a product's fields",
	about:   "Changes the fields given; the others stay as they are. The contracted count changes only with 'seats licenses add' and 'seats licenses remove'.",
	flags:   fieldFlags(renameProduct, productFields),
	open:    openWrite,
	run:     runProductsEdit,
}

var productsDeleteCommand = &command{
	name:    "products delete",
	args:    []string{"NAME"},
	summary: "delete a product and its licenses for good",
	about:   "Deletes a product, its licenses and its allocations for good, after confirmation. A product with assigned licenses cannot be deleted: unassign them first. Its history stays in the event log.",
	confirm: true,
	open:    openWrite,
	run:     runProductsDelete,
}

// productJSON is a product as lists and exports print it.
type productJSON struct {
	model.Product
	Assigned    int         `json:"assigned"`
	Available   int         `json:"available"`
	Deactivated int         `json:"deactivated"`
	GrossPrice  model.Money `json:"gross_price"`
	Currency    string      `json:"currency"`
}

func newProductJSON(p model.Product, counts model.Counts, currency string) productJSON {
	return productJSON{Product: p, Assigned: counts.Active, Available: counts.Available, Deactivated: counts.Deactivated,
		GrossPrice: p.GrossPrice(), Currency: currency}
}

// productList reads every product with its counts (one summary read),
// their keys masked by the domain; withKeys asks the domain for the keys,
// which only the owner and admins get and which records who saw them.
func productList(c *call, withKeys bool) ([]productJSON, error) {
	var svc *model.Service
	var err error
	if withKeys {
		svc, err = c.keysService()
	} else {
		svc, err = c.service()
	}
	if err != nil {
		return nil, err
	}
	var sum model.Summary
	if withKeys {
		sum, err = svc.ProductsWithKeys(c.actor)
	} else {
		sum, err = svc.Status()
	}
	if err != nil {
		return nil, err
	}
	out := make([]productJSON, 0, len(sum.Products))
	for _, p := range sum.Products {
		out = append(out, newProductJSON(p.Product, p.Counts, sum.Org.Currency))
	}
	return out, nil
}

// keysService opens the database for writing even for a read command:
// revealing keys writes its events. A missing file is not created.
func (c *call) keysService() (*model.Service, error) {
	if c.svc == nil && c.cmd != nil && c.cmd.open != openWrite {
		path, err := c.dbPath()
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(path); err != nil && !isURL(path) {
			return nil, fmt.Errorf("no database at %s", path)
		}
		cmd := *c.cmd
		cmd.open = openWrite
		c.cmd = &cmd
	}
	return c.service()
}

func runProductsList(c *call) error {
	withKeys := c.args.on("with-keys")
	ps, err := productList(c, withKeys)
	if err != nil {
		return err
	}
	return c.show(ps, func(w io.Writer) {
		if len(ps) == 0 {
			io.WriteString(w, "No products yet: add one with 'seats products add NAME'.\n")
			return
		}
		headers := []string{"PRODUCT", "ASSIGNMENT", "SEATS", "NET PRICE", "POLICY", "EXPIRES"}
		if withKeys {
			headers = append(headers, "KEYS")
		}
		t := newTable(w, headers...)
		for _, p := range ps {
			row := []string{p.Name, string(p.Kind), fmt.Sprintf("%d/%d", p.Assigned, p.Contracted),
				unitPrice(p.NetPrice, p.Currency, p.Period), string(p.Policy), orDash(string(p.Expires))}
			if withKeys {
				row = append(row, orDash(strings.ReplaceAll(p.Keys, "\n", " ")))
			}
			t.row(row...)
		}
		t.flush()
	})
}

// unitPrice renders a price per period: "12.50 EUR/mo".
func unitPrice(m model.Money, currency string, period model.Period) string {
	switch period {
	case model.Monthly:
		return money(m, currency) + "/mo"
	case model.Yearly:
		return money(m, currency) + "/yr"
	}
	return money(m, currency)
}

func runProductsAdd(c *call) error {
	edit, err := patch(c, productFields)
	if err != nil {
		return err
	}
	contracted := 0
	if c.args.has("contracted") {
		if contracted, err = parseCount(c.args.str("contracted")); err != nil {
			return usagef("--contracted: %v", err)
		}
	}
	svc, err := c.currencyService()
	if err != nil {
		return err
	}
	p := model.Product{Name: c.pos(0)}
	if err := edit(&p); err != nil {
		return err
	}
	p.Contracted = contracted
	if p, err = svc.CreateProduct(c.actor, p); err != nil {
		return err
	}
	return c.showProduct(svc, p, "created")
}

func runProductsEdit(c *call) error {
	fields := slices.Concat(renameProduct, productFields)
	if err := needSome(c, fields); err != nil {
		return err
	}
	edit, err := patch(c, fields)
	if err != nil {
		return err
	}
	svc, err := c.currencyService()
	if err != nil {
		return err
	}
	p, err := svc.EditProduct(c.actor, c.pos(0), edit)
	verb, err := editVerb(err)
	if err != nil {
		return err
	}
	return c.showProduct(svc, p, verb)
}

// editVerb is how an edit's output begins: "updated", or, when the domain
// found the result equal to the record and wrote nothing, "no changes to"
// (not a failure: the record is as asked).
func editVerb(err error) (string, error) {
	if model.IsUnchanged(err) {
		return "no changes to", nil
	}
	return "updated", err
}

// showProduct prints a product after a change.
func (c *call) showProduct(svc *model.Service, p model.Product, verb string) error {
	ps, err := svc.Product(p.Name)
	if err != nil {
		return err
	}
	org, err := svc.Org()
	if err != nil {
		return err
	}
	return c.show(newProductJSON(ps.Product, ps.Counts, org.Currency), func(w io.Writer) {
		fmt.Fprintf(w, "%s %s: %s, %s, %s, %s net %s, VAT %s%%\n", verb, p.Name, p.Kind,
			plural(p.Contracted, "license", "licenses"), p.Policy, money(p.NetPrice, org.Currency), p.Period, model.FormatVAT(p.VATBasis))
	})
}

func runProductsDelete(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	ps, err := svc.Product(c.pos(0))
	if err != nil {
		return err
	}
	// What cannot be deleted is refused before a question offers yes.
	if err := svc.ProductDeletable(ps.Name); err != nil {
		return err
	}
	total := ps.Available + ps.Active + ps.Deactivated
	if err := c.confirm(fmt.Sprintf("Delete %s and its %s for good?", ps.Name, plural(total, "license", "licenses"))); err != nil {
		return err
	}
	if err := svc.DeleteProduct(c.actor, ps.Name); err != nil {
		return err
	}
	return c.show(deletedJSON{Deleted: ps.Name, Licenses: &total}, func(w io.Writer) {
		fmt.Fprintf(w, "deleted %s and its %s\n", ps.Name, plural(total, "license", "licenses"))
	})
}

// currencyService opens the database and reads the organization's
// currency, in which the amounts on the command line are given.
func (c *call) currencyService() (*model.Service, error) {
	svc, err := c.service()
	if err != nil {
		return nil, err
	}
	org, err := svc.Org()
	if err != nil {
		return nil, err
	}
	c.currency = org.Currency
	return svc, nil
}
