package cli

import (
	"strings"
	"testing"
)

// currencyHarness is a new organization in currency with one owner.
func currencyHarness(t *testing.T, currency string) *harness {
	t.Helper()
	h := newHarness(t)
	h.ok("users", "invite", "owner@example.com", "--first", "Olivia", "--last", "Owner")
	h.ok("users", "invite", "ana@example.com", "--first", "Ana", "--last", "Ruiz")
	h.ok("org", "edit", "--currency", currency)
	return h
}

// A currency without minor units (JPY) is shown, billed and exported in
// whole yen; a fraction of a yen is refused with one line.
func TestZeroDecimalCurrencyEndToEnd(t *testing.T) {
	h := currencyHarness(t, "JPY")
	before := h.snapshot()
	contains(t, h.fails(exitUsage, "products", "add", "Office", "--contracted", "2", "--net-price", "12.5").err, "JPY has no decimals")
	if h.snapshot() != before {
		t.Fatal("a refused price changed the database")
	}
	h.ok("products", "add", "Office", "--contracted", "2", "--net-price", "1200", "--vat-percent", "10")
	h.ok("assign", "Office", "ana@example.com")

	list := h.ok("products", "list")
	contains(t, list, "1200 JPY/mo")
	if strings.Contains(list, "1200.00") || strings.Contains(list, "12.00") {
		t.Fatalf("yen shown with decimals:\n%s", list)
	}
	p := decode[[]map[string]any](t, h.ok("products", "list", "--json"))[0]
	if p["net_price"] != 1200.0 || p["gross_price"] != 1320.0 || p["currency"] != "JPY" {
		t.Fatalf("JSON amounts are not in yen: %v", p)
	}
	inv := h.ok("invoice")
	contains(t, inv, "2400", "2640 JPY")
	if strings.Contains(inv, "24.00") || strings.Contains(inv, "2400.00") {
		t.Fatalf("invoice shows yen with decimals:\n%s", inv)
	}
	contains(t, h.ok("export", "products"), ",1200,10,1320,JPY,")
	h.ok("products", "edit", "Office", "--net-price", "1500.00") // zeros after the point say nothing
	contains(t, h.ok("products", "list"), "1500 JPY/mo")
}

// A three-decimal currency (BHD) keeps its fils: 12.345 is taken,
// shown and billed as 12.345, and JSON carries 12345.
func TestThreeDecimalCurrencyEndToEnd(t *testing.T) {
	h := currencyHarness(t, "BHD")
	contains(t, h.fails(exitUsage, "products", "add", "Office", "--net-price", "12.3456").err, "more than 3 decimals")
	h.ok("products", "add", "Office", "--contracted", "2", "--net-price", "12.345")
	h.ok("assign", "Office", "ana@example.com")
	contains(t, h.ok("products", "list"), "12.345 BHD/mo")
	p := decode[[]map[string]any](t, h.ok("products", "list", "--json"))[0]
	if p["net_price"] != 12345.0 {
		t.Fatalf("JSON net_price is not in fils: %v", p)
	}
	contains(t, h.ok("invoice"), "24.690")
	inv := decode[map[string]any](t, h.ok("invoice", "--json"))
	if inv["currency"] != "BHD" {
		t.Fatalf("invoice currency %v", inv["currency"])
	}
	contains(t, h.ok("export", "products"), ",12.345,")
	// The export reads back in the same currency.
	h2 := currencyHarness(t, "BHD")
	file := csvFile(t, "p.csv", h.ok("export", "products"))
	h2.ok("import", "products", file)
	if got := decode[[]map[string]any](t, h2.ok("products", "list", "--json"))[0]["net_price"]; got != 12345.0 {
		t.Fatalf("imported net_price %v", got)
	}
}
