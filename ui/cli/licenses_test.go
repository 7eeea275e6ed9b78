package cli

import (
	"regexp"
	"testing"
)

func TestAssetsAddListEdit(t *testing.T) {
	h := seeded(t)
	out := h.ok("assets", "add", "LAPTOP-042", "--inventory", "INV-042", "--serial", "SN123", "--owner", "ben@example.com")
	contains(t, out, "added LAPTOP-042", "ben@example.com")
	contains(t, h.ok("assets", "list"), "ASSET", "LAPTOP-042", "SN123", "ben@example.com", "LAPTOP-1", "laptop")

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
	// Office's 3 licenses, then Antivirus's 2.
	contains(t, out, "ID", "LIC-000001", "Office", "active", "ana@example.com", "2026-03-16", "LIC-000005")

	ls := decode[[]map[string]any](t, h.ok("licenses", "list", "--json"))
	if len(ls) != 5 {
		t.Fatalf("%d licenses, want 5", len(ls))
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
	ls = decode[[]map[string]any](t, h.ok("licenses", "list", "--product", "office", "--status", "available", "--json"))
	if len(ls) != 2 {
		t.Fatalf("%d free Office licenses, want 2", len(ls))
	}
	ls = decode[[]map[string]any](t, h.ok("licenses", "list", "--assignee", "ana@example.com", "--json"))
	if len(ls) != 1 || ls[0]["id"] != "LIC-000001" {
		t.Fatalf("ana holds %v", ls)
	}
	contains(t, h.ok("licenses", "list", "--product", "Antivirus", "--status", "active"), "No licenses match.")
	h.refused("licenses", "list", "--product", "Nope")
}

func TestLicensesAddShowsWhatIsDue(t *testing.T) {
	h := seeded(t)
	// The example: 3 licenses at 10.00 net, VAT 21 %, on 16 March
	// of a monthly cycle starting 1 March.
	r := h.refused("licenses", "add", "Office", "3")
	contains(t, r.out, "contracted 3 → 6", "16 of 31 days", "net 15.48", "VAT 3.25", "gross 18.73 EUR")
	contains(t, r.err, "--yes")

	h.terminal = true
	h.refusedIn("n\n", "licenses", "add", "Office", "3")
	r = h.runIn("y\n", "licenses", "add", "Office", "3")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	contains(t, r.out, "agree to pay 18.73 EUR now? [y/N]", "added 3 licenses to Office: contracted 3 → 6, due now 18.73 EUR")

	h.terminal = false
	// --json without --yes is a quote: it prints the amounts and buys
	// nothing (refused checks that the database is unchanged).
	quoted := h.refused("licenses", "add", "office", "3", "--json")
	contains(t, quoted.err, "not added: pass --yes")
	if q := decode[map[string]any](t, quoted.out); q["added"] != false || q["to"] != float64(9) {
		t.Fatalf("quote %v", q)
	}
	q := decode[map[string]any](t, h.ok("licenses", "add", "office", "3", "--json", "--yes"))
	if q["added"] != true {
		t.Fatalf("added with --yes: %v", q)
	}
	due := q["due"].(map[string]any)
	if q["from"] != float64(6) || q["to"] != float64(9) || due["net"] != float64(1548) || due["vat"] != float64(325) || due["gross"] != float64(1873) {
		t.Fatalf("quote %v", q)
	}
	contains(t, h.ok("licenses", "add", "Antivirus", "1", "--yes"), "added 1 license to Antivirus")
	h.refused("licenses", "add", "Nope", "1", "--yes")
	h.refused("--as", "ana@example.com", "licenses", "add", "Office", "1", "--yes")
}

func TestLicensesRemove(t *testing.T) {
	h := seeded(t)
	h.ok("assign", "Office", "ben@example.com")
	r := h.refused("licenses", "remove", "Office", "2", "--yes") // would leave 2 assigned on 1
	contains(t, r.err, "unassign 1 first")
	h.refused("licenses", "remove", "Office", "1") // not confirmed

	out := h.ok("licenses", "remove", "Office", "1", "--yes")
	contains(t, out, "scheduled the removal of 1 license of Office: contracted 3 → 2 on 2026-04-01")
	st := decode[map[string]any](t, h.ok("status", "--json"))
	if st["pending_removal"] != float64(1) {
		t.Fatalf("pending removal %v", st["pending_removal"])
	}

	rm := decode[map[string]any](t, h.ok("licenses", "remove", "Office", "1", "--force", "--yes", "--json"))
	if rm["must_unassign"] != float64(1) {
		t.Fatalf("forced removal %v", rm)
	}
	r = h.fails(exitFailed, "status", "--check")
	contains(t, r.err, "1 critical alert")
}

func TestAssignAndUnassign(t *testing.T) {
	h := seeded(t)
	out := h.ok("assign", "Office", "ben@example.com")
	contains(t, out, "assigned LIC-000002 (Office) to ben@example.com")
	l := decode[map[string]any](t, h.ok("assign", "Antivirus", "laptop-1", "--json"))
	if l["id"] != "LIC-000004" || l["assignee"] != "LAPTOP-1" || l["assignee_kind"] != "asset" {
		t.Fatalf("assigned %v", l)
	}

	h.refused("assign", "Office", "ana@example.com")    // holds one already
	h.refused("assign", "Office", "LAPTOP-1")           // per-user product to an asset
	h.refused("assign", "Antivirus", "ben@example.com") // per-device product to a user
	h.refused("assign", "Office", "ext@partner.com")    // externals hold none
	h.refused("assign", "Office", "nobody@example.com") // no such user
	h.ok("assign", "Office", "admin@example.com")
	r := h.refused("assign", "Office", "owner@example.com") // block product, none free
	contains(t, r.err, "no free license of Office")

	out = h.ok("unassign", "lic-000002")
	contains(t, out, "unassigned LIC-000002 (Office) from ben@example.com; it is available again")
	u := decode[map[string]any](t, h.ok("unassign", "LIC-000004", "--json"))
	if u["released_from"] != "LAPTOP-1" || u["status"] != "available" {
		t.Fatalf("unassigned %v", u)
	}
	h.refused("unassign", "LIC-000002") // not assigned
	h.refused("unassign", "LIC-999999") // no such license
	h.refused("--as", "ana@example.com", "unassign", "LIC-000001")
}

// Antivirus grows: its 2 seats go to LAPTOP-1 and LAPTOP-2, then each
// further laptop needs a new one (licenses after the 5 of the standard).
func TestAssignAutoGrowConfirms(t *testing.T) {
	h := seeded(t)
	for _, a := range []string{"LAPTOP-2", "LAPTOP-3", "LAPTOP-4", "LAPTOP-5"} {
		h.ok("assets", "add", a)
	}
	h.ok("assign", "Antivirus", "LAPTOP-1")
	h.ok("assign", "Antivirus", "LAPTOP-2")
	r := h.refused("assign", "Antivirus", "LAPTOP-3")
	// 5.00 a year for the 291 of 365 days from 16 March to the year's end.
	contains(t, r.out, "contracted will grow from 2 to 3, due now 3.99 EUR")

	h.terminal = true
	h.refusedIn("n\n", "assign", "Antivirus", "LAPTOP-3")
	r = h.runIn("y\n", "assign", "Antivirus", "LAPTOP-3")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	contains(t, r.out, "grow from 2 to 3", "Grow and assign? [y/N]", "assigned LIC-000006 (Antivirus) to LAPTOP-3")

	h.terminal = false
	out := h.ok("assign", "--yes", "Antivirus", "LAPTOP-4")
	contains(t, out, "grow from 3 to 4", "assigned LIC-000007")
	l := decode[map[string]any](t, h.ok("assign", "Antivirus", "LAPTOP-5", "--yes", "--json"))
	if l["id"] != "LIC-000008" {
		t.Fatalf("assigned %v", l)
	}
}

// Unassign asks a person on a terminal, as the TUI does, and leaves the
// license held on anything but yes; a script (no terminal) is not asked.
func TestUnassignConfirmsOnATerminal(t *testing.T) {
	h := seeded(t)
	h.ok("assign", "Office", "ben@example.com") // LIC-000002
	h.terminal = true
	r := h.refusedIn("n\n", "unassign", "LIC-000001")
	contains(t, r.out+r.err, "Unassign LIC-000001? It goes back to its pool. [y/N]")
	if r := h.runIn("y\n", "unassign", "lic-000001"); r.code != exitOK {
		t.Fatalf("confirmed unassign: exit %d: %s", r.code, r.err)
	}
	h.terminal = false
	contains(t, h.ok("unassign", "LIC-000002"), "unassigned LIC-000002")
}
