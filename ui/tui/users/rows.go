package users

import (
	"strconv"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/table"
)

// Column order of the rows. In narrow terminals the highest Priority goes
// first; email and state (who, and whether they are in) never go.
const (
	colName = iota
	colEmail
	colRole
	colState
	colDepartment
	colKind
	colLicenses
)

var columns = []table.Column{
	colName:       {Title: "Name", Width: 20, Min: 14, Priority: 2, Flex: true},
	colEmail:      {Title: "Email", Width: 32, Min: 24, Flex: true},
	colRole:       {Title: "Role", Width: 6, Min: 6, Priority: 3},
	colState:      {Title: "State", Width: 18, Min: 18},
	colDepartment: {Title: "Department", Width: 14, Min: 8, Priority: 4},
	colKind:       {Title: "Employment", Width: 10, Min: 10, Priority: 5},
	colLicenses:   {Title: "Licenses", Width: 8, Min: 8, Priority: 1, Right: true},
}

func rowsOf(users []model.User, owner model.ID) table.Rows {
	r := table.Rows{IDs: make([]uint64, len(users)), Cells: make([][]string, len(users))}
	for i, u := range users {
		r.IDs[i] = u.ID
		r.Cells[i] = []string{u.Name(), u.Email, string(u.Role), stateText(u, owner), u.Department, string(u.Kind), strconv.Itoa(u.Held)}
	}
	return r
}

// stateText is the state as the screen names it: the account owner first,
// and a terminating user by the day they leave.
func stateText(u model.User, owner model.ID) string {
	switch {
	case u.ID == owner:
		return "Account Owner"
	case u.State == model.StateTerminated:
		return "Terminated"
	case u.LastDay != "":
		return "Leaving " + string(u.LastDay)
	case u.State == model.StateInvited:
		return "Invited"
	case u.State == model.StateEnabled:
		return "Enabled"
	case u.State == model.StateDisabled:
		return "Disabled"
	}
	return string(u.State)
}
