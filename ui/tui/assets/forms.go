package assets

import (
	"strings"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
)

func assetFields(a model.Asset, owner string) []form.Field {
	return []form.Field{
		{Key: "name", Label: "Name", Value: a.Name, Hint: "unique, e.g. LAPTOP-042", Validate: form.Required("an asset name")},
		{Key: "inventory", Label: "Inventory no.", Value: a.Inventory},
		{Key: "serial", Label: "Serial no.", Value: a.Serial},
		{Key: "type", Label: "Type", Value: a.Type, Hint: "laptop, desktop, server…"},
		{Key: "location", Label: "Location", Value: a.Location},
		{Key: "owner", Label: "Owner email", Value: owner, Hint: "the person it belongs to; empty for none", Validate: optionalEmail},
	}
}

func apply(a *model.Asset, v form.Values) {
	a.Name, a.Inventory, a.Serial = v["name"], v["inventory"], v["serial"]
	a.Type, a.Location = v["type"], v["location"]
}

func optionalEmail(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	_, err := model.NormalizeEmail(s)
	return err
}

func newForm(ctx *common.Context) *form.Model {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return form.New(ctx, "New asset", assetFields(model.Asset{}, ""), func(v form.Values) (string, error) {
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
func editForm(ctx *common.Context, a model.Asset, owner string) *form.Model {
	svc, actor, name := ctx.Svc, ctx.ActorEmail(), a.Name
	return form.New(ctx, "Edit "+name, assetFields(a, owner), func(v form.Values) (string, error) {
		owner := v["owner"]
		a, err := svc.EditAsset(actor, name, func(a *model.Asset) error { apply(a, v); return nil }, &owner)
		if err != nil {
			return "", err
		}
		return "asset " + a.Name + " updated", nil
	})
}
