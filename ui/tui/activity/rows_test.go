package activity

import (
	"slices"
	"testing"

	"github.com/seats/seats/model"
)

func TestFilterIgnoresCaseEverywhere(t *testing.T) {
	src := source{rows: []row{
		{seq: 3, time: "2026-03-16 09:00", actor: "Ana@Example.com", kind: "license.assigned", subject: "Office LIC-000001", change: "to Ben"},
		{seq: 2, time: "2026-03-15 10:00", actor: "system", kind: "licenses.removed", subject: "Zoë's Product", change: "contracted 3 → 2"},
		{seq: 1, time: "2026-02-01 08:00", actor: "owner@example.com", kind: "user.invited", subject: "ben@example.com", change: ""},
	}}
	for q, want := range map[string][]int32{
		"":            {0, 1, 2},
		"ana@EXAMPLE": {0},
		"lic-000001":  {0},
		"2026-03":     {0, 1},
		"ZOË":         {1},
		"3 → 2":       {1},
		"1":           {0, 1, 2},
		"nothing":     {},
		"BEN":         {0, 2},
	} {
		if got := src.Filter(q); !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", q, got, want)
		}
	}
	if src.Compare(0, 1, colSeq) <= 0 || src.Compare(1, 0, colTime) >= 0 || src.Compare(0, 2, colActor) >= 0 {
		t.Error("compare")
	}
}

func TestMainSubject(t *testing.T) {
	for _, c := range []struct {
		e     model.Event
		ref   model.Ref
		title string
	}{
		{model.Event{LicenseID: 7, UserID: 2, User: "a@x", ProductID: 1, Product: "P"}, model.Ref{Kind: model.RefLicense, ID: 7}, "LIC-000007"},
		{model.Event{UserID: 2, User: "a@x", AssetID: 4, Asset: "PC"}, model.Ref{Kind: model.RefUser, ID: 2}, "a@x"},
		{model.Event{Kind: model.EvAssetCreated, UserID: 2, AssetID: 4, Asset: "PC"}, model.Ref{Kind: model.RefAsset, ID: 4}, "PC"},
		{model.Event{UserID: 2}, model.Ref{Kind: model.RefUser, ID: 2}, "user #2"},
		{model.Event{AssetID: 4, Asset: "PC", ProductID: 1}, model.Ref{Kind: model.RefAsset, ID: 4}, "PC"},
		{model.Event{ProductID: 1, Product: "P", AllocationID: 3}, model.Ref{Kind: model.RefProduct, ID: 1}, "P"},
		{model.Event{AllocationID: 3}, model.Ref{Kind: model.RefAllocation, ID: 3}, "allocation #3"},
		{model.Event{Kind: model.EvOrgUpdated}, model.Ref{}, ""},
	} {
		if ref, title := mainSubject(c.e); ref != c.ref || title != c.title {
			t.Errorf("%+v: %v %q", c.e, ref, title)
		}
	}
}

func TestCellsStayOnOneLine(t *testing.T) {
	r := newRow(model.Event{Seq: 5, Kind: model.EvProductUpdated, ProductID: 1, Product: "P",
		From: "notes=a\nb", To: "notes=a\r\nb\nc"}, "EUR", interner{})
	if r.change != "notes=a / b → notes=a / b / c" {
		t.Errorf("change %q", r.change)
	}
}
