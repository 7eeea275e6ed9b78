package model

import (
	"fmt"
	"time"
)

// Recommendation is right-sizing advice: licenses idle for IdleDays or
// more that can leave the contract at the end of the current cycle, and
// what that saves.
type Recommendation struct {
	Product string `json:"product"`
	// ProductID is what a channel's route goes by (see Route).
	ProductID ID `json:"-"`
	// Remove is how many licenses to remove.
	Remove int `json:"remove"`
	// At is when a removal asked for now takes effect: the cycle's end.
	At time.Time `json:"at"`
	// Saves is the net amount saved a month, in minor units.
	Saves   Money  `json:"saves"`
	Message string `json:"message"`
}

// rightSizing recommends removing idle licenses. It never counts a
// license already scheduled to leave, and never one an allocation still
// reserves for a member who has none yet, so following the advice raises
// no overage or allocation alert. Products without a billing period cost
// nothing idle and get no advice.
func (o *op) rightSizing(products []ProductStatus, allocations []AllocationStatus) []Recommendation {
	reserved := map[ID]int{}
	for _, a := range allocations {
		reserved[a.ProductID] += max(a.Quantity-a.Used, 0)
	}
	out := []Recommendation{}
	for _, ps := range products {
		p := ps.Product
		if ps.Idle == 0 || p.Period == NoBilling {
			continue
		}
		spare := p.Contracted - p.PendingRemoval - ps.Active - reserved[p.ID]
		n := min(ps.Idle-p.PendingRemoval, spare)
		c, ok := CycleAt(o.org, p, o.now)
		if n <= 0 || !ok {
			continue
		}
		saves := Money(int64(n) * int64(p.MonthlyPrice()))
		out = append(out, Recommendation{Product: p.Name, ProductID: p.ID, Remove: n, At: c.End, Saves: saves,
			Message: fmt.Sprintf("remove %s of %s at the cycle end (%s): saves %s %s a month",
				plural(n, "license", "licenses"), p.Name, DateOf(c.End), saves.Format(o.org.Currency), o.org.Currency)})
	}
	return out
}
