package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// csvFile writes content to a file in the test's folder and returns its path.
func csvFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// listed is `KIND list --json` without the record IDs, which a new
// database hands out anew, sorted: what an export and import must keep.
func listed(t *testing.T, h *harness, kind string) []string {
	t.Helper()
	args := []string{kind, "list", "--json"}
	if kind == "products" {
		args = append(args, "--with-keys")
	}
	var out []string
	for _, obj := range decode[[]map[string]any](t, h.ok(args...)) {
		delete(obj, "id")
		delete(obj, "owner_id")
		b, _ := json.Marshal(obj)
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}

// refusedLines runs an import that must be refused for bad lines: exit 1,
// one FILE:LINE line per bad line in order, the summary last, and the
// database unchanged. It returns the bad lines.
func refusedLines(t *testing.T, h *harness, stdin string, args ...string) []string {
	t.Helper()
	before := h.snapshot()
	r := h.runIn(stdin, args...)
	if r.code != exitFailed {
		t.Fatalf("seats %q: exit %d, want 1; stderr %q, stdout %q", args, r.code, r.err, r.out)
	}
	if after := h.snapshot(); after != before {
		t.Fatalf("seats %q was refused but changed the database", args)
	}
	lines := strings.Split(strings.TrimSuffix(r.err, "\n"), "\n")
	last := lines[len(lines)-1]
	bad := lines[:len(lines)-1]
	want := "seats: import refused: " + plural(len(bad), "bad line", "bad lines") + "; nothing changed"
	if last != want {
		t.Fatalf("seats %q: last stderr line %q, want %q; stderr:\n%s", args, last, want, r.err)
	}
	if r.out != "" {
		t.Fatalf("seats %q: refused import printed %q", args, r.out)
	}
	return bad
}

// expectLines fails unless each bad line starts with its prefix and
// contains its reason.
func expectLines(t *testing.T, bad []string, want ...[2]string) {
	t.Helper()
	if len(bad) != len(want) {
		t.Fatalf("%d bad lines, want %d:\n%s", len(bad), len(want), strings.Join(bad, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(bad[i], w[0]) || !strings.Contains(bad[i], w[1]) {
			t.Fatalf("bad line %d is %q, want %q … %q", i+1, bad[i], w[0], w[1])
		}
	}
}

func TestImportRoundTrip(t *testing.T) {
	src := seeded(t)
	src.ok("products", "add", "Visio", "--contracted", "2", "--software", "Visio Plan 2", "--vendor", "Microsoft, Inc.",
		"--license-type", "Volume", "--period", "yearly", "--net-price", "99.99", "--vat-percent", "5.5", "--purchased", "2026-01-01",
		"--expires", "2027-01-01", "--support-until", "2026-12-31", "--invoice", "INV-1", "--serial", "S-1",
		"--inventory", "I-1", "--org-unit", "IT", "--location", "Berlin", "--reduce-on-termination",
		"--notes", "two lines, \"quoted\"\nsecond line", "--keys", "K1\nK2")
	src.ok("users", "invite", "lea@example.com", "--first", "Lea", "--last", "Leaving", "--department", "Ops")
	src.ok("assign", "Visio", "lea@example.com")
	src.ok("users", "terminate", "lea@example.com", "--last-day", "2026-04-30", "--yes") // leaves later
	src.ok("users", "terminate", "ben@example.com", "--last-day", "2026-03-01", "--yes") // already gone
	src.ok("assign", "Office", "admin@example.com")
	src.ok("assign", "Antivirus", "LAPTOP-1")
	src.ok("licenses", "remove", "Antivirus", "1", "--yes") // pending removal at the end of the cycle
	src.ok("assets", "add", "SERVER-1", "--type", "server", "--serial", "SN-9")

	dst := newHarness(t)
	for _, kind := range []string{"products", "users", "assets", "licenses"} {
		args := []string{"export", kind}
		if kind == "products" {
			args = append(args, "--with-keys")
		}
		file := csvFile(t, kind+".csv", src.ok(args...))
		out := dst.ok("import", kind, file)
		n := len(decode[[]any](t, src.ok(kind, "list", "--json")))
		contains(t, out, "imported "+plural(n, strings.TrimSuffix(kind, "s"), kind))
	}
	for _, kind := range []string{"products", "users", "assets", "licenses"} {
		got, want := listed(t, dst, kind), listed(t, src, kind)
		if !slices.Equal(got, want) {
			t.Errorf("%s after the round trip:\n%s\nwant:\n%s", kind, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	org := decode[map[string]any](t, dst.ok("org", "show", "--json"))
	if org["owner"] != "owner@example.com" {
		t.Fatalf("owner after the round trip: %v", org["owner"])
	}
	dst.ok("check")
}

func TestImportReportsEveryBadLine(t *testing.T) {
	h := seeded(t)
	users := csvFile(t, "users.csv", `email,first,last,role,department,kind
new1@example.com,New,One,member,Sales,employee
not-an-email,Bad,Email,member,,employee
new2@example.com,New,Two,admin,,employee
ANA@example.com,Ana,Again,member,,employee
new3@example.com,New,Three
new4@example.com,New,Four,viewer,,external
`)
	expectLines(t, refusedLines(t, h, "", "import", "users", users),
		[2]string{users + ":3: ", `invalid email "not-an-email"`},
		[2]string{users + ":5: ", "a user with email ana@example.com already exists"},
		[2]string{users + ":6: ", "3 fields, but the header has 6"})

	// Values, a name repeated within the file and broken quoting; a quoted
	// field over two lines keeps the line numbers after it right.
	products := csvFile(t, "products.csv", `name,contracted,net_price,vat,notes
A,2,10,21,"two
lines"
B,x,10.0001,21,
A,1,5,0,
C"x,1,5,0,
D,1,5,0,
`)
	expectLines(t, refusedLines(t, h, "", "import", "products", products),
		[2]string{products + ":4: ", `contracted: "x" is not a whole number`},
		[2]string{products + ":5: ", `a product named "A" already exists`},
		[2]string{products + ":6: ", "bad CSV: bare \" in non-quoted-field"})
	if !strings.Contains(h.runIn("", "import", "products", products).err, `net_price: invalid amount "10.0001"`) {
		t.Fatal("every bad value of a line is named")
	}

	// Assignments the domain refuses: a kind mismatch, an external, an
	// unknown product. Holders beyond the free seats are taken, over the
	// contracted count (see import_overage_test.go).
	licenses := csvFile(t, "licenses.csv", `id,product,status,assignee,assignee_kind
LIC-000001,Office,active,ben@example.com,user
LIC-000002,Office,active,admin@example.com,user
LIC-000003,Office,active,owner@example.com,user
LIC-000004,Antivirus,active,ana@example.com,user
LIC-000005,Office,active,ext@partner.com,user
LIC-000006,Nope,available,,
LIC-000007,Office,available,ana@example.com,
`)
	expectLines(t, refusedLines(t, h, "", "import", "licenses", licenses),
		[2]string{licenses + ":5: ", "Antivirus is per-device"},
		[2]string{licenses + ":6: ", "externals never consume licenses"},
		[2]string{licenses + ":7: ", `no product "Nope"`},
		[2]string{licenses + ":8: ", "an available license has no assignee"})
}

func TestImportDryRun(t *testing.T) {
	h := seeded(t)
	file := csvFile(t, "assets.csv", "name,type,owner\nPC-1,desktop,ben@example.com\nPC-2,desktop,\n")
	before := h.snapshot()
	contains(t, h.ok("import", "assets", file, "--dry-run"), "dry run: 2 assets would be imported; nothing changed")
	j := decode[map[string]any](t, h.ok("import", "assets", file, "--dry-run", "--json"))
	if j["imported"] != 2.0 || j["kind"] != "assets" || j["dry_run"] != true {
		t.Fatalf("dry run JSON %v", j)
	}
	if h.snapshot() != before {
		t.Fatal("a dry run changed the database")
	}
	// A dry run checks against the database too, and reports every bad line.
	bad := csvFile(t, "bad.csv", "name,owner\nLAPTOP-1,\nPC-3,nobody@example.com\n")
	expectLines(t, refusedLines(t, h, "", "import", "assets", bad, "--dry-run"),
		[2]string{bad + ":2: ", `an asset named "LAPTOP-1" already exists`},
		[2]string{bad + ":3: ", "no user nobody@example.com"})

	j = decode[map[string]any](t, h.ok("import", "assets", file, "--json"))
	if j["imported"] != 2.0 || j["dry_run"] != false {
		t.Fatalf("import JSON %v", j)
	}
	contains(t, h.ok("assets", "list"), "PC-1", "PC-2", "ben@example.com")
}

func TestImportNeedsAnActorWhoMayChangeData(t *testing.T) {
	h := seeded(t)
	file := csvFile(t, "users.csv", "email,first,last\nnew@example.com,New,User\n")
	for _, who := range []string{"vic@example.com", "ben@example.com"} {
		r := h.refused("--as", who, "import", "users", file)
		contains(t, r.err, who, "only the owner and admins can change anything")
		h.refused("--as", who, "import", "users", file, "--dry-run")
	}
	h.refused("--as", "nobody@example.com", "import", "users", file)
	contains(t, h.ok("--as", "admin@example.com", "import", "users", file), "imported 1 user")
}

func TestImportBadUsage(t *testing.T) {
	h := seeded(t)
	before := h.snapshot()
	users := "email,first,last\nnew@example.com,New,User\n"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "users"}, "missing FILE"},
		{[]string{"import", "planets", csvFile(t, "p.csv", users)}, `cannot import "planets"`},
		{[]string{"import", "events", csvFile(t, "e.csv", users)}, "cannot import events"},
		{[]string{"import", "users", csvFile(t, "empty.csv", "")}, "is empty"},
		{[]string{"import", "users", csvFile(t, "h.csv", "mail,first,last,colour\nx@example.com,A,B,red\n")},
			`missing column "email"; unknown columns "mail", "colour"`},
		{[]string{"import", "users", csvFile(t, "d.csv", "email,first,last,first\n")}, `repeated column "first"`},
		{[]string{"import", "assets", csvFile(t, "u.csv", users)}, `missing column "name"; unknown columns "email", "first", "last"`},
		{[]string{"import", "licenses", csvFile(t, "l.csv", "id,product\n")}, `missing columns "status", "assignee"`},
		{[]string{"import", "users", csvFile(t, "q.csv", "\"email,first,last\n")}, "header line is not CSV"},
		{[]string{"import", "users", csvFile(t, "x.csv", users), "--dry-run=maybe"}, "--dry-run"},
	} {
		r := h.fails(exitUsage, c.args...)
		contains(t, r.err, c.want, "seats import --help")
	}
	if h.snapshot() != before {
		t.Fatal("bad usage changed the database")
	}
	contains(t, h.refused("import", "users", filepath.Join(t.TempDir(), "missing.csv")).err, "cannot read", "no such file")

	// Bad usage never creates a database.
	fresh := newHarness(t)
	fresh.fails(exitUsage, "import", "users", csvFile(t, "empty.csv", ""))
	if _, err := os.Stat(fresh.db); err == nil {
		t.Fatal("bad usage created the database")
	}
}

func TestImportHeaderOnlyAndSpreadsheetFiles(t *testing.T) {
	h := seeded(t)
	contains(t, h.ok("import", "users", csvFile(t, "u.csv", "email,first,last,role\n")), "imported 0 users")
	// A byte order mark, CRLF line ends, columns in any order and case.
	file := csvFile(t, "a.csv", "\ufeffType, NAME\r\nlaptop,PC-9\r\n")
	contains(t, h.ok("import", "assets", file), "imported 1 asset")
	contains(t, h.ok("assets", "list"), "PC-9", "laptop")
}

func TestImportFromStdin(t *testing.T) {
	h := seeded(t)
	r := h.runIn("name,type\nPC-1,laptop\nPC-2,server\n", "import", "assets", "-")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	contains(t, r.out, "imported 2 assets")
	expectLines(t, refusedLines(t, h, "name,type\nPC-3,laptop\n,server\n", "import", "assets", "-"),
		[2]string{"stdin:3: ", "an asset name is required"})
}

func TestImportUsersIntoANewDatabase(t *testing.T) {
	// The row with role owner becomes the account owner wherever it is.
	h := newHarness(t)
	file := csvFile(t, "users.csv", `email,first,last,role
adam@example.com,Adam,Admin,admin
olga@example.com,Olga,Owner,owner
mia@example.com,Mia,Member,member
`)
	contains(t, h.ok("import", "users", file), "imported 3 users")
	org := decode[map[string]any](t, h.ok("org", "show", "--json"))
	if org["owner"] != "olga@example.com" {
		t.Fatalf("owner %v", org["owner"])
	}
	contains(t, h.ok("users", "list"), "adam@example.com", "admin")

	// A second owner is refused by the domain.
	expectLines(t, refusedLines(t, h, "email,first,last,role\nzed@example.com,Zed,Z,owner\n", "import", "users", "-"),
		[2]string{"stdin:2: ", "there is already an account owner"})

	// Without an owner row the first user becomes the owner, and says so.
	h2 := newHarness(t)
	out := h2.ok("import", "users", csvFile(t, "u.csv", "email,first,last,role\nann@example.com,Ann,A,admin\nben@example.com,Ben,B,member\n"))
	contains(t, out, "ann@example.com is the account owner", "imported 2 users")
}
