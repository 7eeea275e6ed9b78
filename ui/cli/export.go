package cli

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/seats/seats/model"
)

var exportCommand = &command{
	name:     "export",
	args:     []string{"KIND"},
	optional: []string{"DIR"},
	summary:  "write one kind as CSV or JSON, or all of them into a directory",
	about: `Writes every record of KIND (products, licenses, users, assets or events) to standard output: CSV with a header line, or with --json a JSON array. Amounts are decimal in CSV and minor units in JSON. CSV cells that begin with =, +, -, @, a tab or a carriage return get a single quote before them, so that a spreadsheet does not run them as formulas (import takes the quote away again). License keys are secret: only exported with --with-keys, only for the owner and admins, and each product's export is recorded in its history.
'seats export all DIR' (or --dir DIR) writes the whole organization into an empty directory, every record as stored (IDs, statuses, assignees and times, users' states and last days, allocations with members and rules, scheduled changes, the event log with its hashes; keys only with --with-keys): 'seats import all DIR' copies it into an empty database exactly.`,
	flags: []flagDef{withKeysFlag, delimiterFlag, dirFlag},
	open:  openRead,
	run:   runExport,
}

// exporter produces one kind of record, each both as a JSON object and
// as a CSV row (under header); emit returns false once output failed.
type exporter struct {
	header func(withKeys bool) []string
	each   func(c *call, withKeys bool, emit func(obj any, row []string) bool) error
}

var exporters = map[string]exporter{
	"products": {productsHeader, exportProducts},
	"licenses": {fixedHeader("id", "product", "status", "assignee", "assignee_kind", "created", "assigned_at"), exportLicenses},
	"users":    {fixedHeader("email", "first", "last", "role", "department", "employment", "state", "licenses", "last_day", "created"), exportUsers},
	"assets":   {fixedHeader("name", "inventory", "serial", "type", "location", "owner", "created"), exportAssets},
	"events": {fixedHeader("seq", "time", "actor", "kind", "product", "license", "user", "asset", "from", "to",
		"count_from", "count_to", "amount", "note"), exportEvents},
}

const exportKinds = "products, licenses, users, assets, events or all"

func fixedHeader(cols ...string) func(bool) []string { return func(bool) []string { return cols } }

func runExport(c *call) error {
	kind := strings.ToLower(c.pos(0))
	if kind == "all" {
		return runExportAll(c)
	}
	if c.args.has("dir") || len(c.args.pos) > 1 {
		return usagef("a directory is for export all; export %s writes to standard output", cut(kind, 40))
	}
	ex, ok := exporters[kind]
	if !ok {
		return usagef("cannot export %q: want %s", cut(kind, 40), exportKinds)
	}
	withKeys := c.args.on("with-keys") && kind == "products"
	opts, err := c.csvOpts()
	if err != nil {
		return err
	}
	if !withKeys {
		if _, err := c.service(); err != nil {
			return err
		}
	}
	w := bufio.NewWriterSize(c.env.Stdout, 64<<10)
	var werr error
	var emit func(any, []string) bool
	var finish func()
	if c.asJSON() {
		// A JSON array written element by element: an export of every
		// event must not have to fit in memory twice.
		n := 0
		io.WriteString(w, "[")
		emit = func(obj any, _ []string) bool {
			var b bytes.Buffer
			if err := encodeCompact(&b, publicJSON(obj)); err != nil {
				werr = err
				return false
			}
			sep := ",\n"
			if n == 0 {
				sep = "\n"
			}
			n++
			if _, werr = io.WriteString(w, sep); werr == nil {
				_, werr = w.Write(b.Bytes())
			}
			return werr == nil
		}
		finish = func() { _, werr = io.WriteString(w, "\n]\n") }
	} else {
		cw := csv.NewWriter(w)
		cw.Comma = opts.comma
		cw.Write(ex.header(withKeys))
		emit = func(_ any, row []string) bool {
			// Cells a spreadsheet would run as formulas get a quote
			// before them; JSON values stay as they are.
			werr = cw.Write(neutraliseRow(row))
			return werr == nil
		}
		finish = func() { cw.Flush(); werr = cw.Error() }
	}
	if err := ex.each(c, withKeys, emit); err != nil {
		return err
	}
	if werr == nil {
		finish()
	}
	if werr == nil {
		werr = w.Flush()
	}
	if werr != nil {
		return fmt.Errorf("export failed: %v", werr)
	}
	return nil
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func productsHeader(withKeys bool) []string {
	h := []string{"name", "software", "vendor", "license_type", "assignment", "period", "net_price", "vat_percent", "gross_price", "currency",
		"contracted", "assigned", "available", "deactivated", "pending_removal", "policy", "reduce_on_termination",
		"purchased", "expires", "support_until", "invoice", "serial", "inventory", "org_unit", "location", "notes", "created"}
	if withKeys {
		h = append(h, "keys")
	}
	return h
}

func exportProducts(c *call, withKeys bool, emit func(any, []string) bool) error {
	ps, err := productList(c, withKeys)
	if err != nil {
		return err
	}
	for _, p := range ps {
		row := []string{p.Name, p.Software, p.Vendor, p.LicenseType, string(p.Kind), string(p.Period), p.NetPrice.Format(p.Currency),
			model.FormatVAT(p.VATBasis), p.GrossPrice.Format(p.Currency), p.Currency, itoa(p.Contracted), itoa(p.Assigned), itoa(p.Available),
			itoa(p.Deactivated), itoa(p.PendingRemoval), string(p.Policy), strconv.FormatBool(p.ReduceOnTermination),
			string(p.Purchased), string(p.Expires), string(p.SupportUntil), p.Invoice, p.Serial, p.Inventory, p.OrgUnit,
			p.Location, p.Notes, stamp(p.Created)}
		if withKeys {
			row = append(row, p.Keys)
		} else {
			p.Keys = "" // secret: left out entirely, not even masked
		}
		if !emit(p, row) {
			return nil
		}
	}
	return nil
}

func exportLicenses(c *call, _ bool, emit func(any, []string) bool) error {
	ls, names, err := c.svc.Licenses(model.LicenseFilter{})
	if err != nil {
		return err
	}
	for _, l := range ls {
		j := newLicenseJSON(l, names.Products[l.ProductID], names.Assignee(l))
		if !emit(j, []string{j.ID, j.Product, j.Status, j.Assignee, j.AssigneeKind, stamp(l.Created), stamp(l.AssignedAt)}) {
			return nil
		}
	}
	return nil
}

func exportUsers(c *call, _ bool, emit func(any, []string) bool) error {
	users, err := c.svc.Users()
	if err != nil {
		return err
	}
	for _, u := range users {
		if !emit(u, []string{u.Email, u.First, u.Last, string(u.Role), u.Department, string(u.Kind), string(u.State),
			itoa(u.Held), string(u.LastDay), stamp(u.Created)}) {
			return nil
		}
	}
	return nil
}

func exportAssets(c *call, _ bool, emit func(any, []string) bool) error {
	assets, err := c.svc.Assets()
	if err != nil {
		return err
	}
	emails, err := userEmails(c.svc)
	if err != nil {
		return err
	}
	for _, a := range assets {
		owner := emails[a.OwnerID]
		if !emit(assetJSON{a, owner}, []string{a.Name, a.Inventory, a.Serial, a.Type, a.Location, owner, stamp(a.Created)}) {
			return nil
		}
	}
	return nil
}

func exportEvents(c *call, _ bool, emit func(any, []string) bool) error {
	org, err := c.svc.Org()
	if err != nil {
		return err
	}
	return c.svc.Events(0, func(e model.Event) bool {
		j := newEventJSON(e)
		return emit(j, []string{strconv.FormatUint(e.Seq, 10), stamp(e.Time), e.Actor, e.Kind, e.Product, j.License, e.User,
			e.Asset, e.From, e.To, itoa(e.CountFrom), itoa(e.CountTo), e.Amount.Format(org.Currency), e.Note})
	})
}
