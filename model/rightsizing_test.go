package model_test

import (
	"testing"
	"time"

	"github.com/seats/seats/model"
)

func recommended(w *fxWorld) map[string]model.Recommendation {
	w.t.Helper()
	sum, err := w.svc.Status()
	w.must(err)
	out := map[string]model.Recommendation{}
	for _, r := range sum.Recommendations {
		out[r.Product] = r
	}
	inv, err := w.svc.Invoice()
	w.must(err)
	if len(inv.Recommendations) != len(sum.Recommendations) {
		w.t.Fatalf("invoice recommends %v, status %v", inv.Recommendations, sum.Recommendations)
	}
	return out
}

// Idle licenses are recommended for removal at the cycle end with what
// that saves a month, but never those already leaving, those an
// allocation reserves for members without one, or free ones.
func TestRightSizingRecommendsIdleLicensesOnly(t *testing.T) {
	w := fxStandard(t) // Office: 3 monthly at 10.00; Antivirus: 2 yearly at 5.00
	_, err := w.svc.CreateProduct("", model.Product{Name: "Freeware", Kind: model.PerUser, Contracted: 4, Period: model.NoBilling})
	w.must(err)
	if got := recommended(w); len(got) != 0 {
		t.Fatalf("licenses idle for less than %d days recommended: %v", model.IdleDays, got)
	}

	w.clock.advance(31 * 24 * time.Hour)
	got := recommended(w)
	office := got["Office"]
	if office.Remove != 3 || office.Saves != 3000 || model.DateOf(office.At) != "2026-05-01" {
		t.Fatalf("Office: %+v", office)
	}
	if a := got["Antivirus"]; a.Remove != 2 || a.Saves != 84 { // 2 × 5.00 a year, each 0.42 a month
		t.Fatalf("Antivirus: %+v", a)
	}
	if _, ok := got["Freeware"]; ok {
		t.Fatal("a product without a billing period saves nothing, yet is recommended")
	}

	_, err = w.svc.RemoveLicenses("", "Office", 1, false)
	w.must(err)
	if r := recommended(w)["Office"]; r.Remove != 2 {
		t.Fatalf("a license already leaving is recommended again: %+v", r)
	}
	// Reserves both idle seats not leaving: neither ana nor ben holds one.
	_, err = w.svc.CreateAllocation("", model.Allocation{Name: "Sales team", Quantity: 2, Departments: []string{"Sales"}}, "Office", nil)
	w.must(err)
	if r, ok := recommended(w)["Office"]; ok {
		t.Fatalf("a license an allocation reserves is recommended: %+v", r)
	}
}
