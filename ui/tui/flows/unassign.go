package flows

import (
	"fmt"
	"slices"

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
		f := form.Field{Key: "license", Label: "License", Options: labels, Value: labels[0], Pick: true}
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

// UnassignProduct lets the person pick one of the products the marked
// holders hold, then confirms unassigning its license from each of them
// that holds one. done, when set, is called (from a command) once that
// went through.
func UnassignProduct(ctx *common.Context, tab uint64, kind model.AssignKind, noun string, holders []string, done func()) tea.Cmd {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return Prepare(tab, func() (heldProducts, error) { return HeldProducts(svc, holders) }, func(held heldProducts) tea.Cmd {
		who := common.Plural(len(holders), "marked "+noun, "marked "+noun+"s")
		if len(held.Products) == 0 {
			return common.Status("No license held by the " + who)
		}
		f := form.Field{Key: "product", Label: "Product", Options: held.Products, Value: held.Products[0], Pick: true}
		return common.Open(Pick(ctx, "Unassign a product from "+who, f, func(v form.Values) common.Modal {
			product := v["product"]
			codes := held.Codes[product]
			detail := []string{
				fmt.Sprintf("The %s of %s the %s hold go back to the pool; their other licenses stay.", common.Plural(len(codes), "license", "licenses"), product, who),
				"All of them or none: if one cannot be unassigned, nothing changes.",
			}
			return form.Confirm(ctx, fmt.Sprintf("Unassign %s from %s?", product, who), detail, func() (string, error) {
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

// heldProducts is what a set of holders holds: the products, by name, and
// the codes of the active licenses of each.
type heldProducts struct {
	Products []string
	Codes    map[string][]string
}

// HeldProducts lists the products holders hold between them, by name,
// with the codes of their active licenses of each.
func HeldProducts(svc *model.Service, holders []string) (heldProducts, error) {
	out := heldProducts{Codes: map[string][]string{}}
	for _, h := range holders {
		held, err := HeldBy(svc, h)
		if err != nil {
			return heldProducts{}, err
		}
		for _, l := range held {
			if _, ok := out.Codes[l.Product]; !ok {
				out.Products = append(out.Products, l.Product)
			}
			out.Codes[l.Product] = append(out.Codes[l.Product], l.Code)
		}
	}
	slices.Sort(out.Products)
	return out, nil
}

// plural is "1 license" or "3 licenses".
