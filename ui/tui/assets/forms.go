package assets

import (
	"slices"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/seats/seats/ui/tui/flows"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
)

// assetFields are the asset form's fields; the owner is picked from
// emails (every user's), or none.
func assetFields(a model.Asset, owner string, emails []string) []form.Field {
	if owner != "" && !slices.Contains(emails, owner) {
		emails = append([]string{owner}, emails...)
	}
	owners := append([]string{""}, emails...)
	return []form.Field{
		{Key: "name", Label: "Name", Value: a.Name, Hint: "unique, e.g. LAPTOP-042", Validate: form.Required("an asset name")},
		{Key: "inventory", Label: "Inventory no.", Value: a.Inventory},
		{Key: "serial", Label: "Serial no.", Value: a.Serial},
		{Key: "type", Label: "Type", Value: a.Type, Hint: "laptop, desktop, server…"},
		{Key: "location", Label: "Location", Value: a.Location},
		{Key: "owner", Label: "Owner", Value: owner, Options: owners, Pick: true, Placeholder: "(none)", Hint: "the person it belongs to"},
	}
}

func apply(a *model.Asset, v form.Values) {
	a.Name, a.Inventory, a.Serial = v["name"], v["inventory"], v["serial"]
	a.Type, a.Location = v["type"], v["location"]
}

func newForm(ctx *common.Context, emails []string) *form.Model {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return form.New(ctx, "New asset", assetFields(model.Asset{}, "", emails), func(v form.Values) (string, error) {
		var a model.Asset
		apply(&a, v)
		a, err := svc.CreateAsset(actor, a, v["owner"])
		if err != nil {
			return "", err
		}
		return "asset " + a.Name + " created", nil
	})
}

// editForm edits an asset and relinks its owner. Its per-device licenses
// stay with it whoever owns it: they belong to the device.
func editForm(ctx *common.Context, a model.Asset, owner string, emails []string) *form.Model {
	svc, actor, name := ctx.Svc, ctx.ActorEmail(), a.Name
	return form.New(ctx, "Edit "+name, assetFields(a, owner, emails), func(v form.Values) (string, error) {
		owner := v["owner"]
		a, err := svc.EditAsset(actor, name, func(a *model.Asset) error { apply(a, v); return nil }, &owner)
		if err != nil {
			return "", err
		}
		return "asset " + a.Name + " updated", nil
	})
}

// retire asks the domain whether the asset can be retired and, only when
// it can, asks to confirm; otherwise the status line says why not (the
// licenses it still holds).
func retire(ctx *common.Context, tab uint64, name string) tea.Cmd {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return flows.Prepare(tab, func() (error, error) {
		err := svc.CheckRetireAsset(name)
		if model.CodeOf(err) == model.CodeConflict {
			return err, nil // a refusal to show, not a failed load
		}
		return nil, err
	}, func(refused error) tea.Cmd {
		if refused != nil {
			return common.Fail(refused)
		}
		return common.Open(form.Confirm(ctx, "Retire "+name+"?", []string{
			name + " goes out of service: it stays in the history but is no longer offered for licenses.",
		}, func() (string, error) {
			if _, err := svc.RetireAsset(actor, name); err != nil {
				return "", err
			}
			return "asset " + name + " retired", nil
		}))
	})
}

// confirmReturn asks before returning retired asset name to service.
func confirmReturn(ctx *common.Context, name string) common.Modal {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return form.Confirm(ctx, "Return "+name+" to service?", []string{
		name + " is offered for licenses again; its history keeps the retirement.",
	}, func() (string, error) {
		if _, err := svc.ReturnAssetToService(actor, name); err != nil {
			return "", err
		}
		return "asset " + name + " returned to service", nil
	})
}
