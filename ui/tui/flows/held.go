package flows

import (
	"time"

	"github.com/seats/seats/model"
)

// Held is one license a holder holds, as the tabs show it.
type Held struct {
	Code       string
	Product    string
	AssignedAt time.Time
}

// Label is how a held license reads in a list: "LIC-000042  Office".
func (h Held) Label() string { return h.Code + "  " + h.Product }

// HeldBy lists the licenses holder (an email or an asset name) holds, in
// license order.
func HeldBy(svc *model.Service, holder string) ([]Held, error) {
	ls, names, err := svc.Licenses(model.LicenseFilter{Holder: holder})
	if err != nil {
		return nil, err
	}
	out := make([]Held, 0, len(ls))
	for _, l := range ls {
		if l.Status == model.Active {
			out = append(out, Held{Code: l.Code(), Product: names.Products[l.ProductID], AssignedAt: l.AssignedAt})
		}
	}
	return out, nil
}
