package model

import (
	"fmt"
	"sort"
	"time"
)

// Severity orders alerts: critical first.
type Severity string

const (
	Critical Severity = "critical"
	Warning  Severity = "warning"
	Info     Severity = "info"
)

func (s Severity) rank() int {
	switch s {
	case Critical:
		return 0
	case Warning:
		return 1
	}
	return 2
}

// Alert kinds.
const (
	AlertOverage           = "overage"
	AlertExpired           = "expired"
	AlertExpiring          = "expiring"
	AlertSupportEnding     = "support_ending"
	AlertReductionBelow    = "reduction_below_assigned"
	AlertIdle              = "idle"
	AlertAllocConflict     = "allocation_conflict"
	AlertAllocOverQuantity = "allocation_over_quantity"
)

// Alert is something an administrator should look at.
type Alert struct {
	Severity Severity `json:"severity"`
	Kind     string   `json:"kind"`
	Product  string   `json:"product,omitempty"`
	Message  string   `json:"message"`
	// Amount is the monthly cost of idle seats.
	Amount Money `json:"amount,omitempty"`
	// Ref tells apart alerts of one kind and product, and stays the same
	// while others come and go: notifications key on it.
	Ref string `json:"-"`
}

// ProductStatus is one product's line on the dashboard.
type ProductStatus struct {
	Product
	Counts
	// DeactivatedThisCycle counts seats deactivated since the cycle began.
	DeactivatedThisCycle int `json:"deactivated_this_cycle"`
	Idle                 int `json:"idle"`
}

// Summary is the dashboard: totals, products and alerts.
type Summary struct {
	Org            Org             `json:"org"`
	Now            time.Time       `json:"now"`
	Contracted     int             `json:"contracted"`
	Assigned       int             `json:"assigned"`
	Available      int             `json:"available"`
	Deactivated    int             `json:"deactivated"`
	PendingRemoval int             `json:"pending_removal"`
	Products       []ProductStatus `json:"products"`
	Alerts         []Alert         `json:"alerts"`
	// Recommendations are the contracted licenses worth removing.
	Recommendations []Recommendation `json:"recommendations"`
}

// HasCritical reports whether any alert is critical.
func (s Summary) HasCritical() bool {
	for _, a := range s.Alerts {
		if a.Severity == Critical {
			return true
		}
	}
	return false
}

// IdleDays is how long a seat stays available before it counts as idle.
const IdleDays = 30

// Status computes the summary from per-product counters and range counts on
// the status index: it never scans every license.
func (s *Service) Status() (Summary, error) {
	var sum Summary
	err := s.view(func(o *op) error {
		var err error
		sum, err = o.status()
		return err
	})
	maskKeys(sum.Products)
	return sum, err
}

func (o *op) status() (Summary, error) {
	sum := Summary{Org: o.org, Now: o.now, Products: []ProductStatus{}, Alerts: []Alert{}}
	products, err := o.tx.Products()
	if err != nil {
		return sum, err
	}
	idleBefore := o.now.AddDate(0, 0, -IdleDays)
	for _, p := range products {
		ps := ProductStatus{Product: p}
		if ps.Counts, err = o.tx.Counts(p.ID); err != nil {
			return sum, err
		}
		if ps.Available > 0 {
			if ps.Idle, err = o.tx.CountByStatus(p.ID, Available, time.Time{}, idleBefore.Add(time.Nanosecond)); err != nil {
				return sum, err
			}
		}
		if ps.Deactivated > 0 {
			from := time.Time{}
			if c, ok := CycleAt(o.org, p, o.now); ok {
				from = c.Start
			}
			if ps.DeactivatedThisCycle, err = o.tx.CountByStatus(p.ID, Deactivated, from, time.Time{}); err != nil {
				return sum, err
			}
		}
		sum.Contracted += p.Contracted
		sum.Assigned += ps.Active
		sum.Available += ps.Available
		sum.Deactivated += ps.Deactivated
		sum.PendingRemoval += p.PendingRemoval
		sum.Products = append(sum.Products, ps)
		sum.Alerts = append(sum.Alerts, o.productAlerts(ps)...)
	}
	more, allocations, err := o.allocationAlerts(sum.Products)
	if err != nil {
		return sum, err
	}
	sum.Alerts = append(sum.Alerts, more...)
	sum.Recommendations = o.rightSizing(sum.Products, allocations)
	sort.SliceStable(sum.Alerts, func(i, j int) bool { return sum.Alerts[i].Severity.rank() < sum.Alerts[j].Severity.rank() })
	return sum, nil
}

// MonthlyPrice is a product's net unit price per month.
func (p Product) MonthlyPrice() Money {
	if p.Period == Yearly {
		return Money(RoundDiv(int64(p.NetPrice), 12))
	}
	if p.Period == NoBilling {
		return 0
	}
	return p.NetPrice
}

func (o *op) productAlerts(ps ProductStatus) []Alert {
	var out []Alert
	p := ps.Product
	add := func(sev Severity, kind, format string, a ...any) {
		out = append(out, Alert{Severity: sev, Kind: kind, Product: p.Name, Message: fmt.Sprintf(format, a...)})
	}
	if ps.Active > p.Contracted {
		add(Critical, AlertOverage, "%s: %d assigned but only %d contracted: unassign %d or add licenses", p.Name, ps.Active, p.Contracted, ps.Active-p.Contracted)
	}
	if after := p.Contracted - p.PendingRemoval; p.PendingRemoval > 0 && ps.Active > after {
		add(Critical, AlertReductionBelow, "%s: scheduled reduction to %d is below the %d assigned: unassign %d before the cycle ends", p.Name, after, ps.Active, ps.Active-after)
	}
	window := o.org.ExpiryWarningDays
	if window <= 0 {
		window = 30
	}
	if p.Expires != "" {
		days := p.Expires.DaysUntil(o.now)
		switch {
		case days < 0 && ps.Active > 0:
			add(Critical, AlertExpired, "%s expired on %s with %d licenses still assigned", p.Name, p.Expires, ps.Active)
		case days >= 0 && days <= window:
			add(Warning, AlertExpiring, "%s expires on %s (in %d days)", p.Name, p.Expires, days)
		}
	}
	if p.SupportUntil != "" {
		if days := p.SupportUntil.DaysUntil(o.now); days >= 0 && days <= window {
			add(Warning, AlertSupportEnding, "%s: support ends on %s (in %d days)", p.Name, p.SupportUntil, days)
		}
	}
	if ps.Idle > 0 {
		cost := Money(int64(ps.Idle) * int64(p.MonthlyPrice()))
		// A product without a billing period costs nothing while idle;
		// saying "costing 0.00" would read like a missing price.
		costing := ""
		if cost > 0 {
			costing = fmt.Sprintf(", costing %s %s a month", cost.Format(o.org.Currency), o.org.Currency)
		}
		add(Info, AlertIdle, "%s: %s idle for %d days or more%s", p.Name, plural(ps.Idle, "license", "licenses"), IdleDays, costing)
		out[len(out)-1].Amount = cost
	}
	return out
}
