package send_test

import (
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// Allocation alerts are keyed by their allocation: deleting the first of
// two over-quantity allocations resolves its alert only, and renaming
// the other sends nothing.
func TestAllocationAlertsKeyedByAllocation(t *testing.T) {
	w := newWorld(t, 0)
	for name, users := range map[string][]string{"Alpha": {"a@example.com", "b@example.com"}, "Beta": {"c@example.com", "d@example.com"}} {
		_, err := w.svc.CreateAllocation("", model.Allocation{Name: name, Quantity: 1}, "Office", users)
		w.must(err)
		_, err = w.svc.BulkAssign("", "Office", users, false)
		w.must(err)
	}
	w.expect(w.pass(), 0, "appeared allocation_over_quantity/Office", "appeared allocation_over_quantity/Office")
	w.must(w.svc.DeleteAllocation("", "Alpha"))
	r := w.pass()
	if len(r.Plan.Queued) != 1 || !strings.Contains(r.Plan.Queued[0].Message, "Alpha") {
		t.Fatalf("deleting Alpha queued %+v, want Alpha's alert resolved alone", r.Plan.Queued)
	}
	w.expect(r, 0, "resolved allocation_over_quantity/Office")
	_, err := w.svc.EditAllocation("", "Beta", func(a *model.Allocation) error { a.Name = "Gamma"; return nil }, nil, nil)
	w.must(err)
	w.expect(w.pass(), 0)
	st, err := w.svc.NotificationStatus("")
	w.must(err)
	for _, a := range st.Alerts {
		if a.Kind == model.AlertAllocOverQuantity && !a.Resolved && !strings.Contains(a.Message, "Gamma") {
			t.Fatalf("the alert state did not follow the rename: %+v", a)
		}
	}
}

// A route names its product by ID: after a rename the product's alerts
// still reach the channel, the settings show the new name, and the
// alert's key stays (nothing resolved and appeared again).
func TestRouteFollowsProductRename(t *testing.T) {
	w := newWorld(t, 0)
	w.advance(11 * 24 * time.Hour) // Adobe within 60 days
	w.expect(w.pass(), 1, "appeared expiring/Adobe")
	_, err := w.svc.EditProduct("", "Adobe", func(p *model.Product) error { p.Name = "Creative Cloud"; return nil })
	w.must(err)
	w.expect(w.pass(), 0)
	ns, err := w.svc.NotifySettings("")
	w.must(err)
	if mail, _ := ns.Channel("mail"); strings.Join(mail.Products, ",") != "Creative Cloud" {
		t.Fatalf("the route shows %q, want the new name", mail.Products)
	}
	w.advance(30 * 24 * time.Hour) // within 30 days
	w.expect(w.pass(), 1, "lead_time expiring/Creative Cloud")
	// The settings are unchanged by the rename: an edit of nothing is no change.
	if _, err := w.svc.EditNotifySettings("", func(*model.NotifySettings) error { return nil }); !model.IsUnchanged(err) {
		t.Fatalf("an empty edit after the rename: %v", err)
	}
}

// An alert state kept under the key of before (kind/product name) is
// taken over by its alert: no resolved and appeared pair on upgrading.
func TestLegacyAlertKeyTakenOver(t *testing.T) {
	w := newWorld(t, 0)
	w.advance(11 * 24 * time.Hour) // Adobe within 60 days
	w.expect(w.pass(), 1, "appeared expiring/Adobe")
	w.must(w.db.Update(func(tx model.Tx) error {
		nt := tx.(model.NotifyTx)
		var st model.AlertState
		if err := nt.AlertStates(func(a model.AlertState) bool { st = a; return a.Kind != model.AlertExpiring }); err != nil {
			return err
		}
		if err := nt.DeleteAlertState(st.Key); err != nil {
			return err
		}
		st.Key, st.ProductID = "expiring/Adobe", 0
		return nt.PutAlertState(st)
	}))
	w.expect(w.pass(), 0)
	w.expect(w.pass(), 0)
	st, err := w.svc.NotificationStatus("")
	w.must(err)
	if len(st.Alerts) != 1 || st.Alerts[0].Key == "expiring/Adobe" || st.Alerts[0].Resolved {
		t.Fatalf("alert states after the takeover: %+v", st.Alerts)
	}
	w.advance(30 * 24 * time.Hour)
	w.expect(w.pass(), 1, "lead_time expiring/Adobe")
}
