package flows

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
)

// The add and remove forms change a product's contracted count. They live
// here, once: the licenses and products tabs open the same ones.

// AddForm asks how many licenses to add to product, shows what is due now
// (prorated for the rest of the cycle) and needs the charge agreed to.
func AddForm(ctx *common.Context, product string) common.Modal {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return form.New(ctx, "Add licenses to "+product, []form.Field{
		{Key: "n", Label: "Licenses to add", Value: "1", Hint: "a whole number", Validate: validCount},
	}, func(v form.Values) (string, error) {
		n, err := parseCount(v["n"])
		if err != nil {
			return "", err
		}
		q, err := svc.AddLicenses(actor, product, n)
		if err != nil {
			return "", err
		}
		s := fmt.Sprintf("%s added to %s (contracted %d → %d)", common.Plural(n, "license", "licenses"), product, q.From, q.To)
		if q.Due.Gross > 0 {
			s += fmt.Sprintf(", due now %s %s", q.Due.Gross.Format(q.Currency), q.Currency)
		}
		return s, nil
	}).WithInfo(func(v form.Values) string {
		n, err := parseCount(v["n"])
		if err != nil {
			return "Enter how many licenses to add."
		}
		q, err := svc.QuoteAdd(product, n)
		if err != nil {
			return err.Error()
		}
		return addNote(q)
	}).WithAgreement("I agree to the charge shown")
}

// addNote explains a quote: the new count and what is due now.
func addNote(q model.Quote) string {
	s := fmt.Sprintf("Contracted %d → %d. ", q.From, q.To)
	if q.Period == model.NoBilling || q.Days == 0 {
		return s + q.Product + " has no billing period: nothing is due now."
	}
	return s + fmt.Sprintf("Due now %s %s (net %s + VAT %s), prorated for %d of %d days left in the cycle ending %s.",
		q.Due.Gross.Format(q.Currency), q.Currency, q.Due.Net.Format(q.Currency), q.Due.VAT.Format(q.Currency), q.DaysLeft, q.Days, q.CycleEnd)
}

// RemoveForm asks how many licenses to remove from product, explains when
// that takes effect and what stays on the invoice until then, and asks for
// confirmation before it schedules the removal.
func RemoveForm(ctx *common.Context, product string) common.Modal {
	svc := ctx.Svc
	return form.New(ctx, "Remove licenses from "+product, []form.Field{
		{Key: "n", Label: "Licenses to remove", Value: "1", Hint: "a whole number", Validate: validCount},
		{Key: "force", Label: "Even if assigned", Checkbox: true},
	}, func(v form.Values) (string, error) {
		// Submitting only checks the plan; the confirmation does it.
		n, err := parseCount(v["n"])
		if err != nil {
			return "", err
		}
		_, err = svc.PlanRemoval(product, n, v.Bool("force"))
		return "", forceHint(err)
	}).WithInfo(func(v form.Values) string {
		n, err := parseCount(v["n"])
		if err != nil {
			return "Enter how many licenses to remove."
		}
		r, err := svc.PlanRemoval(product, n, v.Bool("force"))
		if err != nil {
			return forceHint(err).Error()
		}
		return removalNote(r)
	}).Then(func(v form.Values) common.Modal { return confirmRemoval(ctx, product, v) })
}

func confirmRemoval(ctx *common.Context, product string, v form.Values) common.Modal {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	n, _ := parseCount(v["n"])
	force := v.Bool("force")
	detail := []string{"Takes effect at the end of the current billing cycle (at once without a billing period); until then the licenses stay usable and stay on the current invoice."}
	if force {
		detail = append(detail, "", "Forced: if more stay assigned than contracted, an overage alert stays until enough are unassigned.")
	}
	return form.Confirm(ctx, fmt.Sprintf("Remove %s from %s?", common.Plural(n, "license", "licenses"), product), detail,
		func() (string, error) {
			r, err := svc.RemoveLicenses(actor, product, n, force)
			if err != nil {
				return "", err
			}
			if r.Immediate {
				return fmt.Sprintf("%s removed from %s (contracted %d → %d)", common.Plural(n, "license", "licenses"), product, r.From, r.To), nil
			}
			return fmt.Sprintf("%s of %s scheduled for removal on %s (contracted %d → %d)",
				common.Plural(n, "license", "licenses"), product, model.DateOf(r.Effective), r.From, r.To), nil
		})
}

// removalNote explains a removal plan.
func removalNote(r model.Removal) string {
	var b strings.Builder
	if r.Immediate {
		fmt.Fprintf(&b, "%s has no billing period: contracted goes %d → %d at once.", r.Product, r.From, r.To)
	} else {
		them := "it stays usable and stays"
		if r.Count > 1 {
			them = fmt.Sprintf("the %d licenses stay usable and stay", r.Count)
		}
		fmt.Fprintf(&b, "Contracted goes %d → %d at the end of the cycle, on %s. Until then %s on the current invoice.",
			r.From, r.To, model.DateOf(r.Effective), them)
	}
	if r.MustUnassign > 0 {
		fmt.Fprintf(&b, " %d assigned %s more than the new count: unassign %d, or an overage alert stays.",
			r.MustUnassign, pluralVerb(r.MustUnassign), r.MustUnassign)
	}
	return b.String()
}

// forceHint adds what the force box does to the domain's refusal to leave
// more assigned than contracted.
func forceHint(err error) error {
	if model.CodeOf(err) == model.CodeConflict && strings.Contains(err.Error(), "unassign") {
		return fmt.Errorf("%w (or tick \"Even if assigned\")", err)
	}
	return err
}

func validCount(s string) error {
	_, err := parseCount(s)
	return err
}

func parseCount(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n <= 0 {
		return 0, model.Invalidf("enter a whole number of at least 1")
	}
	return n, nil
}

func pluralVerb(n int) string {
	if n == 1 {
		return "license is"
	}
	return "licenses are"
}
