package cli

import (
	"regexp"
	"testing"
)

func TestAssetsAddListEdit(t *testing.T) {
	h := seeded(t)
	out := h.ok("assets", "add", "LAPTOP-042", "--inventory", "INV-042", "--serial", "SN123", "--owner", "bob@example.com")
	contains(t, out, "added LAPTOP-042", "bob@example.com")
	contains(t, h.ok("assets", "list"), "ASSET", "LAPTOP-042", "SN123", "bob@example.com", "LAPTOP-1", "laptop")

	assets := decode[[]map[string]any](t, h.ok("assets", "list", "--json"))
	if len(assets) != 2 {
		t.Fatalf("%d assets", len(assets))
	}
	hasKeys(t, assets[1], "name", "inventory", "serial", "owner")

	a := decode[map[string]any](t, h.ok("assets", "edit", "laptop-042", "--name", "LAPTOP-043", "--owner", "", "--json"))
	if a["name"] != "LAPTOP-043" || a["owner"] != "" {
		t.Fatalf("edited asset %v", a)
	}
	h.fails(exitUsage, "assets", "edit", "LAPTOP-043")
	h.fails(exitUsage, "assets", "add", "X", "--owner", "not-an-email")
	h.refused("assets", "add", "laptop-1")                            // duplicate
	h.refused("assets", "add", "PC", "--owner", "nobody@example.com") // unknown owner
	h.refused("--as", "vic@example.com", "assets", "add", "PC")
}

func TestLicensesList(t *testing.T) {
	h := seeded(t)
	out := h.ok("licenses", "list")
	contains(t, out, "ID", "LIC-000001", "Office 365", "active", "ana@example.com", "2026-03-16", "LIC-000006")

	ls := decode[[]map[string]any](t, h.ok("licenses", "list", "--json"))
	if len(ls) != 6 {
		t.Fatalf("%d licenses, want 6", len(ls))
	}
	id := regexp.MustCompile(`^LIC-\d{6}$`)
	for _, l := range ls {
		hasKeys(t, l, "id", "product", "status", "assignee")
		if !id.MatchString(l["id"].(string)) {
			t.Fatalf("license id %v", l["id"])
		}
	}
	if ls[0]["assignee"] != "ana@example.com" || ls[0]["status"] != "active" || ls[1]["status"] != "available" {
		t.Fatalf("licenses %v", ls[:2])
	}
	ls = decode[[]map[string]any](t, h.ok("licenses", "list", "--product", "office 365", "--status", "available", "--json"))
	if len(ls) != 2 {
		t.Fatalf("%d free Office 365 licenses, want 2", len(ls))
	}
	ls = decode[[]map[string]any](t, h.ok("licenses", "list", "--assignee", "ana@example.com", "--json"))
	if len(ls) != 1 || ls[0]["id"] != "LIC-000001" {
		t.Fatalf("ana holds %v", ls)
	}
	contains(t, h.ok("licenses", "list", "--product", "Windows", "--status", "active"), "No licenses match.")
	h.refused("licenses", "list", "--product", "Nope")
}

func TestLicensesAddShowsWhatIsDue(t *testing.T) {
	h := seeded(t)
	// The example: 3 licenses at 10.00 net, VAT 21 %, on 16 March
	// of a monthly cycle starting 1 March.
	r := h.refused("licenses", "add", "Office 365", "3")
	contains(t, r.out, "contracted 3 → 6", "16 of 31 days", "net 15.48", "VAT 3.25", "gross 18.73 EUR")
	contains(t, r.err, "--yes")

	h.terminal = true
	h.refusedIn("n\n", "licenses", "add", "Office 365", "3")
	r = h.runIn("y\n", "licenses", "add", "Office 365", "3")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	contains(t, r.out, "agree to pay 18.73 EUR now? [y/N]", "added 3 licenses to Office 365: contracted 3 → 6, due now 18.73 EUR")

	h.terminal = false
	// --json without --yes is a quote: it prints the amounts and buys
	// nothing (refused checks that the database is unchanged).
	quoted := h.refused("licenses", "add", "office 365", "3", "--json")
	contains(t, quoted.err, "not added: pass --yes")
	if q := decode[map[string]any](t, quoted.out); q["added"] != false || q["to"] != float64(9) {
		t.Fatalf("quote %v", q)
	}
	q := decode[map[string]any](t, h.ok("licenses", "add", "office 365", "3", "--json", "--yes"))
	if q["added"] != true {
		t.Fatalf("added with --yes: %v", q)
	}
	due := q["due"].(map[string]any)
	if q["from"] != float64(6) || q["to"] != float64(9) || due["net"] != float64(1548) || due["vat"] != float64(325) || due["gross"] != float64(1873) {
		t.Fatalf("quote %v", q)
	}
	contains(t, h.ok("licenses", "add", "Windows", "1", "--yes"), "added 1 license to Windows")
	h.refused("licenses", "add", "Nope", "1", "--yes")
	h.refused("--as", "ana@example.com", "licenses", "add", "Office 365", "1", "--yes")
}

func TestLicensesRemove(t *testing.T) {
	h := seeded(t)
	h.ok("assign", "Office 365", "bob@example.com")
	r := h.refused("licenses", "remove", "Office 365", "2", "--yes") // would leave 2 assigned on 1
	contains(t, r.err, "unassign 1 first")
	h.refused("licenses", "remove", "Office 365", "1") // not confirmed

	out := h.ok("licenses", "remove", "Office 365", "1", "--yes")
	contains(t, out, "scheduled the removal of 1 license of Office 365: contracted 3 → 2 on 2026-04-01")
	st := decode[map[string]any](t, h.ok("status", "--json"))
	if st["pending_removal"] != float64(1) {
		t.Fatalf("pending removal %v", st["pending_removal"])
	}

	rm := decode[map[string]any](t, h.ok("licenses", "remove", "Office 365", "1", "--force", "--yes", "--json"))
	if rm["must_unassign"] != float64(1) {
		t.Fatalf("forced removal %v", rm)
	}
	r = h.fails(exitFailed, "status", "--check")
	contains(t, r.err, "1 critical alert")
}

func TestAssignAndUnassign(t *testing.T) {
	h := seeded(t)
	out := h.ok("assign", "Office 365", "bob@example.com")
	contains(t, out, "assigned LIC-000002 (Office 365) to bob@example.com")
	l := decode[map[string]any](t, h.ok("assign", "Windows", "laptop-1", "--json"))
	if l["id"] != "LIC-000005" || l["assignee"] != "LAPTOP-1" || l["assignee_kind"] != "asset" {
		t.Fatalf("assigned %v", l)
	}

	h.refused("assign", "Office 365", "ana@example.com")    // holds one already
	h.refused("assign", "Office 365", "LAPTOP-1")           // per-user product to an asset
	h.refused("assign", "Windows", "bob@example.com")       // per-device product to a user
	h.refused("assign", "Office 365", "ext@example.com")    // externals hold none
	h.refused("assign", "Office 365", "nobody@example.com") // no such user
	h.ok("assign", "Office 365", "admin@example.com")
	r := h.refused("assign", "Office 365", "owner@example.com") // block product, none free
	contains(t, r.err, "no free license of Office 365")

	out = h.ok("unassign", "lic-000002")
	contains(t, out, "unassigned LIC-000002 (Office 365) from bob@example.com; it is available again")
	u := decode[map[string]any](t, h.ok("unassign", "LIC-000005", "--json"))
	if u["released_from"] != "LAPTOP-1" || u["status"] != "available" {
		t.Fatalf("unassigned %v", u)
	}
	h.refused("unassign", "LIC-000002") // not assigned
	h.refused("unassign", "LIC-999999") // no such license
	h.refused("--as", "ana@example.com", "unassign", "LIC-000001")
}

func TestAssignAutoGrowConfirms(t *testing.T) {
	h := seeded(t)
	h.ok("assign", "Adobe CC", "ana@example.com")
	r := h.refused("assign", "Adobe CC", "bob@example.com")
	contains(t, r.out, "contracted will grow from 1 to 2, due now 31.23 EUR")

	h.terminal = true
	h.refusedIn("n\n", "assign", "Adobe CC", "bob@example.com")
	r = h.runIn("y\n", "assign", "Adobe CC", "bob@example.com")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	contains(t, r.out, "grow from 1 to 2", "Grow and assign? [y/N]", "assigned LIC-000007 (Adobe CC) to bob@example.com")

	h.terminal = false
	out := h.ok("assign", "--yes", "Adobe CC", "admin@example.com")
	contains(t, out, "grow from 2 to 3", "assigned LIC-000008")
	l := decode[map[string]any](t, h.ok("assign", "Adobe CC", "owner@example.com", "--yes", "--json"))
	if l["id"] != "LIC-000009" {
		t.Fatalf("assigned %v", l)
	}
}

// Unassign asks a person on a terminal, as the TUI does, and leaves the
// license held on anything but yes; a script (no terminal) is not asked.
func TestUnassignConfirmsOnATerminal(t *testing.T) {
	h := seeded(t)
	h.ok("assign", "Office 365", "bob@example.com") // LIC-000002
	h.terminal = true
	r := h.refusedIn("n\n", "unassign", "LIC-000001")
	contains(t, r.out+r.err, "Unassign LIC-000001? It goes back to its pool. [y/N]")
	if r := h.runIn("y\n", "unassign", "lic-000001"); r.code != exitOK {
		t.Fatalf("confirmed unassign: exit %d: %s", r.code, r.err)
	}
	h.terminal = false
	contains(t, h.ok("unassign", "LIC-000002"), "unassigned LIC-000002")
}
