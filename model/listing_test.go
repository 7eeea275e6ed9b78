package model_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/seats/seats/model"
)

// recordsOnly hides the store's name indexes, so the domain names holders
// from their records: the way every listing was named before the indexes.
type recordsOnly struct{ model.Store }

func (s recordsOnly) View(fn func(model.Tx) error) error {
	return s.Store.View(func(tx model.Tx) error { return fn(struct{ model.Tx }{tx}) })
}

// fxListing is the standard organization with holders whose names need
// care (mixed case, quotes, escapes, a rename) and licenses of every status.
func fxListing(t *testing.T) *fxWorld {
	w := fxStandard(t)
	for _, u := range []model.User{
		{Email: "Zoe.Quinn@Example.com", First: "Zoe", Last: "Quinn"},
		{Email: "al@example.com", First: "Al", Last: "Bo"},
	} {
		_, err := w.svc.InviteUser("", u)
		w.must(err)
	}
	for _, n := range []string{"Mac \"Studio\"", `Back\Slash`, "<Kiosk> & Co", "Ünïcode-PC", "desk-2"} {
		_, err := w.svc.CreateAsset("", model.Asset{Name: n}, "")
		w.must(err)
	}
	_, err := w.svc.EditAsset("", "desk-2", func(a *model.Asset) error { a.Name = "Desk-Two"; return nil }, nil)
	w.must(err)
	_, err = w.svc.AddLicenses("", "Antivirus", 3)
	w.must(err)
	w.assign("Office", "ana@example.com", "zoe.quinn@example.com")
	w.assign("Antivirus", "LAPTOP-1", "Mac \"Studio\"", "Ünïcode-PC")
	w.unassignFrom("Antivirus", "Ünïcode-PC")
	return w
}

var listingFilters = []model.LicenseFilter{
	{},
	{Status: model.Active},
	{Status: model.Available},
	{Product: "Office"},
	{Product: "Antivirus", Status: model.Active},
	{Holder: "ana@example.com"},
	{Holder: "Mac \"Studio\""},
	{Holder: "zoe.quinn@example.com", Product: "Office"},
}

// EachLicense hands over exactly what Licenses lists, in the same order,
// and sizes unnarrowed listings by the counters.
func TestEachLicenseStreamsWhatLicensesLists(t *testing.T) {
	w := fxListing(t)
	for _, f := range listingFilters {
		want, _, err := w.svc.Licenses(f)
		w.must(err)
		var got []model.License
		size, started := -1, false
		err = w.svc.EachLicense(f, func(_ model.Directory, n int) {
			if len(got) > 0 {
				t.Errorf("%+v: start after the first license", f)
			}
			size, started = n, true
		}, func(l model.License) bool { got = append(got, l); return true })
		w.must(err)
		if !reflect.DeepEqual(got, want) || len(got) == 0 {
			t.Errorf("%+v: streamed %v\nlisted %v", f, got, want)
		}
		wantSize := len(want)
		if f.Holder != "" {
			wantSize = 0
		}
		if !started || size != wantSize {
			t.Errorf("%+v: size %d (started %v), want %d", f, size, started, wantSize)
		}
		// Without start, nothing is read but the licenses.
		n := 0
		w.must(w.svc.EachLicense(f, nil, func(model.License) bool { n++; return n < 2 }))
		if n != min(2, len(want)) {
			t.Errorf("%+v: false did not stop the stream: %d licenses", f, n)
		}
	}
	if err := w.svc.EachLicense(model.LicenseFilter{Product: "Nope"}, nil, func(model.License) bool { return true }); model.CodeOf(err) != model.CodeNotFound {
		t.Errorf("unknown product: %v", err)
	}
}

// The directory read from the name indexes is the one the records give,
// and it names every listing as the records did.
func TestDirectoryFromIndexesMatchesRecords(t *testing.T) {
	w := fxListing(t)
	plain := model.NewService(recordsOnly{w.db}, w.clock.now)
	dir := func(svc *model.Service) model.Directory {
		var d model.Directory
		w.must(svc.EachLicense(model.LicenseFilter{}, func(got model.Directory, _ int) { d = got }, func(model.License) bool { return false }))
		return d
	}
	fromIndex, fromRecords := dir(w.svc), dir(plain)
	if !reflect.DeepEqual(fromIndex, fromRecords) {
		t.Fatalf("from the indexes:\n%+v\nfrom the records:\n%+v", fromIndex, fromRecords)
	}
	us, err := w.svc.Users()
	w.must(err)
	as, err := w.svc.Assets()
	w.must(err)
	if len(fromIndex.Users) != len(us) || len(fromIndex.Assets) != len(as) || len(fromIndex.Products) != 2 {
		t.Fatalf("directory of %d users, %d assets, %d products", len(fromIndex.Users), len(fromIndex.Assets), len(fromIndex.Products))
	}
	for _, list := range [][]model.Named{fromIndex.Products, fromIndex.Users, fromIndex.Assets} {
		if !slices.IsSortedFunc(list, func(a, b model.Named) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) }) {
			t.Errorf("not in name order: %v", list)
		}
	}
	names := fromIndex.Names()
	for _, u := range us {
		if names.Users[u.ID] != u.Email {
			t.Errorf("user %d named %q, want %q", u.ID, names.Users[u.ID], u.Email)
		}
	}
	for _, a := range as {
		if names.Assets[a.ID] != a.Name {
			t.Errorf("asset %d named %q, want %q", a.ID, names.Assets[a.ID], a.Name)
		}
	}
	for _, f := range listingFilters {
		ls, n, err := w.svc.Licenses(f)
		w.must(err)
		pls, pn, err := plain.Licenses(f)
		w.must(err)
		if !reflect.DeepEqual(ls, pls) || !reflect.DeepEqual(n, pn) {
			t.Errorf("%+v: the indexes list %v %+v, the records %v %+v", f, ls, n, pls, pn)
		}
	}
}
