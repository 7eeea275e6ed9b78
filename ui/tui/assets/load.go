package assets

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/flows"
	"github.com/seats/seats/ui/tui/table"
)

// row is one asset as the tab shows it.
type row struct {
	model.Asset
	owner string       // the owner's email
	held  []flows.Held // the licenses it holds, by product name
}

// load reads the assets and, per per-device product, its active licenses:
// a few index scans instead of one holder lookup per asset.
func load(svc *model.Service) ([]row, error) {
	sum, err := svc.Status()
	if err != nil {
		return nil, err
	}
	assets, err := svc.Assets()
	if err != nil {
		return nil, err
	}
	held := map[model.ID][]flows.Held{}
	for _, p := range sum.Products {
		if p.Kind != model.PerDevice || p.Active == 0 {
			continue
		}
		ls, _, err := svc.Licenses(model.LicenseFilter{Product: p.Name, Status: model.Active})
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			if l.AssigneeKind == model.AssigneeAsset {
				held[l.AssigneeID] = append(held[l.AssigneeID], flows.Held{Code: l.Code(), Product: p.Name, AssignedAt: l.AssignedAt})
			}
		}
	}
	// Owners are named from the users themselves: a license listing
	// names only the holders it shows.
	us, err := svc.Users()
	if err != nil {
		return nil, err
	}
	users := make(map[model.ID]string, len(us))
	for _, u := range us {
		users[u.ID] = u.Email
	}
	rows := make([]row, len(assets))
	for i, a := range assets {
		h := held[a.ID]
		slices.SortFunc(h, func(x, y flows.Held) int { return cmp.Compare(strings.ToLower(x.Product), strings.ToLower(y.Product)) })
		rows[i] = row{Asset: a, owner: users[a.OwnerID], held: h}
	}
	return rows, nil
}

const (
	colName = iota
	colType
	colInventory
	colSerial
	colLocation
	colOwner
	colLicenses
)

// In narrow terminals the highest Priority goes first; the name and the
// licenses never go.
var columns = []table.Column{
	colName:      {Title: "Name", Width: 12, Min: 9},
	colType:      {Title: "Type", Width: 18, Min: 10, Priority: 3},
	colInventory: {Title: "Inventory", Width: 13, Min: 9, Priority: 4},
	colSerial:    {Title: "Serial", Width: 12, Min: 8, Priority: 5},
	colLocation:  {Title: "Location", Width: 13, Min: 8, Priority: 2},
	colOwner:     {Title: "Owner", Width: 24, Min: 16, Priority: 1, Flex: true},
	colLicenses:  {Title: "Licenses", Width: 24, Min: 16, Flex: true},
}

func rowsOf(rs []row) table.Rows {
	r := table.Rows{IDs: make([]uint64, len(rs)), Cells: make([][]string, len(rs))}
	for i, a := range rs {
		r.IDs[i] = a.ID
		lic := licensesText(a.held)
		if !a.InService() {
			lic = "retired " + string(model.DateOf(a.Retired))
		}
		r.Cells[i] = []string{a.Name, a.Type, a.Inventory, a.Serial, a.Location, a.owner, lic}
	}
	return r
}

// licensesText is "2: Antivirus, CAD Suite", or empty for none.
func licensesText(held []flows.Held) string {
	if len(held) == 0 {
		return ""
	}
	names := make([]string, len(held))
	for i, h := range held {
		names[i] = h.Product
	}
	return strconv.Itoa(len(held)) + ": " + strings.Join(names, ", ")
}
