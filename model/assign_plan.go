package model

import "fmt"

// AssignPlan is what assigning N licenses of a product would do now, the
// one place that decides it for every interface (Rule 3): enough free
// seats; too few and the product blocks; or too few and the pool grows by
// Quote's count, which also covers an overage (more assigned than
// contracted) before the new seats.
type AssignPlan struct {
	Product    string `json:"product"`
	N          int    `json:"n"`
	Free       int    `json:"free"`
	Contracted int    `json:"contracted"`
	Blocked    bool   `json:"blocked"`
	NeedsGrow  bool   `json:"needs_grow"`
	Quote      Quote  `json:"quote"`
}

// PlanAssign plans assigning n licenses of product, writing nothing.
func (s *Service) PlanAssign(product string, n int) (AssignPlan, error) {
	var plan AssignPlan
	err := s.view(func(o *op) error {
		p, err := o.productByName(product)
		if err != nil {
			return err
		}
		plan, err = o.planAssign(p, n)
		return err
	})
	return plan, err
}

func (o *op) planAssign(p Product, n int) (AssignPlan, error) {
	if n < 1 {
		return AssignPlan{}, Invalidf("assign at least one license, not %d", n)
	}
	c, err := o.tx.Counts(p.ID)
	if err != nil {
		return AssignPlan{}, err
	}
	plan := AssignPlan{Product: p.Name, N: n, Free: c.Available, Contracted: p.Contracted}
	switch {
	case c.Available >= n:
		return plan, nil
	case blocks(p, c, n):
		plan.Blocked = true
		return plan, nil
	}
	// Each seat assigned past the free ones grows the pool by one, the
	// first also by the overage: over the contracted count, growing must
	// first cover what is already assigned.
	grow := n - c.Available + max(0, c.Active-p.Contracted)
	if err := checkGrowth(p, p.Contracted+grow, o.org.Currency); err != nil {
		return AssignPlan{}, err
	}
	plan.NeedsGrow, plan.Quote = true, quote(o.org, p, grow, o.now)
	return plan, nil
}

// blocks says whether assigning n licenses of p is refused: too few are
// free and p does not grow.
func blocks(p Product, c Counts, n int) bool { return c.Available < n && p.Policy != PolicyAutoGrow }

// Blocks says whether assigning n licenses of the product is refused now
// (a picker starts on a product that takes one more).
func (p ProductStatus) Blocks(n int) bool { return blocks(p.Product, p.Counts, n) }

// Note is the plan in one line, as a form shows it before submitting.
func (p AssignPlan) Note() string {
	switch {
	case p.NeedsGrow:
		return p.Message() + "; submitting confirms"
	case p.Blocked && p.Free == 0:
		return fmt.Sprintf("no free license of %s (%d contracted, all assigned), and it does not grow: add licenses or unassign one first",
			p.Product, p.Contracted)
	case p.Blocked:
		return fmt.Sprintf("only %d free licenses of %s for %d, and it does not grow: add licenses first", p.Free, p.Product, p.N)
	}
	return fmt.Sprintf("%d of %d licenses of %s free", p.Free, p.Contracted, p.Product)
}

// Message says how the pool grows and what is due now; the same state
// gives the same text, so a form can tell the person saw this price.
func (p AssignPlan) Message() string {
	q := p.Quote
	if p.N == 1 {
		return GrowQuote{NeedsGrow: true, Quote: q}.Message()
	}
	return fmt.Sprintf("%d of %s free for %d: contracted will grow from %d to %d, due now %s %s",
		p.Free, p.Product, p.N, q.From, q.To, q.Due.Gross.Format(q.Currency), q.Currency)
}
