package cli

import (
	"testing"

	"github.com/seats/seats/model/storetest"
)

func TestProductsAddListEdit(t *testing.T) {
	h := seeded(t)
	out := h.ok("products", "add", "Visio", "--assignment", "per-user", "--contracted", "5", "--net-price", "12.50", "--vat-percent", "21",
		"--period", "monthly", "--policy", "block", "--expires", "2027-01-31", "--vendor", "Microsoft")
	contains(t, out, "created Visio", "5 licenses", "12.50 EUR")

	out = h.ok("products", "list")
	contains(t, out, "PRODUCT", "Visio", "0/5", "12.50 EUR/mo", "2027-01-31", "Office", "1/3")

	list := decode[[]map[string]any](t, h.ok("products", "list", "--json"))
	if len(list) != 3 { // Office, Antivirus, Visio
		t.Fatalf("%d products, want 3", len(list))
	}
	for _, p := range list {
		hasKeys(t, p, "name", "assignment", "contracted", "assigned", "available", "net_price", "gross_price", "currency")
		if p["name"] == "Office" && p["keys"] != "••••••••" {
			t.Fatalf("keys not masked: %v", p["keys"])
		}
	}
	list = decode[[]map[string]any](t, h.ok("products", "list", "--json", "--with-keys"))
	if list[0]["keys"] != storetest.OfficeKeys {
		t.Fatalf("--with-keys shows %v", list[0]["keys"])
	}

	out = h.ok("products", "edit", "visio", "--name", "Visio Plan 2", "--net-price", "15", "--reduce-on-termination")
	contains(t, out, "updated Visio Plan 2", "15.00 EUR")
	p := decode[map[string]any](t, h.ok("products", "edit", "Visio Plan 2", "--reduce-on-termination=false", "--json"))
	if p["name"] != "Visio Plan 2" || p["net_price"] != float64(1500) || p["reduce_on_termination"] != false {
		t.Fatalf("edited product %v", p)
	}
	contains(t, h.ok("history", "Visio Plan 2"), "product.updated", "price=12.50", "price=15.00")
}

func TestProductsRefusals(t *testing.T) {
	h := seeded(t)
	h.refused("products", "add", "office")                         // duplicate name, any case
	h.refused("products", "add", "LIC-000001")                     // looks like a license ID
	h.refused("products", "edit", "Nope", "--net-price", "1")      // no such product
	h.refused("products", "edit", "Office", "--name", "Antivirus") // name taken
	h.refused("--as", "ana@example.com", "products", "edit", "Office", "--net-price", "1")
	h.refused("products", "edit", "Office", "--assignment", "per-device") // has assigned licenses
}

func TestProductsDeleteConfirms(t *testing.T) {
	h := seeded(t)
	r := h.refused("products", "delete", "Antivirus") // no terminal, no --yes
	contains(t, r.err, "--yes")

	h.terminal = true
	h.refusedIn("n\n", "products", "delete", "Antivirus")
	h.refusedIn("", "products", "delete", "Antivirus")
	r = h.runIn("y\n", "products", "delete", "Antivirus")
	if r.code != 0 {
		t.Fatalf("confirmed delete: exit %d %q", r.code, r.err)
	}
	contains(t, r.out, "Delete Antivirus and its 2 licenses for good? [y/N]", "deleted Antivirus")

	h.terminal = false
	h.refused("products", "delete", "Office", "--yes") // has an assigned license
	h.refused("products", "delete", "Nope", "--yes")
	h.ok("products", "add", "Visio", "--contracted", "1")
	del := decode[map[string]any](t, h.ok("products", "delete", "Visio", "--yes", "--json"))
	if del["deleted"] != "Visio" {
		t.Fatalf("delete JSON %v", del)
	}
	contains(t, h.ok("products", "list"), "Office")
}
