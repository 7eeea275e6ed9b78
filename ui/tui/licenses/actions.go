package licenses

import (
	"fmt"
	"strings"

	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
)

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
