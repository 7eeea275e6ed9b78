package licenses

import (
	"math"

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

// ranks order names alphabetically (case-insensitively), by position,
// computed once per load, so sorting a million licenses by product or
// assignee compares small integers, never strings.
type ranks struct {
	product, user, asset []uint32
}

func newRanks(names *nameIndex) ranks {
	p := rankLists(&names.products)
	ua := rankLists(&names.users, &names.assets)
	return ranks{product: p[0], user: ua[0], asset: ua[1]}
}

// noKey sorts empty values (no assignee, never assigned) last.
const noKey = math.MaxUint32

func rankAt(r []uint32, pos uint32) uint32 {
	if int64(pos) < int64(len(r)) {
		return r[pos]
	}
	return noKey
}

// keyColumn computes every row's sort key in column col, so that the
// comparisons of a sort are two slice reads. Times become seconds after
// the earliest one, which fit 32 bits for a century.
func (r *ranks) keyColumn(rows []licenseRow, col int) []uint32 {
	keys := make([]uint32, len(rows))
	switch col {
	case colProduct:
		for i := range rows {
			keys[i] = rankAt(r.product, rows[i].product)
		}
	case colStatus:
		for i := range rows {
			keys[i] = statusRank(rows[i].status)
		}
	case colAssignee:
		for i := range rows {
			switch x := &rows[i]; x.kind {
			case model.AssigneeUser:
				keys[i] = rankAt(r.user, x.holder)
			case model.AssigneeAsset:
				keys[i] = rankAt(r.asset, x.holder)
			default:
				keys[i] = noKey
			}
		}
	case colCreated, colAssigned:
		at := func(x *licenseRow) int64 { return x.created }
		if col == colAssigned {
			at = func(x *licenseRow) int64 { return x.assigned }
		}
		first := int64(math.MaxInt64)
		for i := range rows {
			if t := at(&rows[i]); t != noTime {
				first = min(first, t)
			}
		}
		for i := range rows {
			keys[i] = noKey
			if t := at(&rows[i]); t != noTime {
				keys[i] = uint32(min(t-first, noKey-1))
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
