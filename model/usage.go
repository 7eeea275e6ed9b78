package model

import (
	"cmp"
	"slices"
	"strings"
)

// Usage groupings.
const (
	UsageByUser       = "user"
	UsageByDepartment = "department"
	UsageByProduct    = "product"
)

// NoDepartment labels users without a department in usage by department.
const NoDepartment = "(none)"

// UsageRow is one line of a usage report. Which fields are filled depends
// on the grouping: by user (Key = email, Name, Department, Licenses,
// MonthlyCost), by department (Key = department, Users, Licenses,
// MonthlyCost), by product (Key = product, Licenses = assigned, Contracted,
// Utilization, MonthlyCost). Costs are net per month: yearly prices are
// spread over twelve months, products without a billing period cost nothing.
type UsageRow struct {
	Key        string `json:"key"`
	Name       string `json:"name,omitempty"`
	Department string `json:"department,omitempty"`
	Users      int    `json:"users,omitempty"`
	Licenses   int    `json:"licenses"`
	Contracted int    `json:"contracted,omitempty"`
	// Utilization is assigned/contracted in percent, one decimal.
	Utilization float64 `json:"utilization,omitempty"`
	MonthlyCost Money   `json:"monthly_cost"`
}

// Usage reports license usage by user, department or product ("" = by user).
// Per user it follows each holder's own index entries; per product it
// reads the kept counters; it never scans all licenses.
func (s *Service) Usage(by string) ([]UsageRow, error) {
	by = strings.ToLower(strings.TrimSpace(by))
	if by == "" {
		by = UsageByUser
	}
	if by != UsageByUser && by != UsageByDepartment && by != UsageByProduct {
		return nil, Invalidf("unknown usage grouping %q (want user, department or product)", by)
	}
	var out []UsageRow
	err := s.view(func(o *op) error {
		var err error
		if by == UsageByProduct {
			out, err = o.usageByProduct()
		} else {
			out, err = o.usageByUser(by == UsageByDepartment)
		}
		return err
	})
	return out, err
}

func (o *op) usageByProduct() ([]UsageRow, error) {
	ps, err := o.tx.Products()
	if err != nil {
		return nil, err
	}
	out := make([]UsageRow, 0, len(ps))
	for _, p := range ps {
		c, err := o.tx.Counts(p.ID)
		if err != nil {
			return nil, err
		}
		r := UsageRow{Key: p.Name, Licenses: c.Active, Contracted: p.Contracted,
			MonthlyCost: Money(int64(p.Contracted) * int64(p.MonthlyPrice()))}
		if p.Contracted > 0 {
			r.Utilization = float64(RoundDiv(int64(c.Active)*1000, int64(p.Contracted))) / 10
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b UsageRow) int { return cmp.Compare(strings.ToLower(a.Key), strings.ToLower(b.Key)) })
	return out, nil
}

func (o *op) usageByUser(byDept bool) ([]UsageRow, error) {
	ps, err := o.tx.Products()
	if err != nil {
		return nil, err
	}
	monthly := make(map[ID]Money, len(ps))
	for _, p := range ps {
		monthly[p.ID] = p.MonthlyPrice()
	}
	var users []User
	if err := o.tx.Users(func(u User) bool { users = append(users, u); return true }); err != nil {
		return nil, err
	}
	out := []UsageRow{}
	depts := map[string]int{}
	for _, u := range users {
		r := UsageRow{Key: u.Email, Name: u.Name(), Department: u.Department}
		if u.Held > 0 {
			if err := o.tx.HeldBy(AssigneeUser, u.ID, func(l License) bool {
				r.Licenses++
				r.MonthlyCost += monthly[l.ProductID]
				return true
			}); err != nil {
				return nil, err
			}
		}
		if !byDept {
			out = append(out, r)
			continue
		}
		// A department counts the people who can hold licenses, and any
		// licenses held, so a terminated user's seats never vanish from it.
		if !canHold(u) && r.Licenses == 0 {
			continue
		}
		d := u.Department
		if d == "" {
			d = NoDepartment
		}
		i, ok := depts[strings.ToLower(d)]
		if !ok {
			i = len(out)
			depts[strings.ToLower(d)] = i
			out = append(out, UsageRow{Key: d})
		}
		out[i].Users++
		out[i].Licenses += r.Licenses
		out[i].MonthlyCost += r.MonthlyCost
	}
	slices.SortFunc(out, func(a, b UsageRow) int { return cmp.Compare(strings.ToLower(a.Key), strings.ToLower(b.Key)) })
	return out, nil
}
