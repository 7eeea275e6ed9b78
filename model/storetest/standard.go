package storetest

import "github.com/seats/seats/model"

// StandardUsers are the people of the small organization the test
// packages share (model's fxStandard, tuitest.Standard, the CLI's
// seeded), the first one
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

// OfficeKeys are the license keys of the standard Office: a test that
// shows keys never leak looks for them.
const OfficeKeys = "AAAA-BBBB"

// StandardAsset is an asset of the standard organization with its
// owner's email.
type StandardAsset struct {
	model.Asset
	Owner string
}

// StandardAssets are the standard organization's assets: LAPTOP-1, a
// laptop of ana's.
var StandardAssets = []StandardAsset{{model.Asset{Name: "LAPTOP-1", Type: "laptop"}, "ana@example.com"}}

// StandardProducts are the standard organization's products: Office, a
// per-user block product of 3 monthly seats at 10.00 net and 21 % VAT,
// with OfficeKeys; and Antivirus, a per-device auto-grow product of 2
// yearly seats at 5.00 net without VAT.
var StandardProducts = []model.Product{
	{Name: "Office", Kind: model.PerUser, Contracted: 3, NetPrice: 1000, VATBasis: 2100,
		Period: model.Monthly, Policy: model.PolicyBlock, Keys: OfficeKeys},
	{Name: "Antivirus", Kind: model.PerDevice, Contracted: 2, NetPrice: 500,
		Period: model.Yearly, Policy: model.PolicyAutoGrow},
}

// Standard makes the small organization every test package shares on an
// empty database, in this order: StandardUsers, StandardAssets,
// StandardProducts (so Office's licenses are LIC-000001 to 3, Antivirus's
// LIC-000004 and 5). No license is assigned. A test that needs another
// shape (a seat assigned, a full pool) makes it through the domain, so its
// own lines say what differs.
func Standard(svc *model.Service) error {
	for _, u := range StandardUsers {
		if _, err := svc.InviteUser("", u); err != nil {
			return err
		}
	}
	for _, a := range StandardAssets {
		if _, err := svc.CreateAsset("", a.Asset, a.Owner); err != nil {
			return err
		}
	}
	for _, p := range StandardProducts {
		if _, err := svc.CreateProduct("", p); err != nil {
			return err
		}
	}
	return nil
}

// StandardWithSeat is Standard with one seat of Office assigned to ana
// (LIC-000001), so that a user interface has a held license to show: the
// TUI's and the CLI's tests start from it.
func StandardWithSeat(svc *model.Service) error {
	if err := Standard(svc); err != nil {
		return err
	}
	_, err := svc.Assign("", "Office", "ana@example.com", false)
	return err
}
