package flows

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
)

// Unassign loads the licenses holder holds, lets the person pick one when
// there are several, and asks to confirm unassigning it.
func Unassign(ctx *common.Context, tab uint64, holder string) tea.Cmd {
	svc := ctx.Svc
	return Prepare(tab, func() ([]Held, error) { return HeldBy(svc, holder) }, func(held []Held) tea.Cmd {
		switch len(held) {
		case 0:
			return common.Status(holder + " holds no licenses")
		case 1:
			return common.Open(ConfirmUnassign(ctx, holder, held[0]))
		}
		labels := make([]string, len(held))
		byLabel := make(map[string]Held, len(held))
		for i, h := range held {
			labels[i] = h.Label()
			byLabel[labels[i]] = h
		}
		f := form.Field{Key: "license", Label: "License", Options: labels, Value: labels[0]}
		return common.Open(Pick(ctx, "Unassign a license from "+holder, f, func(v form.Values) common.Modal {
			return ConfirmUnassign(ctx, holder, byLabel[v["license"]])
		}))
	})
}

// ConfirmUnassign asks before unassigning h from holder.
func ConfirmUnassign(ctx *common.Context, holder string, h Held) *form.ConfirmModel {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	title := fmt.Sprintf("Unassign %s (%s) from %s?", h.Code, h.Product, holder)
	detail := []string{
		fmt.Sprintf("The license goes back to the %s pool, free for someone else.", h.Product),
		"If the pool is over its contracted count, it is deactivated instead.",
	}
	return form.Confirm(ctx, title, detail, func() (string, error) {
		l, from, err := svc.Unassign(actor, h.Code)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s unassigned from %s", l.Code(), from), nil
	})
}

// UnassignProduct lets the person pick a product of kind, then confirms
// unassigning its license from each of holders (marked rows) that holds
// one. done, when set, is called (from a command) once that went through.
func UnassignProduct(ctx *common.Context, tab uint64, kind model.AssignKind, noun string, holders []string, done func()) tea.Cmd {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return Prepare(tab, func() ([]string, error) { return Products(svc, kind) }, func(products []string) tea.Cmd {
		if len(products) == 0 {
			return common.Status(fmt.Sprintf("No %s products yet", kind))
		}
		who := fmt.Sprintf("%d marked %ss", len(holders), noun)
		f := form.Field{Key: "product", Label: "Product", Options: products, Value: products[0]}
		return common.Open(Pick(ctx, "Unassign a product from "+who, f, func(v form.Values) common.Modal {
			product := v["product"]
			detail := []string{
				fmt.Sprintf("Each of the %s that holds a license of %s gives it back to the pool; the others are left as they are.", who, product),
				"All of them or none: if one cannot be unassigned, nothing changes.",
			}
			return form.Confirm(ctx, fmt.Sprintf("Unassign %s from %s?", product, who), detail, func() (string, error) {
				var codes []string
				for _, h := range holders {
					ls, _, err := svc.Licenses(model.LicenseFilter{Holder: h, Product: product, Status: model.Active})
					if err != nil {
						return "", err
					}
					for _, l := range ls {
						codes = append(codes, l.Code())
					}
				}
				if len(codes) == 0 {
					return "", model.Conflictf("none of the %s holds a license of %s", who, product)
				}
				if _, err := svc.BulkUnassign(actor, codes); err != nil {
					return "", err
				}
				if done != nil {
					done()
				}
				return fmt.Sprintf("%d licenses of %s unassigned from %s", len(codes), product, who), nil
			})
		}))
	})
}
