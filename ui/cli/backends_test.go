package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seats/seats/store/postgres/pgtest"
)

// backendSteps change the demo organization with the clock pinned: every
// kind of write the command line has, refusals among them, and a later
// day on which a termination and the cycle's end fall due.
var backendSteps = []struct {
	now  string
	args []string
}{
	{t0, []string{"users", "invite", "kim@northwind.example", "--first", "Kim", "--last", "Park", "--department", "IT"}},
	{t0, []string{"users", "invite", "lee@northwind.example", "--first", "Lee", "--last", "Wu", "--employment", "external"}},
	{t0, []string{"users", "invite", "KIM@northwind.example", "--first", "Kim", "--last", "Again"}}, // refused: case-insensitive email
	{t0, []string{"products", "add", "Figma", "--contracted", "2", "--net-price", "15", "--vat-percent", "21", "--period", "monthly"}},
	{t0, []string{"products", "add", "figma", "--contracted", "1"}}, // refused: case-insensitive name
	{t0, []string{"assign", "Figma", "kim@northwind.example"}},
	{t0, []string{"assign", "Figma", "lee@northwind.example"}}, // refused: an external
	{t0, []string{"assign", "Figma", "marta.kowalski@northwind.example"}},
	{t0, []string{"assign", "Figma", "priya.raman@northwind.example"}}, // refused: block product, full
	{t0, []string{"licenses", "add", "Figma", "3", "--yes"}},
	{t0, []string{"assign", "Figma", "priya.raman@northwind.example"}},
	{t0, []string{"assign", "Microsoft 365 E3", "kim@northwind.example"}},
	{t0, []string{"assets", "add", "NW-LAP-900", "--owner", "kim@northwind.example", "--type", "laptop"}},
	{t0, []string{"assign", "Windows 11 Pro", "NW-LAP-900"}},
	{t0, []string{"unassign", "LIC-000001"}},
	{t0, []string{"unassign", "LIC-999999"}}, // refused: no such license
	{t0, []string{"licenses", "remove", "Figma", "1", "--yes"}},
	{t0, []string{"licenses", "remove", "Figma", "4", "--yes"}}, // refused: below the assigned
	{t0, []string{"users", "edit", "lee@northwind.example", "--department", "Design"}},
	{t0, []string{"allocations", "add", "Design tools", "--product", "Figma", "--quantity", "2", "--department", "Design"}},
	{t0, []string{"users", "terminate", "kim@northwind.example", "--last-day", "2026-03-20", "--yes"}},
	{t0, []string{"users", "terminate", "nobody@northwind.example", "--last-day", "2026-03-20", "--yes"}}, // refused
	{t0, []string{"products", "edit", "Figma", "--net-price", "16.50"}},
	// Kim's last day and the cycle's end pass before this write.
	{"2026-04-02T09:00:00Z", []string{"assign", "Figma", "tobias.keller@northwind.example"}},
	{"2026-04-02T09:00:00Z", []string{"unassign", "LIC-000002"}},
}

// backendReads are compared byte for byte between the backends.
var backendReads = [][]string{
	{"status", "--json"},
	{"invoice", "--json"},
	{"licenses", "list", "--json"},
	{"users", "list", "--json"},
	{"products", "list", "--json"},
	{"allocations", "list", "--json"},
	{"history", "Figma", "--json"},
	{"history", "kim@northwind.example", "--json"},
	{"history", "LIC-000001", "--json"},
	{"history", "NW-LAP-900", "--json"},
	{"history", "Design tools", "--json"},
	{"export", "events"},
	{"history", "Figma", "--verify"},
}

// TestBackendsGiveTheSameAnswers loads the demo organization into a bbolt
// file and into a PostgreSQL schema (both by seats migrate), runs the
// same commands on each with the clock pinned, and expects the same exit
// codes and the same output from every command and every report, and a
// clean seats check on both.
func TestBackendsGiveTheSameAnswers(t *testing.T) {
	bin := seatsBinary(t)
	srv, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	dir := t.TempDir()
	c := child{now: t0, home: dir}
	demo := filepath.Join(dir, "demo.db")
	if o := c.run(bin, "demo", "--no-ui", "--db", demo); o.code != 0 {
		t.Fatalf("seats demo: %s", o)
	}
	backends := []struct{ name, db string }{
		{"bbolt", filepath.Join(dir, "org.db")},
		{"postgres", srv.URL("search_path=org_eq")},
	}
	for _, b := range backends {
		if o := c.run(bin, "migrate", "--from", demo, "--to", b.db); o.code != 0 {
			t.Fatalf("seats migrate --to %s: %s", b.name, o)
		}
	}
	run := func(now string, args []string) [2]outcome {
		var got [2]outcome
		for i, b := range backends {
			got[i] = child{now: now, home: dir}.run(bin, append(append([]string{}, args...), "--db", b.db)...)
			if m := got[i].crashed(); m != "" || got[i].timedOut {
				t.Fatalf("%s: seats %q: %s", b.name, args, got[i])
			}
		}
		return got
	}
	refused := 0
	for _, s := range backendSteps {
		got := run(s.now, s.args)
		if got[0].code != got[1].code || got[0].stdout != got[1].stdout {
			t.Errorf("seats %q differs:\nbbolt    %s\npostgres %s", s.args, got[0], got[1])
			continue
		}
		if got[0].code == 1 {
			refused++
			if strings.Count(got[1].stderr, "\n") != 1 || !strings.HasPrefix(got[1].stderr, "seats: ") {
				t.Errorf("postgres: seats %q refused without one line: %q", s.args, got[1].stderr)
			}
		} else if got[0].code != 0 {
			t.Errorf("seats %q: %s", s.args, got[0])
		}
	}
	if refused != 7 {
		t.Errorf("%d of the steps were refused, want 7", refused)
	}
	const later = "2026-04-02T09:00:00Z"
	for _, args := range backendReads {
		got := run(later, args)
		if got[0].code != 0 || got[0].stdout == "" {
			t.Errorf("bbolt: seats %q: %s", args, got[0])
			continue
		}
		if got[0].code != got[1].code || got[0].stdout != got[1].stdout {
			t.Errorf("seats %q differs:\nbbolt    %s\npostgres %s", args, got[0], got[1])
		}
	}
	for _, b := range backends {
		if o := (child{now: later, home: dir}).run(bin, "check", "--db", b.db); o.code != 0 {
			t.Errorf("%s: seats check: %s", b.name, o)
		}
	}
	// The schema named by --schema or by SEATS_DB answers the same.
	want := run(later, []string{"status", "--json"})[0].stdout
	bySchema := child{now: later, home: dir}.run(bin, "status", "--json", "--db", srv.URL(""), "--schema", "org_eq")
	byEnv := child{now: later, home: dir, env: []string{"SEATS_DB=" + backends[1].db}}.run(bin, "status", "--json")
	for what, o := range map[string]outcome{"--schema": bySchema, "SEATS_DB": byEnv} {
		if o.code != 0 || o.stdout != want {
			t.Errorf("status --json with %s: %s", what, o)
		}
	}
}

// TestPostgresFailuresAreOneLine: a server that is down, a wrong password
// (in the URL or in PGPASSWORD) and a schema that holds no organization
// each give one line naming the database, exit 1, never the password,
// and write nothing.
func TestPostgresFailuresAreOneLine(t *testing.T) {
	bin := seatsBinary(t)
	srv, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	dir := t.TempDir()
	c := child{now: t0, home: dir}
	good := srv.URL("search_path=org_f")
	for _, args := range seedCommands {
		if o := c.run(bin, append(args, "--db", good)...); o.code != 0 {
			t.Fatalf("seeding: seats %q: %s", args, o)
		}
	}
	if err := srv.Exec(t.Context(), "GRANT USAGE ON SCHEMA org_f TO "+pgtest.PasswordUser+"; GRANT ALL ON ALL TABLES IN SCHEMA org_f TO "+pgtest.PasswordUser); err != nil {
		t.Fatal(err)
	}
	// The right password works, so the wrong one is what fails below.
	if o := c.run(bin, "status", "--db", srv.PasswordURL(pgtest.Password)+"&search_path=org_f"); o.code != 0 {
		t.Fatalf("status with the right password: %s", o)
	}
	before := c.run(bin, "export", "events", "--db", good)
	if before.code != 0 {
		t.Fatal(before)
	}
	down := filepath.Join(dir, "no-server")
	if err := os.Mkdir(down, 0o755); err != nil {
		t.Fatal(err)
	}
	const wrong = "Wr0ng-Pa55-Phrase"
	noPassword := fmt.Sprintf("postgres://%s@/postgres?host=%s&search_path=org_f", pgtest.PasswordUser, srv.Socket)
	for _, f := range []struct {
		name   string
		db     string
		env    []string
		secret string
		want   string
		schema string // a schema that must not exist afterwards
	}{
		{name: "server down", db: fmt.Sprintf("postgres://%s:%s@/postgres?host=%s&search_path=org_f", pgtest.PasswordUser, wrong, down), secret: wrong, want: "cannot connect"},
		{name: "wrong password in the URL", db: srv.PasswordURL(wrong) + "&search_path=org_f", secret: wrong, want: "password authentication failed"},
		{name: "wrong password in PGPASSWORD", db: noPassword, env: []string{"PGPASSWORD=" + wrong}, secret: wrong, want: "password authentication failed"},
		{name: "missing schema", db: srv.URL("search_path=no_such_org"), want: "holds no Seats organization", schema: "no_such_org"},
	} {
		for _, args := range [][]string{
			{"status"}, {"status", "--json"}, {"licenses", "list"}, {"history", "Office"}, {"check"},
			{"assign", "Office", "ana@example.com"}, {"unassign", "LIC-000002"},
		} {
			if f.schema != "" && args[0] != "status" && args[0] != "licenses" && args[0] != "history" && args[0] != "check" {
				// A write to an empty schema sets up an organization, as
				// one to a new file does.
				continue
			}
			o := child{now: t0, home: dir, env: f.env}.run(bin, append(append([]string{}, args...), "--db", f.db)...)
			if o.code != 1 || o.stdout != "" || !strings.HasPrefix(o.stderr, "seats: ") || strings.Count(o.stderr, "\n") != 1 {
				t.Errorf("%s: seats %q: want exit 1 and one line; %s", f.name, args, o)
			}
			if !strings.Contains(o.stderr, f.want) {
				t.Errorf("%s: seats %q: the line does not say %q: %q", f.name, args, f.want, o.stderr)
			}
			if f.secret != "" && (strings.Contains(o.stderr, f.secret) || strings.Contains(o.stdout, f.secret)) {
				t.Errorf("%s: seats %q shows the password: %q", f.name, args, o.stderr)
			}
		}
		if f.schema != "" {
			err := srv.Exec(t.Context(), "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '"+f.schema+"') THEN RAISE EXCEPTION 'created'; END IF; END $$")
			if err != nil {
				t.Errorf("%s: a read created schema %s: %v", f.name, f.schema, err)
			}
		}
	}
	if after := c.run(bin, "export", "events", "--db", good); after.stdout != before.stdout {
		t.Error("a failed command changed the organization's log")
	}
	if o := c.run(bin, "check", "--db", good); o.code != 0 {
		t.Errorf("seats check after the failures: %s", o)
	}
}
