package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/seats/seats/model"
)

// userFields are the user flags shared by invite and edit.
var userFields = []field[model.User]{
	textField("first", "NAME", "first name", func(u *model.User) *string { return &u.First }),
	textField("last", "NAME", "last name", func(u *model.User) *string { return &u.Last }),
	valueField("role", "ROLE", "admin, member or viewer (default member)", model.ParseRole, func(u *model.User) *model.Role { return &u.Role }),
	textField("department", "NAME", "department", func(u *model.User) *string { return &u.Department }),
	renamed(valueField("employment", "EMPLOYMENT", "employee or external (external consultants never hold licenses)", model.ParseUserKind, func(u *model.User) *model.UserKind { return &u.Kind }), "kind"),
}

var changeEmail = []field[model.User]{
	valueField("email", "EMAIL", "change the email address", model.NormalizeEmail, func(u *model.User) *string { return &u.Email }),
}

var usersListCommand = &command{
	name:    "users list",
	summary: "every user with role, state and licenses held",
	about:   "Lists every user, terminated ones included, with role, state, department and the number of licenses held.",
	open:    openRead,
	run:     runUsersList,
}

var usersInviteCommand = &command{
	name:    "users invite",
	args:    []string{"EMAIL"},
	summary: "add a user",
	about: `Adds a user in the invited state. A user matching an allocation rule gets its license at once. Example:
seats users invite ana@example.com --first Ana --last Ruiz --role member --department Sales`,
	flags: requireFlags(fieldFlags(userFields), "first", "last"),
	open:  openWrite,
	run:   runUsersInvite,
}

var usersEditCommand = &command{
	name:    "users edit",
	args:    []string{"EMAIL"},
	summary: "change a user's fields",
	about:   "Changes the fields given; the others stay as they are. The account owner changes only with 'seats users owner'.",
	flags:   fieldFlags(changeEmail, userFields),
	open:    openWrite,
	run:     runUsersEdit,
}

var usersOwnerCommand = &command{
	name:    "users owner",
	args:    []string{"EMAIL"},
	summary: "make another enabled user the account owner",
	about:   "Transfers the account owner role to another enabled employee; the previous owner becomes an admin. Only the owner can do this, after confirmation.",
	confirm: true,
	open:    openWrite,
	run:     runUsersOwner,
}

var usersTerminateCommand = &command{
	name:    "users terminate",
	args:    []string{"EMAIL"},
	summary: "end a user's work; licenses are freed on the last day",
	about:   `Terminates a user, after confirmation: every license they hold is released on the last work day (at once when it is today or past), and products with reduce-on-termination are scheduled to shrink by the seats freed. The user stays listed with their history.`,
	confirm: true,
	flags:   []flagDef{{name: "last-day", kind: valueFlag, arg: "DATE", help: "last work day, YYYY-MM-DD", required: true}},
	open:    openWrite,
	run:     runUsersTerminate,
}

// usersReinstateCommand takes a terminated user back.
var usersReinstateCommand = &command{
	name:    "users reinstate",
	args:    []string{"EMAIL"},
	summary: "take a terminated user back",
	about:   "Reinstates a terminated user: they become a user holding no licenses until some are assigned, with no last work day, and rejoin the allocations that cover them. The termination stays in the history; the reinstatement is a new event.",
	open:    openWrite,
	run:     runUsersReinstate,
}

// requireFlags marks some flags of a list as required.
func requireFlags(defs []flagDef, names ...string) []flagDef {
	defs = slices.Clone(defs)
	for i := range defs {
		if slices.Contains(names, defs[i].name) {
			defs[i].required = true
		}
	}
	return defs
}

// emailArg reads positional argument i as an email address.
func (c *call) emailArg(i int) (string, error) {
	e, err := model.NormalizeEmail(c.pos(i))
	if err != nil {
		return "", asUsage(err)
	}
	return e, nil
}

func runUsersList(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	users, err := svc.Users()
	if err != nil {
		return err
	}
	if users == nil {
		users = []model.User{}
	}
	return c.show(users, func(w io.Writer) {
		if len(users) == 0 {
			io.WriteString(w, "No users yet: invite one with 'seats users invite EMAIL --first F --last L'.\n")
			return
		}
		t := newTable(w, "EMAIL", "NAME", "ROLE", "STATE", "DEPARTMENT", "LIC").limit(1, 14).limit(4, 11)
		var leaving []model.User
		for _, u := range users {
			t.row(u.Email, u.Name(), string(u.Role), userState(u), orDash(u.Department), itoa(u.Held))
			if u.LastDay != "" && u.State != model.StateTerminated {
				leaving = append(leaving, u)
			}
		}
		t.flush()
		// Last work days do not fit the table at 80 columns.
		for _, u := range leaving {
			fmt.Fprintf(w, "%s leaves on %s\n", u.Email, u.LastDay)
		}
	})
}

// userState is the state column: externals never hold licenses, so that
// they are external says more than invited or disabled; a user with a
// last work day ahead is leaving.
func userState(u model.User) string {
	switch {
	case u.Kind == model.KindExternal && u.State != model.StateTerminated:
		return "external"
	case u.LastDay != "" && u.State != model.StateTerminated:
		return "leaving"
	}
	return string(u.State)
}

func runUsersInvite(c *call) error {
	email, err := c.emailArg(0)
	if err != nil {
		return err
	}
	edit, err := patch(c, userFields)
	if err != nil {
		return err
	}
	u := model.User{Email: email}
	if err := edit(&u); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	if u, err = svc.InviteUser(c.actor, u); err != nil {
		return err
	}
	return c.showUser(u, "invited")
}

func runUsersEdit(c *call) error {
	email, err := c.emailArg(0)
	if err != nil {
		return err
	}
	fields := slices.Concat(changeEmail, userFields)
	if err := needSome(c, fields); err != nil {
		return err
	}
	edit, err := patch(c, fields)
	if err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	u, err := svc.EditUser(c.actor, email, edit)
	verb, err := editVerb(err)
	if err != nil {
		return err
	}
	return c.showUser(u, verb)
}

// needSome refuses an edit that names no field to change.
func needSome[T any](c *call, fs []field[T]) error {
	var names []string
	for _, f := range fs {
		if c.args.has(f.def.name) {
			return nil
		}
		names = append(names, "--"+f.def.name)
	}
	return usagef("nothing to change: give at least one of %s", strings.Join(names, " "))
}

func (c *call) showUser(u model.User, verb string) error {
	return c.show(u, func(w io.Writer) {
		fmt.Fprintf(w, "%s %s (%s, %s", verb, u.Email, u.Name(), u.Role)
		if u.Department != "" {
			fmt.Fprintf(w, ", %s", u.Department)
		}
		fmt.Fprintf(w, "), %s", u.State)
		if u.Kind == model.KindExternal {
			io.WriteString(w, ", external")
		}
		if u.Held > 0 {
			fmt.Fprintf(w, ", holds %s", plural(u.Held, "license", "licenses"))
		}
		io.WriteString(w, "\n")
	})
}

func runUsersOwner(c *call) error {
	email, svc, err := c.emailAndService()
	if err != nil {
		return err
	}
	next, err := svc.User(email)
	if err != nil {
		return err
	}
	prev, err := svc.ResolveActor("")
	if err != nil {
		return err
	}
	if err := c.confirm(fmt.Sprintf("Make %s the account owner? %s becomes an admin.", next.Email, orDash(prev.Email))); err != nil {
		return err
	}
	if err := svc.TransferOwnership(c.actor, next.Email); err != nil {
		return err
	}
	return c.show(ownerJSON{next.Email, prev.Email}, func(w io.Writer) {
		fmt.Fprintf(w, "%s is now the account owner; %s is an admin\n", next.Email, orDash(prev.Email))
	})
}

type terminationJSON struct {
	User      string     `json:"user"`
	LastDay   model.Date `json:"last_day"`
	Immediate bool       `json:"immediate"`
	Released  []string   `json:"released"`
}

func runUsersTerminate(c *call) error {
	email, err := c.emailArg(0)
	if err != nil {
		return err
	}
	lastDay, err := model.ParseDate(c.args.str("last-day"))
	if err != nil {
		return usagef("--last-day: %v", err)
	}
	if lastDay == "" {
		return usagef("--last-day needs a date, YYYY-MM-DD")
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	u, err := svc.User(email)
	if err != nil {
		return err
	}
	if err := c.confirm(fmt.Sprintf("Terminate %s with last work day %s? Their %s will be released on that day.",
		u.Email, lastDay, plural(u.Held, "license", "licenses"))); err != nil {
		return err
	}
	t, err := svc.TerminateUser(c.actor, u.Email, lastDay)
	if err != nil {
		return err
	}
	out := terminationJSON{User: t.User, LastDay: t.LastDay, Immediate: t.Immediate, Released: []string{}}
	for _, l := range t.Released {
		out.Released = append(out.Released, l.Code())
	}
	return c.show(out, func(w io.Writer) {
		if !t.Immediate {
			fmt.Fprintf(w, "%s leaves on %s: their %s will be released then\n", t.User, t.LastDay, plural(u.Held, "license", "licenses"))
			return
		}
		fmt.Fprintf(w, "terminated %s (last work day %s); released %s", t.User, t.LastDay, plural(len(out.Released), "license", "licenses"))
		if len(out.Released) > 0 {
			fmt.Fprintf(w, ": %s", strings.Join(out.Released, ", "))
		}
		io.WriteString(w, "\n")
	})
}

func runUsersReinstate(c *call) error {
	email, svc, err := c.emailAndService()
	if err != nil {
		return err
	}
	u, err := svc.ReinstateUser(c.actor, email)
	if err != nil {
		return err
	}
	return c.show(reinstatedJSON{u.Email, u.State}, func(w io.Writer) {
		fmt.Fprintf(w, "reinstated %s (%s)\n", u.Email, u.State)
	})
}

// emailAndService reads the EMAIL argument, then opens the service.
func (c *call) emailAndService() (string, *model.Service, error) {
	email, err := c.emailArg(0)
	if err != nil {
		return "", nil, err
	}
	svc, err := c.service()
	return email, svc, err
}
