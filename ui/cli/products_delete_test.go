package cli

import (
	"strings"
	"testing"
)

func TestProductsDeleteRefusesBeforeAskingWhenLicensesAreAssigned(t *testing.T) {
	h := seeded(t)
	h.terminal = true
	r := h.refusedIn("y\n", "products", "delete", "Office")
	if strings.Contains(r.out, "[y/N]") {
		t.Fatalf("asked to confirm what cannot be deleted: %q", r.out)
	}
	contains(t, r.err, "Office cannot be deleted", "unassign them before deleting it")
}
