package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// ids checks the ID sequences (Tx.LastIDs, RaiseLastIDs): each is the
// last ID handed out, a deleted record's too; raising one moves the next
// new record's ID past it, never lowers it, and commits with the rest.
var errRolledBack = errors.New("storetest: rolled back")

func ids(t *testing.T, open opener) {
	check(t, open, "a fresh store's sequences are zero, a put moves them, a delete does not", func(t *testing.T, s model.Store) {
		view(t, s, func(tx model.Tx) { same(t, "LastIDs of an empty store", got(tx.LastIDs())(t), model.LastIDs{}) })
		var want model.LastIDs
		update(t, s, func(tx model.Tx) {
			p := putProduct(t, tx, fullProduct("Seq"))
			l := putLicense(t, tx, free(p.ID, at(0)))
			u := putUser(t, tx, fullUser("seq@example.com"))
			a := putAsset(t, tx, fullAsset("SEQ-1"))
			al := putAllocation(t, tx, fullAllocation("Seq team", p.ID))
			sc := putScheduled(t, tx, scheduled(1, "seq"))
			want = model.LastIDs{Products: p.ID, Licenses: l.ID, Users: u.ID, Assets: a.ID, Allocations: al.ID, Scheduled: sc.ID}
			same(t, "LastIDs after puts", got(tx.LastIDs())(t), want)
			must(t, tx.DeleteAllocation(al.ID), "DeleteAllocation")
			must(t, tx.DeleteScheduled(sc.ID), "DeleteScheduled")
			must(t, tx.DeleteProduct(p.ID), "DeleteProduct")
		})
		view(t, s, func(tx model.Tx) { same(t, "LastIDs after deletes", got(tx.LastIDs())(t), want) })
		update(t, s, func(tx model.Tx) {
			p := putProduct(t, tx, fullProduct("Seq again"))
			if p.ID != want.Products+1 {
				t.Errorf("a product after the deleted one got ID %d, want %d", p.ID, want.Products+1)
			}
		})
	})
	check(t, open, "RaiseLastIDs moves sequences up only, and the next IDs follow", func(t *testing.T, s model.Store) {
		raised := model.LastIDs{Products: 10, Licenses: 20, Users: 30, Assets: 40, Allocations: 50, Scheduled: 60}
		update(t, s, func(tx model.Tx) {
			must(t, tx.RaiseLastIDs(raised), "RaiseLastIDs")
			must(t, tx.RaiseLastIDs(model.LastIDs{Products: 3, Users: 1}), "RaiseLastIDs lower")
			same(t, "LastIDs in the raising transaction", got(tx.LastIDs())(t), raised)
		})
		view(t, s, func(tx model.Tx) { same(t, "LastIDs after commit", got(tx.LastIDs())(t), raised) })
		if err := s.Update(func(tx model.Tx) error {
			if err := tx.RaiseLastIDs(model.LastIDs{Products: 99}); err != nil {
				return err
			}
			return errRolledBack
		}); err != errRolledBack {
			t.Fatalf("Update: %v", err)
		}
		view(t, s, func(tx model.Tx) { same(t, "LastIDs after a rolled-back raise", got(tx.LastIDs())(t), raised) })
		update(t, s, func(tx model.Tx) {
			p := putProduct(t, tx, fullProduct("After"))
			l := putLicense(t, tx, free(p.ID, at(time.Hour)))
			u := putUser(t, tx, fullUser("after@example.com"))
			a := putAsset(t, tx, fullAsset("AFTER-1"))
			al := putAllocation(t, tx, fullAllocation("After team", p.ID))
			sc := putScheduled(t, tx, scheduled(2, "after"))
			same(t, "IDs after the raise", []model.ID{p.ID, l.ID, u.ID, a.ID, al.ID, sc.ID}, []model.ID{11, 21, 31, 41, 51, 61})
		})
	})
}
