package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/seats/seats/model"
)

// Snipe-IT's CSV files, read as Snipe-IT writes and documents them (its
// importer's column names, app/Importer/import_mappings.md, and the files
// in its sample_csvs): headers in any case, with spaces or underscores.
// Columns Snipe-IT has and Seats has no place for are taken and left out.
var snipeImporters = map[string]importer{
	"licenses": {required: []string{"item name"}, parse: parseSnipeLicense, one: "license row", many: "license rows",
		known: []string{"item name", "license name", "name", "full name", "email", "username", "user name", "serial number", "serial",
			"product key", "manufacturer", "purchase date", "purchase cost", "purchase order", "order number", "licensed to name",
			"licensed to email", "expiration date", "termination date", "maintained", "reassignable", "seats", "company", "supplier",
			"notes", "category", "asset tag", "min amt", "minimum quantity", "location"}},
	"users": {required: []string{"email"}, parse: parseSnipeUser, one: "user", many: "users",
		known: []string{"first name", "last name", "name", "full name", "email", "username", "user name", "location", "phone",
			"phone num", "phone number", "job title", "job title for user", "employee number", "employee num", "company", "vip",
			"department", "manager", "manager first name", "manager last name", "activated", "address", "city", "state",
			"country", "zip", "notes", "website", "start date", "end date", "remote", "gravatar", "avatar"}},
	"assets": {required: []string{"asset tag"}, parse: parseSnipeAsset, one: "asset", many: "assets",
		known: []string{"company", "name", "item name", "asset name", "asset tag", "category", "supplier", "manufacturer",
			"location", "order number", "model", "model name", "model notes", "model number", "asset notes", "notes",
			"purchase date", "purchase cost", "checkout type", "checked out to: username", "checked out to: first name",
			"checked out to: last name", "checked out to: email", "checked out to: location", "serial", "serial number",
			"status", "warranty", "warranty months", "requestable", "byod", "image", "email", "username", "full name",
			"eol date", "last audit date", "next audit date", "asset eol date", "checkout location"}},
}

// snipeUntracked are the kinds Snipe-IT imports that are not software
// licenses, people or devices. An accessory checked out to a user (a
// keyboard, a headset), a consumable (toner) or a component (a memory
// module in an asset) holds no license and costs nothing Seats bills,
// so importing one as a product or an asset would put hardware among
// the licenses and on the invoice: the kind is refused as a whole,
// saying what is imported, rather than taken half.
var snipeUntracked = map[string]string{
	"accessories": "hardware checked out to people (keyboards, headsets)",
	"accessory":   "hardware checked out to people (keyboards, headsets)",
	"consumables": "supplies used up (toner, paper)",
	"consumable":  "supplies used up (toner, paper)",
	"components":  "parts built into assets (memory, disks)",
	"component":   "parts built into assets (memory, disks)",
}

// snipeColumn folds a Snipe-IT header: lower case, underscores as spaces.
func snipeColumn(h string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(strings.ToLower(h), "_", " ")), " ")
}

// first is the first of the columns that is not empty.
func (r csvRow) first(cols ...string) string {
	for _, c := range cols {
		if v := strings.TrimSpace(r.get(c)); v != "" {
			return v
		}
	}
	return ""
}

// parseSnipeDate reads Snipe-IT's dates: 11/24/2008 (its sample files),
// 2023-01-23 and 2023-01-23 10:00:00 (its exports).
func parseSnipeDate(s string) (model.Date, error) {
	for _, layout := range []string{"01/02/2006", "1/2/2006", "2006-01-02", "2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return model.ParseDate(t.Format("2006-01-02"))
		}
	}
	return "", fmt.Errorf("invalid date %q (want MM/DD/YYYY or YYYY-MM-DD)", cut(s, 40))
}

// snipeCost is a cost like $12.58, 1,234.50 or EUR 12.50 as Snipe-IT
// writes it, as its plain number: it is read in the organization's
// currency (see parseSnipeCost) once the database is open.
func snipeCost(s string) (string, error) {
	t := strings.TrimSpace(strings.TrimLeft(s, "$€£¥ "))
	if len(t) > 3 && t[3] == ' ' && strings.ToUpper(t[:3]) == t[:3] {
		t = strings.TrimSpace(t[4:]) // an ISO code before the amount
	}
	t = strings.ReplaceAll(t, ",", "")
	if model.CheckAmount(t) != nil {
		return "", fmt.Errorf("invalid cost %q (want an amount like $12.58)", cut(s, 40))
	}
	return t, nil
}

// parseSnipeCost reads a cost snipeCost took in the currency's minor units.
func parseSnipeCost(s, currency string) (model.Money, error) {
	if s == "" {
		return 0, nil
	}
	m, err := model.ParseMoney(s, currency)
	if err != nil {
		return 0, fmt.Errorf("purchase cost: %w", err)
	}
	return m, nil
}

// splitName splits Snipe-IT's one full name into first and last.
func splitName(full string) (string, string) {
	f := strings.Fields(full)
	switch len(f) {
	case 0:
		return "", ""
	case 1:
		return f[0], f[0]
	}
	return strings.Join(f[:len(f)-1], " "), f[len(f)-1]
}

// checkout is the user a Snipe-IT row checks something out to.
type checkout struct{ email, first, last string }

// ensure returns the user's email, inviting a user who exists only as
// the checkout's name and email.
func (co checkout) ensure(x *importRun) (string, error) {
	if _, err := x.svc.User(co.email); err == nil {
		return co.email, nil
	} else if !errors.Is(err, model.ErrNotFound) && model.CodeOf(err) != model.CodeNotFound {
		return "", err
	}
	if co.first == "" || co.last == "" {
		return "", model.Invalidf("checked out to %s, who is not a user and has no name here: import the users first", co.email)
	}
	u, err := x.svc.InviteUser(x.actor, model.User{Email: co.email, First: co.first, Last: co.last})
	if err != nil {
		return "", err
	}
	x.created = append(x.created, fmt.Sprintf("user %s (%s, from a checkout)", u.Email, u.Name()))
	return u.Email, nil
}

func readCheckout(cs *cells, email, full, first, last string) *checkout {
	if strings.TrimSpace(email) == "" {
		return nil
	}
	co := &checkout{}
	e, err := model.NormalizeEmail(email)
	if err != nil {
		cs.fail("checked out to %q: %v", cut(email, 40), err)
		return nil
	}
	co.email, co.first, co.last = e, strings.TrimSpace(first), strings.TrimSpace(last)
	if co.first == "" && co.last == "" {
		co.first, co.last = splitName(full)
	}
	return co
}

// parseSnipeLicense takes one row of Snipe-IT's license importer: a
// license with its seats (a product with that many licenses, bought once:
// billing period none), and one seat checked out to the row's user, or,
// without a user, to the asset its asset tag names, as Snipe-IT's
// importer does. A license whose first row checks out to an asset is
// per-device, any other per-user. Rows with the same name and serial are
// one license, each checking out a seat; the same name with another
// serial (Snipe-IT allows both) becomes its own product, told apart by
// its serial.
func parseSnipeLicense(r csvRow) (importStep, error) {
	cs := &cells{r: r}
	name := r.first("item name", "license name")
	serial := r.first("serial number", "serial", "product key")
	p := model.Product{Software: name, Vendor: r.first("manufacturer"), Serial: serial, Period: model.NoBilling,
		Invoice: r.first("order number", "purchase order"), Notes: strings.TrimSpace(r.get("notes"))}
	var cost string
	seatsSet := strings.TrimSpace(r.get("seats")) != ""
	cell(cs, "seats", parseSeats, &p.Contracted)
	cell(cs, "purchase cost", snipeCost, &cost)
	cell(cs, "purchase date", parseSnipeDate, &p.Purchased)
	cell(cs, "expiration date", parseSnipeDate, &p.Expires)
	if p.Expires == "" {
		cell(cs, "termination date", parseSnipeDate, &p.Expires)
	}
	co := readCheckout(cs, r.get("email"), r.first("name", "full name"), "", "")
	tag := r.first("asset tag")
	if co == nil && tag != "" {
		p.Kind = model.PerDevice
	}
	if name == "" {
		cs.fail("an item name (the license's name) is required")
	}
	if err := cs.err(); err != nil {
		return nil, err
	}
	return func(x *importRun) error {
		key := strings.ToLower(name) + "\x00" + strings.ToLower(serial)
		product, seen := x.licenses[key]
		if seen {
			if seatsSet && p.Contracted != x.seats[key] {
				return model.Invalidf("seats %d, but an earlier line of license %q with serial %q has %d", p.Contracted, name, serial, x.seats[key])
			}
		} else {
			created, err := x.snipeProduct(p, name, serial, cost)
			if err != nil {
				return err
			}
			product = created
			x.licenses[key], x.seats[key] = product, p.Contracted
		}
		holder := ""
		switch {
		case co != nil:
			email, err := co.ensure(x)
			if err != nil {
				return err
			}
			holder = email
		case tag != "":
			asset, err := x.snipeAsset(tag)
			if err != nil {
				return err
			}
			holder = asset
		default:
			return nil
		}
		if _, err := x.svc.Assign(x.actor, product, holder, false); err != nil {
			if model.CodeOf(err) == model.CodeConfirm {
				return fmt.Errorf("%w; an import never grows a pool: give the license more seats", err)
			}
			return err
		}
		x.assigned++
		x.created = append(x.created, fmt.Sprintf("assignment of %s to %s", product, holder))
		return nil
	}, nil
}

// snipeProduct creates the product of a Snipe-IT license. Its purchase
// cost is the whole purchase: Seats keeps a one-off price per license,
// and the cost as it was in the notes.
func (x *importRun) snipeProduct(p model.Product, name, serial, costText string) (string, error) {
	cost, err := parseSnipeCost(costText, x.org.Currency)
	if err != nil {
		return "", err
	}
	if cost > 0 {
		if p.Contracted > 0 {
			p.NetPrice = (cost + model.Money(p.Contracted)/2) / model.Money(p.Contracted)
		} else {
			p.NetPrice = cost
		}
		note := "Snipe-IT purchase cost: " + money(cost, x.org.Currency)
		if p.Notes != "" {
			note = p.Notes + "\n" + note
		}
		p.Notes = note
	}
	p.Name = model.ImportedName(name, serial, func(n string) bool {
		_, err := x.svc.Product(n)
		return err == nil
	})
	created, err := x.svc.CreateProduct(x.actor, p)
	if err != nil {
		return "", err
	}
	what := fmt.Sprintf("product %s (%s", created.Name, plural(created.Contracted, "license", "licenses"))
	if created.Kind == model.PerDevice {
		what = fmt.Sprintf("product %s (per-device, %s", created.Name, plural(created.Contracted, "license", "licenses"))
	}
	if created.NetPrice > 0 {
		what += ", " + money(created.NetPrice, x.org.Currency) + " each, once"
	}
	x.created = append(x.created, what+")")
	return created.Name, nil
}

// snipeAsset finds the asset a Snipe-IT asset tag names: the one whose
// inventory number is the tag (Snipe-IT's asset import puts it there),
// else the one named by it. Snipe-IT checks a seat out only to an asset
// it has; here a tag no asset has yet becomes a new asset, named by its
// tag, so the seat is not lost (import the assets first to get their
// names and details).
func (x *importRun) snipeAsset(tag string) (string, error) {
	if x.assetTags == nil {
		assets, err := x.svc.Assets()
		if err != nil {
			return "", err
		}
		x.assetTags = map[string]string{}
		for _, a := range assets {
			if a.Inventory != "" && a.Retired.IsZero() {
				x.assetTags[strings.ToLower(a.Inventory)] = a.Name
			}
		}
	}
	if name, ok := x.assetTags[strings.ToLower(tag)]; ok {
		return name, nil
	}
	if _, err := x.svc.Asset(tag); err == nil {
		return tag, nil
	} else if model.CodeOf(err) != model.CodeNotFound && !errors.Is(err, model.ErrNotFound) {
		return "", err
	}
	a, err := x.svc.CreateAsset(x.actor, model.Asset{Name: tag, Inventory: tag}, "")
	if err != nil {
		return "", err
	}
	x.assetTags[strings.ToLower(tag)] = a.Name
	x.created = append(x.created, fmt.Sprintf("asset %s (from a license checked out to asset tag %s)", a.Name, tag))
	return a.Name, nil
}

// parseSnipeUser takes one row of Snipe-IT's user importer.
func parseSnipeUser(r csvRow) (importStep, error) {
	cs := &cells{r: r}
	u := model.User{First: r.first("first name"), Last: r.first("last name"), Department: r.first("department")}
	if u.First == "" && u.Last == "" {
		u.First, u.Last = splitName(r.first("name", "full name"))
	}
	if u.Last == "" {
		u.Last = u.First
	}
	cell(cs, "email", model.NormalizeEmail, &u.Email)
	if strings.TrimSpace(r.get("email")) == "" {
		cs.fail("an email is required (Seats knows users by email; Snipe-IT allows users without one)")
	}
	if u.First == "" {
		cs.fail("a first name or a name is required")
	}
	var inactive bool
	if a := strings.ToLower(strings.TrimSpace(r.get("activated"))); a != "" {
		b, err := parseSnipeBool(a)
		if err != nil {
			cs.fail("activated: %v", err)
		}
		inactive = !b
	}
	if err := cs.err(); err != nil {
		return nil, err
	}
	return func(x *importRun) error {
		invited, err := x.svc.InviteUser(x.actor, u)
		if err != nil {
			return err
		}
		what := fmt.Sprintf("user %s (%s)", invited.Email, invited.Name())
		if inactive {
			what += ", not activated in Snipe-IT: invited"
		}
		x.created = append(x.created, what)
		return nil
	}, nil
}

func parseSnipeBool(s string) (bool, error) {
	switch s {
	case "1", "yes", "y", "true", "on":
		return true, nil
	case "0", "no", "n", "false", "off":
		return false, nil
	}
	return false, fmt.Errorf("%q is not yes or no", cut(s, 40))
}

// parseSnipeAsset takes one row of Snipe-IT's asset importer or export:
// named by its name, or by its asset tag when it has none (Snipe-IT's
// names repeat: a repeated one is told apart by the tag), and owned by
// the user it is checked out to.
func parseSnipeAsset(r csvRow) (importStep, error) {
	cs := &cells{r: r}
	tag := r.first("asset tag")
	name := r.first("name", "asset name", "item name")
	a := model.Asset{Inventory: tag, Serial: r.first("serial", "serial number"), Type: r.first("category"),
		Location: r.first("location")}
	var co *checkout
	if t := strings.ToLower(r.first("checkout type")); t == "" || t == "user" {
		co = readCheckout(cs, r.first("checked out to: email", "email"), r.first("full name"),
			r.first("checked out to: first name"), r.first("checked out to: last name"))
	}
	if tag == "" {
		cs.fail("an asset tag is required")
	}
	if err := cs.err(); err != nil {
		return nil, err
	}
	if name == "" {
		name = tag
	}
	return func(x *importRun) error {
		a.Name = model.ImportedName(name, tag, func(n string) bool {
			_, err := x.svc.Asset(n)
			return err == nil
		})
		owner := ""
		if co != nil {
			var err error
			if owner, err = co.ensure(x); err != nil {
				return err
			}
		}
		if _, err := x.svc.CreateAsset(x.actor, a, owner); err != nil {
			return err
		}
		what := "asset " + a.Name
		if owner != "" {
			what += " (" + owner + ")"
		}
		x.created = append(x.created, what)
		return nil
	}, nil
}
