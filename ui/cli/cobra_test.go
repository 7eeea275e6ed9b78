package cli

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func TestHelpMatchesGoldenForEveryCommand(t *testing.T) {
	h := newHarness(t)
	cases := map[string][]string{"seats": {"--help"}}
	for _, cmd := range commands {
		cases["seats-"+strings.ReplaceAll(cmd.name, " ", "-")] = append(strings.Fields(cmd.name), "--help")
	}
	for name, args := range cases {
		got := h.ok(args...)
		path := filepath.Join("testdata", "help", name+".golden")
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v (run go test ./ui/cli/ -run TestHelpMatchesGolden -update)", name, err)
		}
		if got != string(want) {
			t.Errorf("seats %s: help differs from %s (rerun with -update if meant):\n%s", strings.Join(args, " "), path, got)
		}
	}
	// No golden file outlives its command.
	files, _ := filepath.Glob(filepath.Join("testdata", "help", "*.golden"))
	for _, f := range files {
		if _, ok := cases[strings.TrimSuffix(filepath.Base(f), ".golden")]; !ok {
			t.Errorf("%s belongs to no command", f)
		}
	}
}

func TestCompletionScriptForEachShell(t *testing.T) {
	h := newHarness(t)
	for shell, marks := range map[string][]string{
		"bash":       {"# bash completion V2 for seats", "__complete", "complete -o default -F __start_seats seats"},
		"zsh":        {"#compdef seats", "__complete"},
		"fish":       {"complete -c seats", "__complete"},
		"powershell": {"Register-ArgumentCompleter", "__complete"},
	} {
		contains(t, h.ok("completion", shell), marks...)
	}
	r := h.fails(exitUsage, "completion", "tcsh")
	contains(t, r.err, "SHELL is bash, zsh, fish or powershell")
	if _, err := os.Stat(h.db); err == nil {
		t.Fatal("completion created the database")
	}
}

// complete runs cobra's hidden __complete and returns the candidates,
// checking that stdout holds nothing but them and the directive line.
func complete(t *testing.T, h *harness, args ...string) []string {
	t.Helper()
	r := h.run(append([]string{"__complete"}, args...)...)
	if r.code != 0 {
		t.Fatalf("__complete %q: exit %d, stderr %q", args, r.code, r.err)
	}
	lines := strings.Split(strings.TrimSuffix(r.out, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, ":") {
		t.Fatalf("__complete %q: no directive line last: %q", args, r.out)
	}
	var out []string
	for _, l := range lines[:len(lines)-1] {
		if strings.HasPrefix(l, "seats:") || strings.Contains(l, "Error") {
			t.Errorf("__complete %q printed an error on stdout: %q", args, l)
		}
		name, _, _ := strings.Cut(l, "\t")
		out = append(out, name)
	}
	return out
}

func has(list []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, x := range list {
			found = found || x == w
		}
		if !found {
			return false
		}
	}
	return true
}

func TestDynamicCompletionReadsTheDatabaseWithoutWriting(t *testing.T) {
	h := seeded(t)
	before := h.snapshot()
	st, _ := os.Stat(h.db)

	if got := complete(t, h, "assign", ""); !has(got, "Office", "Antivirus") {
		t.Errorf("assign PRODUCT: %q", got)
	}
	if got := complete(t, h, "assign", "off"); len(got) != 1 || got[0] != "Office" {
		t.Errorf("assign off: %q, want only Office", got)
	}
	if got := complete(t, h, "assign", "Antivirus", ""); !has(got, "ana@example.com", "LAPTOP-1") {
		t.Errorf("assign PRODUCT WHO: %q", got)
	}
	if got := complete(t, h, "users", "edit", "a"); !has(got, "ana@example.com", "admin@example.com") || has(got, "ben@example.com") {
		t.Errorf("users edit a: %q", got)
	}
	if got := complete(t, h, "assets", "edit", ""); !has(got, "LAPTOP-1") {
		t.Errorf("assets edit: %q", got)
	}
	if got := complete(t, h, "unassign", "LIC-0000"); !has(got, "LIC-000001") {
		t.Errorf("unassign LIC-0000: %q", got)
	}
	if got := complete(t, h, "unassign", "lic-9"); len(got) != 0 {
		t.Errorf("unassign lic-9: %q, want none", got)
	}
	// Flag values, with flags before the command words and --db given.
	if got := complete(t, h, "--db", h.db, "licenses", "list", "--as", "o"); !has(got, "owner@example.com") {
		t.Errorf("--as o: %q", got)
	}
	if got := complete(t, h, "allocations", "add", "Team", "--user", "ana@example.com", "--user", "b"); !has(got, "ben@example.com") {
		t.Errorf("--user b: %q", got)
	}
	if got := complete(t, h, "licenses", "list", "--status", ""); !has(got, "available", "active", "deactivated") {
		t.Errorf("--status: %q", got)
	}
	if got := complete(t, h, "completion", ""); !has(got, "bash", "zsh", "fish", "powershell") {
		t.Errorf("completion SHELL: %q", got)
	}
	if got := complete(t, h, "prod"); !has(got, "products") {
		t.Errorf("command words: %q", got)
	}

	if after := h.snapshot(); after != before {
		t.Fatal("completion changed the database")
	}
	if st2, _ := os.Stat(h.db); !st2.ModTime().Equal(st.ModTime()) || st2.Size() != st.Size() {
		t.Fatal("completion wrote to the database file")
	}
}

func TestCompletionWithoutDatabaseOffersNothingAndCreatesNothing(t *testing.T) {
	h := newHarness(t)
	if got := complete(t, h, "assign", ""); len(got) != 0 {
		t.Errorf("no database: %q", got)
	}
	if _, err := os.Stat(h.db); err == nil {
		t.Fatal("completion created the database")
	}
}

func TestCompletionIsBoundedAtScale(t *testing.T) {
	h := newHarness(t)
	h.ok("products", "add", "Big", "--contracted", "500", "--net-price", "1")
	for _, prefix := range []string{"", "LIC-", "LIC-0"} {
		if got := complete(t, h, "unassign", prefix); len(got) != maxCandidates {
			t.Errorf("unassign %q: %d candidates, want %d", prefix, len(got), maxCandidates)
		}
	}
	got := complete(t, h, "unassign", "LIC-00012")
	if len(got) != 10 || got[0] != "LIC-000120" || got[9] != "LIC-000129" {
		t.Errorf("unassign LIC-00012: %q, want LIC-000120 to LIC-000129", got)
	}
}

func TestLicenseFromStartsAtThePrefixesFirstID(t *testing.T) {
	for prefix, want := range map[string]uint64{"": 0, "l": 0, "LIC-": 0, "LIC-0004": 400, "lic-000042": 42, "LIC-1234567": 1234567} {
		if got, ok := licenseFrom(prefix); !ok || got != want {
			t.Errorf("licenseFrom(%q) = %d, %v; want %d", prefix, got, ok, want)
		}
	}
	for _, prefix := range []string{"X", "LIC-1a", "Office"} {
		if _, ok := licenseFrom(prefix); ok {
			t.Errorf("licenseFrom(%q) matched", prefix)
		}
	}
}

func TestVersionFlagAndCommand(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{{"--version"}, {"version"}, {"--db", h.db, "--version"}} {
		contains(t, h.ok(args...), "seats ", runtime.Version())
	}
	v := decode[map[string]any](t, h.ok("version", "--json"))
	hasKeys(t, v, "version", "go")
	if _, err := os.Stat(h.db); err == nil {
		t.Fatal("--version created the database")
	}
	b := fromBuildInfo(&debug.BuildInfo{GoVersion: "go1.99", Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-01-02T03:04:05Z"}, {Key: "vcs.modified", Value: "true"},
	}}, true)
	if got, want := b.String(), "seats v1.2.3 (abc123+modified, 2026-01-02T03:04:05Z) built with go1.99"; got != want {
		t.Errorf("version = %q, want %q", got, want)
	}
	if got := fromBuildInfo(nil, false).String(); got != "seats (devel) built with "+runtime.Version() {
		t.Errorf("no build info: %q", got)
	}
}

func TestMistypedCommandSuggestsTheNearestInOneLine(t *testing.T) {
	h := newHarness(t)
	r := h.fails(exitUsage, "prodcts", "list")
	contains(t, r.err, `unknown command "prodcts"; did you mean 'products'?`)
	r = h.fails(exitUsage, "products", "lst")
	contains(t, r.err, `unknown subcommand "lst"`, "did you mean 'products list'?")
	r = h.fails(exitUsage, "zzzzzz")
	if strings.Contains(r.err, "did you mean") {
		t.Errorf("suggested something for nonsense: %q", r.err)
	}
}

func TestInfoHidesThePassword(t *testing.T) {
	h := newHarness(t)
	url := "postgres://bob:s3cret-pw@db.example:5432/seats?search_path=acme&sslmode=disable"
	for _, args := range [][]string{{"info", "--db", url}, {"info", "--db", url, "--json"}} {
		out := h.ok(args...)
		if strings.Contains(out, "s3cret-pw") {
			t.Fatalf("seats %q shows the password:\n%s", args, out)
		}
		contains(t, out, "bob", "db.example:5432", "acme")
	}
	if got := redactURL("postgres://h/db?password=hunter2&user=x"); strings.Contains(got, "hunter2") {
		t.Errorf("password parameter kept: %q", got)
	}
}

func TestInfoShowsTheFileWithoutCreatingIt(t *testing.T) {
	h := newHarness(t)
	contains(t, h.ok("info"), h.db, "not created yet", "the account owner")
	if _, err := os.Stat(h.db); err == nil {
		t.Fatal("info created the database")
	}
	h = seeded(t)
	v := decode[map[string]any](t, h.ok("info", "--json"))
	if v["exists"] != true || v["size_bytes"].(float64) <= 0 || !strings.HasPrefix(v["actor"].(string), "owner@example.com") {
		t.Errorf("info --json: %v", v)
	}
	contains(t, h.ok("info", "--as", "ana@example.com"), "ana@example.com")
}

func TestManWritesAPagePerCommand(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	h.ok("man", dir)
	for _, page := range []string{"seats.1", "seats-products-add.1", "seats-completion.1", "seats-info.1"} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil {
			t.Fatal(err)
		}
		contains(t, string(b), ".TH \"SEATS\"")
	}
	if _, err := os.Stat(filepath.Join(dir, "seats-help.1")); err == nil {
		t.Error("a man page for cobra's internal help command")
	}
	h.fails(exitFailed, "man", filepath.Join(dir, "missing"))
}

func TestConcurrentRunsBuildTheirOwnTrees(t *testing.T) {
	// serve runs many command lines at once in one process: under -race
	// this fails if a run's cobra tree or flags were shared.
	h := seeded(t)
	done := make(chan result)
	lines := [][]string{
		{"__complete", "assign", ""}, {"status"}, {"prodcts"}, {"--version"},
		{"completion", "zsh"}, {"licenses", "list", "--json"}, {"products", "add", "P", "-3"}, {"info"},
	}
	for i := 0; i < 4; i++ {
		for _, args := range lines {
			go func() { done <- h.run(args...) }()
		}
	}
	for i := 0; i < 4*len(lines); i++ {
		<-done
	}
	// And each still gives its own answer afterwards.
	if r := h.fails(exitUsage, "licenses", "add", "Office", "-3"); !strings.Contains(r.err, "-3") || strings.Contains(r.err, "unknown flag") {
		t.Errorf("licenses add -3: %q", r.err)
	}
}
