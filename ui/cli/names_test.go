package cli

import (
	"encoding/csv"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/seats/seats/model"
)

// keysOf lists the keys the JSON view prints for a type.
func keysOf(v any) []string { return shapeOf(reflect.TypeOf(v)).keys }

// One name per thing: every flag that sets a field is the JSON key of
// that field (with _ for -; a repeatable flag names one of its list).
func TestFieldFlagsAreTheirJSONKeys(t *testing.T) {
	check := func(what string, defs []flagDef, keys []string) {
		t.Helper()
		for _, d := range defs {
			key := strings.ReplaceAll(d.name, "-", "_")
			if d.kind == listFlag {
				key += "s"
			}
			if !slices.Contains(keys, key) {
				t.Errorf("%s: flag --%s has no JSON key %q (keys: %v)", what, d.name, key, keys)
			}
		}
	}
	check("product", fieldFlags(renameProduct, productFields), keysOf(productJSON{}))
	check("user", fieldFlags(changeEmail, userFields), keysOf(model.User{}))
	check("asset", append(fieldFlags(renameAsset, assetFields), ownerFlag), keysOf(assetJSON{}))
	check("org", fieldFlags(orgFields), keysOf(orgJSON{}))
	check("allocation", append(fieldFlags(renameAllocation, allocationFields), allocProductFlag, allocUserFlag), keysOf(model.AllocationStatus{}))
}

// Every column export writes is the JSON key of the same value.
func TestCSVColumnsAreTheirJSONKeys(t *testing.T) {
	for kind, v := range map[string]any{"products": productJSON{}, "licenses": licenseJSON{}, "users": model.User{},
		"assets": assetJSON{}, "events": eventJSON{}} {
		keys := keysOf(v)
		for _, col := range exporters[kind].header(true) {
			if !slices.Contains(keys, col) {
				t.Errorf("export %s: column %q is no JSON key (keys: %v)", kind, col, keys)
			}
		}
	}
	h := seeded(t)
	header, err := csv.NewReader(strings.NewReader(h.ok("export", "products"))).Read()
	if err != nil || !slices.Contains(header, "assignment") || !slices.Contains(header, "vat_percent") || slices.Contains(header, "kind") {
		t.Fatalf("export products header %v, %v", header, err)
	}
}

// The old flag names still work, each saying once on stderr, the way
// cobra words it, which name to use; help and completion show only the
// new ones.
func TestOldFlagNamesWorkAndSayTheirNewName(t *testing.T) {
	h := seeded(t)
	for _, c := range []struct {
		args []string
		old  []string
	}{
		{[]string{"products", "add", "Figma", "--price", "15", "--vat", "21", "--unit", "Design", "--type", "SaaS", "--kind", "per-user"},
			[]string{"price", "vat", "unit", "type", "kind"}},
		{[]string{"users", "edit", "ana@example.com", "--kind", "employee"}, []string{"kind"}},
		{[]string{"org", "edit", "--expiry-window", "45"}, []string{"expiry-window"}},
		{[]string{"licenses", "list", "--holder", "ana@example.com"}, []string{"holder"}},
		{[]string{"allocations", "add", "Admins", "--product", "Office", "--quantity", "1", "--role", "admin", "--rule"}, []string{"role"}},
	} {
		r := h.run(c.args...)
		if r.code != exitOK {
			t.Fatalf("seats %q: exit %d, %s", c.args, r.code, r.err)
		}
		lines := strings.Split(strings.TrimSuffix(r.err, "\n"), "\n")
		if len(lines) != len(c.old) {
			t.Fatalf("seats %q: stderr %q, want one line per old flag", c.args, r.err)
		}
		for i, old := range c.old {
			if !strings.HasPrefix(lines[i], "Flag --"+old+" has been deprecated, use --") {
				t.Errorf("seats %q: stderr line %q", c.args, lines[i])
			}
		}
	}
	p := decode[[]map[string]any](t, h.ok("products", "list", "--json"))
	for _, x := range p {
		if x["name"] == "Figma" && (x["net_price"] != 1500.0 || x["vat_percent"] != 21.0 || x["org_unit"] != "Design" || x["license_type"] != "SaaS") {
			t.Fatalf("old flags set %v", x)
		}
	}
	if o := decode[map[string]any](t, h.ok("org", "show", "--json")); o["expiry_warning_days"] != 45.0 {
		t.Fatalf("--expiry-window set %v", o)
	}
	// A refusal stays one line, old names or not.
	h.fails(exitUsage, "products", "add", "X", "--price", "abc")

	help := h.ok("products", "add", "--help")
	contains(t, help, "--net-price", "--vat-percent", "--org-unit", "--license-type", "--assignment")
	for _, old := range []string{"--price ", "--vat ", "--unit ", "--type ", "--kind "} {
		if strings.Contains(help, old) {
			t.Errorf("help shows the old flag %s", old)
		}
	}
	comp := h.ok("__complete", "products", "add", "X", "--")
	if strings.Contains(comp, "--price\t") || strings.Contains(comp, "--price\n") || !strings.Contains(comp, "--net-price") {
		t.Errorf("completion offers old flags or misses new ones:\n%s", comp)
	}
}

// CSV files with the old column names import as before.
func TestImportTakesOldColumnNames(t *testing.T) {
	h := seeded(t)
	h.ok("import", "products", csvFile(t, "p.csv", "name,kind,vat,net_price\nScanner,per-device,5.5,3\n"))
	h.ok("import", "users", csvFile(t, "u.csv", "email,first,last,kind\nkim@example.com,Kim,Lee,external\n"))
	for _, p := range decode[[]map[string]any](t, h.ok("products", "list", "--json")) {
		if p["name"] == "Scanner" && (p["assignment"] != "per-device" || p["vat_percent"] != 5.5) {
			t.Fatalf("old columns read as %v", p)
		}
	}
	for _, u := range decode[[]map[string]any](t, h.ok("users", "list", "--json")) {
		if u["email"] == "kim@example.com" && u["employment"] != "external" {
			t.Fatalf("old kind column read as %v", u)
		}
	}
	// The new names round-trip: export, then import into another database.
	h2 := newHarness(t)
	h2.ok("import", "users", csvFile(t, "users.csv", h.ok("export", "users")))
	h2.ok("import", "products", csvFile(t, "products.csv", h.ok("export", "products")))
	contains(t, h2.ok("export", "products"), "\nScanner,,,,per-device,monthly,3.00,5.5,3.17,EUR,")
	contains(t, h2.ok("export", "users"), "\nkim@example.com,Kim,Lee,member,,external,")
}
