package cli

import (
	"encoding/csv"
	"strings"
	"testing"
)

func TestFormulaCellsNeutralisedInCSVOnly(t *testing.T) {
	h := seeded(t)
	bad := []string{"=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "'=already quoted"}
	for i, dept := range bad {
		h.ok("users", "invite", string(rune('a'+i))+"x@example.com", "--first", "F", "--last", "L", "--department", dept)
	}
	out := h.ok("export", "users")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		got[r[0]] = r[4]
	}
	for i, dept := range bad {
		cell := got[string(rune('a'+i))+"x@example.com"]
		if cell != "'"+dept {
			t.Errorf("department %q exported as %q, want a quote before it", dept, cell)
		}
		if formulaPrefix(cell) && cell[0] != '\'' {
			t.Errorf("cell %q still starts a formula", cell)
		}
	}
	if got["ana@example.com"] != "Sales" {
		t.Errorf("a plain cell changed: %q", got["ana@example.com"])
	}
	// JSON keeps the values as they are.
	for _, u := range decode[[]map[string]any](t, h.ok("export", "users", "--json")) {
		if d, _ := u["department"].(string); strings.HasPrefix(d, "'") && d != "'=already quoted" {
			t.Errorf("JSON value neutralised: %q", d)
		}
	}
	// Importing the export gives back the values exactly.
	dst := newHarness(t)
	dst.ok("import", "users", csvFile(t, "u.csv", out))
	for _, u := range decode[[]map[string]any](t, dst.ok("users", "list", "--json")) {
		email := u["email"].(string)
		for i, dept := range bad {
			if email == string(rune('a'+i))+"x@example.com" && u["department"] != dept {
				t.Errorf("%s: department %q after the round trip, want %q", email, u["department"], dept)
			}
		}
	}
}

func TestNeutraliseIsExact(t *testing.T) {
	// The domain trims names, so a tab or CR in front is only seen here.
	for _, s := range []string{"\tx", "\rx", "=1", "+1", "-1", "@x"} {
		if neutralise(s) != "'"+s {
			t.Errorf("neutralise(%q) = %q", s, neutralise(s))
		}
	}
	for _, s := range []string{"", "'", "''", "'x", "=", "'=", "''=", "-1", "a=b", "@", "'''@x"} {
		if got := unneutralise(neutralise(s)); got != s {
			t.Errorf("unneutralise(neutralise(%q)) = %q", s, got)
		}
	}
}

func TestImportDelimiterBOMAndCRLF(t *testing.T) {
	h := seeded(t)
	file := csvFile(t, "a.csv", "\ufeffname;type;location\r\nPC-7;laptop;Köln; Innenstadt\r\n")
	// The third field holds a ';' unquoted: 4 fields, refused with its line.
	expectLines(t, refusedLines(t, h, "", "import", "assets", file, "--delimiter", ";"),
		[2]string{file + ":2: ", "4 fields, but the header has 3"})
	file = csvFile(t, "b.csv", "\ufeffname;type;location\r\nPC-7;laptop;\"Köln; Innenstadt\"\r\nPC-8;server;Bonn\r\n")
	contains(t, h.ok("import", "assets", file, "--delimiter", ";"), "imported 2 assets")
	contains(t, h.ok("export", "assets"), "PC-7", "Köln; Innenstadt", "PC-8")
	out := h.ok("export", "assets", "--delimiter", ";")
	if !strings.HasPrefix(out, "name;inventory;serial;type;location;owner;created\n") {
		t.Fatalf("export --delimiter ';' header: %q", strings.SplitN(out, "\n", 2)[0])
	}
	for _, d := range []string{"", "ab", "\"", "\n"} {
		h.fails(exitUsage, "import", "assets", file, "--delimiter", d)
	}
}

func TestImportMapAndIgnoreUnknown(t *testing.T) {
	h := seeded(t)
	file := csvFile(t, "glpi.csv", "Nom,Numéro de série,Lieu,Commentaires\nPC-20,SN-20,Lyon,old\n")
	r := h.fails(exitUsage, "import", "assets", file)
	contains(t, r.err, `unknown columns "nom"`, "--map SRC=DST")
	r = h.fails(exitUsage, "import", "assets", file, "--map", "Nom=name", "--map", "numéro de série=serial", "--map", "lieu=location")
	contains(t, r.err, `unknown column "commentaires"`)
	out := h.ok("import", "assets", file, "--map", "Nom=name", "--map", "numéro de série=serial", "--map", "lieu=location", "--ignore-unknown")
	contains(t, out, "imported 1 asset")
	contains(t, h.ok("export", "assets"), "PC-20,,SN-20,,Lyon")
	// A required column still has to be there, mapped or not.
	r = h.fails(exitUsage, "import", "assets", file, "--ignore-unknown")
	contains(t, r.err, `missing column "name"`)
	for _, m := range []string{"name", "=name", "nom=", "a=b"} {
		args := []string{"import", "assets", file, "--map", m}
		if m == "a=b" {
			args = append(args, "--map", "A=c")
		}
		h.fails(exitUsage, args...)
	}
}
