package cli

import (
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"unicode"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/send"
)

// jsonOutput names the Go value a command prints under --json: the
// documentation below is generated from it with the same walk the output
// takes (jsonview.go), and a test runs every command and checks that the
// keys it prints are exactly the documented ones.
type jsonOutput struct {
	command string
	value   any
	note    string
}

var jsonOutputs = []jsonOutput{
	{"status", statusJSON{}, ""},
	{"products list", []productJSON{}, "keys are masked unless --with-keys"},
	{"products add", productJSON{}, ""},
	{"products edit", productJSON{}, ""},
	{"products delete", deletedJSON{}, ""},
	{"licenses list", []licenseJSON{}, ""},
	{"licenses add", addedJSON{}, `without --yes: the quote, "added": false, exit 1`},
	{"licenses remove", model.Removal{}, ""},
	{"assign", licenseJSON{}, ""},
	{"unassign", unassignJSON{}, ""},
	{"users list", []model.User{}, ""},
	{"users invite", model.User{}, ""},
	{"users edit", model.User{}, ""},
	{"users owner", ownerJSON{}, ""},
	{"users terminate", terminationJSON{}, ""},
	{"users reinstate", reinstatedJSON{}, ""},
	{"assets list", []assetJSON{}, ""},
	{"assets add", assetJSON{}, ""},
	{"assets edit", assetJSON{}, ""},
	{"assets retire", assetJSON{}, ""},
	{"assets unretire", assetJSON{}, ""},
	{"allocations list", []model.AllocationStatus{}, ""},
	{"allocations add", model.AllocationStatus{}, ""},
	{"allocations edit", model.AllocationStatus{}, ""},
	{"allocations delete", deletedJSON{}, ""},
	{"history", []eventJSON{}, ""},
	{"history --verify", historyJSON{}, ""},
	{"invoice", model.Invoice{}, ""},
	{"usage", []model.UsageRow{}, ""},
	{"org show", orgJSON{}, ""},
	{"org edit", orgJSON{}, ""},
	{"import", importJSON{}, ""},
	{"import all", migrateJSON{}, "with --dry-run: the import object"},
	{"export products", []productJSON{}, "keys only with --with-keys"},
	{"export licenses", []licenseJSON{}, ""},
	{"export users", []model.User{}, ""},
	{"export assets", []assetJSON{}, ""},
	{"export events", []eventJSON{}, ""},
	{"export all", dumpManifest{}, ""},
	{"check", checkJSON{}, ""},
	{"backup", backupJSON{}, ""},
	{"upgrade", upgradeJSON{}, ""},
	{"migrate", migrateJSON{}, ""},
	{"demo", demoJSON{}, "with --no-ui"},
	{"notify run", send.Report{}, ""},
	{"notify status", model.NotifyStatus{}, ""},
	{"notify settings", model.NotifySettings{}, "show and set"},
	{"info", infoJSON{}, ""},
	{"version", buildInfo{}, ""},
	{"--dry-run", dryRunJSON{}, "any command that changes data, with --dry-run"},
}

const jsonIntro = `JSON output (--json)

Every command takes --json and then prints one JSON value on stdout
instead of text; errors stay one line on stderr and the exit code is the
same. The keys are stable:

- Every key of an object is always there: a time that has not happened is
  null, a text that is not set is "", a list with nothing in it is [].
- Keys are named as the flags and the CSV columns are (--net-price,
  net_price); old flag names still work and say so on stderr.
- Amounts are integers in the minor units of the organization's
  currency (ISO 4217): cents for EUR (1250 is 12.50 EUR), yen for JPY
  (1200 is 1200 JPY), fils for BHD (12345 is 12.345 BHD). The currency
  is in the same object, or in the status, invoice and org show output.
- VAT is vat_percent, a number of percent (21, 5.5), as --vat-percent.
- Times are RFC 3339 in UTC; dates are YYYY-MM-DD ("" when none).
- Records are named by their public keys: products, assets and
  allocations by name, users by email, licenses by their ID (LIC-000042);
  internal numeric IDs are not printed.
`

// printJSONHelp serves `seats help json`.
func printJSONHelp(w io.Writer) {
	io.WriteString(w, jsonIntro+"\nCommands:\n")
	t := newTable(w)
	var objects []reflect.Type
	seen := map[reflect.Type]bool{}
	for _, o := range jsonOutputs {
		desc := typeDesc(reflect.TypeOf(o.value), &objects, seen)
		if o.note != "" {
			desc += " (" + o.note + ")"
		}
		t.row("  seats "+o.command, desc)
	}
	t.flush()
	io.WriteString(w, "\nObjects:\n")
	for i := 0; i < len(objects); i++ {
		ot := objects[i]
		fmt.Fprintf(w, "\n  %s\n", objectName(ot))
		ft := newTable(w)
		for _, f := range jsonFields(ot) {
			desc := f.rule.typ
			if desc == "" {
				desc = typeDesc(f.typ, &objects, seen)
			}
			ft.row("    "+f.key, desc)
		}
		ft.flush()
	}
}

var (
	moneyType = reflect.TypeFor[model.Money]()
	dateType  = reflect.TypeFor[model.Date]()
)

// enumValues are the values of the model's named strings.
var enumValues = map[reflect.Type]string{
	reflect.TypeFor[model.AssignKind](): "per-user or per-device",
	reflect.TypeFor[model.Period]():     "monthly, yearly or none",
	reflect.TypeFor[model.Policy]():     "block or auto-grow",
	reflect.TypeFor[model.Role]():       "owner, admin, member or viewer",
	reflect.TypeFor[model.UserKind]():   "employee or external",
	reflect.TypeFor[model.UserState]():  "invited, enabled, disabled or terminated",
}

// typeDesc describes a type as the view prints it, queueing the objects
// it refers to for their own description.
func typeDesc(t reflect.Type, objects *[]reflect.Type, seen map[reflect.Type]bool) string {
	switch t {
	case timeType:
		return "time or null"
	case moneyType:
		return "amount in minor units"
	case dateType:
		return "date or \"\""
	}
	if values, ok := enumValues[t]; ok {
		return "string: " + values
	}
	if t.Kind() == reflect.Pointer {
		d := typeDesc(t.Elem(), objects, seen)
		if !strings.HasSuffix(d, " or null") {
			d += " or null"
		}
		return d
	}
	if t.Implements(marshalerType) {
		return "string"
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "list of " + typeDesc(t.Elem(), objects, seen)
	case reflect.Map:
		return "object of " + typeDesc(t.Elem(), objects, seen)
	case reflect.Struct:
		if !seen[t] {
			seen[t] = true
			*objects = append(*objects, t)
		}
		return objectName(t)
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Uint8:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Interface:
		return "any"
	}
	return t.Kind().String()
}

// objectName names a Go type for a reader: productJSON is "product",
// model.InvoiceLine "invoice line".
func objectName(t reflect.Type) string {
	name := strings.TrimSuffix(t.Name(), "JSON")
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		// A word starts at an upper-case letter after a lower-case one,
		// or at the last capital of an acronym (SMTPServer).
		if i > 0 && unicode.IsUpper(r) && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])) {
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return "<" + b.String() + ">"
}

// jsonShape is what the view prints for a type, to compare output with:
// the keys of an object, the element of a list.
type jsonShape struct {
	keys  []string
	field map[string]*jsonShape
	elem  *jsonShape
	free  bool // a map: any keys
}

func shapeOf(t reflect.Type) *jsonShape {
	switch {
	case t == timeType, t == moneyType, t.Implements(marshalerType):
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		return shapeOf(t.Elem())
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return nil
		}
		return &jsonShape{elem: shapeOf(t.Elem())}
	case reflect.Map:
		return &jsonShape{free: true, elem: shapeOf(t.Elem())}
	case reflect.Struct:
		s := &jsonShape{field: map[string]*jsonShape{}}
		for _, f := range jsonFields(t) {
			s.keys = append(s.keys, f.key)
			if f.rule.conv == nil {
				s.field[f.key] = shapeOf(f.typ)
			}
		}
		return s
	}
	return nil
}

// unlike says where a decoded JSON value has keys its shape does not
// document, or lacks documented ones ("" when it matches).
func (s *jsonShape) unlike(path string, v any) string {
	if s == nil || v == nil {
		return ""
	}
	switch x := v.(type) {
	case []any:
		for i, e := range x {
			if d := s.elem.unlike(fmt.Sprintf("%s[%d]", path, i), e); d != "" {
				return d
			}
		}
	case map[string]any:
		if s.free {
			for k, e := range x {
				if d := s.elem.unlike(path+"."+k, e); d != "" {
					return d
				}
			}
			return ""
		}
		for k := range x {
			if !slices.Contains(s.keys, k) {
				return fmt.Sprintf("%s.%s is printed but not documented", path, k)
			}
		}
		for _, k := range s.keys {
			e, ok := x[k]
			if !ok {
				return fmt.Sprintf("%s.%s is documented but not printed", path, k)
			}
			if d := s.field[k].unlike(path+"."+k, e); d != "" {
				return d
			}
		}
	}
	return ""
}
