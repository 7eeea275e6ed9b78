package users

import (
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/form"
)

// leaving is what a termination would release: loaded before the form
// opens, so the confirmation can say it without I/O.
type leaving struct {
	user model.User
	held []flows.Held
	// shrinking are the held products that reduce on termination.
	shrinking []string
}

func loadLeaving(svc *model.Service, u model.User) (leaving, error) {
	l := leaving{user: u}
	var err error
	if l.held, err = flows.HeldBy(svc, u.Email); err != nil {
		return l, err
	}
	seen := map[string]bool{}
	for _, h := range l.held {
		if seen[h.Product] {
			continue
		}
		seen[h.Product] = true
		p, err := svc.Product(h.Product)
		if err != nil {
			return l, err
		}
		if p.ReduceOnTermination {
			l.shrinking = append(l.shrinking, p.Name)
		}
	}
	return l, nil
}

// terminate asks for the last work day (today by default), then confirms.
func terminate(ctx *common.Context, tab uint64, u model.User) tea.Cmd {
	svc := ctx.Svc
	return flows.Prepare(tab, func() (leaving, error) { return loadLeaving(svc, u) }, func(l leaving) tea.Cmd {
		today := string(model.DateOf(ctx.Now()))
		f := form.Field{Key: "day", Label: "Last work day", Value: today, Hint: "YYYY-MM-DD", Validate: validDay}
		p := flows.Pick(ctx, "Terminate "+u.Email, f, func(v form.Values) common.Modal {
			day, _ := model.ParseDate(v["day"])
			return confirmTerminate(ctx, l, day)
		})
		return common.Open(p.WithInfo(func(v form.Values) string {
			day, err := model.ParseDate(v["day"])
			if err != nil || day == "" {
				return "type the last work day as YYYY-MM-DD"
			}
			return releaseLine(l, day, ctx.Now())
		}))
	})
}

func validDay(s string) error {
	d, err := model.ParseDate(s)
	if err == nil && d == "" {
		err = model.Invalidf("a last work day is required")
	}
	return err
}

// releaseLine says which licenses go and when, as the domain will do it:
// at once when the day has begun, else at the start of that day.
func releaseLine(l leaving, day model.Date, now time.Time) string {
	name := displayName(l.user)
	if len(l.held) == 0 {
		return name + " holds no licenses"
	}
	what := common.Plural(len(l.held), "license", "licenses") + " (" + heldProducts(l.held) + ")"
	if !day.Time().After(now) {
		return what + " released at once"
	}
	return fmt.Sprintf("%s released on %s, in %s; %s keeps them until then",
		what, day, common.Plural(day.DaysUntil(now), "day", "days"), name)
}

func heldProducts(held []flows.Held) string {
	names := make([]string, len(held))
	for i, h := range held {
		names[i] = h.Product
	}
	return strings.Join(names, ", ")
}

func displayName(u model.User) string {
	if n := u.Name(); n != "" {
		return n
	}
	return u.Email
}

func confirmTerminate(ctx *common.Context, l leaving, day model.Date) *form.ConfirmModel {
	svc, actor, email := ctx.Svc, ctx.ActorEmail(), l.user.Email
	detail := []string{releaseLine(l, day, ctx.Now()) + "."}
	for _, p := range l.shrinking {
		detail = append(detail, fmt.Sprintf("%s reduces on termination: its contracted count drops by the seat freed at the end of its billing cycle.", p))
	}
	detail = append(detail, "", "Terminated users stay listed with their history; this cannot be undone.")
	title := fmt.Sprintf("Terminate %s (%s), last work day %s?", displayName(l.user), email, day)
	return form.Confirm(ctx, title, detail, func() (string, error) {
		t, err := svc.TerminateUser(actor, email, day)
		if err != nil {
			return "", err
		}
		n := common.Plural(len(l.held), "license", "licenses")
		if t.Immediate {
			return fmt.Sprintf("%s terminated; %s released", email, common.Plural(len(t.Released), "license", "licenses")), nil
		}
		return fmt.Sprintf("%s leaves on %s; %s released then", email, t.LastDay, n), nil
	})
}

// confirmOwner hands the account to u; the acting owner becomes an admin.
func confirmOwner(ctx *common.Context, u model.User) *form.ConfirmModel {
	svc, actor, email := ctx.Svc, ctx.ActorEmail(), u.Email
	me := ctx.Actor.Email
	title := fmt.Sprintf("Make %s the account owner?", displayName(u))
	detail := []string{
		email + " becomes the account owner and primary contact.",
		"You (" + me + ") become an admin; only the new owner can transfer ownership again.",
	}
	return form.Confirm(ctx, title, detail, func() (string, error) {
		if err := svc.TransferOwnership(actor, email); err != nil {
			return "", err
		}
		return email + " is now the account owner; you are an admin", nil
	})
}

// confirmReinstate asks before taking terminated u back.
func confirmReinstate(ctx *common.Context, u model.User) common.Modal {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	detail := []string{
		fmt.Sprintf("%s becomes a user again, holding no licenses until some are assigned.", displayName(u)),
		"The termination stays in the history; the reinstatement is a new event.",
	}
	return form.Confirm(ctx, "Reinstate "+u.Email+"?", detail, func() (string, error) {
		r, err := svc.ReinstateUser(actor, u.Email)
		if err != nil {
			return "", err
		}
		return r.Email + " reinstated", nil
	})
}
