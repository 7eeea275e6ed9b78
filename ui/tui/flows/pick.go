package flows

import (
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
)

// Pick is a one-field form that only chooses (which license to unassign,
// which last work day); next builds the confirmation that acts on the
// choice, because every destructive action ends in a Confirm.
func Pick(ctx *common.Context, title string, f form.Field, next func(form.Values) common.Modal) *form.Model {
	return form.New(ctx, title, []form.Field{f}, nil).Then(next)
}
