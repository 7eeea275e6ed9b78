package cli

import (
	"strings"
	"testing"
)

// An import may leave a product over its contracted count (Rule 2): the
// licenses the file says are held are recorded beyond the count, the
// import says so, and the status raises the overage alert. Assigning by
// hand afterwards still follows the product's policy.
func TestImportOverContractedSucceedsWithAnOverageAlert(t *testing.T) {
	h := newHarness(t)
	for _, u := range []string{"owner", "ana", "bob", "cy", "dee"} {
		h.ok("users", "invite", u+"@example.com", "--first", u, "--last", "X")
	}
	products := csvFile(t, "products.csv", "name,contracted,policy,net_price\nOffice,1,block,10\nAdobe,1,auto-grow,20\n")
	h.ok("import", "products", products)
	licenses := csvFile(t, "licenses.csv", `product,status,assignee
Office,active,ana@example.com
Office,active,bob@example.com
Office,active,cy@example.com
Adobe,active,ana@example.com
Adobe,active,bob@example.com
`)
	r := h.run("import", "licenses", licenses, "--json")
	if r.code != exitOK {
		t.Fatalf("import over the contracted count: exit %d, %s", r.code, r.err)
	}
	contains(t, r.err, "Office: 3 assigned but only 1 contracted after the import", "'seats status' shows the overage")
	out := decode[importJSON](t, r.out)
	if *out.Assigned != 5 || len(out.Overage) != 2 || out.Overage[0] != (overageJSON{"Adobe", 2, 1}) || out.Overage[1] != (overageJSON{"Office", 3, 1}) {
		t.Fatalf("import JSON: %+v", out)
	}

	status := h.ok("status")
	contains(t, status, "Office: 3 assigned but only 1 contracted", "Adobe: 2 assigned but only 1 contracted")
	if code := h.run("status", "--check").code; code != exitFailed {
		t.Fatalf("status --check with an overage: exit %d", code)
	}
	h.ok("check") // the state is consistent, only over its count

	// By hand, a block product still refuses; an auto-grow product must
	// first grow over its overage (2 → 3 covers both holders and dee).
	contains(t, h.refused("assign", "Office", "dee@example.com").err, "no free license of Office")
	h.refused("assign", "Adobe", "dee@example.com") // growing needs agreement
	h.ok("assign", "Adobe", "dee@example.com", "--yes")
	for _, p := range decode[[]map[string]any](t, h.ok("products", "list", "--json")) {
		if p["name"] == "Adobe" && (p["contracted"] != 3.0 || p["assigned"] != 3.0) {
			t.Fatalf("Adobe grew to %v contracted, %v assigned; want 3 and 3", p["contracted"], p["assigned"])
		}
	}
	if s := h.ok("status"); strings.Contains(s, "Adobe: ") {
		t.Fatalf("growing Adobe did not end its overage:\n%s", s)
	}

	// A dry run reports the overage and changes nothing.
	h2 := newHarness(t)
	h2.ok("users", "invite", "owner@example.com", "--first", "o", "--last", "X")
	h2.ok("users", "invite", "ana@example.com", "--first", "a", "--last", "X")
	h2.ok("import", "products", csvFile(t, "p.csv", "name,contracted\nOffice,0\n"))
	before := h2.snapshot()
	dry := decode[importJSON](t, h2.ok("import", "licenses", csvFile(t, "l.csv", "product,status,assignee\nOffice,active,ana@example.com\n"), "--dry-run", "--json"))
	if len(dry.Overage) != 1 || dry.Overage[0] != (overageJSON{"Office", 1, 0}) || h2.snapshot() != before {
		t.Fatalf("dry run: %+v", dry)
	}
}
