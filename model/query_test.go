package model_test

import (
	"testing"

	"github.com/seats/seats/model"
)

// A listing narrowed by product or holder names the holders it shows
// without reading every user and asset.
func TestNarrowedLicenseListingNamesItsHolders(t *testing.T) {
	w := fxStandard(t)
	w.assign("Office", "ana@example.com")
	w.assign("Antivirus", "LAPTOP-1")
	for _, f := range []model.LicenseFilter{
		{Product: "Office", Status: model.Active},
		{Holder: "ana@example.com"},
		{Holder: "LAPTOP-1"},
		{},
	} {
		ls, names, err := w.svc.Licenses(f)
		w.must(err)
		if len(ls) == 0 {
			t.Fatalf("%+v: no licenses", f)
		}
		for _, l := range ls {
			if l.Status != model.Active {
				continue
			}
			want := map[model.ID]string{1: "ana@example.com"}[l.ProductID]
			if l.AssigneeKind == model.AssigneeAsset {
				want = "LAPTOP-1"
			}
			if got := names.Assignee(l); got != want {
				t.Errorf("%+v: %s is held by %q, named %q", f, l.Code(), want, got)
			}
			if names.Products[l.ProductID] == "" {
				t.Errorf("%+v: %s has no product name", f, l.Code())
			}
		}
	}
}
