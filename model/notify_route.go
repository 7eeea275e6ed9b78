package model

import (
	"slices"
	"strconv"
	"strings"
)

// resolveRoute sets a channel's ProductIDs from the product names given,
// and the names to the products' own spelling.
func (o *op) resolveRoute(c *Channel) error {
	ids := make([]ID, 0, len(c.Products))
	names := make([]string, 0, len(c.Products))
	for _, name := range c.Products {
		name = strings.TrimSpace(name)
		if id, ok := deletedProductRef(name, c.ProductIDs); ok {
			ids, names = append(ids, id), append(names, name)
			continue
		}
		p, err := o.tx.ProductByName(name)
		if err != nil {
			return Invalidf("channel %s: no product named %q", c.Name, name)
		}
		if !slices.Contains(ids, p.ID) {
			ids, names = append(ids, p.ID), append(names, p.Name)
		}
	}
	c.Products, c.ProductIDs = nil, nil
	if len(ids) > 0 {
		c.Products, c.ProductIDs = names, ids
	}
	return nil
}

// deletedProductRef reads "#ID", what nameRoutes shows for a routed
// product deleted since: it stays routed (to nothing) until removed.
func deletedProductRef(name string, had []ID) (ID, bool) {
	n, err := strconv.ParseUint(strings.TrimPrefix(name, "#"), 10, 64)
	if !strings.HasPrefix(name, "#") || err != nil || !slices.Contains(had, ID(n)) {
		return 0, false
	}
	return ID(n), true
}

// nameRoutes sets every channel's product names to the current names of
// its ProductIDs. Settings kept before routes held IDs name products:
// those names are resolved here, and one that resolves to nothing routes
// nothing (Route.routesProduct).
func (o *op) nameRoutes(s *NotifySettings) error {
	for i := range s.Channels {
		c := &s.Channels[i]
		if len(c.ProductIDs) == 0 {
			for _, name := range c.Products {
				if p, err := o.tx.ProductByName(name); err == nil {
					c.ProductIDs = append(c.ProductIDs, p.ID)
				}
			}
		}
		if len(c.ProductIDs) == 0 {
			continue
		}
		names := make([]string, len(c.ProductIDs))
		for j, id := range c.ProductIDs {
			p, err := o.tx.Product(id)
			switch {
			case err == ErrNotFound:
				names[j] = "#" + strconv.FormatUint(id, 10)
			case err != nil:
				return err
			default:
				names[j] = p.Name
			}
		}
		c.Products = names
	}
	return nil
}
