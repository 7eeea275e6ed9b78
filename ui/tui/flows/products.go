package flows

import (
	"cmp"
	"slices"
	"strings"

	"github.com/seats/seats/model"
)

// Products lists, by name, the products whose licenses go to kind (all
// products when kind is empty). The dashboard summary is the domain's one
// listing of products; it reads kept counters, never every license.
func Products(svc *model.Service, kind model.AssignKind) ([]string, error) {
	ps, err := products(svc, kind)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return names, nil
}

func products(svc *model.Service, kind model.AssignKind) ([]model.ProductStatus, error) {
	sum, err := svc.Status()
	if err != nil {
		return nil, err
	}
	var out []model.ProductStatus
	for _, p := range sum.Products {
		if kind == "" || p.Kind == kind {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b model.ProductStatus) int {
		return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out, nil
}

// choices are the products an assign form offers, and the one it starts on.
type choices struct {
	names []string
	first string
}

// assignable lists the products of kind that holder (when there is one)
// does not hold yet: a holder has at most one license of a product, so
// the others could only be refused. It starts on the first product with a
// free license, or one that grows, so enter alone usually just works.
func assignable(svc *model.Service, kind model.AssignKind, holder string) (choices, error) {
	ps, err := products(svc, kind)
	if err != nil {
		return choices{}, err
	}
	have := map[string]bool{}
	if holder != "" {
		held, err := HeldBy(svc, holder)
		if err != nil {
			return choices{}, err
		}
		for _, h := range held {
			have[h.Product] = true
		}
	}
	var c choices
	for _, p := range ps {
		if have[p.Name] {
			continue
		}
		c.names = append(c.names, p.Name)
		if c.first == "" && !p.Blocks(1) {
			c.first = p.Name
		}
	}
	if c.first == "" && len(c.names) > 0 {
		c.first = c.names[0]
	}
	return c, nil
}

// Emails lists every user's email, sorted, for pickers that choose a person
// (an asset's owner).
func Emails(svc *model.Service) ([]string, error) {
	us, err := svc.Users()
	if err != nil {
		return nil, err
	}
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.Email
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return out, nil
}
