package model_test

import (
	"strings"
	"testing"

	"github.com/seats/seats/model"
)

func TestProductDeletableSaysWhyBeforeDeleteRefuses(t *testing.T) {
	w := fxStandard(t)
	if err := w.svc.ProductDeletable("Office"); err != nil {
		t.Fatalf("Office with no assigned license: %v", err)
	}
	_, err := w.svc.Assign("", "Office", "ana@example.com", false)
	w.must(err)
	why := w.svc.ProductDeletable("Office")
	if model.CodeOf(why) != model.CodeConflict || !strings.Contains(why.Error(), "Office cannot be deleted: 1 license is assigned") {
		t.Fatalf("deletable with an active license: %v", why)
	}
	before := w.snapshot()
	if err := w.svc.DeleteProduct("", "Office"); err == nil || err.Error() != why.Error() {
		t.Fatalf("delete refused with %v, ProductDeletable said %v", err, why)
	}
	if w.snapshot() != before {
		t.Fatal("the refused delete changed something")
	}
	if err := w.svc.ProductDeletable("Nope"); model.CodeOf(err) != model.CodeNotFound {
		t.Fatalf("unknown product: %v", err)
	}
	w.check()
}
