package cli

import (
	"testing"
)

// A Snipe-IT license row with an asset tag and no user checks its seat
// out to that asset, as Snipe-IT's importer does: the asset Snipe-IT's
// asset import brought in (its tag is the inventory number), or, for a
// tag no asset has, a new asset named by the tag. Such a license is
// per-device; a user checkout of it is reported with its line.
func TestSnipeITLicenseCheckedOutToAnAsset(t *testing.T) {
	h := newHarness(t)
	h.ok("users", "invite", "owner@example.com", "--first", "Olivia", "--last", "Owner")
	h.ok("import", "--from", "snipe-it", "assets", snipeFile("assets"), "--skip-invalid")
	file := csvFile(t, "licenses.csv", `Item Name,Serial Number,Seats,Purchase Cost,Asset Tag,Email,Name
Windows 11 Pro,W11-KEY,3,$300.00,ICC-2065556,,
Windows 11 Pro,W11-KEY,3,,tag-404,,
Windows 11 Pro,W11-KEY,3,,,helen@example.com,Helen Anderson
`)
	bad := refusedLines(t, h, "", "import", "--from", "snipe-it", "licenses", file)
	expectLines(t, bad, [2]string{file + ":4: ", "per-device"})

	out := h.ok("import", "--from", "snipe-it", "licenses", file, "--skip-invalid", "--dry-run")
	contains(t, out, "would create product Windows 11 Pro (per-device, 3 licenses, 100.00 EUR each, once)",
		"would create assignment of Windows 11 Pro to Backhoe",
		"would create asset tag-404 (from a license checked out to asset tag tag-404)",
		"would create assignment of Windows 11 Pro to tag-404")

	r := decode[importJSON](t, h.ok("import", "--from", "snipe-it", "licenses", file, "--skip-invalid", "--json"))
	if *r.Assigned != 2 || len(r.Skipped) != 1 || r.Skipped[0].Line != 4 {
		t.Fatalf("import: %+v", r)
	}
	ls := decode[[]map[string]any](t, h.ok("licenses", "list", "--product", "Windows 11 Pro", "--json"))
	held := map[any]any{}
	for _, l := range ls {
		if l["status"] == "active" {
			held[l["assignee"]] = l["assignee_kind"]
		}
	}
	if len(held) != 2 || held["Backhoe"] != "asset" || held["tag-404"] != "asset" {
		t.Fatalf("seats held: %v", held)
	}
	a := decode[[]map[string]any](t, h.ok("assets", "list", "--json"))
	found := false
	for _, x := range a {
		found = found || (x["name"] == "tag-404" && x["inventory"] == "tag-404")
	}
	if !found {
		t.Fatalf("no asset for the new tag: %v", a)
	}
	h.ok("check")
}

// Accessories, consumables and components are not licenses, people or
// devices: the kind is refused with one line saying what is imported.
func TestSnipeITHardwareKindsAreRefusedWithWhatIsSupported(t *testing.T) {
	h := newHarness(t)
	h.ok("users", "invite", "owner@example.com", "--first", "Olivia", "--last", "Owner")
	file := csvFile(t, "accessories.csv", `Item Name,Category,Quantity,Email
USB-C Headset,Audio,10,owner@example.com
`)
	for _, kind := range []string{"accessories", "consumables", "components"} {
		before := h.snapshot()
		r := h.fails(exitUsage, "import", "--from", "snipe-it", kind, file)
		contains(t, r.err, "Snipe-IT "+kind+" are ", "Seats does not track", "licenses, users and assets")
		if h.snapshot() != before {
			t.Fatalf("refused %s changed the database", kind)
		}
	}
}
