package model_test

import (
	"strings"
	"testing"

	"github.com/seats/seats/model"
)

// An import takes a holder beyond the contracted count instead of
// refusing (Rule 2 allows it after an import): a free seat first, then
// a license over the count, whatever the policy, with nothing billed;
// the status raises the overage alert and the invariants hold.
func TestImportAssignGoesOverTheContractedCount(t *testing.T) {
	w := fxStandard(t) // Office: block, 3 contracted
	for _, who := range []string{"ana@example.com", "admin@example.com", "vic@example.com"} {
		_, over, err := w.svc.ImportAssign("", "Office", who)
		w.must(err)
		if over {
			t.Fatalf("%s: a free seat was there, but the import went over the count", who)
		}
	}
	l, over, err := w.svc.ImportAssign("", "Office", "owner@example.com")
	w.must(err)
	if !over || l.Status != model.Active {
		t.Fatalf("fourth holder of 3 seats: over %v, %+v", over, l)
	}
	ps, err := w.svc.Product("Office")
	w.must(err)
	if ps.Contracted != 3 || ps.Active != 4 || ps.Available != 0 {
		t.Fatalf("Office after the import: %d contracted, %d active, %d available", ps.Contracted, ps.Active, ps.Available)
	}
	w.expectAlert(model.AlertOverage, model.Critical, "Office", "4 assigned but only 3 contracted")
	w.check()

	// The rules still hold over the count: one license per user and product.
	before := w.snapshot()
	if _, _, err := w.svc.ImportAssign("", "Office", "owner@example.com"); err == nil || !strings.Contains(err.Error(), "already holds") {
		t.Fatalf("a second license for the same holder: %v", err)
	}
	if w.snapshot() != before {
		t.Fatal("a refused import assignment changed the store")
	}
	// By hand, the block product still refuses.
	if _, err := w.svc.Assign("", "Office", "ben@example.com", false); model.CodeOf(err) != model.CodeNoSeat {
		t.Fatalf("manual assign over the count: %v", err)
	}
	// Unassigning during the overage deactivates the seat, ending it.
	_, _, err = w.svc.Unassign("", l.Code())
	w.must(err)
	w.expectNoAlert(model.AlertOverage)
	w.check()
}
