package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/seats/seats/model"
)

func snipeFile(kind string) string { return filepath.Join("testdata", "snipeit", kind+".csv") }

func TestSnipeITLicensesAllOrNothing(t *testing.T) {
	h := newHarness(t)
	h.ok("users", "invite", "owner@example.com", "--first", "Olivia", "--last", "Owner")
	file := snipeFile("licenses")
	bad := refusedLines(t, h, "", "import", "--from", "snipe-it", "licenses", file)
	expectLines(t, bad,
		[2]string{file + ":7: ", `purchase date: invalid date "13/45/2012"`},
		[2]string{file + ":8: ", `purchase cost: invalid cost "twelve dollars"`},
		[2]string{file + ":9: ", "Photoshop"})

	// A dry run with --skip-invalid shows what would be created.
	out := h.ok("import", "--from", "snipe-it", "licenses", file, "--skip-invalid", "--dry-run")
	contains(t, out, "skipped "+file+":7: ", "skipped "+file+":9: ",
		"would create product Acrobat Pro (4 licenses, 19.90 EUR each, once)",
		"would create user helen.anderson@example.com (Helen Anderson, from a checkout)",
		"would create assignment of Acrobat Pro to tfranklin@example.com",
		"would create product Acrobat Pro (SER-2) (10 licenses, 120.00 EUR each, once)",
		"dry run: 4 license rows (3 assigned), 3 lines skipped would be imported; nothing changed")
	if strings.Contains(h.ok("products", "list"), "Acrobat") {
		t.Fatal("a dry run imported")
	}

	r := decode[importJSON](t, h.ok("import", "--from", "snipe-it", "licenses", file, "--skip-invalid", "--json"))
	if r.Imported != 4 || *r.Assigned != 3 || len(r.Skipped) != 3 || r.Skipped[0].Line != 7 {
		t.Fatalf("import --skip-invalid: %+v", r)
	}
	var acrobat, second, long map[string]any
	for _, p := range decode[[]map[string]any](t, h.ok("products", "list", "--json")) {
		switch name := p["name"].(string); {
		case name == "Acrobat Pro":
			acrobat = p
		case name == "Acrobat Pro (SER-2)":
			second = p
		case strings.HasPrefix(name, "Visio Plan 2"):
			long = p
			if len(name) != model.MaxNameLen {
				t.Errorf("long name kept %d bytes: %q", len(name), name)
			}
		}
	}
	if acrobat == nil || second == nil || long == nil {
		t.Fatalf("products: %s", h.ok("products", "list"))
	}
	if acrobat["contracted"] != 4.0 || acrobat["assigned"] != 2.0 || acrobat["period"] != "none" ||
		acrobat["purchased"] != "2012-07-13" || acrobat["expires"] != "2027-01-27" || acrobat["serial"] != "SER-1" ||
		acrobat["vendor"] != "Adobe" || !strings.Contains(acrobat["notes"].(string), "Snipe-IT purchase cost: 79.60") {
		t.Errorf("Acrobat Pro: %v", acrobat)
	}
	if second["net_price"] != 12000.0 || second["assigned"] != 1.0 {
		t.Errorf("Acrobat Pro (SER-2): %v", second)
	}
	users := h.ok("users", "list", "--json")
	contains(t, users, "helen.anderson@example.com", "Helen", "Anderson", "tfranklin@example.com", "rgutierrez@example.com")
	h.ok("check")
}

func TestSnipeITUsersAndAssets(t *testing.T) {
	h := newHarness(t)
	h.ok("users", "invite", "owner@example.com", "--first", "Olivia", "--last", "Owner")
	users := snipeFile("users")
	expectLines(t, refusedLines(t, h, "", "import", "--from", "snipe-it", "users", users),
		[2]string{users + ":4: ", "an email is required"})
	out := h.ok("import", "--from", "snipe-it", "users", users, "--skip-invalid")
	contains(t, out, "skipped "+users+":4: an email is required", "imported 3 users, 1 line skipped")
	contains(t, h.ok("users", "list"), "bocollopy0@example.com", "jprimo1@example.com", "pwimpeney3@example.com")

	assets := snipeFile("assets")
	expectLines(t, refusedLines(t, h, "", "import", "--from", "snipe-it", "assets", assets),
		[2]string{assets + ":6: ", "an asset tag is required"})
	out = h.ok("import", "--from", "snipe-it", "assets", assets, "--skip-invalid", "--dry-run")
	contains(t, out, "would create asset Backhoe", "would create user gmccrackem2a@example.com (Gage McCrackem, from a checkout)",
		"would create asset Backhoe (WBH-2841795) (gmccrackem2a@example.com)", "would create asset BOL-0305383 (bocollopy0@example.com)")
	h.ok("import", "--from", "snipe-it", "assets", assets, "--skip-invalid")
	list := h.ok("export", "assets")
	contains(t, list, "Backhoe,ICC-2065556,,Ornamental Railings", "Backhoe (WBH-2841795),WBH-2841795", "gmccrackem2a@example.com",
		"Excavator,NNH-3656031", "BOL-0305383,BOL-0305383")
	h.ok("check")
}

func TestSnipeITValues(t *testing.T) {
	for in, want := range map[string]string{"11/24/2008": "2008-11-24", "1/2/2024": "2024-01-02", "2023-01-23": "2023-01-23",
		"2023-01-23 10:00:00": "2023-01-23"} {
		if d, err := parseSnipeDate(in); err != nil || string(d) != want {
			t.Errorf("parseSnipeDate(%q) = %q, %v", in, d, err)
		}
	}
	for in, want := range map[string]string{"$12.58": "12.58", "1,234.50": "1234.50", "EUR 3": "3.00", "€7.5": "7.50"} {
		text, err := snipeCost(in)
		m, err2 := parseSnipeCost(text, "EUR")
		if err != nil || err2 != nil || m.Format("EUR") != want {
			t.Errorf("snipeCost(%q) = %s, %v %v", in, m.Format("EUR"), err, err2)
		}
	}
	for _, in := range []string{"13/45/2012", "yesterday"} {
		if _, err := parseSnipeDate(in); err == nil {
			t.Errorf("parseSnipeDate(%q) took it", in)
		}
	}
	h := seeded(t)
	h.fails(exitUsage, "import", "--from", "glpi", "users", snipeFile("users"))
	h.fails(exitUsage, "import", "--from", "snipe-it", "products", snipeFile("users"))
	r := h.fails(exitUsage, "import", "--from", "snipe-it", "users", csvFile(t, "u.csv", "email,Favourite Colour\na@example.com,red\n"))
	contains(t, r.err, `unknown column "favourite colour"`)
}
