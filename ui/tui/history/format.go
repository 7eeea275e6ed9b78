package history

import (
	"strings"
	"time"

	"github.com/seats/seats/model"
)

// Minute renders an event time as the UI shows every event time.
func Minute(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") }

// Subject names what an event is about: the license (or the range one
// event created) first, as the most exact name, then product, user and
// asset. A holder that already appears in the
// change (assigned to / unassigned from) is left out, and so is skip, the
// thing whose history is being read, which would repeat on every line (for
// a license, its product too).
func Subject(e model.Event, skip model.Ref) string {
	var parts []string
	add := func(s string, ref model.Ref) {
		if s != "" && ref != skip {
			parts = append(parts, s)
		}
	}
	if e.LicenseID != 0 {
		add(model.LicenseCode(e.LicenseID), model.Ref{Kind: model.RefLicense, ID: e.LicenseID})
	}
	if e.FirstLicense != 0 {
		r := model.LicenseCode(e.FirstLicense)
		if e.LastLicense != e.FirstLicense {
			r += ".." + model.LicenseCode(e.LastLicense)
		}
		add(r, model.Ref{})
	}
	if skip.Kind != model.RefLicense {
		add(e.Product, model.Ref{Kind: model.RefProduct, ID: e.ProductID})
	}
	if e.User != e.To && e.User != e.From {
		add(e.User, model.Ref{Kind: model.RefUser, ID: e.UserID})
	}
	if e.Asset != e.To && e.Asset != e.From {
		add(e.Asset, model.Ref{Kind: model.RefAsset, ID: e.AssetID})
	}
	return strings.Join(parts, " ")
}

// Change says what an event changed (the domain's wording, shared with
// the command line).
func Change(e model.Event, currency string) string { return e.Change(currency) }
