package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/seats/seats/model"
)

// assetFields are the asset flags shared by add and edit.
var assetFields = []field[model.Asset]{
	textField("inventory", "NUMBER", "inventory number", func(a *model.Asset) *string { return &a.Inventory }),
	textField("serial", "NUMBER", "serial number", func(a *model.Asset) *string { return &a.Serial }),
	textField("type", "TYPE", "type, like laptop or server", func(a *model.Asset) *string { return &a.Type }),
	textField("location", "PLACE", "location", func(a *model.Asset) *string { return &a.Location }),
}

var renameAsset = []field[model.Asset]{
	textField("name", "NAME", "rename the asset", func(a *model.Asset) *string { return &a.Name }),
}

var ownerFlag = flagDef{name: "owner", kind: valueFlag, arg: "EMAIL", help: `the person it belongs to ("" for nobody)`}

var assetsListCommand = &command{
	name:    "assets list",
	summary: "every asset and the person it belongs to",
	about:   "Lists every asset (computer or device). Its per-device licenses: 'seats licenses list --assignee NAME'.",
	open:    openRead,
	run:     runAssetsList,
}

var assetsAddCommand = &command{
	name:    "assets add",
	args:    []string{"NAME"},
	summary: "add a computer or device",
	about: `Adds an asset that per-device licenses can be assigned to. Example:
seats assets add LAPTOP-042 --inventory INV-042 --serial SN123 --owner ana@example.com`,
	flags: append(fieldFlags(assetFields), ownerFlag),
	open:  openWrite,
	run:   runAssetsAdd,
}

var assetsEditCommand = &command{
	name:    "assets edit",
	args:    []string{"NAME"},
	summary: "change an asset's fields or owner",
	about:   "Changes the fields given; the others stay as they are. Its licenses stay with the device when it changes hands.",
	flags:   append(fieldFlags(renameAsset, assetFields), ownerFlag),
	open:    openWrite,
	run:     runAssetsEdit,
}

var assetsRetireCommand = &command{
	name:    "assets retire",
	args:    []string{"NAME"},
	summary: "take an asset out of service, keeping its history",
	about: `Retires an asset: it stays in the history but is no longer offered for licenses.
An asset that still holds licenses is refused: unassign them first.`,
	open: openWrite,
	run:  runAssetsRetire,
}

// assetJSON is an asset with its owner's email.
type assetJSON struct {
	model.Asset
	Owner string `json:"owner"`
}

func runAssetsList(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	assets, err := svc.Assets()
	if err != nil {
		return err
	}
	emails, err := userEmails(svc)
	if err != nil {
		return err
	}
	out := make([]assetJSON, 0, len(assets))
	for _, a := range assets {
		out = append(out, assetJSON{Asset: a, Owner: emails[a.OwnerID]})
	}
	return c.show(out, func(w io.Writer) {
		if len(out) == 0 {
			io.WriteString(w, "No assets yet: add one with 'seats assets add NAME'.\n")
			return
		}
		// Retired assets are listed, for their history, with the day
		// they went out of service; the column shows only when one is.
		anyRetired := slices.ContainsFunc(out, func(a assetJSON) bool { return !a.InService() })
		cols := []string{"ASSET", "TYPE", "SERIAL", "OWNER"}
		if anyRetired {
			cols = append(cols, "RETIRED")
		}
		t := newTable(w, cols...).limit(1, 18).limit(2, 12)
		for _, a := range out {
			row := []string{a.Name, orDash(a.Type), orDash(a.Serial), orDash(a.Owner)}
			if anyRetired {
				row = append(row, orDash(retiredOn(a.Asset)))
			}
			t.row(row...)
		}
		t.flush()
	})
}

// userEmails maps user IDs to emails.
func userEmails(svc *model.Service) (map[model.ID]string, error) {
	users, err := svc.Users()
	if err != nil {
		return nil, err
	}
	m := make(map[model.ID]string, len(users))
	for _, u := range users {
		m[u.ID] = u.Email
	}
	return m, nil
}

// ownerArg reads --owner: nil when not given, "" to unlink.
func (c *call) ownerArg() (*string, error) {
	if !c.args.has("owner") {
		return nil, nil
	}
	e := strings.TrimSpace(c.args.str("owner"))
	if e != "" {
		var err error
		if e, err = model.NormalizeEmail(e); err != nil {
			return nil, usagef("--owner: %v", err)
		}
	}
	return &e, nil
}

func runAssetsAdd(c *call) error {
	edit, err := patch(c, assetFields)
	if err != nil {
		return err
	}
	owner, err := c.ownerArg()
	if err != nil {
		return err
	}
	a := model.Asset{Name: c.pos(0)}
	if err := edit(&a); err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	email := ""
	if owner != nil {
		email = *owner
	}
	if a, err = svc.CreateAsset(c.actor, a, email); err != nil {
		return err
	}
	return c.showAsset(a, email, "added")
}

func runAssetsEdit(c *call) error {
	fields := slices.Concat(renameAsset, assetFields)
	if !c.args.has("owner") {
		if err := needSome(c, fields); err != nil {
			return err
		}
	}
	edit, err := patch(c, fields)
	if err != nil {
		return err
	}
	owner, err := c.ownerArg()
	if err != nil {
		return err
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	a, err := svc.EditAsset(c.actor, c.pos(0), edit, owner)
	verb, err := editVerb(err)
	if err != nil {
		return err
	}
	emails, err := userEmails(svc)
	if err != nil {
		return err
	}
	return c.showAsset(a, emails[a.OwnerID], verb)
}

func (c *call) showAsset(a model.Asset, owner, verb string) error {
	return c.show(assetJSON{Asset: a, Owner: owner}, func(w io.Writer) {
		fmt.Fprintf(w, "%s %s", verb, a.Name)
		if owner != "" {
			fmt.Fprintf(w, ", belongs to %s", owner)
		}
		io.WriteString(w, "\n")
	})
}

func runAssetsRetire(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	a, err := svc.RetireAsset(c.actor, c.pos(0))
	if err != nil {
		return err
	}
	emails, err := userEmails(svc)
	if err != nil {
		return err
	}
	return c.showAsset(a, emails[a.OwnerID], "retired")
}

// retiredOn is the day an asset was retired, "" while in service.
func retiredOn(a model.Asset) string {
	if a.InService() {
		return ""
	}
	return string(model.DateOf(a.Retired))
}
