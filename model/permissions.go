package model

import "fmt"

// ReadOnlyReason says why u may change nothing, or "" when u may (the
// owner and admins: Rule 7). The domain refuses with it, and the
// interfaces say it when a read-only user presses an action key.
func ReadOnlyReason(u User) string {
	if u.ID == 0 || u.Role.CanManage() {
		return ""
	}
	return fmt.Sprintf("%s is a %s: only the owner and admins can change anything", u.Email, u.Role)
}

// AssetActions is what an actor may do to an asset now: permissions as
// data, by which an interface offers its keys and commands. The domain
// still refuses on its own (a retirement also needs the asset to hold
// nothing, which CheckRetireAsset says).
type AssetActions struct {
	Edit, Assign, Retire, ReturnToService bool
}

// AssetActionsOf is what actor may do to a now.
func AssetActionsOf(actor User, a Asset) AssetActions {
	manage := ReadOnlyReason(actor) == ""
	return AssetActions{
		Edit:            manage,
		Assign:          manage && a.InService(),
		Retire:          manage && a.InService(),
		ReturnToService: manage && !a.InService(),
	}
}
