package model_test

import (
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/storetest"
)

// A dry run checks every rule and reports the events the operation would
// record, yet the store is left exactly as it was; a refusal is refused
// the same way.
func TestDryRunRecordsNothingAndReportsWhatWouldHappen(t *testing.T) {
	w := fxStandard(t)
	before := storetest.Dump(t, w.db)
	dry, r := w.svc.DryRun()

	l, err := dry.Assign("", "Office", "ana@example.com", false)
	w.must(err)
	if len(r.Events) != 1 || r.Events[0].Kind != model.EvLicenseAssigned || r.Events[0].LicenseID != l.ID {
		t.Fatalf("rehearsed events %+v", r.Events)
	}
	if _, err := dry.Assign("vic@example.com", "Office", "ben@example.com", false); model.CodeOf(err) != model.CodeForbidden {
		t.Fatalf("a viewer's dry run was not refused: %v", err)
	}
	if after := storetest.Dump(t, w.db); after != before {
		t.Fatalf("a dry run changed the store:\nbefore %s\nafter  %s", before, after)
	}
	// The real run does what the rehearsal said.
	real, err := w.svc.Assign("", "Office", "ana@example.com", false)
	w.must(err)
	if real.ID != l.ID {
		t.Fatalf("the dry run assigned %s, the real run %s", l.Code(), real.Code())
	}
}
