// Command gen2 builds the fixture organization of gen.sh with the code of
// schema 2, which had no command line (and no allocations): run it inside
// a worktree of that commit, `go run ./fxgen DB`.
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
)

func main() {
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gen2:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	now := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	s := model.NewService(db, func() time.Time { return now })
	var errs []error
	do := func(err error) { errs = append(errs, err) }
	invite := func(email, first, last string, role model.Role, dept string, kind model.UserKind) {
		_, err := s.InviteUser("", model.User{Email: email, First: first, Last: last, Role: role, Department: dept, Kind: kind})
		do(err)
	}
	product := func(p model.Product) { _, err := s.CreateProduct("", p); do(err) }
	asset := func(a model.Asset, owner string) { _, err := s.CreateAsset("", a, owner); do(err) }
	assign := func(product, who string, grow bool) { _, err := s.Assign("", product, who, grow); do(err) }
	unassign := func(code string) { _, _, err := s.Unassign("", code); do(err) }
	terminate := func(email string, day model.Date) { _, err := s.TerminateUser("", email, day); do(err) }
	remove := func(name string, n int, force bool) { _, err := s.RemoveLicenses("", name, n, force); do(err) }

	invite("olga@example.com", "Olga", "Owner", "", "", "")
	_, err = s.EditOrg("", func(o *model.Org) error {
		o.Name, o.Currency, o.AnchorDay, o.ExpiryWarningDays = "Fixture GmbH", "EUR", 1, 45
		return nil
	})
	do(err)
	invite("adam@example.com", "Adam", "Admin", model.RoleAdmin, "IT", "")
	invite("ana@example.com", "Ana", "Ruiz", model.RoleMember, "Sales", "")
	invite("ben@example.com", "Ben", "Berg", model.RoleMember, "Sales", "")
	invite("vic@example.com", "Vic", "Viewer", model.RoleViewer, "", "")
	invite("eve@partner.example", "Eve", "Extern", model.RoleMember, "", model.KindExternal)
	invite("tom@example.com", "Tom", "Gone", model.RoleMember, "Support", "")
	invite("tara@example.com", "Tara", "Leaving", model.RoleMember, "IT", "")
	product(model.Product{Name: "Office", Software: "Microsoft 365", Vendor: "Microsoft", LicenseType: "Subscription",
		Kind: model.PerUser, Contracted: 4, Period: model.Monthly, NetPrice: 1250, VATBasis: 2100, Policy: model.PolicyBlock,
		Purchased: "2026-01-10", Expires: "2027-01-09", SupportUntil: "2027-06-30", Invoice: "INV-2026-001",
		Serial: "SER-0001", Inventory: "INV-OFF", OrgUnit: "HQ", Location: "Berlin", ReduceOnTermination: true,
		Keys:  "AAAA-BBBB-CCCC\nDDDD-EEEE-FFFF",
		Notes: "Enterprise agreement.\nRenews every January; \"E3\" plan, Zürich office too."})
	product(model.Product{Name: "Antivirus", Software: "Endpoint Shield", Vendor: "Shieldsoft", LicenseType: "Volume",
		Kind: model.PerDevice, Contracted: 1, Period: model.Yearly, NetPrice: 3000, VATBasis: 1900, Policy: model.PolicyAutoGrow,
		Keys: "AV-0001-0002", Notes: "Device pool.\nOne seat per machine."})
	product(model.Product{Name: "CAD", Vendor: "Drafty", LicenseType: "Perpetual", Kind: model.PerUser, Contracted: 2,
		Period: model.Yearly, NetPrice: 120000, VATBasis: 2100, Policy: model.PolicyAutoGrow, Notes: "Design seats"})
	product(model.Product{Name: "Legacy", LicenseType: "OEM", Kind: model.PerUser, Contracted: 2, Period: model.NoBilling,
		Policy: model.PolicyBlock, Notes: "To be retired"})
	asset(model.Asset{Name: "LAPTOP-1", Inventory: "INV-L1", Serial: "SN-L1", Type: "laptop", Location: "Berlin"}, "ana@example.com")
	asset(model.Asset{Name: "SERVER-1", Type: "server", Location: "DC 1"}, "")
	asset(model.Asset{Name: "PRINTER-1", Type: "printer"}, "")

	now = time.Date(2026, 6, 16, 10, 0, 0, 0, time.UTC)
	assign("Office", "adam@example.com", false)
	assign("Office", "tom@example.com", false)
	assign("Office", "tara@example.com", false)
	assign("CAD", "adam@example.com", false)
	assign("CAD", "ben@example.com", false)
	assign("CAD", "olga@example.com", true)
	assign("Antivirus", "LAPTOP-1", false)
	assign("Antivirus", "SERVER-1", true)
	assign("Legacy", "ana@example.com", false)
	invite("sam@example.com", "Sam", "Late", model.RoleMember, "Sales", "")
	assign("Office", "sam@example.com", false) // what the Sales rule does from schema 3 on
	_, err = s.EditUser("", "ben@example.com", func(u *model.User) error { u.Last, u.Role = "Bergmann", model.RoleAdmin; return nil })
	do(err)
	_, err = s.EditAsset("", "LAPTOP-1", func(a *model.Asset) error { a.Location = "Munich"; return nil }, nil)
	do(err)
	_, err = s.EditProduct("", "Office", func(p *model.Product) error {
		p.NetPrice, p.Notes = 1300, "Enterprise agreement.\nPrice raised in June."
		return nil
	})
	do(err)
	_, err = s.AddLicenses("", "Office", 1)
	do(err)
	remove("CAD", 1, true)
	terminate("tom@example.com", "2026-06-30")

	now = time.Date(2026, 7, 2, 8, 0, 0, 0, time.UTC)
	do(s.TransferOwnership("", "adam@example.com"))
	unassign("LIC-000008")
	unassign("LIC-000010")
	terminate("ana@example.com", "2026-07-01")
	assign("Antivirus", "PRINTER-1", true)
	remove("Office", 1, false)
	terminate("tara@example.com", "2026-08-14")
	do(s.DeleteProduct("", "Legacy"))
	_, err = s.EditOrg("", func(o *model.Org) error { o.ExpiryWarningDays = 60; return nil })
	do(err)
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("step %d: %w", i+1, err)
		}
	}
	return nil
}
