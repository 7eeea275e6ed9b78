package storetest

import "github.com/seats/seats/model"

// StandardUsers are the people of the small organization the test
// packages share (model's fxStandard, tuitest.Standard), the first one
// the owner: an owner, an admin, two members, a viewer and an external
// consultant. Invite them in this order with actor "".
var StandardUsers = []model.User{
	{Email: "owner@example.com", First: "Olga", Last: "Owner"},
	{Email: "admin@example.com", First: "Adam", Last: "Admin", Role: model.RoleAdmin, Department: "IT"},
	{Email: "ana@example.com", First: "Ana", Last: "Ruiz", Role: model.RoleMember, Department: "Sales"},
	{Email: "ben@example.com", First: "Ben", Last: "Berg", Role: model.RoleMember, Department: "Sales"},
	{Email: "vic@example.com", First: "Vic", Last: "Viewer", Role: model.RoleViewer},
	{Email: "ext@partner.com", First: "Eve", Last: "Extern", Role: model.RoleMember, Kind: model.KindExternal},
}

// Standard makes the small organization every test package shares on an
// empty database: StandardUsers; LAPTOP-1, a laptop of ana's; Office, a
// per-user block product of 3 monthly seats with a license key; and
// Antivirus, a per-device auto-grow product of 2 yearly seats. No license
// is assigned. A test that needs another shape (a seat assigned, a full
// pool) makes it through the domain, so its own lines say what differs.
func Standard(svc *model.Service) error {
	for _, u := range StandardUsers {
		if _, err := svc.InviteUser("", u); err != nil {
			return err
		}
	}
	if _, err := svc.CreateAsset("", model.Asset{Name: "LAPTOP-1", Type: "laptop"}, "ana@example.com"); err != nil {
		return err
	}
	if _, err := svc.CreateProduct("", model.Product{Name: "Office", Kind: model.PerUser, Contracted: 3,
		NetPrice: 1000, VATBasis: 2100, Period: model.Monthly, Policy: model.PolicyBlock, Keys: "AAAA-BBBB"}); err != nil {
		return err
	}
	_, err := svc.CreateProduct("", model.Product{Name: "Antivirus", Kind: model.PerDevice, Contracted: 2,
		NetPrice: 500, Period: model.Yearly, Policy: model.PolicyAutoGrow})
	return err
}
