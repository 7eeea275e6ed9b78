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
