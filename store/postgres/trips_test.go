package postgres

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/store/bolt"
)

// TestRoundTripBudgets holds the hot operations to their round trips on
// the server (a query, a batch or a COPY each), which is what their
// speed on PostgreSQL is made of: status of a demo organization, and
// assign and unassign with their events.
func TestRoundTripBudgets(t *testing.T) {
	src, err := bolt.Open(filepath.Join(t.TempDir(), "demo.db"), bolt.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if err := demo.Generate(src, equivalenceNow, demo.Options{Scale: 1500}); err != nil {
		t.Fatal(err)
	}
	counter, stop := tracing()
	defer stop()
	pg := openFresh(t)
	if _, err := model.Copy(src, pg); err != nil {
		t.Fatal(err)
	}
	at := equivalenceNow
	svc := model.NewService(pg, func() time.Time { at = at.Add(time.Millisecond); return at })
	sum, err := svc.Status()
	if err != nil {
		t.Fatal(err)
	}
	product := sum.Products[0].Name
	var ownerUser model.User
	if err := pg.View(func(tx model.Tx) error {
		var err error
		ownerUser, err = tx.User(sum.Org.OwnerID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	check := func(what string, budget int, op func() error) {
		t.Helper()
		counter.reset()
		if err := op(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		trips := counter.reset()
		if len(trips) > budget {
			t.Errorf("%s took %d round trips, budget %d:", what, len(trips), budget)
		}
		for i, s := range trips {
			t.Logf("%s %d: %.3000s", what, i+1, s)
		}
	}
	check("status", 6, func() error { _, err := svc.Status(); return err })
	var page model.LicensePage
	check("the licenses' first page", 3, func() error { var err error; page, err = svc.FirstLicenses(256); return err })
	all, names, err := svc.Licenses(model.LicenseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Licenses) != 256 || page.Total != len(all) {
		t.Fatalf("first page of %d licenses of %d, want 256 of %d", len(page.Licenses), page.Total, len(all))
	}
	pageNames, holders := page.Directory.Names(), 0
	for i, l := range page.Licenses {
		if l != all[i] || pageNames.Assignee(l) != names.Assignee(l) || pageNames.Products[l.ProductID] != names.Products[l.ProductID] {
			t.Fatalf("first page row %d: %+v named %q, the listing's %+v named %q", i, l, pageNames.Assignee(l), all[i], names.Assignee(all[i]))
		}
		if pageNames.Assignee(l) != "" {
			holders++
		}
	}
	if holders == 0 {
		t.Error("the first page names no holder: the test does not test HoldersByID")
	}
	const who = "round.trips@example.com"
	if _, err := svc.InviteUser(ownerUser.Email, model.User{Email: who, First: "R", Last: "T"}); err != nil {
		t.Fatal(err)
	}
	var code string
	check("assign", 4, func() error {
		l, err := svc.Assign(ownerUser.Email, product, who, true)
		code = l.Code()
		return err
	})
	check("unassign", 3, func() error { _, _, err := svc.Unassign(ownerUser.Email, code); return err })
}
