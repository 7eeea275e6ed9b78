package cli

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/seats/seats/model"
)

var importCommand = &command{
	name:    "import",
	args:    []string{"KIND", "FILE"},
	summary: "add products, users, assets or assignments from CSV, all or none",
	about: `Reads a CSV file (- for standard input) and adds every row of it in one transaction: all of them or nothing. KIND is products, users, assets or licenses. The header line names columns that 'seats export KIND' writes, in any order (--map SRC=DST reads another tool's column SRC as ours, DST; --ignore-unknown skips columns import does not know, which are refused otherwise; --delimiter ; reads files separated by semicolons; a byte order mark and CRLF line ends are fine); the required ones are name (products, assets), email, first and last (users), and product, status and assignee (licenses). Columns that follow from other data (gross_price, assigned, state, licenses, created, license IDs) are ignored.
Products get their contracted licenses, and their keys when the file has a keys column (export --with-keys); prices must be in the organization's currency. The first user of a new database becomes the account owner (a row with role owner goes first); a last_day terminates the user on that day. Each active license row assigns a free license of its product to its assignee; an import never grows a pool.
Every bad line is reported as FILE:LINE: reason, and then nothing changes; with --skip-invalid the other lines are imported and the skipped ones listed.
--from snipe-it reads Snipe-IT's importer files and exports as they are (licenses, users, assets): dates like 11/24/2008, costs like $12.58, a license's seats bought once (billing period none, its purchase cost shared by its seats), a seat checked out to each row's user (created from the row's name and email when there is no such user), names over 100 bytes shortened and repeated names told apart by serial or asset tag; --dry-run lists what would be created. 'seats import all DIR' copies a directory 'seats export all' wrote into an empty database exactly: the same IDs, times, statuses and history (the chain is verified before it commits). To copy only the records into a database, import products, users, assets and licenses in that order:
seats export users > users.csv
seats import users users.csv --db new.db --dry-run`,
	flags: []flagDef{{name: "dry-run", kind: boolFlag, help: "check every line, against the database too, and change nothing"},
		delimiterFlag, mapFlag, ignoreUnknownFlag,
		{name: "from", kind: valueFlag, arg: "TOOL", help: "read another tool's files as they are: snipe-it (licenses, users, assets)"},
		{name: "skip-invalid", kind: boolFlag, help: "import the rows that can be taken and list the ones skipped, instead of none"}},
	open: openWrite,
	run:  runImport,
}

// importer reads one kind of record from CSV rows.
type importer struct {
	// required are the columns a file must have; any other column that
	// export writes may be there too.
	required []string
	// parse checks one row's values, before the database is opened, and
	// returns the step that adds it inside the import's transaction.
	parse func(r csvRow) (importStep, error)
	// one and many name the records in the summary line.
	one, many string
	// known are the columns a file may have (nil: those export writes).
	known []string
}

var importers = map[string]importer{
	"products": {[]string{"name"}, parseProductRow, "product", "products", nil},
	"users":    {[]string{"email", "first", "last"}, parseUserRow, "user", "users", nil},
	"assets":   {[]string{"name"}, parseAssetRow, "asset", "assets", nil},
	"licenses": {[]string{"product", "status", "assignee"}, parseLicenseRow, "license", "licenses", nil},
}

// renamedColumns are the old names of columns, per kind, still read so
// that files exported by earlier versions import as they are.
var renamedColumns = map[string]map[string]string{
	"products": {"kind": "assignment", "vat": "vat_percent"},
	"users":    {"kind": "employment"},
}

const importKinds = "products, users, assets, licenses or all"

// importStep adds one row through the domain.
type importStep func(x *importRun) error

// importRun is the state shared by the steps of one import, inside its
// one transaction.
type importRun struct {
	svc      *model.Service // the batch's service
	actor    string
	org      model.Org
	assigned int      // licenses assigned
	notes    []string // what the domain decided that the file did not say
	line     int      // the line being imported
	name     string   // the file, as messages name it
	// created lists what the steps created, for a dry run to show.
	created []string
	// licenses and seats are the products a Snipe-IT license file
	// created so far, by name and serial, and their seats.
	licenses map[string]string
	seats    map[string]int
	// over counts, per product, the licenses assigned beyond its
	// contracted count (Rule 2 allows it after an import).
	over     map[string]int
	overList []overageJSON
	// assetTags maps the assets' inventory numbers (Snipe-IT's asset
	// tags), lower case, to their names; read once, when needed.
	assetTags map[string]string
}

// importLine is one data row: a parse error, or the step that adds it.
type importLine struct {
	line  int
	err   error
	step  importStep
	owner bool // users: a row with role owner, invited first into a new database
	// key is what the store indexes the record by (see importOrder).
	key string
	// licenses is how many licenses the row creates (products).
	licenses int
}

// badLine is a refused row.
type badLine struct {
	line   int
	reason string
}

var (
	errBadLines = errors.New("bad lines")
	errDryRun   = errors.New("dry run")
)

// importJSON is what a successful import prints under --json.
type importJSON struct {
	Imported int    `json:"imported"`
	Kind     string `json:"kind"`
	DryRun   bool   `json:"dry_run"`
	Assigned *int   `json:"assigned,omitempty"`
	// Created is what a dry run from another tool would create.
	Created []string `json:"created,omitempty"`
	// Skipped are the lines --skip-invalid left out.
	Skipped []skippedJSON `json:"skipped,omitempty"`
	// Overage are the products the import left over their contracted count.
	Overage []overageJSON `json:"overage"`
}

type overageJSON struct {
	Product    string `json:"product"`
	Assigned   int    `json:"assigned"`
	Contracted int    `json:"contracted"`
}

type skippedJSON struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

func runImport(c *call) error {
	kind := strings.ToLower(c.pos(0))
	if kind == "all" {
		return runImportAll(c)
	}
	opts, err := c.csvOpts()
	if err != nil {
		return err
	}
	table := importers
	switch from := strings.ToLower(strings.TrimSpace(c.args.str("from"))); from {
	case "", "seats":
	case "snipe-it", "snipeit":
		table = snipeImporters
		opts.snipe = true
	default:
		return usagef("cannot import from %q: want snipe-it", cut(from, 40))
	}
	im, ok := table[kind]
	if !ok && opts.snipe && snipeUntracked[kind] != "" {
		return usagef("Snipe-IT %s are %s, which Seats does not track: it imports licenses, users and assets from Snipe-IT", kind, snipeUntracked[kind])
	}
	if !ok && opts.snipe {
		return usagef("cannot import %q from Snipe-IT: want licenses, users or assets", cut(kind, 40))
	}
	if !ok {
		if kind == "events" {
			return usagef("cannot import events: the event log only grows by the changes themselves")
		}
		return usagef("cannot import %q: want %s", cut(kind, 40), importKinds)
	}
	path := c.pos(1)
	name := path
	if path == "-" {
		name = "stdin"
	}
	data, err := c.readImport(path)
	if err != nil {
		return err
	}
	lines, err := parseImport(data, name, kind, im, opts)
	if err != nil {
		return err
	}
	dryRun := c.args.on("dry-run")
	if len(lines) > 10_000 {
		// One transaction of many short-lived records: collecting garbage
		// less often saves a tenth of the time for some more memory.
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	var bad, skipped []badLine
	var x *importRun
	skip := map[int]bool{} // lines --skip-invalid leaves out
	run := func(b *model.Service) error {
		bad = nil
		org, err := b.Org()
		if err != nil {
			return err
		}
		x = &importRun{svc: b, actor: c.actor, org: org, name: name, licenses: map[string]string{}, seats: map[string]int{}, over: map[string]int{}}
		for _, l := range importOrder(lines, org.OwnerID == 0) {
			if skip[l.line] {
				continue
			}
			if l.err == nil {
				x.line = l.line
				if l.err = l.step(x); l.err != nil && fatal(l.err) {
					return l.err
				}
			}
			if l.err != nil {
				bad = append(bad, badLine{l.line, oneLine(l.err.Error())})
			}
		}
		if err := x.overage(); err != nil {
			return err
		}
		switch {
		case len(bad) > 0:
			return errBadLines
		case dryRun:
			return errDryRun
		}
		return nil
	}
	err = svc.Import(run)
	// --skip-invalid leaves the bad lines out and tries the rest again: a
	// line may have depended on one left out (a few rounds at most).
	for round := 0; errors.Is(err, errBadLines) && c.args.on("skip-invalid") && round < 5; round++ {
		for _, b := range bad {
			skip[b.line] = true
		}
		skipped = append(skipped, bad...)
		err = svc.Import(run)
	}
	switch {
	case errors.Is(err, errBadLines):
		sort.SliceStable(bad, func(i, j int) bool { return bad[i].line < bad[j].line })
		for i, b := range bad {
			if i == maxBadLinesShown {
				fmt.Fprintf(c.env.Stderr, "%s: %s not shown\n", name, plural(len(bad)-i, "more bad line", "more bad lines"))
				break
			}
			fmt.Fprintf(c.env.Stderr, "%s:%d: %s\n", name, b.line, b.reason)
		}
		return fmt.Errorf("import refused: %s; nothing changed", plural(len(bad), "bad line", "bad lines"))
	case errors.Is(err, errDryRun):
	case err != nil:
		return err
	}
	sort.SliceStable(skipped, func(i, j int) bool { return skipped[i].line < skipped[j].line })
	out := importJSON{Imported: len(lines) - len(skipped), Kind: kind, DryRun: dryRun}
	if kind == "licenses" {
		out.Assigned = &x.assigned
	}
	if dryRun {
		out.Created = x.created
	}
	for _, b := range skipped {
		out.Skipped = append(out.Skipped, skippedJSON{b.line, b.reason})
	}
	out.Overage = x.overList
	for _, n := range x.notes {
		fmt.Fprintln(c.info(), n)
	}
	return c.show(out, func(w io.Writer) {
		for _, b := range skipped {
			fmt.Fprintf(w, "skipped %s:%d: %s\n", name, b.line, b.reason)
		}
		what := plural(out.Imported, im.one, im.many)
		if kind == "licenses" {
			what += fmt.Sprintf(" (%d assigned)", x.assigned)
		}
		if len(skipped) > 0 {
			what += fmt.Sprintf(", %s skipped", plural(len(skipped), "line", "lines"))
		}
		if dryRun {
			for _, c := range x.created {
				fmt.Fprintf(w, "would create %s\n", c)
			}
			fmt.Fprintf(w, "dry run: %s would be imported; nothing changed\n", what)
			return
		}
		fmt.Fprintf(w, "imported %s\n", what)
	})
}

// fatal tells an error that stops the whole import from a bad line: the
// acting user may not change anything, or the database itself failed.
func fatal(err error) bool {
	switch model.CodeOf(err) {
	case "", model.CodeForbidden, model.CodeCorrupt:
		return true
	}
	return false
}

// importOrder is the order the rows are added in. When the database has
// no owner yet, the first row with role owner goes first, so that user
// becomes the owner as the file says (without one, the file's first row
// does). The rest go in the order of the key the store indexes them by
// (email, name): bbolt splits a page only when a transaction commits, so
// an import's new index entries pile up in one in-memory node, and each
// entry put in the middle of it moves all the entries after it. In key
// order every entry goes at the end, and a million users import in about
// ten times the time of a hundred thousand instead of a hundred times.
// The records' IDs follow that order too.
func importOrder(lines []importLine, noOwner bool) []importLine {
	out := slices.Clone(lines)
	first := 0
	if noOwner {
		i := slices.IndexFunc(out, func(l importLine) bool { return l.owner && l.err == nil })
		if i < 0 {
			i = slices.IndexFunc(out, func(l importLine) bool { return l.err == nil })
		}
		if i >= 0 {
			l := out[i]
			copy(out[1:i+1], out[:i])
			out[0], first = l, 1
		}
	}
	slices.SortStableFunc(out[first:], func(a, b importLine) int { return strings.Compare(a.key, b.key) })
	return out
}

// Bounds of an import file. They keep what an import holds in memory
// proportional to a file of sensible size, whatever the file says: the
// licenses a file creates are bounded by model.MaxSeatChange in all.
const (
	maxImportBytes = 512 << 20 // a million users are about 80 MB
	maxImportRows  = 2_000_000
	// maxFieldBytes fits the longest text the domain takes (keys and
	// notes, 10,000 bytes), quoted, with room to spare.
	maxFieldBytes = 16 << 10
	maxLineBytes  = 64 << 10
	// maxBadLinesShown bounds the report of a file that is bad all over.
	maxBadLinesShown = 100
)

// readImport reads the whole file (or standard input for -) before the
// database is opened, refusing one over maxImportBytes.
func (c *call) readImport(path string) ([]byte, error) {
	name := path
	var r io.Reader = c.env.Stdin
	if path == "-" {
		name = "standard input"
	} else {
		f, err := os.Open(path)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, fmt.Errorf("cannot read %s: %v", path, err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxImportBytes+1))
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read %s: %v", name, err)
	}
	if len(data) > maxImportBytes {
		return nil, fmt.Errorf("%s is larger than %d MiB: split it into several imports", name, maxImportBytes>>20)
	}
	return data, nil
}

// csvRow is one data row with its columns by name.
type csvRow struct {
	cols map[string]int
	rec  []string
}

// get is the value of a column ("" when the file has no such column).
func (r csvRow) get(col string) string {
	if i, ok := r.cols[col]; ok {
		return r.rec[i]
	}
	return ""
}

// parseImport reads the header and every row. A bad header is bad usage;
// a bad row is a bad line, reported with the others.
func parseImport(data []byte, name, kind string, im importer, opts csvOptions) ([]importLine, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // a spreadsheet's byte order mark
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = opts.comma
	r.FieldsPerRecord = -1 // counted here, to say which line is wrong
	header, err := r.Read()
	if err == io.EOF {
		return nil, usagef("%s is empty: want a header line with the columns 'seats export %s' writes", name, kind)
	}
	if err != nil {
		return nil, usagef("%s: the header line is not CSV: %v", name, csvReason(err))
	}
	if err := recordTooLong(header); err != nil {
		return nil, usagef("%s: the header line: %v", name, err)
	}
	cols, err := importColumns(header, name, kind, im, opts)
	if err != nil {
		return nil, err
	}
	r.ReuseRecord = true // each row's values are copied out by its parse
	var lines []importLine
	created := 0 // licenses the rows so far create
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if len(lines) == maxImportRows {
			return nil, fmt.Errorf("%s has more than %d rows: split it into several imports", name, maxImportRows)
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			lines = append(lines, importLine{line: pe.Line, err: errors.New(csvReason(err))})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %v", name, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			lines = append(lines, importLine{line: line, err: fmt.Errorf("%d fields, but the header has %d", len(rec), len(header))})
			continue
		}
		if err := recordTooLong(rec); err != nil {
			lines = append(lines, importLine{line: line, err: err})
			continue
		}
		rec = slices.Clone(rec)
		for i, f := range rec {
			rec[i] = unneutralise(f)
		}
		row := csvRow{cols: cols, rec: rec}
		l := importLine{line: line, key: importKey(kind, row)}
		l.step, l.err = im.parse(row)
		l.owner = kind == "users" && strings.EqualFold(strings.TrimSpace(row.get("role")), string(model.RoleOwner))
		if l.err == nil && kind == "products" {
			l.licenses, _ = parseSeats(strings.TrimSpace(row.get("contracted")))
			if created+l.licenses > model.MaxSeatChange {
				l.err = fmt.Errorf("contracted: the products up to here have %d licenses; one import creates at most %d (import fewer and add the rest with 'seats licenses add')",
					created+l.licenses, model.MaxSeatChange)
			} else {
				created += l.licenses
			}
		}
		lines = append(lines, l)
	}
	return lines, nil
}

// recordTooLong refuses a row with a field or a line longer than any
// value the domain would take.
func recordTooLong(rec []string) error {
	total := 0
	for i, f := range rec {
		if len(f) > maxFieldBytes {
			return fmt.Errorf("field %d is %d bytes long (at most %d)", i+1, len(f), maxFieldBytes)
		}
		total += len(f)
	}
	if total > maxLineBytes {
		return fmt.Errorf("the line is %d bytes long (at most %d)", total, maxLineBytes)
	}
	return nil
}

// importKey is the key the store indexes a row's record by (see
// importOrder); licenses keep the file's order.
func importKey(kind string, r csvRow) string {
	switch kind {
	case "users":
		return strings.ToLower(strings.TrimSpace(r.get("email")))
	case "products", "assets":
		return strings.ToLower(strings.TrimSpace(r.get("name")))
	}
	return ""
}

// csvReason words a CSV syntax error without the reader's line prefix.
func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "bad CSV: " + pe.Err.Error()
	}
	return err.Error()
}

// importColumns maps the header's columns to their positions: each one a
// column that export writes, every required one there, none twice.
func importColumns(header []string, name, kind string, im importer, opts csvOptions) (map[string]int, error) {
	known := im.known
	if known == nil {
		known = exporters[kind].header(true)
	}
	if len(header) > 2*len(known) && !opts.ignoreUnknown {
		return nil, usagef("%s: the header has %d columns; import %s takes at most %d (%s)", name, len(header), kind, len(known), strings.Join(known, ","))
	}
	cols := make(map[string]int, len(header))
	var unknown, twice, missing []string
	for i, h := range header {
		h = opts.column(h)
		if to, ok := renamedColumns[kind][h]; ok && !opts.snipe {
			h = to
		}
		switch _, dup := cols[h]; {
		case !slices.Contains(known, h) && opts.ignoreUnknown:
		case !slices.Contains(known, h):
			unknown = append(unknown, strconv.Quote(cut(h, 40)))
		case dup:
			twice = append(twice, strconv.Quote(h))
		default:
			cols[h] = i
		}
	}
	for _, col := range im.required {
		if _, ok := cols[col]; !ok {
			missing = append(missing, strconv.Quote(col))
		}
	}
	var problems []string
	for _, p := range []struct {
		what  string
		names []string
	}{{"missing", missing}, {"unknown", unknown}, {"repeated", twice}} {
		if len(p.names) > 5 {
			p.names = append(p.names[:5:5], fmt.Sprintf("and %d more", len(p.names)-5))
		}
		if len(p.names) == 1 {
			problems = append(problems, p.what+" column "+p.names[0])
		} else if len(p.names) > 1 {
			problems = append(problems, p.what+" columns "+strings.Join(p.names, ", "))
		}
	}
	if len(problems) > 0 {
		hint := ""
		if len(unknown) > 0 {
			hint = "; --map SRC=DST renames a column, --ignore-unknown skips the others"
		}
		return nil, usagef("%s: %s (import %s takes: %s; required: %s%s)", name, strings.Join(problems, "; "), kind,
			strings.Join(known, ","), strings.Join(im.required, ","), hint)
	}
	return cols, nil
}

// cells parses a row's optional values: an empty cell leaves the zero
// value (the domain's default); every bad one is named.
type cells struct {
	r    csvRow
	errs []string
}

func cell[V any](cs *cells, col string, parse func(string) (V, error), dst *V) {
	s := strings.TrimSpace(cs.r.get(col))
	if s == "" {
		return
	}
	v, err := parse(s)
	if err != nil {
		cs.errs = append(cs.errs, fmt.Sprintf("%s: %v", col, err))
		return
	}
	*dst = v
}

func (cs *cells) fail(format string, a ...any) { cs.errs = append(cs.errs, fmt.Sprintf(format, a...)) }

func (cs *cells) err() error {
	if len(cs.errs) == 0 {
		return nil
	}
	return errors.New(strings.Join(cs.errs, "; "))
}

func parseBoolCell(s string) (bool, error) {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return false, fmt.Errorf("%q is not true or false", cut(s, 40))
	}
	return b, nil
}

func parseProductRow(r csvRow) (importStep, error) {
	p := model.Product{Name: r.get("name"), Software: r.get("software"), Vendor: r.get("vendor"), LicenseType: r.get("license_type"),
		Invoice: r.get("invoice"), Serial: r.get("serial"), Inventory: r.get("inventory"), OrgUnit: r.get("org_unit"),
		Location: r.get("location"), Notes: r.get("notes"), Keys: r.get("keys")}
	cs := &cells{r: r}
	var currency string
	var pending int
	cell(cs, "assignment", model.ParseKind, &p.Kind)
	cell(cs, "period", model.ParsePeriod, &p.Period)
	// The price is in the organization's currency, known once the
	// database is open: here it only has to read as an amount.
	price := strings.TrimSpace(r.get("net_price"))
	cell(cs, "net_price", func(s string) (string, error) { return s, model.CheckAmount(s) }, &price)
	cell(cs, "vat_percent", model.ParseVAT, &p.VATBasis)
	cell(cs, "currency", model.ParseCurrency, &currency)
	cell(cs, "contracted", parseSeats, &p.Contracted)
	cell(cs, "pending_removal", parseSeats, &pending)
	cell(cs, "policy", model.ParsePolicy, &p.Policy)
	cell(cs, "reduce_on_termination", parseBoolCell, &p.ReduceOnTermination)
	cell(cs, "purchased", model.ParseDate, &p.Purchased)
	cell(cs, "expires", model.ParseDate, &p.Expires)
	cell(cs, "support_until", model.ParseDate, &p.SupportUntil)
	if strings.TrimSpace(p.Name) == "" {
		cs.fail("a product name is required")
	}
	if pending > p.Contracted {
		cs.fail("pending_removal %d is more than contracted %d", pending, p.Contracted)
	}
	if err := cs.err(); err != nil {
		return nil, err
	}
	return func(x *importRun) error {
		if currency != "" && currency != x.org.Currency {
			return model.Conflictf("prices are in %s but the organization's currency is %s (change it first with 'seats org edit --currency %s')",
				currency, x.org.Currency, currency)
		}
		if price != "" {
			var err error
			if p.NetPrice, err = model.ParseMoney(price, x.org.Currency); err != nil {
				return fmt.Errorf("net_price: %w", err)
			}
		}
		created, err := x.svc.CreateProduct(x.actor, p)
		if err != nil || pending == 0 {
			return err
		}
		// Licenses the file's organization had scheduled to leave the
		// pool leave this one at the end of its current cycle too.
		_, err = x.svc.RemoveLicenses(x.actor, created.Name, pending, false)
		return err
	}, nil
}

func parseUserRow(r csvRow) (importStep, error) {
	u := model.User{First: r.get("first"), Last: r.get("last"), Department: r.get("department")}
	cs := &cells{r: r}
	var state model.UserState
	cell(cs, "email", model.NormalizeEmail, &u.Email)
	cell(cs, "role", model.ParseRole, &u.Role)
	cell(cs, "employment", model.ParseUserKind, &u.Kind)
	cell(cs, "last_day", model.ParseDate, &u.LastDay)
	cell(cs, "state", parseUserState, &state)
	switch {
	case strings.TrimSpace(r.get("email")) == "":
		cs.fail("an email is required")
	case strings.TrimSpace(u.First) == "" || strings.TrimSpace(u.Last) == "":
		cs.fail("first and last name are required")
	}
	if state == model.StateTerminated && u.LastDay == "" {
		cs.fail("a terminated user needs a last_day")
	}
	if err := cs.err(); err != nil {
		return nil, err
	}
	return func(x *importRun) error {
		lastDay := u.LastDay
		invited, err := x.svc.InviteUser(x.actor, u)
		if err != nil {
			return err
		}
		if invited.Role == model.RoleOwner && u.Role != model.RoleOwner {
			x.notes = append(x.notes, fmt.Sprintf("%s:%d: %s is the account owner: the first user of a new database always is",
				x.name, x.line, invited.Email))
		}
		if lastDay == "" {
			return nil
		}
		_, err = x.svc.TerminateUser(x.actor, invited.Email, lastDay)
		return err
	}, nil
}

// parseSeats reads a license count: a whole number from 0 to
// model.MaxSeats, refused before it can size anything.
func parseSeats(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	if strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a whole number from 0 to %d", cut(s, 40), model.MaxSeats)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > model.MaxSeats {
		return 0, fmt.Errorf("%s is over the maximum of %d licenses per product", cut(s, 40), model.MaxSeats)
	}
	return n, nil
}

func parseUserState(s string) (model.UserState, error) {
	st := model.UserState(strings.ToLower(s))
	switch st {
	case model.StateInvited, model.StateEnabled, model.StateDisabled, model.StateTerminated:
		return st, nil
	}
	return "", fmt.Errorf("unknown state %q (want invited, enabled, disabled or terminated)", cut(s, 40))
}

func parseAssetRow(r csvRow) (importStep, error) {
	a := model.Asset{Name: r.get("name"), Inventory: r.get("inventory"), Serial: r.get("serial"), Type: r.get("type"),
		Location: r.get("location")}
	cs := &cells{r: r}
	var owner string
	cell(cs, "owner", model.NormalizeEmail, &owner)
	if strings.TrimSpace(a.Name) == "" {
		cs.fail("an asset name is required")
	}
	if err := cs.err(); err != nil {
		return nil, err
	}
	return func(x *importRun) error {
		_, err := x.svc.CreateAsset(x.actor, a, owner)
		return err
	}, nil
}

func parseLicenseRow(r csvRow) (importStep, error) {
	product := strings.TrimSpace(r.get("product"))
	assignee := strings.TrimSpace(r.get("assignee"))
	cs := &cells{r: r}
	var status model.Status
	var kind string
	cell(cs, "status", model.ParseStatus, &status)
	cell(cs, "assignee_kind", parseAssigneeKind, &kind)
	if product == "" {
		cs.fail("a product is required")
	}
	switch {
	case strings.TrimSpace(r.get("status")) == "":
		cs.fail("a status is required (available, active or deactivated)")
	case status == model.Active && assignee == "":
		cs.fail("an active license needs an assignee")
	case status != model.Active && status != 0 && assignee != "":
		cs.fail("an %s license has no assignee", status)
	}
	if err := cs.err(); err != nil {
		return nil, err
	}
	return func(x *importRun) error {
		// The pool itself comes from the products' contracted counts; a
		// row that is not assigned only has to name a product.
		ps, err := x.svc.Product(product)
		if err != nil || status != model.Active {
			return err
		}
		switch {
		case kind == "user" && ps.Kind == model.PerDevice:
			return model.Conflictf("%s is per-device: its licenses go to assets, not users", ps.Name)
		case kind == "asset" && ps.Kind == model.PerUser:
			return model.Conflictf("%s is per-user: its licenses go to users, not assets", ps.Name)
		}
		_, over, err := x.svc.ImportAssign(x.actor, product, assignee)
		if err != nil {
			return err
		}
		x.assigned++
		if over {
			x.over[ps.Name]++
		}
		return nil
	}, nil
}

func parseAssigneeKind(s string) (string, error) {
	k := strings.ToLower(s)
	if k != "user" && k != "asset" {
		return "", fmt.Errorf("unknown assignee kind %q (want user or asset)", cut(s, 40))
	}
	return k, nil
}

// overage lists the products the import left over their contracted
// count, read inside the import's transaction (so a dry run has them
// too), and says what to do about them.
func (x *importRun) overage() error {
	names := make([]string, 0, len(x.over))
	for name := range x.over {
		names = append(names, name)
	}
	sort.Strings(names)
	x.overList = []overageJSON{}
	for _, name := range names {
		ps, err := x.svc.Product(name)
		if err != nil {
			return err
		}
		x.overList = append(x.overList, overageJSON{name, ps.Active, ps.Contracted})
		x.notes = append(x.notes, fmt.Sprintf("%s: %d assigned but only %d contracted after the import (%s beyond the count): add licenses or unassign %d; 'seats status' shows the overage",
			name, ps.Active, ps.Contracted, plural(x.over[name], "license", "licenses"), ps.Active-ps.Contracted))
	}
	return nil
}
