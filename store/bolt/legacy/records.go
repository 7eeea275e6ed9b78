package legacy

import (
	"time"

	"github.com/seats/seats/model"
)

// The JSON records as schemas 1–6 wrote them, frozen. encoding/json
// matches a key to a field name regardless of case, so only keys with an
// underscore need a tag. Schema 2 also stored a user's held count, which
// the domain now counts from the licenses; it is not read.

type v1Org struct {
	Name, Currency    string
	AnchorDay         int       `json:"anchor_day"`
	ExpiryWarningDays int       `json:"expiry_warning_days"`
	OwnerID           uint64    `json:"owner_id"`
	InvoicedAt        time.Time `json:"invoiced_at"`
}

func (o v1Org) org() model.Org {
	return model.Org{Name: o.Name, Currency: o.Currency, AnchorDay: o.AnchorDay,
		ExpiryWarningDays: o.ExpiryWarningDays, OwnerID: o.OwnerID, InvoicedAt: o.InvoicedAt}
}

type v1Product struct {
	ID                                                        uint64
	Name, Software, Vendor, Kind, Period, Policy, Notes, Keys string
	Purchased, Expires, Invoice, Serial, Inventory, Location  string
	LicenseType                                               string `json:"license_type"`
	SupportUntil                                              string `json:"support_until"`
	OrgUnit                                                   string `json:"org_unit"`
	Contracted                                                int
	NetPrice                                                  int64 `json:"net_price"`
	VATBasis                                                  int   `json:"vat_basis"`
	ReduceOnTermination                                       bool  `json:"reduce_on_termination"`
	PendingRemoval                                            int   `json:"pending_removal"`
	Created                                                   time.Time
}

func (p v1Product) model() (model.Product, uint64) {
	return model.Product{ID: p.ID, Name: p.Name, Software: p.Software, Vendor: p.Vendor, LicenseType: p.LicenseType,
		Kind: model.AssignKind(p.Kind), Contracted: p.Contracted, Period: model.Period(p.Period),
		NetPrice: model.Money(p.NetPrice), VATBasis: p.VATBasis, Purchased: model.Date(p.Purchased),
		Expires: model.Date(p.Expires), SupportUntil: model.Date(p.SupportUntil), Invoice: p.Invoice,
		Serial: p.Serial, Inventory: p.Inventory, OrgUnit: p.OrgUnit, Location: p.Location, Keys: p.Keys,
		Policy: model.Policy(p.Policy), ReduceOnTermination: p.ReduceOnTermination, Notes: p.Notes,
		PendingRemoval: p.PendingRemoval, Created: p.Created}, p.ID
}

type v1User struct {
	ID                                                uint64
	Email, First, Last, Role, Department, Kind, State string
	LastDay                                           string `json:"last_day"`
	Created                                           time.Time
}

func (u v1User) model() (model.User, uint64) {
	return model.User{ID: u.ID, Email: u.Email, First: u.First, Last: u.Last, Role: model.Role(u.Role),
		Department: u.Department, Kind: model.UserKind(u.Kind), State: model.UserState(u.State),
		LastDay: model.Date(u.LastDay), Created: u.Created}, u.ID
}

type v1Asset struct {
	ID                                      uint64
	Name, Inventory, Serial, Type, Location string
	OwnerID                                 uint64 `json:"owner_id"`
	Created                                 time.Time
}

func (a v1Asset) model() (model.Asset, uint64) {
	return model.Asset{ID: a.ID, Name: a.Name, Inventory: a.Inventory, Serial: a.Serial, Type: a.Type,
		Location: a.Location, OwnerID: a.OwnerID, Created: a.Created}, a.ID
}

type v1Allocation struct {
	ID             uint64
	Name           string
	Quantity       int
	ProductID      uint64   `json:"product_id"`
	UserIDs        []uint64 `json:"user_ids"`
	MemberIDs      []uint64 `json:"member_ids"`
	Departments    []string
	Rule           bool
	RuleDepartment string `json:"rule_department"`
	RuleRole       string `json:"rule_role"`
	Created        time.Time
}

func (a v1Allocation) model() (model.Allocation, uint64) {
	return model.Allocation{ID: a.ID, Name: a.Name, ProductID: a.ProductID, Quantity: a.Quantity,
		UserIDs: a.UserIDs, Departments: a.Departments, Rule: a.Rule, RuleDepartment: a.RuleDepartment,
		RuleRole: model.Role(a.RuleRole), Created: a.Created, MemberIDs: a.MemberIDs}, a.ID
}

type v1Scheduled struct {
	ID        uint64
	At        time.Time
	Kind      string
	ProductID uint64 `json:"product_id"`
	UserID    uint64 `json:"user_id"`
	ActorID   uint64 `json:"actor_id"`
	Count     int
	Force     bool
}

func (s v1Scheduled) model() (model.Scheduled, uint64) {
	return model.Scheduled{ID: s.ID, At: s.At, Kind: s.Kind, ProductID: s.ProductID, UserID: s.UserID,
		Count: s.Count, ActorID: s.ActorID, Force: s.Force}, s.ID
}

type v1Event struct {
	Seq                                               uint64
	Time                                              time.Time
	Actor, Kind, Product, User, Asset, From, To, Note string
	ProductID                                         uint64 `json:"product_id"`
	LicenseID                                         uint64 `json:"license_id"`
	UserID                                            uint64 `json:"user_id"`
	AssetID                                           uint64 `json:"asset_id"`
	AllocationID                                      uint64 `json:"allocation_id"`
	CountFrom                                         int    `json:"count_from"`
	CountTo                                           int    `json:"count_to"`
	FirstLicense                                      uint64 `json:"first_license"`
	LastLicense                                       uint64 `json:"last_license"`
	Amount                                            int64
}

func (e v1Event) model() model.Event {
	return model.Event{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Kind: e.Kind, ProductID: e.ProductID,
		Product: e.Product, LicenseID: e.LicenseID, UserID: e.UserID, User: e.User, AssetID: e.AssetID,
		Asset: e.Asset, AllocationID: e.AllocationID, From: e.From, To: e.To, CountFrom: e.CountFrom,
		CountTo: e.CountTo, FirstLicense: e.FirstLicense, LastLicense: e.LastLicense,
		Amount: model.Money(e.Amount), Note: e.Note}
}
