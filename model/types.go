// Package model is the domain of Seats: the records, the rules, and the
// operations every interface (CLI, TUI, SSH) goes through. It owns policy;
// persistence is behind the Store interface, implemented by package store.
package model

import (
	"fmt"
	"strings"
	"time"
)

// ID is a record identifier. Zero means "not yet stored".
type ID = uint64

// Role decides what a user may do; only owner and admin may change anything.
type Role string

const (
	RoleOwner  Role = "owner"
	RoleAdmin  Role = "admin"
	RoleMember Role = "member"
	RoleViewer Role = "viewer"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleOwner, RoleAdmin, RoleMember, RoleViewer}

// CanManage reports whether the role may change data (Rule 7).
func (r Role) CanManage() bool { return r == RoleOwner || r == RoleAdmin }

// UserKind separates employees from external consultants, who never consume licenses.
type UserKind string

const (
	KindEmployee UserKind = "employee"
	KindExternal UserKind = "external"
)

// UserState is the lifecycle state of a user. Enabled and disabled follow
// from holding licenses; invited lasts until the first license; terminated is final.
type UserState string

const (
	StateInvited    UserState = "invited"
	StateEnabled    UserState = "enabled"
	StateDisabled   UserState = "disabled"
	StateTerminated UserState = "terminated"
)

// AssignKind says who a product's licenses go to.
type AssignKind string

const (
	PerUser   AssignKind = "per-user"
	PerDevice AssignKind = "per-device"
)

// Period is a product's billing period.
type Period string

const (
	Monthly   Period = "monthly"
	Yearly    Period = "yearly"
	NoBilling Period = "none"
)

// Policy decides what happens when a seat is assigned and none is free.
type Policy string

const (
	PolicyBlock    Policy = "block"
	PolicyAutoGrow Policy = "auto-grow"
)

// LicenseTypes are the usual license types; free text is allowed too.
var LicenseTypes = []string{"Subscription", "Open/MOLP", "OEM", "Perpetual", "Volume"}

// Status is a license's status. The byte values are stored in index keys.
type Status byte

const (
	Available   Status = 'a'
	Active      Status = 'c'
	Deactivated Status = 'd'
)

func (s Status) String() string {
	switch s {
	case Available:
		return "available"
	case Active:
		return "active"
	case Deactivated:
		return "deactivated"
	}
	return "unknown"
}

// ParseStatus reads a status name.
func ParseStatus(s string) (Status, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "available":
		return Available, nil
	case "active", "assigned":
		return Active, nil
	case "deactivated":
		return Deactivated, nil
	}
	return 0, Invalidf("unknown license status %q (want available, active or deactivated)", s)
}

// AssigneeKind says what a license is assigned to.
type AssigneeKind byte

const (
	NoAssignee    AssigneeKind = 0
	AssigneeUser  AssigneeKind = 'u'
	AssigneeAsset AssigneeKind = 's'
)

// Org is the one organization of a database.
type Org struct {
	Name     string `json:"name"`
	Currency string `json:"currency"`
	// AnchorDay (1–28) is the day of the month billing cycles start.
	AnchorDay int `json:"anchor_day"`
	// ExpiryWarningDays is the window for "expiring soon" alerts.
	ExpiryWarningDays int `json:"expiry_warning_days"`
	OwnerID           ID  `json:"owner_id"`
	// InvoicedAt is when the previous invoice was issued (start of the current cycle when zero).
	InvoicedAt time.Time `json:"invoiced_at,omitempty"`
}

// Product is a contracted pool of licenses for one piece of software.
type Product struct {
	ID          ID         `json:"id"`
	Name        string     `json:"name"`
	Software    string     `json:"software,omitempty"`
	Vendor      string     `json:"vendor,omitempty"`
	LicenseType string     `json:"license_type,omitempty"`
	Kind        AssignKind `json:"kind"`
	// Contracted is the number of seats paid for. Normally equal to
	// available+active licenses; lower only during an overage.
	Contracted int    `json:"contracted"`
	Period     Period `json:"period"`
	// NetPrice is the net unit price per period in minor units.
	NetPrice Money `json:"net_price"`
	// VATBasis is VAT in hundredths of a percent (2100 = 21 %).
	VATBasis            int    `json:"vat_basis"`
	Purchased           Date   `json:"purchased,omitempty"`
	Expires             Date   `json:"expires,omitempty"`
	SupportUntil        Date   `json:"support_until,omitempty"`
	Invoice             string `json:"invoice,omitempty"`
	Serial              string `json:"serial,omitempty"`
	Inventory           string `json:"inventory,omitempty"`
	OrgUnit             string `json:"org_unit,omitempty"`
	Location            string `json:"location,omitempty"`
	Keys                string `json:"keys,omitempty"`
	Policy              Policy `json:"policy"`
	ReduceOnTermination bool   `json:"reduce_on_termination,omitempty"`
	Notes               string `json:"notes,omitempty"`
	// PendingRemoval is the number of seats scheduled to leave the pool at a
	// later time (cycle end); they stay usable and billed until then.
	PendingRemoval int       `json:"pending_removal,omitempty"`
	Created        time.Time `json:"created"`
}

// GrossPrice is derived from net and VAT; it is never stored.
func (p Product) GrossPrice() Money { return p.NetPrice + VATOf(p.NetPrice, p.VATBasis) }

// KeysMask stands for license keys wherever they are not revealed: every
// read of the Service returns it instead of the keys (see RevealKeys), and
// an edit that hands it back keeps the keys as they are.
const KeysMask = "••••••••"

// MaskedKeys hides license keys for display.
func (p Product) MaskedKeys() string {
	if p.Keys == "" {
		return ""
	}
	return KeysMask
}

// License is one seat of a product.
type License struct {
	ID        ID     `json:"id"`
	ProductID ID     `json:"product_id"`
	Status    Status `json:"status"`
	// AssigneeKind/AssigneeID name the holder while Status is Active.
	AssigneeKind AssigneeKind `json:"assignee_kind"`
	AssigneeID   ID           `json:"assignee_id"`
	Created      time.Time    `json:"created"`
	AssignedAt   time.Time    `json:"assigned_at"`
	// Since is when the license entered its current status; the status
	// index sorts by it, so the oldest free seat is handed out first and
	// idle seats are found by a range scan.
	Since time.Time `json:"since"`
	// CreatedSeq is the event that created the license (one event creates many).
	CreatedSeq uint64 `json:"created_seq"`
}

// Code renders the stable license ID.
func (l License) Code() string { return LicenseCode(l.ID) }

// LicenseCode renders a license ID as LIC-000042.
func LicenseCode(id ID) string { return fmt.Sprintf("LIC-%06d", id) }

// ParseLicenseCode reads LIC-000042 (or a bare number).
func ParseLicenseCode(s string) (ID, bool) {
	s = strings.TrimSpace(strings.ToUpper(s))
	s = strings.TrimPrefix(s, "LIC-")
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var id uint64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		id = id*10 + uint64(c-'0')
	}
	return id, id != 0
}

// User is a person. Users are never deleted, so history stays readable.
type User struct {
	ID         ID        `json:"id"`
	Email      string    `json:"email"`
	First      string    `json:"first"`
	Last       string    `json:"last"`
	Role       Role      `json:"role"`
	Department string    `json:"department,omitempty"`
	Kind       UserKind  `json:"kind"`
	State      UserState `json:"state"`
	// Held is how many licenses the user holds. It is not stored: the store
	// counts it from its holder index on every read (see Settle), so an
	// assignment never has to rewrite the user record.
	Held int `json:"held"`
	// LastDay is the last work day of a terminated (or terminating) user.
	LastDay Date      `json:"last_day,omitempty"`
	Created time.Time `json:"created"`
}

// Settle fills in what follows from the licenses a user holds: enabled
// means holding at least one, disabled holding none (after the first);
// invited and terminated do not change with assignments.
func (u *User) Settle(held int) {
	u.Held = held
	if u.State == StateEnabled || u.State == StateDisabled {
		u.State = StateDisabled
		if held > 0 {
			u.State = StateEnabled
		}
	}
}

// Name is the display name.
func (u User) Name() string { return strings.TrimSpace(u.First + " " + u.Last) }

// Asset is a computer or device that per-device licenses are assigned to.
type Asset struct {
	ID        ID        `json:"id"`
	Name      string    `json:"name"`
	Inventory string    `json:"inventory,omitempty"`
	Serial    string    `json:"serial,omitempty"`
	Type      string    `json:"type,omitempty"`
	Location  string    `json:"location,omitempty"`
	OwnerID   ID        `json:"owner_id,omitempty"`
	Created   time.Time `json:"created"`
	// Retired is when the asset went out of service (zero: in service).
	// A retired asset is kept for its history but holds no licenses and is
	// no longer offered; see Service.RetireAsset.
	Retired time.Time `json:"retired,omitzero"`
}

// Allocation is a reserved share of a product for a group.
type Allocation struct {
	ID          ID       `json:"id"`
	Name        string   `json:"name"`
	ProductID   ID       `json:"product_id"`
	Quantity    int      `json:"quantity"`
	UserIDs     []ID     `json:"user_ids,omitempty"`
	Departments []string `json:"departments,omitempty"`
	// Rule makes matching users get a license automatically when invited or changed.
	Rule           bool      `json:"rule,omitempty"`
	RuleDepartment string    `json:"rule_department,omitempty"`
	RuleRole       Role      `json:"rule_role,omitempty"`
	Created        time.Time `json:"created"`
	// MemberIDs are the users the allocation covers now (direct, by
	// department, by rule; employees not terminated), sorted. The domain
	// keeps them current whenever a user or the allocation changes, so the
	// dashboard never has to scan every user; the checker verifies them.
	MemberIDs []ID `json:"member_ids,omitempty"`
}

// Scheduled is a change that takes effect later: a seat reduction at a
// cycle end, or a termination on a future last day.
type Scheduled struct {
	ID        ID        `json:"id"`
	At        time.Time `json:"at"`
	Kind      string    `json:"kind"`
	ProductID ID        `json:"product_id,omitempty"`
	UserID    ID        `json:"user_id,omitempty"`
	Count     int       `json:"count,omitempty"`
	ActorID   ID        `json:"actor_id,omitempty"`
	Force     bool      `json:"force,omitempty"`
}

// Scheduled kinds.
const (
	ScheduleReduce    = "reduce"
	ScheduleTerminate = "terminate"
)

// Counts are a product's license counts by status, kept current by the
// store inside every transaction that changes a license.
type Counts struct {
	Available   int `json:"available"`
	Active      int `json:"active"`
	Deactivated int `json:"deactivated"`
}

// Add moves d licenses into (or, negative, out of) status s's count.
func (c *Counts) Add(s Status, d int) {
	switch s {
	case Available:
		c.Available += d
	case Active:
		c.Active += d
	case Deactivated:
		c.Deactivated += d
	}
}

// Event is one append-only record of a change.
type Event struct {
	Seq          uint64    `json:"seq"`
	Time         time.Time `json:"time"`
	Actor        string    `json:"actor"`
	Kind         string    `json:"kind"`
	ProductID    ID        `json:"product_id,omitempty"`
	Product      string    `json:"product,omitempty"`
	LicenseID    ID        `json:"license_id,omitempty"`
	UserID       ID        `json:"user_id,omitempty"`
	User         string    `json:"user,omitempty"`
	AssetID      ID        `json:"asset_id,omitempty"`
	Asset        string    `json:"asset,omitempty"`
	AllocationID ID        `json:"allocation_id,omitempty"`
	From         string    `json:"from,omitempty"`
	To           string    `json:"to,omitempty"`
	// CountFrom/CountTo carry a product's contracted count change, so the
	// count can be replayed from events alone.
	CountFrom int `json:"count_from,omitempty"`
	CountTo   int `json:"count_to,omitempty"`
	// FirstLicense..LastLicense is the range of licenses one event created or deactivated.
	FirstLicense ID     `json:"first_license,omitempty"`
	LastLicense  ID     `json:"last_license,omitempty"`
	Amount       Money  `json:"amount,omitempty"`
	Note         string `json:"note,omitempty"`
	// Hash chains the event to the one before it (see EventHash).
	Hash string `json:"hash,omitempty"`
}

// Event kinds.
const (
	EvOrgUpdated         = "org.updated"
	EvProductCreated     = "product.created"
	EvProductUpdated     = "product.updated"
	EvProductDeleted     = "product.deleted"
	EvLicensesAdded      = "licenses.added"
	EvRemovalScheduled   = "licenses.removal_scheduled"
	EvLicensesRemoved    = "licenses.removed"
	EvLicenseAssigned    = "license.assigned"
	EvLicenseUnassigned  = "license.unassigned"
	EvLicenseDeactivated = "license.deactivated"
	EvUserInvited        = "user.invited"
	EvUserUpdated        = "user.updated"
	EvUserTerminated     = "user.terminated"
	EvTerminationPlanned = "user.termination_scheduled"
	EvOwnerTransferred   = "owner.transferred"
	EvAssetCreated       = "asset.created"
	EvAssetUpdated       = "asset.updated"
	EvAssetRetired       = "asset.retired"
	EvAllocationCreated  = "allocation.created"
	EvAllocationUpdated  = "allocation.updated"
	EvAllocationDeleted  = "allocation.deleted"
	EvRuleSkipped        = "allocation.rule_skipped"
	EvKeysRevealed       = "product.keys_revealed"
)

// ChangesCount reports whether the event changes a product's contracted
// count; replaying CountFrom→CountTo of these events rebuilds the count.
func (e Event) ChangesCount() bool {
	return e.Kind == EvLicensesAdded || e.Kind == EvLicensesRemoved
}

// Ref names one thing whose history can be read.
type Ref struct {
	Kind byte // 'p' product, 'l' license, 'u' user, 's' asset, 'g' allocation
	ID   ID
}

// Ref kinds.
const (
	RefProduct    byte = 'p'
	RefLicense    byte = 'l'
	RefUser       byte = 'u'
	RefAsset      byte = 's'
	RefAllocation byte = 'g'
)

// Refs lists every thing an event is about, for the history index.
func (e Event) Refs() []Ref {
	var r []Ref
	// A product's history is its own changes and count changes; the
	// seat-by-seat traffic lives in the license and holder histories,
	// which also keeps each assignment's commit to fewer index pages.
	if e.ProductID != 0 && e.LicenseID == 0 {
		r = append(r, Ref{RefProduct, e.ProductID})
	}
	if e.LicenseID != 0 {
		r = append(r, Ref{RefLicense, e.LicenseID})
	}
	if e.UserID != 0 {
		r = append(r, Ref{RefUser, e.UserID})
	}
	if e.AssetID != 0 {
		r = append(r, Ref{RefAsset, e.AssetID})
	}
	if e.AllocationID != 0 {
		r = append(r, Ref{RefAllocation, e.AllocationID})
	}
	return r
}
