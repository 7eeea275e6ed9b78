package licenses

import (
	"errors"
	"fmt"
	"strings"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
)

// assignForm assigns a free license of a product to a user or an asset.
// The domain picks the seat (the longest-free one), so the form asks for
// the product, not for a license: preselected is the selected row's product.
func assignForm(ctx *common.Context, products []string, preselect string) common.Modal {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	if preselect == "" && len(products) > 0 {
		preselect = products[0]
	}
	return form.New(ctx, "Assign a license", []form.Field{
		{Key: "product", Label: "Product", Options: products, Value: preselect},
		{Key: "who", Label: "Assignee", Hint: "email or asset name", Validate: required("say who gets the license")},
		{Key: "grow", Label: "Grow if none free", Checkbox: true},
	}, func(v form.Values) (string, error) {
		l, err := svc.Assign(actor, v["product"], strings.TrimSpace(v["who"]), v.Bool("grow"))
		if model.CodeOf(err) == model.CodeConfirm {
			return "", fmt.Errorf("%w: tick \"Grow if none free\" to agree", err)
		}
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s of %s assigned to %s", l.Code(), v["product"], strings.TrimSpace(v["who"])), nil
	}).WithInfo(func(v form.Values) string { return assignNote(svc, v["product"]) })
}

// assignNote says whether a seat is free and, if not, what assigning does.
func assignNote(svc *model.Service, product string) string {
	ps, err := svc.Product(product)
	if err != nil {
		return err.Error()
	}
	g, err := svc.QuoteAssign(product)
	if err != nil {
		return err.Error()
	}
	who := "a user's email"
	if ps.Kind == model.PerDevice {
		who = "an asset's name"
	}
	switch {
	case g.NeedsGrow:
		q := g.Quote
		return fmt.Sprintf("No free license: contracted will grow from %d to %d, due now %s %s. Tick \"Grow if none free\" to agree.",
			q.From, q.To, q.Due.Gross.Format(), q.Currency)
	case g.Blocked:
		return fmt.Sprintf("No free license of %s (%d contracted, all assigned): add licenses or unassign one first.", ps.Name, ps.Contracted)
	}
	return fmt.Sprintf("%d of %d free; %s is %s: enter %s.", ps.Available, ps.Contracted, ps.Name, ps.Kind, who)
}

// unassignConfirm frees one license.
func unassignConfirm(ctx *common.Context, code, product, holder string) common.Modal {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return form.Confirm(ctx, fmt.Sprintf("Unassign %s from %s?", code, holder), []string{
		fmt.Sprintf("The %s license goes back to the pool (deactivated instead while %s is over its contracted count).", product, product),
	}, func() (string, error) {
		l, from, err := svc.Unassign(actor, code)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s unassigned from %s", l.Code(), from), nil
	})
}

// bulkUnassignConfirm frees every marked active license, all or nothing.
func bulkUnassignConfirm(ctx *common.Context, codes []string) common.Modal {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return form.Confirm(ctx, fmt.Sprintf("Unassign %s?", common.Plural(len(codes), "marked license", "marked licenses")), []string{
		summarize(codes),
		"All of them go back to their pools, or none if one is refused.",
	}, func() (string, error) {
		ls, err := svc.BulkUnassign(actor, codes)
		if err != nil {
			return "", err
		}
		return common.Plural(len(ls), "license", "licenses") + " unassigned", nil
	})
}

// summarize lists the first few codes.
func summarize(codes []string) string {
	const shown = 5
	if len(codes) <= shown {
		return strings.Join(codes, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(codes[:shown], ", "), len(codes)-shown)
}

func required(msg string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(msg)
		}
		return nil
	}
}
