package users

import (
	"fmt"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
)

// Roles a form offers. Nobody is invited as or edited into the owner:
// ownership moves only by transfer (o), so the owner's own form shows the
// one role it cannot leave.
var (
	formRoles  = []string{string(model.RoleAdmin), string(model.RoleMember), string(model.RoleViewer)}
	ownerRoles = []string{string(model.RoleOwner)}
	kinds      = []string{string(model.KindEmployee), string(model.KindExternal)}
)

func userFields(u model.User, roles []string) []form.Field {
	role, kind := string(u.Role), string(u.Kind)
	if role == "" {
		role = string(model.RoleMember)
	}
	if kind == "" {
		kind = string(model.KindEmployee)
	}
	return []form.Field{
		{Key: "email", Label: "Email", Value: u.Email, Hint: "name@company.com", Validate: validEmail},
		{Key: "first", Label: "First name", Value: u.First, Validate: form.Required("a first name")},
		{Key: "last", Label: "Last name", Value: u.Last, Validate: form.Required("a last name")},
		{Key: "role", Label: "Role", Value: role, Options: roles},
		{Key: "department", Label: "Department", Value: u.Department},
		{Key: "kind", Label: "Employment", Value: kind, Options: kinds, Hint: "externals never hold licenses"},
	}
}

// apply copies a user form's values onto u.
func apply(u *model.User, v form.Values) {
	u.Email, u.First, u.Last = v["email"], v["first"], v["last"]
	u.Role, u.Department, u.Kind = model.Role(v["role"]), v["department"], model.UserKind(v["kind"])
}

func validEmail(s string) error {
	_, err := model.NormalizeEmail(s)
	return err
}

// inviteForm invites a user; matching allocation rules may hand them
// licenses at once, which the status line says.
func inviteForm(ctx *common.Context) *form.Model {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return form.New(ctx, "Invite a user", userFields(model.User{}, formRoles), func(v form.Values) (string, error) {
		var u model.User
		apply(&u, v)
		u, err := svc.InviteUser(actor, u)
		if err != nil {
			return "", err
		}
		s := u.Email + " invited"
		if u.Held > 0 {
			s += fmt.Sprintf("; allocation rules gave them %s", common.Plural(u.Held, "license", "licenses"))
		}
		return s, nil
	})
}

// editForm edits u, email included (the domain keeps it unique).
func editForm(ctx *common.Context, u model.User, owner bool) *form.Model {
	svc, actor, email := ctx.Svc, ctx.ActorEmail(), u.Email
	roles := formRoles
	if owner {
		roles = ownerRoles
	}
	return form.New(ctx, "Edit "+email, userFields(u, roles), func(v form.Values) (string, error) {
		u, err := svc.EditUser(actor, email, func(u *model.User) error { apply(u, v); return nil })
		if err != nil {
			return "", err
		}
		return u.Email + " updated", nil
	})
}
