package model_test

import (
	"strings"
	"testing"

	"github.com/seats/seats/model"
)

// Every refusal the spec names: the domain says no with a one-line reason
// of the right kind, and the database is exactly as it was.
func TestRefusalsChangeNothing(t *testing.T) {
	cases := []struct {
		name  string
		setup func(w *fxWorld)
		do    func(s *model.Service) error
		code  model.Code
	}{
		{"per-user license to an asset", nil, func(s *model.Service) error {
			_, err := s.Assign("", "Office", "LAPTOP-1", false)
			return err
		}, model.CodeConflict},
		{"per-device license to a user", nil, func(s *model.Service) error {
			_, err := s.Assign("", "Antivirus", "ana@example.com", false)
			return err
		}, model.CodeConflict},
		{"second license of a product for one user", func(w *fxWorld) {
			_, err := w.svc.Assign("", "Office", "ana@example.com", false)
			w.must(err)
		}, func(s *model.Service) error {
			_, err := s.Assign("", "Office", "ANA@example.com", false)
			return err
		}, model.CodeConflict},
		// Antivirus's second seat stays free: only the duplicate can refuse.
		{"second license of a product for one asset", func(w *fxWorld) {
			_, err := w.svc.Assign("", "Antivirus", "LAPTOP-1", false)
			w.must(err)
		}, func(s *model.Service) error {
			_, err := s.Assign("", "Antivirus", "laptop-1", false)
			return err
		}, model.CodeConflict},
		{"no license available on a block product", func(w *fxWorld) {
			_, err := w.svc.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com", "admin@example.com"}, false)
			w.must(err)
		}, func(s *model.Service) error {
			_, err := s.Assign("", "Office", "owner@example.com", false)
			return err
		}, model.CodeNoSeat},
		{"auto-grow without confirmation", func(w *fxWorld) {
			_, err := w.svc.EditProduct("", "Office", func(p *model.Product) error { p.Policy = model.PolicyAutoGrow; return nil })
			w.must(err)
			_, err = w.svc.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com", "admin@example.com"}, false)
			w.must(err)
		}, func(s *model.Service) error {
			_, err := s.Assign("", "Office", "owner@example.com", false)
			return err
		}, model.CodeConfirm},
		{"external consultant never holds a license", nil, func(s *model.Service) error {
			_, err := s.Assign("", "Office", "ext@partner.com", false)
			return err
		}, model.CodeConflict},
		{"member cannot assign", nil, func(s *model.Service) error {
			_, err := s.Assign("ana@example.com", "Office", "ana@example.com", false)
			return err
		}, model.CodeForbidden},
		{"member cannot add licenses", nil, func(s *model.Service) error {
			_, err := s.AddLicenses("ana@example.com", "Office", 1)
			return err
		}, model.CodeForbidden},
		{"member cannot invite", nil, func(s *model.Service) error {
			_, err := s.InviteUser("ana@example.com", model.User{Email: "new@example.com", First: "N", Last: "U"})
			return err
		}, model.CodeForbidden},
		{"viewer cannot create a product", nil, func(s *model.Service) error {
			_, err := s.CreateProduct("vic@example.com", model.Product{Name: "Zoom"})
			return err
		}, model.CodeForbidden},
		{"viewer cannot edit an asset", nil, func(s *model.Service) error {
			_, err := s.EditAsset("vic@example.com", "LAPTOP-1", func(a *model.Asset) error { a.Location = "x"; return nil }, nil)
			return err
		}, model.CodeForbidden},
		{"member cannot unassign", func(w *fxWorld) {
			_, err := w.svc.Assign("", "Office", "ben@example.com", false)
			w.must(err)
		}, func(s *model.Service) error {
			_, _, err := s.Unassign("ana@example.com", "LIC-000001")
			return err
		}, model.CodeForbidden},
		{"member cannot delete a product", nil, func(s *model.Service) error {
			return s.DeleteProduct("ana@example.com", "Office")
		}, model.CodeForbidden},
		{"admin cannot transfer ownership", func(w *fxWorld) {
			_, err := w.svc.Assign("", "Office", "ana@example.com", false)
			w.must(err)
		}, func(s *model.Service) error {
			return s.TransferOwnership("admin@example.com", "ana@example.com")
		}, model.CodeForbidden},
		{"ownership only to an enabled user", nil, func(s *model.Service) error {
			return s.TransferOwnership("", "ben@example.com")
		}, model.CodeConflict},
		{"deleting a product with active licenses", func(w *fxWorld) {
			_, err := w.svc.Assign("", "Office", "ana@example.com", false)
			w.must(err)
		}, func(s *model.Service) error {
			return s.DeleteProduct("", "Office")
		}, model.CodeConflict},
		{"removing more licenses than are free", func(w *fxWorld) {
			_, err := w.svc.Assign("", "Office", "ana@example.com", false)
			w.must(err)
		}, func(s *model.Service) error {
			_, err := s.RemoveLicenses("", "Office", 3, false) // 2 are free
			return err
		}, model.CodeConflict},
		{"removing more licenses than exist", nil, func(s *model.Service) error {
			_, err := s.RemoveLicenses("", "Office", 4, true) // of 3
			return err
		}, model.CodeConflict},
		{"invalid email", nil, func(s *model.Service) error {
			_, err := s.InviteUser("", model.User{Email: "not-an-email", First: "N", Last: "U"})
			return err
		}, model.CodeInvalid},
		{"duplicate email in another letter case", nil, func(s *model.Service) error {
			_, err := s.InviteUser("", model.User{Email: "Ana@Example.COM", First: "A", Last: "R"})
			return err
		}, model.CodeConflict},
		{"duplicate email by edit", nil, func(s *model.Service) error {
			_, err := s.EditUser("", "ben@example.com", func(u *model.User) error { u.Email = "ANA@example.com"; return nil })
			return err
		}, model.CodeConflict},
		{"negative contracted count", nil, func(s *model.Service) error {
			_, err := s.CreateProduct("", model.Product{Name: "Zoom", Contracted: -1})
			return err
		}, model.CodeInvalid},
		{"negative number of licenses to add", nil, func(s *model.Service) error {
			_, err := s.AddLicenses("", "Office", -3)
			return err
		}, model.CodeInvalid},
		{"zero licenses to remove", nil, func(s *model.Service) error {
			_, err := s.RemoveLicenses("", "Office", 0, false)
			return err
		}, model.CodeInvalid},
		{"negative price", nil, func(s *model.Service) error {
			_, err := s.CreateProduct("", model.Product{Name: "Zoom", NetPrice: -1})
			return err
		}, model.CodeInvalid},
		{"duplicate product name in another case", nil, func(s *model.Service) error {
			_, err := s.CreateProduct("", model.Product{Name: "OFFICE"})
			return err
		}, model.CodeConflict},
		{"second owner", nil, func(s *model.Service) error {
			_, err := s.InviteUser("", model.User{Email: "o2@example.com", First: "O", Last: "Two", Role: model.RoleOwner})
			return err
		}, model.CodeConflict},
		{"unknown product", nil, func(s *model.Service) error {
			_, err := s.Assign("", "Nope", "ana@example.com", false)
			return err
		}, model.CodeNotFound},
		{"unknown license", nil, func(s *model.Service) error {
			_, _, err := s.Unassign("", "LIC-999999")
			return err
		}, model.CodeNotFound},
		{"unassigning a free license", nil, func(s *model.Service) error {
			_, _, err := s.Unassign("", "LIC-000001")
			return err
		}, model.CodeConflict},
		{"bulk assign is all or nothing", nil, func(s *model.Service) error {
			// 3 seats for 4 people: the first three must not stay assigned.
			_, err := s.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com", "admin@example.com", "owner@example.com"}, false)
			return err
		}, model.CodeNoSeat},
		{"terminating the owner", nil, func(s *model.Service) error {
			_, err := s.TerminateUser("", "owner@example.com", "2026-03-16")
			return err
		}, model.CodeConflict},
		{"terminated user cannot act", func(w *fxWorld) {
			_, err := w.svc.TerminateUser("", "admin@example.com", "2026-03-01")
			w.must(err)
		}, func(s *model.Service) error {
			_, err := s.AddLicenses("admin@example.com", "Office", 1)
			return err
		}, model.CodeForbidden},
		{"terminated user cannot get a license", func(w *fxWorld) {
			_, err := w.svc.TerminateUser("", "ben@example.com", "2026-03-01")
			w.must(err)
		}, func(s *model.Service) error {
			_, err := s.Assign("", "Office", "ben@example.com", false)
			return err
		}, model.CodeConflict},
		{"changing the kind of a product in use", func(w *fxWorld) {
			_, err := w.svc.Assign("", "Office", "ana@example.com", false)
			w.must(err)
		}, func(s *model.Service) error {
			_, err := s.EditProduct("", "Office", func(p *model.Product) error { p.Kind = model.PerDevice; return nil })
			return err
		}, model.CodeConflict},
		{"expiry before purchase", nil, func(s *model.Service) error {
			_, err := s.EditProduct("", "Office", func(p *model.Product) error {
				p.Purchased, p.Expires = "2026-05-01", "2026-04-01"
				return nil
			})
			return err
		}, model.CodeInvalid},
		{"anchor day out of range", nil, func(s *model.Service) error {
			_, err := s.EditOrg("", func(o *model.Org) error { o.AnchorDay = 29; return nil })
			return err
		}, model.CodeInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := fxStandard(t)
			if c.setup != nil {
				c.setup(w)
			}
			before := w.snapshot()
			err := c.do(w.svc)
			if err == nil {
				t.Fatal("the action was allowed")
			}
			if got := model.CodeOf(err); got != c.code {
				t.Fatalf("refused as %q (%v), want %q", got, err, c.code)
			}
			if msg := err.Error(); msg == "" || strings.Contains(msg, "\n") {
				t.Fatalf("reason must be one line, got %q", msg)
			}
			if after := w.snapshot(); after != before {
				t.Fatalf("a refused action changed the database:\nbefore %s\nafter  %s", before, after)
			}
			w.check()
		})
	}
}

func TestAssignUsesOldestFreeSeatAndRecordsEvents(t *testing.T) {
	w := fxStandard(t)
	l, err := w.svc.Assign("admin@example.com", "Office", "ana@example.com", false)
	w.must(err)
	if l.Code() != "LIC-000001" || l.Status != model.Active {
		t.Fatalf("assigned %+v", l)
	}
	u, _ := w.svc.User("ana@example.com")
	if u.State != model.StateEnabled || u.Held != 1 {
		t.Fatalf("holder %+v", u)
	}
	_, evs, err := w.svc.History("LIC-000001")
	w.must(err)
	kinds := []string{}
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
	}
	if strings.Join(kinds, ",") != "licenses.added,license.assigned" || evs[1].Actor != "admin@example.com" {
		t.Fatalf("history %v by %s", kinds, evs[len(evs)-1].Actor)
	}
	_, from, err := w.svc.Unassign("", l.Code())
	w.must(err)
	if from != "ana@example.com" {
		t.Fatalf("unassigned from %q", from)
	}
	u, _ = w.svc.User("ana@example.com")
	if u.State != model.StateDisabled || u.Held != 0 {
		t.Fatalf("after unassign %+v", u)
	}
	w.check()
}

func TestAutoGrowGrowsOnlyWhenConfirmed(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.EditProduct("", "Office", func(p *model.Product) error { p.Policy = model.PolicyAutoGrow; return nil })
	w.must(err)
	_, err = w.svc.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com", "admin@example.com"}, false) // all 3 seats
	w.must(err)
	q, err := w.svc.QuoteAssign("Office")
	w.must(err)
	if !q.NeedsGrow || q.Quote.From != 3 || q.Quote.To != 4 {
		t.Fatalf("quote %+v", q)
	}
	if !strings.Contains(q.Message(), "from 3 to 4") {
		t.Fatalf("message %q", q.Message())
	}
	_, err = w.svc.Assign("", "Office", "owner@example.com", true)
	w.must(err)
	ps, _ := w.svc.Product("Office")
	if ps.Contracted != 4 || ps.Active != 4 || ps.Available != 0 {
		t.Fatalf("after growing %+v", ps)
	}
	w.check()
}

func TestOwnershipTransferKeepsExactlyOneOwner(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.Assign("", "Office", "admin@example.com", false)
	w.must(err)
	w.must(w.svc.TransferOwnership("", "admin@example.com"))
	us, _ := w.svc.Users()
	owners := 0
	for _, u := range us {
		if u.Role == model.RoleOwner {
			owners++
			if u.Email != "admin@example.com" {
				t.Fatalf("owner is %s", u.Email)
			}
		}
		if u.Email == "owner@example.com" && u.Role != model.RoleAdmin {
			t.Fatalf("previous owner became %s", u.Role)
		}
	}
	if owners != 1 {
		t.Fatalf("%d owners", owners)
	}
	// The default actor is now the new owner.
	a, _ := w.svc.ResolveActor("")
	if a.Email != "admin@example.com" {
		t.Fatalf("default actor %s", a.Email)
	}
	w.check()
}

func TestUnassignOverContractedDeactivates(t *testing.T) {
	w := fxStandard(t)
	_, err := w.svc.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com"}, false)
	w.must(err)
	r, err := w.svc.RemoveLicenses("", "Office", 2, true) // of 3
	w.must(err)
	if r.MustUnassign != 1 {
		t.Fatalf("removal %+v", r)
	}
	w.clock.t = r.Effective // the cycle ends: 2 assigned on 1 contracted
	sum, err := w.svc.Status()
	w.must(err)
	if !sum.HasCritical() || sum.Alerts[0].Kind != model.AlertOverage {
		t.Fatalf("alerts %+v", sum.Alerts)
	}
	l, _, err := w.svc.Unassign("", "LIC-000002")
	w.must(err)
	if l.Status != model.Deactivated {
		t.Fatalf("seat freed during overage is %s, want deactivated", l.Status)
	}
	sum, _ = w.svc.Status()
	if sum.HasCritical() {
		t.Fatalf("overage resolved but alerts %+v", sum.Alerts)
	}
	w.check()
}

func TestDeleteProductRemovesItsLicensesButKeepsHistory(t *testing.T) {
	w := fxStandard(t)
	w.must(w.svc.DeleteProduct("", "Office"))
	if _, err := w.svc.License("LIC-000001"); model.CodeOf(err) != model.CodeNotFound {
		t.Fatalf("license survived its product: %v", err)
	}
	var kinds []string
	w.svc.Events(0, func(e model.Event) bool {
		if e.Product == "Office" {
			kinds = append(kinds, e.Kind)
		}
		return true
	})
	if kinds[len(kinds)-1] != model.EvProductDeleted || kinds[0] != model.EvProductCreated {
		t.Fatalf("events %v", kinds)
	}
	w.check()
}
