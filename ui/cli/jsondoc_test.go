package cli

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// documentedShape is the shape `seats help json` documents for a command.
func documentedShape(t *testing.T, command string) *jsonShape {
	t.Helper()
	for _, o := range jsonOutputs {
		if o.command == command {
			return shapeOf(reflect.TypeOf(o.value))
		}
	}
	t.Fatalf("seats help json does not document %q", command)
	return nil
}

// Every key a command prints under --json is documented by `seats help
// json`, and every documented key of every object it prints is there
// (even when empty: no key comes and goes with its value).
func TestJSONOutputIsExactlyWhatHelpJSONDocuments(t *testing.T) {
	h := seeded(t)
	dir := t.TempDir()
	users := csvFile(t, "users.csv", "email,first,last\nnew@example.com,New,User\n")
	runs := []struct {
		doc  string
		args []string
	}{
		{"status", []string{"status"}},
		{"products add", []string{"products", "add", "Figma", "--contracted", "2", "--net-price", "15", "--vat-percent", "21"}},
		{"products edit", []string{"products", "edit", "Figma", "--org-unit", "Design"}},
		{"products list", []string{"products", "list"}},
		{"products list", []string{"products", "list", "--with-keys"}},
		{"licenses add", []string{"licenses", "add", "Figma", "1", "--yes"}},
		{"licenses remove", []string{"licenses", "remove", "Figma", "1", "--yes"}},
		{"assign", []string{"assign", "Figma", "ben@example.com"}},
		{"--dry-run", []string{"assign", "Figma", "ana@example.com", "--dry-run"}},
		{"licenses list", []string{"licenses", "list"}},
		{"unassign", []string{"unassign", "LIC-000001", "--yes"}},
		{"users invite", []string{"users", "invite", "cleo@example.com", "--first", "Cleo", "--last", "N", "--employment", "external"}},
		{"users edit", []string{"users", "edit", "cleo@example.com", "--department", "Sales"}},
		{"users terminate", []string{"users", "terminate", "ben@example.com", "--last-day", "2026-03-01", "--yes"}},
		{"users reinstate", []string{"users", "reinstate", "ben@example.com"}},
		{"assign", []string{"assign", "Office", "admin@example.com"}},
		{"users owner", []string{"users", "owner", "admin@example.com", "--yes"}},
		{"users list", []string{"users", "list"}},
		{"assets add", []string{"assets", "add", "LAPTOP-2", "--owner", "ana@example.com"}},
		{"assets edit", []string{"assets", "edit", "LAPTOP-2", "--serial", "S-2"}},
		{"assets retire", []string{"assets", "retire", "LAPTOP-2"}},
		{"assets unretire", []string{"assets", "unretire", "LAPTOP-2"}},
		{"assets list", []string{"assets", "list"}},
		{"allocations add", []string{"allocations", "add", "Sales", "--product", "Office", "--quantity", "2", "--department", "Sales", "--rule"}},
		{"allocations edit", []string{"allocations", "edit", "Sales", "--quantity", "3"}},
		{"allocations list", []string{"allocations", "list"}},
		{"allocations delete", []string{"allocations", "delete", "Sales", "--yes"}},
		{"history", []string{"history", "Figma"}},
		{"history --verify", []string{"history", "Figma", "--verify"}},
		{"invoice", []string{"invoice"}},
		{"usage", []string{"usage"}},
		{"usage", []string{"usage", "--by", "product"}},
		{"org edit", []string{"org", "edit", "--expiry-warning-days", "45"}},
		{"org show", []string{"org", "show"}},
		{"import", []string{"import", "users", users}},
		{"export products", []string{"export", "products"}},
		{"export licenses", []string{"export", "licenses"}},
		{"export users", []string{"export", "users"}},
		{"export assets", []string{"export", "assets"}},
		{"export events", []string{"export", "events"}},
		{"export all", []string{"export", "all", filepath.Join(dir, "dump")}},
		{"import all", []string{"import", "all", filepath.Join(dir, "dump"), "--db", filepath.Join(dir, "copy.db")}},
		{"check", []string{"check"}},
		{"backup", []string{"backup", filepath.Join(dir, "backup.db")}},
		{"info", []string{"info"}},
		{"version", []string{"version"}},
		{"notify status", []string{"notify", "status"}},
		{"notify settings", []string{"notify", "settings", "show"}},
		{"products delete", []string{"products", "delete", "Antivirus", "--yes"}},
	}
	ran := map[string]bool{}
	for _, r := range runs {
		out := h.ok(append(r.args, "--json")...)
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("seats %s --json is not JSON: %v", strings.Join(r.args, " "), err)
		}
		if d := documentedShape(t, r.doc).unlike("$", v); d != "" {
			t.Errorf("seats %s --json: %s", strings.Join(r.args, " "), d)
		}
		ran[r.doc] = true
	}
	// Only what needs another process, the network or a fresh demo is
	// left out here; their types are the ones tested above or their own.
	for _, o := range jsonOutputs {
		if !ran[o.command] && !slices.Contains([]string{"demo", "migrate", "upgrade", "notify run"}, o.command) {
			t.Errorf("seats help json documents %q, but no test checks its output", o.command)
		}
	}
}

// Every command that prints something is documented, and every
// documented command exists.
func TestHelpJSONCoversEveryCommand(t *testing.T) {
	documented := map[string]bool{}
	for _, o := range jsonOutputs {
		name, _, _ := strings.Cut(o.command, " --")
		name = strings.TrimPrefix(name, "--dry-run")
		if name != "" && lookup(name) == nil && !strings.HasPrefix(name, "export ") && name != "import all" {
			t.Errorf("seats help json documents %q, which is no command", o.command)
		}
		documented[name] = true
	}
	for _, cmd := range commands {
		if cmd.group() || slices.Contains([]string{"completion", "man", "serve", "export", "notify settings"}, cmd.name) {
			continue
		}
		if !documented[cmd.name] {
			t.Errorf("seats %s prints JSON that seats help json does not document", cmd.name)
		}
	}
	out := newHarness(t).ok("help", "json")
	contains(t, out, "minor units", "seats products list", "net_price", "vat_percent", "assignment", "employment")
	if strings.Contains(out, "vat_basis") || strings.Contains(out, "owner_id") || strings.Contains(out, "product_id") {
		t.Fatalf("seats help json documents internal names:\n%s", out)
	}
}
