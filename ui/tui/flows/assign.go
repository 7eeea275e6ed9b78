package flows

import (
	"fmt"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
)

// Assign loads the products of kind, then opens the form that assigns one
// of their licenses to each of holders (emails or asset names; several
// when rows are marked). noun names one holder ("user", "asset"); done,
// when set, is called (from a command) once the licenses are assigned.
func Assign(ctx *common.Context, tab uint64, kind model.AssignKind, noun string, holders []string, done func()) tea.Cmd {
	svc := ctx.Svc
	one := ""
	if len(holders) == 1 {
		one = holders[0]
	}
	return Prepare(tab, func() (choices, error) { return assignable(svc, kind, one) }, func(c choices) tea.Cmd {
		switch {
		case len(c.names) == 0 && one != "":
			return common.Status(fmt.Sprintf("%s already holds a license of every %s product", one, kind))
		case len(c.names) == 0:
			return common.Status(fmt.Sprintf("No %s products yet: create one on the Products tab", kind))
		}
		return common.Open(AssignForm(ctx, noun, holders, c.names, c.first, done))
	})
}

// AssignForm is the assign form over the given products, picked from a
// filterable list. Its note and its growth confirmation are the assigner's,
// shared with AssignProduct. The form starts on first (the first product
// when empty).
func AssignForm(ctx *common.Context, noun string, holders, products []string, first string, done func()) *form.Model {
	a := newAssigner(ctx)
	title := "Assign a license to " + holders[0]
	if len(holders) > 1 {
		title = fmt.Sprintf("Assign a license to %d %ss", len(holders), noun)
	}
	if first == "" {
		first = products[0]
	}
	fields := []form.Field{{Key: "product", Label: "Product", Options: products, Value: first, Pick: true}}
	return form.New(ctx, title, fields, whenDone(done, func(v form.Values) (string, error) {
		return a.submit(v["product"], holders)
	})).WithInfo(func(v form.Values) string { return a.note(v["product"], holders) })
}

// AssignProduct loads who could hold a license of product (the domain's
// candidates), then opens the form that picks one of them and assigns,
// confirming growth as AssignForm does.
func AssignProduct(ctx *common.Context, tab uint64, product string) tea.Cmd {
	svc := ctx.Svc
	type loaded struct {
		kind model.AssignKind
		who  []string
	}
	return Prepare(tab, func() (loaded, error) {
		ps, err := svc.Product(product)
		if err != nil {
			return loaded{}, err
		}
		who, err := svc.Candidates(product)
		return loaded{kind: ps.Kind, who: who}, err
	}, func(l loaded) tea.Cmd {
		noun := "user"
		if l.kind == model.PerDevice {
			noun = "asset"
		}
		if len(l.who) == 0 {
			return common.Status(fmt.Sprintf("No %s can be given a license of %s now", noun, product))
		}
		return common.Open(AssignToForm(ctx, product, noun, l.who))
	})
}

// AssignToForm assigns a license of product to one of who (noun names
// them), picked from a filterable list.
func AssignToForm(ctx *common.Context, product, noun string, who []string) *form.Model {
	a := newAssigner(ctx)
	label := "User"
	if noun == "asset" {
		label = "Asset"
	}
	fields := []form.Field{{Key: "who", Label: label, Options: who, Value: who[0], Pick: true}}
	return form.New(ctx, "Assign a license of "+product, fields, func(v form.Values) (string, error) {
		return a.submit(product, []string{v["who"]})
	}).WithInfo(func(v form.Values) string { return a.note(product, []string{v["who"]}) })
}

// assigner is what every assign form shares: its note says how many
// licenses are free and, when none is, what happens: a block product
// refuses, an auto-grow product says it will grow from N to N+k and what
// is due now. The pool grows only once that text has been on screen
// (Rule 3): when the person submits before the note arrives, the form
// refuses once with the same text and grows on the next submit.
type assigner struct {
	svc   *model.Service
	actor string
	gate  *growGate
}

func newAssigner(ctx *common.Context) *assigner {
	return &assigner{svc: ctx.Svc, actor: ctx.ActorEmail(), gate: &growGate{shown: map[string]bool{}}}
}

func (a *assigner) note(product string, holders []string) string {
	if product == "" || len(holders) == 0 || holders[0] == "" {
		return "pick from the list"
	}
	// What happens (a free seat, a block, growth and its price) is the
	// domain's plan; the form only shows it.
	g, err := a.svc.PlanAssign(product, len(holders))
	if err != nil {
		return err.Error()
	}
	if g.NeedsGrow {
		a.gate.show(g.Message())
	}
	return g.Note()
}

func (a *assigner) submit(product string, holders []string) (string, error) {
	svc, actor := a.svc, a.actor
	g, err := svc.PlanAssign(product, len(holders))
	if err != nil {
		return "", err
	}
	grows := g.NeedsGrow
	if grows && !a.gate.seen(g.Message()) {
		a.gate.show(g.Message())
		return "", &model.Error{Code: model.CodeConfirm, Msg: g.Message() + " — press enter again to confirm"}
	}
	if len(holders) == 1 {
		l, err := svc.Assign(actor, product, holders[0], grows)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("%s (%s) assigned to %s", l.Code(), product, holders[0]), nil
	}
	ls, err := svc.BulkAssign(actor, product, holders, grows)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d licenses of %s assigned (%s … %s)", len(ls), product, ls[0].Code(), ls[len(ls)-1].Code()), nil
}

// growGate remembers the growth texts the person has been shown. Info
// notes and submits run in different commands, hence the lock.
type growGate struct {
	mu    sync.Mutex
	shown map[string]bool
}

func (g *growGate) show(text string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.shown[text] = true
}

func (g *growGate) seen(text string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.shown[text]
}

// whenDone calls done after fn succeeds (done may be nil).
func whenDone(done func(), fn func(form.Values) (string, error)) func(form.Values) (string, error) {
	if done == nil {
		return fn
	}
	return func(v form.Values) (string, error) {
		s, err := fn(v)
		if err == nil {
			done()
		}
		return s, err
	}
}
