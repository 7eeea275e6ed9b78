package store

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// names the JSON encoder escapes, or that only look like it might.
var oddNames = []string{"LAPTOP-1", "Mac \"Studio\"", `back\slash`, "<tag> & co", "Ünïcode Ærø", "tab\there",
	"line\u2028sep", "emoji 🖥", "", "x"}

func TestNameIndexesListEveryName(t *testing.T) {
	db := openTemp(t)
	err := db.Update(func(tx model.Tx) error {
		for _, e := range []string{"zoe@example.com", "ana@example.com", "ben@example.com"} {
			u := model.User{Email: e}
			if err := tx.PutUser(&u); err != nil {
				return err
			}
		}
		for _, n := range oddNames[:6] {
			a := model.Asset{Name: n, Type: "Laptop", Created: t0}
			if err := tx.PutAsset(&a); err != nil {
				return err
			}
		}
		// A rename moves the index entry; the listing follows it.
		a, _ := tx.AssetByName("laptop-1")
		a.Name = "Desk-PC"
		return tx.PutAsset(&a)
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	err = db.View(func(mt model.Tx) error {
		tx := mt.(*tx)
		type named struct {
			name string
			id   model.ID
		}
		var users, assets, fromRecords []named
		tx.UserEmails(func(e []byte, id model.ID) bool { users = append(users, named{string(e), id}); return true })
		tx.AssetNames(func(n []byte, id model.ID) bool { assets = append(assets, named{string(n), id}); return true })
		if want := []named{{"ana@example.com", 2}, {"ben@example.com", 3}, {"zoe@example.com", 1}}; !slices.Equal(users, want) {
			t.Errorf("users %v, want %v", users, want)
		}
		tx.Assets(func(a model.Asset) bool { fromRecords = append(fromRecords, named{a.Name, a.ID}); return true })
		slices.SortFunc(fromRecords, func(a, b named) int { return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)) })
		if !slices.Equal(assets, fromRecords) {
			t.Errorf("assets %v, want %v", assets, fromRecords)
		}
		n := 0
		tx.UserEmails(func([]byte, model.ID) bool { n++; return false })
		tx.AssetNames(func([]byte, model.ID) bool { n++; return false })
		if n != 2 {
			t.Errorf("false did not stop: %d calls", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAssetNameReadsWhatJSONDoes(t *testing.T) {
	for _, n := range oddNames {
		raw, _ := json.Marshal(model.Asset{ID: 42, Name: n, Serial: "S1", OwnerID: 7, Created: t0})
		assertAssetName(t, raw)
	}
	// Records of another shape are decoded in full.
	for _, raw := range []string{`{"name":"first","id":1}`, `{"id":1, "name":"spaced"}`, `{"id":,"name":"bare"}`,
		`{"id":1,"name":"\u0041ha"}`, `{"id":1,"name":"cut`} {
		assertAssetName(t, []byte(raw))
	}
}

func FuzzAssetName(f *testing.F) {
	for _, n := range oddNames {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, name string) {
		raw, err := json.Marshal(model.Asset{ID: 1, Name: name, Created: time.Unix(0, 0)})
		if err != nil {
			t.Skip()
		}
		assertAssetName(t, raw)
	})
}

func assertAssetName(t *testing.T, raw []byte) {
	t.Helper()
	var want model.Asset
	wantErr := json.Unmarshal(raw, &want)
	got, err := assetName(raw)
	if (err != nil) != (wantErr != nil) || err == nil && string(got) != want.Name {
		t.Errorf("%s: name %q (%v), want %q (%v)", raw, got, err, want.Name, wantErr)
	}
}
