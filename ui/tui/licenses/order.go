package licenses

import (
	"math"
	"time"

	"github.com/seats/seats/model"
)

// Columns, in the order the table shows them.
const (
	colID = iota
	colProduct
	colStatus
	colAssignee
	colCreated
	colAssigned
	numCols
)

// ranks order names alphabetically (case-insensitively), computed once
// per load, so sorting a million licenses by product or assignee compares
// small integers, never strings.
type ranks struct {
	product, user, asset idRanks
}

func newRanks(names *nameIndex) ranks {
	p := rankLists(&names.products)
	ua := rankLists(&names.users, &names.assets)
	return ranks{product: p[0], user: ua[0], asset: ua[1]}
}

// noKey sorts empty values (no assignee, never assigned) last.
const noKey = math.MaxUint32

// keyColumn computes every license's sort key in column col, so that the
// comparisons of a sort are two slice reads. Times become seconds after
// the earliest one, which fit 32 bits for a century.
func (r *ranks) keyColumn(ls []model.License, col int) []uint32 {
	keys := make([]uint32, len(ls))
	switch col {
	case colProduct:
		for i := range ls {
			keys[i] = r.product.get(ls[i].ProductID)
		}
	case colStatus:
		for i := range ls {
			keys[i] = statusRank(ls[i].Status)
		}
	case colAssignee:
		for i := range ls {
			switch l := &ls[i]; l.AssigneeKind {
			case model.AssigneeUser:
				keys[i] = r.user.get(l.AssigneeID)
			case model.AssigneeAsset:
				keys[i] = r.asset.get(l.AssigneeID)
			default:
				keys[i] = noKey
			}
		}
	case colCreated, colAssigned:
		at := func(l *model.License) time.Time { return l.Created }
		if col == colAssigned {
			at = func(l *model.License) time.Time { return l.AssignedAt }
		}
		first := int64(math.MaxInt64)
		for i := range ls {
			if t := at(&ls[i]); !t.IsZero() {
				first = min(first, t.Unix())
			}
		}
		for i := range ls {
			keys[i] = noKey
			if t := at(&ls[i]); !t.IsZero() {
				keys[i] = uint32(min(t.Unix()-first, noKey-1))
			}
		}
	}
	// colID: all zero, the tie-break on position orders by ID.
	return keys
}

// statusRank orders statuses as an administrator reads them: free seats,
// then assigned ones, then those taken out of the pool.
func statusRank(s model.Status) uint32 {
	switch s {
	case model.Available:
		return 0
	case model.Active:
		return 1
	}
	return 2
}
