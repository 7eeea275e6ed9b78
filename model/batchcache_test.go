package model_test

import (
	"testing"

	"github.com/seats/seats/model"
)

// A batch keeps the records its operations read again; a change inside
// the batch must be what every later operation of it sees.
func TestBatchSeesItsOwnChanges(t *testing.T) {
	w := fxStandard(t)
	err := w.svc.Batch(func(b *model.Service) error {
		if _, err := b.Product("Office"); err != nil {
			return err
		}
		if _, err := b.EditProduct("", "Office", func(p *model.Product) error { p.Name = "Office 365"; return nil }); err != nil {
			return err
		}
		if _, err := b.Product("Office"); err == nil {
			t.Error("the old name still finds the renamed product inside the batch")
		}
		if p, err := b.Product("Office 365"); err != nil || p.Name != "Office 365" {
			t.Errorf("the new name: %+v %v", p, err)
		}
		if _, err := b.EditUser("", "ben@example.com", func(u *model.User) error { u.Department = "Audit"; return nil }); err != nil {
			return err
		}
		if u, err := b.User("ben@example.com"); err != nil || u.Department != "Audit" {
			t.Errorf("the edited user inside the batch: %+v %v", u, err)
		}
		l, err := b.Assign("", "Office 365", "ben@example.com", false)
		if err != nil {
			return err
		}
		if u, _ := b.User("ben@example.com"); u.Held != 1 || u.State != model.StateEnabled {
			t.Errorf("after an assignment inside the batch the user holds %d (%s)", u.Held, u.State)
		}
		ev, err := b.Event(0)
		if err == nil && ev.Kind != model.EvLicenseAssigned {
			t.Errorf("the newest event inside the batch is %s, not the assignment of %s", ev.Kind, l.Code())
		}
		return nil
	})
	w.must(err)
	bad, err := w.svc.Check()
	if err != nil || len(bad) > 0 {
		t.Fatalf("check after the batch: %v %q", err, bad)
	}
}
