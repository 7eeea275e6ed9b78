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
