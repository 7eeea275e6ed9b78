package cli

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/seats/seats/model/storetest"
)

func TestStatus(t *testing.T) {
	h := seeded(t)
	out := h.ok("status")
	contains(t, out, "PRODUCT", "CONTRACTED", "ASSIGNED", "AVAILABLE", "DEACTIVATED", "PENDING", "Office", "TOTAL")

	st := decode[map[string]any](t, h.ok("status", "--json"))
	hasKeys(t, st, "contracted", "assigned", "available", "deactivated", "pending_removal", "products", "alerts")
	// Office 3 (ana holds one) and Antivirus 2.
	if st["contracted"] != float64(5) || st["assigned"] != float64(1) || st["available"] != float64(4) {
		t.Fatalf("totals %v", st)
	}
	for _, p := range st["products"].([]any) {
		hasKeys(t, p.(map[string]any), "name", "contracted", "assigned", "available", "deactivated", "pending_removal")
	}
	h.ok("status", "--check")

	// An expired product with an assigned license is critical.
	h.ok("products", "add", "Old CAD", "--contracted", "1", "--expires", "2026-01-31")
	h.ok("assign", "Old CAD", "ben@example.com")
	r := h.fails(exitFailed, "status", "--check")
	contains(t, r.out, "CRITICAL", "Old CAD expired on 2026-01-31")
	contains(t, r.err, "1 critical alert")
	r = h.fails(exitFailed, "status", "--check", "--json")
	st = decode[map[string]any](t, r.out)
	alert := st["alerts"].([]any)[0].(map[string]any)
	hasKeys(t, alert, "severity", "kind", "product", "message")
	if alert["severity"] != "critical" || alert["kind"] != "expired" || alert["product"] != "Old CAD" {
		t.Fatalf("first alert %v", alert)
	}
	h.ok("status") // without --check a critical alert is only shown

	h.ok("unassign", "LIC-000006") // Old CAD's, after the standard's 5
	h.ok("status", "--check")
}

func TestHistory(t *testing.T) {
	h := seeded(t)
	out := h.ok("history", "LIC-000001")
	contains(t, out, "History of license LIC-000001", "licenses.added", "license.assigned", "ana@example.com")

	for _, thing := range []string{"LIC-000001", "ana@example.com", "Office", "LAPTOP-1"} {
		events := decode[[]map[string]any](t, h.ok("history", thing, "--json"))
		if len(events) == 0 {
			t.Fatalf("no history of %s", thing)
		}
		for _, e := range events {
			hasKeys(t, e, "seq", "time", "actor", "kind")
		}
	}
	h.ok("licenses", "add", "Office", "2", "--yes")
	contains(t, h.ok("history", "office"), "contracted 0 → 3", "contracted 3 → 5", "due 12.49 EUR")
	h.refused("history", "nothing-by-this-name")
	h.refused("history", "LIC-999999")
}

func TestInvoice(t *testing.T) {
	h := seeded(t)
	h.ok("licenses", "add", "Office", "3", "--yes")
	h.ok("licenses", "remove", "Office", "1", "--yes")
	out := h.ok("invoice")
	contains(t, out, "Invoice preview on 2026-03-16", "Office", "ALL (monthly + yearly)",
		// Monthly: Office's 3 × 10.00 and the 15.48 added; yearly: Antivirus's 2 × 5.00.
		"This month, monthly products\t45.48", "Next month", "This year, yearly products\t10.00", "Next year",
		"Added this cycle", "18.73 EUR", "Scheduled reductions", "2026-04-01", "License-count changes since 2026-03-01", "3 → 6")

	inv := decode[map[string]any](t, h.ok("invoice", "--json"))
	hasKeys(t, inv, "currency", "lines", "by_period", "base", "added", "current", "next", "changes")
	if inv["added"].(map[string]any)["gross"] != float64(1873) {
		t.Fatalf("added %v", inv["added"])
	}
}

func TestUsage(t *testing.T) {
	h := seeded(t)
	contains(t, h.ok("usage"), "EMAIL", "ana@example.com", "10.00", "TOTAL")
	contains(t, h.ok("usage", "--by", "department"), "DEPARTMENT", "Sales", "(none)")
	contains(t, h.ok("usage", "--by", "Product"), "PRODUCT", "Office", "33.3%")
	for _, by := range []string{"user", "department", "product"} {
		rows := decode[[]map[string]any](t, h.ok("usage", "--by", by, "--json"))
		if len(rows) == 0 {
			t.Fatalf("no usage by %s", by)
		}
		hasKeys(t, rows[0], "key", "licenses", "monthly_cost")
	}
}

func TestOrg(t *testing.T) {
	h := seeded(t)
	contains(t, h.ok("org", "show"), "My Organization", "EUR", "owner@example.com")
	org := decode[map[string]any](t, h.ok("org", "edit", "--name", "Acme", "--currency", "usd", "--anchor-day", "15", "--expiry-warning-days", "60", "--json", "--yes"))
	if org["name"] != "Acme" || org["currency"] != "USD" || org["anchor_day"] != float64(15) || org["expiry_warning_days"] != float64(60) {
		t.Fatalf("org %v", org)
	}
	h.refused("org", "edit", "--anchor-day", "29")
	h.refused("--as", "ana@example.com", "org", "edit", "--name", "Mine")
	contains(t, h.ok("products", "list"), "USD")
}

func TestAllocations(t *testing.T) {
	h := seeded(t)
	out := h.ok("allocations", "add", "Sales-Office", "--product", "Office", "--quantity", "2", "--department", "Sales", "--rule")
	contains(t, out, "added Sales-Office", "2 members", "rule Sales")
	// The rule hands a license to a new Sales user.
	u := decode[map[string]any](t, h.ok("users", "invite", "cleo@example.com", "--first", "C", "--last", "N", "--department", "Sales", "--json"))
	if u["licenses"] != float64(1) {
		t.Fatalf("rule did not assign: %v", u)
	}
	h.ok("allocations", "add", "Ana-Too", "--product", "Office", "--quantity", "1", "--user", "ana@example.com")
	contains(t, h.ok("allocations", "list"), "ALLOCATION", "Sales-Office", "Ana-Too", "Sales-Office")
	contains(t, h.ok("status"), "covered by allocations")

	as := decode[[]map[string]any](t, h.ok("allocations", "list", "--json"))
	if len(as) != 2 {
		t.Fatalf("%d allocations", len(as))
	}
	hasKeys(t, as[0], "name", "product", "quantity", "members", "used", "conflict_with")

	a := decode[map[string]any](t, h.ok("allocations", "edit", "Ana-Too", "--name", "Ben-Only", "--user", "ben@example.com", "--quantity", "3", "--json"))
	if a["name"] != "Ben-Only" || a["quantity"] != float64(3) {
		t.Fatalf("edited %v", a)
	}
	h.refused("allocations", "add", "W", "--product", "Antivirus", "--quantity", "1", "--user", "ana@example.com") // per-device
	h.refused("allocations", "add", "Ben-Only", "--product", "Office", "--quantity", "1", "--user", "ana@example.com")
	h.refused("allocations", "add", "X", "--product", "Office", "--quantity", "1", "--user", "ext@partner.com")
	h.refused("allocations", "edit", "Nope", "--quantity", "1")
	h.fails(exitUsage, "allocations", "edit", "Ben-Only")

	h.refused("allocations", "delete", "Ben-Only")
	h.terminal = true
	h.refusedIn("n\n", "allocations", "delete", "Ben-Only")
	r := h.runIn("y\n", "allocations", "delete", "ben-only")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	contains(t, r.out, "Delete allocation Ben-Only", "deleted allocation Ben-Only")
	h.refused("allocations", "delete", "Ben-Only", "--yes")
}

func TestExport(t *testing.T) {
	h := seeded(t)
	for kind, header := range map[string]string{
		"products": "name,software,vendor",
		"licenses": "id,product,status,assignee",
		"users":    "email,first,last,role",
		"assets":   "name,inventory,serial",
		"events":   "seq,time,actor,kind",
	} {
		out := h.ok("export", kind)
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("export %s: %v", kind, err)
		}
		if !strings.HasPrefix(out, header) || len(rows) < 2 {
			t.Fatalf("export %s:\n%s", kind, out)
		}
		list := decode[[]map[string]any](t, h.ok("export", kind, "--json"))
		if len(list) != len(rows)-1 {
			t.Fatalf("export %s: %d JSON objects, %d CSV rows", kind, len(list), len(rows)-1)
		}
	}
	if out := h.ok("export", "products"); strings.Contains(out, storetest.OfficeKeys) || strings.Contains(out, "keys") {
		t.Fatalf("keys exported without --with-keys:\n%s", out)
	}
	if out := h.ok("export", "products", "--json"); strings.Contains(out, storetest.OfficeKeys) || strings.Contains(out, "••") {
		t.Fatalf("keys exported without --with-keys:\n%s", out)
	}
	contains(t, h.ok("export", "products", "--with-keys"), ",keys\n", storetest.OfficeKeys)
	contains(t, h.ok("export", "licenses"), "LIC-000001,Office,active,ana@example.com,user")
	empty := newHarness(t)
	empty.ok("org", "edit", "--name", "Empty")
	if got := decode[[]any](t, empty.ok("export", "assets", "--json")); len(got) != 0 {
		t.Fatalf("empty export %v", got)
	}
}

// Currencies are ISO 4217's: an unknown code is refused; changing the
// currency while products have prices says the prices are not converted
// and needs agreement, and is refused unconfirmed without a terminal.
func TestCurrencyChangeConfirmsAndUnknownCodesAreRefused(t *testing.T) {
	h := seeded(t)
	contains(t, h.fails(exitUsage, "org", "edit", "--currency", "XYZ").err, "unknown currency")
	r := h.refused("org", "edit", "--currency", "JPY")
	contains(t, r.out+r.err, "the prices of 2 products stay as they are: they are not converted from EUR to JPY", "not confirmed")
	h.terminal = true
	h.refusedIn("n\n", "org", "edit", "--currency", "JPY")
	if r := h.runIn("y\n", "org", "edit", "--currency", "JPY"); r.code != exitOK {
		t.Fatalf("confirmed currency change: exit %d: %s", r.code, r.err)
	}
	h.terminal = false
	contains(t, h.ok("org", "edit", "--currency", "JPY"), "no changes") // same currency: nothing to agree to
}
