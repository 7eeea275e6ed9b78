package model_test

import (
	"testing"

	"github.com/seats/seats/model"
)

// TestEditThatChangesNothingWritesNothing: every edit whose result equals
// the record (here: each record handed back as read) writes no record and
// no event, and says so with a CodeUnchanged error; multi-line notes and
// keys read back and saved are kept as they were.
func TestEditThatChangesNothingWritesNothing(t *testing.T) {
	w := fxStandard(t)
	keys, notes := "AAAA-1111\nBBBB-2222", "first line\nsecond line"
	_, err := w.svc.EditProduct("", "Office", func(p *model.Product) error { p.Keys, p.Notes = keys, notes; return nil })
	w.must(err)
	_, err = w.svc.CreateAllocation("", model.Allocation{Name: "Sales team", Quantity: 1, Departments: []string{"Sales"},
		Rule: true, RuleDepartment: "Sales"}, "Office", []string{"ana@example.com"})
	w.must(err)

	read, err := w.svc.Product("Office")
	w.must(err)
	user, err := w.svc.User("ana@example.com")
	w.must(err)
	asset, err := w.svc.Asset("LAPTOP-1")
	w.must(err)
	allocs, err := w.svc.Allocations()
	w.must(err)
	before := w.snapshot()

	for _, c := range []struct {
		name string
		edit func() error
	}{
		{"product as read (keys masked)", func() error {
			_, err := w.svc.EditProduct("", "Office", func(p *model.Product) error { *p = read.Product; return nil })
			return err
		}},
		{"product untouched", func() error {
			_, err := w.svc.EditProduct("", "Office", func(*model.Product) error { return nil })
			return err
		}},
		{"user", func() error {
			_, err := w.svc.EditUser("", user.Email, func(u *model.User) error { *u = user; return nil })
			return err
		}},
		{"asset with its owner", func() error {
			owner := "ana@example.com"
			_, err := w.svc.EditAsset("", asset.Name, func(a *model.Asset) error { *a = asset; return nil }, &owner)
			return err
		}},
		{"allocation with its product and users", func() error {
			a := allocs[0]
			product, users := a.Product, a.Users
			_, err := w.svc.EditAllocation("", a.Name, func(*model.Allocation) error { return nil }, &product, &users)
			return err
		}},
		{"org", func() error {
			_, err := w.svc.EditOrg("", func(*model.Org) error { return nil })
			return err
		}},
	} {
		err := c.edit()
		if !model.IsUnchanged(err) {
			t.Errorf("%s: got %v, want a CodeUnchanged error", c.name, err)
		}
		if got := w.snapshot(); got != before {
			t.Fatalf("%s wrote something:\nbefore %s\nafter  %s", c.name, before, got)
		}
	}

	// The keys and notes are whole, newlines included.
	err = w.db.View(func(tx model.Tx) error {
		p, err := tx.ProductByName("Office")
		if err == nil && (p.Keys != keys || p.Notes != notes) {
			t.Errorf("keys %q notes %q, want %q %q", p.Keys, p.Notes, keys, notes)
		}
		return err
	})
	w.must(err)

	// A real change still writes its event.
	_, err = w.svc.EditProduct("", "Office", func(p *model.Product) error { p.Notes += "\nthird"; return nil })
	w.must(err)
	if w.snapshot() == before {
		t.Fatal("a real edit wrote nothing")
	}
}
