package model_test

import (
	"testing"

	"github.com/seats/seats/model"
)

// overContracted makes Office auto-grow with 2 assigned on 1 contracted
// (a forced removal whose cycle ended), so growing must first cover the
// overage of one.
func overContracted(t *testing.T) *fxWorld {
	w := fxStandard(t)
	_, err := w.svc.EditProduct("", "Office", func(p *model.Product) error { p.Policy = model.PolicyAutoGrow; return nil })
	w.must(err)
	_, err = w.svc.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com"}, false)
	w.must(err)
	r, err := w.svc.RemoveLicenses("", "Office", 2, true) // of its 3
	w.must(err)
	w.clock.t = r.Effective
	return w
}

func TestPlanAssignOfSeveralSeatsCoversTheOverageAndMatchesWhatAssigningDoes(t *testing.T) {
	w := overContracted(t)
	ps, _ := w.svc.Product("Office")
	over := ps.Active - ps.Contracted
	if over != 1 || ps.Available != 0 {
		t.Fatalf("not over contracted: %+v", ps)
	}
	who := []string{"admin@example.com", "owner@example.com"}
	plan, err := w.svc.PlanAssign("Office", len(who))
	w.must(err)
	want := ps.Contracted + over + len(who)
	if !plan.NeedsGrow || plan.Blocked || plan.Quote.From != ps.Contracted || plan.Quote.To != want {
		t.Fatalf("plan %+v, want growth from %d to %d", plan, ps.Contracted, want)
	}
	// The plan is what the domain then does.
	_, err = w.svc.BulkAssign("", "Office", who, true)
	w.must(err)
	after, _ := w.svc.Product("Office")
	if after.Contracted != plan.Quote.To {
		t.Fatalf("planned %d contracted, assigning made %d", plan.Quote.To, after.Contracted)
	}
	w.check()
}

func TestPlanAssignBlocksAProductThatDoesNotGrowAndSaysHowManyAreFree(t *testing.T) {
	w := fxStandard(t)
	ps, _ := w.svc.Product("Office")
	plan, err := w.svc.PlanAssign("Office", ps.Available+1)
	w.must(err)
	if !plan.Blocked || plan.NeedsGrow || plan.Free != ps.Available {
		t.Fatalf("plan %+v for %d free", plan, ps.Available)
	}
	enough, err := w.svc.PlanAssign("Office", ps.Available)
	w.must(err)
	if enough.Blocked || enough.NeedsGrow {
		t.Fatalf("plan %+v with enough free", enough)
	}
	if _, err := w.svc.PlanAssign("Office", 0); model.CodeOf(err) != model.CodeInvalid {
		t.Fatalf("planning no seats: %v", err)
	}
}
