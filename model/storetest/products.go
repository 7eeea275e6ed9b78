package storetest

import (
	"errors"
	"testing"

	"github.com/seats/seats/model"
)

// fullProduct sets every field, so a backend that drops one is caught.
func fullProduct(name string) model.Product {
	return model.Product{
		Name: name, Software: "Office 365", Vendor: "Microsoft", LicenseType: "Subscription",
		Kind: model.PerUser, Contracted: 3, Period: model.Yearly, NetPrice: 12_34, VATBasis: 2100,
		Purchased: "2025-01-02", Expires: "2027-01-01", SupportUntil: "2026-12-31",
		Invoice: "INV-1", Serial: "SN-1", Inventory: "INV-A", OrgUnit: "IT", Location: "Berlin",
		Keys: "AAAA-BBBB", Policy: model.PolicyAutoGrow, ReduceOnTermination: true,
		Notes: "two\nlines", PendingRemoval: 1, Created: at(hour),
	}
}

func putProduct(t *testing.T, tx model.Tx, p model.Product) model.Product {
	t.Helper()
	must(t, tx.PutProduct(&p), "PutProduct "+p.Name)
	return p
}

func products(t *testing.T, open opener) {
	check(t, open, "Org is ErrNotFound before it is set", func(t *testing.T, s model.Store) {
		view(t, s, func(tx model.Tx) {
			_, err := tx.Org()
			notFound(t, "Org", err)
		})
	})

	check(t, open, "PutOrg stores every field and replaces the organization", func(t *testing.T, s model.Store) {
		org := model.Org{Name: "Acme", Currency: "EUR", AnchorDay: 15, ExpiryWarningDays: 45, OwnerID: 3, InvoicedAt: at(day)}
		update(t, s, func(tx model.Tx) { must(t, tx.PutOrg(model.Org{Name: "first"}), "PutOrg") })
		update(t, s, func(tx model.Tx) { must(t, tx.PutOrg(org), "PutOrg") })
		view(t, s, func(tx model.Tx) { same(t, "Org", got(tx.Org())(t), org) })
	})

	check(t, open, "Product of a missing ID is ErrNotFound", func(t *testing.T, s model.Store) {
		update(t, s, func(tx model.Tx) { putProduct(t, tx, model.Product{Name: "Office"}) })
		view(t, s, func(tx model.Tx) {
			for _, id := range []model.ID{0, 2, 1 << 40} {
				_, err := tx.Product(id)
				notFound(t, "Product", err)
			}
		})
	})

	check(t, open, "PutProduct with ID 0 assigns increasing IDs", func(t *testing.T, s model.Store) {
		var ids []model.ID
		update(t, s, func(tx model.Tx) {
			ids = append(ids, putProduct(t, tx, model.Product{Name: "A"}).ID, putProduct(t, tx, model.Product{Name: "B"}).ID)
		})
		update(t, s, func(tx model.Tx) { ids = append(ids, putProduct(t, tx, model.Product{Name: "C"}).ID) })
		if !increasing(ids...) {
			t.Errorf("IDs %v are not nonzero and increasing", ids)
		}
	})

	check(t, open, "PutProduct keeps a given ID and later IDs go above it", func(t *testing.T, s model.Store) {
		var next model.ID
		update(t, s, func(tx model.Tx) {
			if p := putProduct(t, tx, model.Product{ID: 40, Name: "Imported"}); p.ID != 40 {
				t.Errorf("PutProduct with ID 40 stored it as %d", p.ID)
			}
		})
		update(t, s, func(tx model.Tx) { next = putProduct(t, tx, model.Product{Name: "New"}).ID })
		if next <= 40 {
			t.Errorf("the next product after ID 40 got ID %d", next)
		}
		view(t, s, func(tx model.Tx) { same(t, "Product(40).Name", got(tx.Product(40))(t).Name, "Imported") })
	})

	check(t, open, "PutProduct stores every field", func(t *testing.T, s model.Store) {
		var p model.Product
		update(t, s, func(tx model.Tx) { p = putProduct(t, tx, fullProduct("Office")) })
		view(t, s, func(tx model.Tx) {
			same(t, "Product", got(tx.Product(p.ID))(t), p)
			same(t, "ProductByName", got(tx.ProductByName("Office"))(t), p)
		})
	})

	check(t, open, "PutProduct with an existing ID replaces the record", func(t *testing.T, s model.Store) {
		var p model.Product
		update(t, s, func(tx model.Tx) { p = putProduct(t, tx, fullProduct("Office")) })
		p.Vendor, p.Contracted, p.Notes = "Other", 9, ""
		update(t, s, func(tx model.Tx) { putProduct(t, tx, p) })
		view(t, s, func(tx model.Tx) {
			same(t, "Product", got(tx.Product(p.ID))(t), p)
			same(t, "Products", got(tx.Products())(t), []model.Product{p})
		})
	})

	check(t, open, "ProductByName matches case-insensitively", func(t *testing.T, s model.Store) {
		var p model.Product
		update(t, s, func(tx model.Tx) { p = putProduct(t, tx, model.Product{Name: "Adobe Acrobat"}) })
		view(t, s, func(tx model.Tx) {
			for _, name := range []string{"Adobe Acrobat", "adobe acrobat", "ADOBE ACROBAT", "aDoBe AcRoBaT"} {
				got, err := tx.ProductByName(name)
				if err != nil || got.ID != p.ID {
					t.Errorf("ProductByName(%q) = %d, %v; want %d", name, got.ID, err, p.ID)
				}
			}
		})
	})

	check(t, open, "ProductByName of a missing name is ErrNotFound", func(t *testing.T, s model.Store) {
		update(t, s, func(tx model.Tx) { putProduct(t, tx, model.Product{Name: "Office"}) })
		view(t, s, func(tx model.Tx) {
			for _, name := range []string{"Offic", "Office 365", "", "Visio"} {
				_, err := tx.ProductByName(name)
				notFound(t, "ProductByName("+name+")", err)
			}
		})
	})

	check(t, open, "ProductByName follows a rename", func(t *testing.T, s model.Store) {
		var p model.Product
		update(t, s, func(tx model.Tx) { p = putProduct(t, tx, model.Product{Name: "Office"}) })
		p.Name = "Office 365"
		update(t, s, func(tx model.Tx) { putProduct(t, tx, p) })
		view(t, s, func(tx model.Tx) {
			_, err := tx.ProductByName("Office")
			notFound(t, "ProductByName of the old name", err)
			same(t, "ProductByName of the new name", got(tx.ProductByName("office 365"))(t).ID, p.ID)
		})
		p.Name = "OFFICE 365"
		update(t, s, func(tx model.Tx) { putProduct(t, tx, p) })
		view(t, s, func(tx model.Tx) {
			same(t, "ProductByName after a change of case", got(tx.ProductByName("Office 365"))(t), p)
		})
	})

	check(t, open, "ProductByName follows names swapped in one transaction", func(t *testing.T, s model.Store) {
		var a, b model.Product
		update(t, s, func(tx model.Tx) {
			a, b = putProduct(t, tx, model.Product{Name: "Alpha"}), putProduct(t, tx, model.Product{Name: "Beta"})
		})
		update(t, s, func(tx model.Tx) {
			a.Name = "Gamma"
			putProduct(t, tx, a)
			b.Name = "Alpha"
			putProduct(t, tx, b)
			a.Name = "Beta"
			putProduct(t, tx, a)
		})
		view(t, s, func(tx model.Tx) {
			same(t, "ProductByName(Alpha)", got(tx.ProductByName("Alpha"))(t).ID, b.ID)
			same(t, "ProductByName(Beta)", got(tx.ProductByName("Beta"))(t).ID, a.ID)
			_, err := tx.ProductByName("Gamma")
			notFound(t, "ProductByName of a name held in between", err)
		})
	})

	check(t, open, "Products lists every product in ID order", func(t *testing.T, s model.Store) {
		view(t, s, func(tx model.Tx) { same(t, "Products of an empty store", len(got(tx.Products())(t)), 0) })
		update(t, s, func(tx model.Tx) {
			// Names in another order than IDs, so a name-ordered list is caught.
			for _, p := range []model.Product{{ID: 5, Name: "A"}, {ID: 2, Name: "C"}, {ID: 9, Name: "B"}} {
				putProduct(t, tx, p)
			}
		})
		update(t, s, func(tx model.Tx) { putProduct(t, tx, model.Product{Name: "0 first by name"}) })
		view(t, s, func(tx model.Tx) {
			ids := productIDs(got(tx.Products())(t))
			if len(ids) != 4 || !increasing(ids...) || ids[0] != 2 || ids[2] != 9 {
				t.Errorf("Products lists IDs %v, want 2 5 9 and one above 9", ids)
			}
		})
	})

	check(t, open, "DeleteProduct removes the product and its name", func(t *testing.T, s model.Store) {
		var a, b model.Product
		update(t, s, func(tx model.Tx) {
			a, b = putProduct(t, tx, model.Product{Name: "Office"}), putProduct(t, tx, model.Product{Name: "Visio"})
		})
		update(t, s, func(tx model.Tx) { must(t, tx.DeleteProduct(a.ID), "DeleteProduct") })
		view(t, s, func(tx model.Tx) {
			_, err := tx.Product(a.ID)
			notFound(t, "Product of the deleted product", err)
			_, err = tx.ProductByName("Office")
			notFound(t, "ProductByName of the deleted product", err)
			same(t, "Products", productIDs(got(tx.Products())(t)), []model.ID{b.ID})
			same(t, "the other product", got(tx.ProductByName("visio"))(t), b)
		})
		update(t, s, func(tx model.Tx) {
			c := putProduct(t, tx, model.Product{Name: "Office"})
			if c.ID == a.ID {
				t.Errorf("a new product took the deleted product's ID %d", a.ID)
			}
			same(t, "ProductByName of a name used again", got(tx.ProductByName("office"))(t).ID, c.ID)
		})
	})

	check(t, open, "DeleteProduct removes its licenses, their index entries and counts", func(t *testing.T, s model.Store) {
		var gone, kept model.Product
		var goneIDs, keptIDs []model.ID
		update(t, s, func(tx model.Tx) {
			gone, kept = putProduct(t, tx, model.Product{Name: "Gone"}), putProduct(t, tx, model.Product{Name: "Kept"})
			for _, p := range []model.Product{gone, kept} {
				ls := []model.License{free(p.ID, at(0)), held(p.ID, model.AssigneeUser, 7, at(hour)), off(p.ID, at(2*hour)), free(p.ID, at(3*hour))}
				for _, l := range ls {
					l = putLicense(t, tx, l)
					if p.ID == gone.ID {
						goneIDs = append(goneIDs, l.ID)
					} else {
						keptIDs = append(keptIDs, l.ID)
					}
				}
			}
		})
		var before string
		view(t, s, func(tx model.Tx) { before = asJSON(productView(t, tx, kept.ID, model.AssigneeUser, 7)) })
		update(t, s, func(tx model.Tx) { must(t, tx.DeleteProduct(gone.ID), "DeleteProduct") })
		view(t, s, func(tx model.Tx) {
			for _, id := range goneIDs {
				_, err := tx.License(id)
				notFound(t, "License of a deleted product's license", err)
			}
			for _, st := range statuses {
				same(t, "LicensesByStatus "+st.String()+" of the deleted product", byStatus(t, tx, gone.ID, st, zero), []model.ID{})
				same(t, "CountByStatus "+st.String()+" of the deleted product", got(tx.CountByStatus(gone.ID, st, zero, zero))(t), 0)
			}
			_, err := tx.HeldOf(model.AssigneeUser, 7, gone.ID)
			notFound(t, "HeldOf the deleted product", err)
			same(t, "HeldBy the holder", heldBy(t, tx, model.AssigneeUser, 7), []model.ID{keptIDs[1]})
			same(t, "Licenses", allLicenses(t, tx, 0), keptIDs)
			if c, err := tx.Counts(gone.ID); !errors.Is(err, model.ErrNotFound) {
				must(t, err, "Counts of the deleted product")
				same(t, "Counts of the deleted product", c, model.Counts{})
			}
			same(t, "the other product's licenses, indexes and counts", asJSON(productView(t, tx, kept.ID, model.AssigneeUser, 7)), before)
		})
	})

	check(t, open, "DeleteProduct of a missing product changes nothing", func(t *testing.T, s model.Store) {
		seed(t, s)
		before := snapshot(t, s)
		update(t, s, func(tx model.Tx) {
			if err := tx.DeleteProduct(1 << 40); err != nil && !errors.Is(err, model.ErrNotFound) {
				t.Errorf("DeleteProduct of a missing product: %v, want nil or model.ErrNotFound", err)
			}
		})
		same(t, "the store", snapshot(t, s), before)
	})
}
