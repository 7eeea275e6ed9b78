package postgres

import (
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/seats/seats/model"
)

const productCols = `id, name, software, vendor, license_type, kind, contracted, period, net_price, vat_basis,
	purchased, expires, support_until, invoice, serial, inventory, org_unit, location, keys, policy,
	reduce_on_termination, notes, pending_removal, created, created_ns`

var putProductSQL = upsert("products", productCols+", name_key")

func scanProduct(row pgx.Row) (model.Product, error) {
	var p model.Product
	var purchased, expires, support pgtype.Date
	var created pgtype.Timestamptz
	var createdNs int16
	err := row.Scan(&p.ID, &p.Name, &p.Software, &p.Vendor, &p.LicenseType, &p.Kind, &p.Contracted, &p.Period, &p.NetPrice, &p.VATBasis,
		&purchased, &expires, &support, &p.Invoice, &p.Serial, &p.Inventory, &p.OrgUnit, &p.Location, &p.Keys, &p.Policy,
		&p.ReduceOnTermination, &p.Notes, &p.PendingRemoval, &created, &createdNs)
	p.Purchased, p.Expires, p.SupportUntil = fromDate(purchased), fromDate(expires), fromDate(support)
	p.Created = fromTime(created, createdNs)
	return p, err
}

func (t *tx) Product(id model.ID) (model.Product, error) {
	if p, found, known := t.keptProduct(func(p model.Product) bool { return p.ID == id }); known {
		return p, foundOr(found)
	}
	return one(t, scanProduct, `SELECT `+productCols+` FROM products WHERE id = $1`, id)
}

func (t *tx) ProductByName(name string) (model.Product, error) {
	key := nameKey(name)
	if p, found, known := t.keptProduct(func(p model.Product) bool { return nameKey(p.Name) == key }); known {
		return p, foundOr(found)
	}
	return one(t, scanProduct, `SELECT `+productCols+` FROM products WHERE name_key = $1`, nameKey(name))
}

func (t *tx) Products() ([]model.Product, error) {
	if t.products != nil {
		return append([]model.Product{}, t.products...), nil
	}
	return collect(t, scanProduct, `SELECT `+productCols+` FROM products ORDER BY id`)
}

func (t *tx) PutProduct(p *model.Product) error {
	if err := t.assignID(idProduct, &p.ID); err != nil {
		return err
	}
	created, createdNs := toTime(p.Created)
	err := t.exec(putProductSQL,
		p.ID, p.Name, p.Software, p.Vendor, p.LicenseType, p.Kind, p.Contracted, p.Period, p.NetPrice, p.VATBasis,
		toDate(p.Purchased), toDate(p.Expires), toDate(p.SupportUntil), p.Invoice, p.Serial, p.Inventory, p.OrgUnit, p.Location, p.Keys, p.Policy,
		p.ReduceOnTermination, p.Notes, p.PendingRemoval, created, createdNs, nameKey(p.Name))
	if err != nil {
		return err
	}
	t.keepProduct(*p)
	// Every product has its counters row, so a DBA's join never misses one.
	return t.exec(`INSERT INTO product_counts (product_id, available, active, deactivated) VALUES ($1, 0, 0, 0)
		ON CONFLICT (product_id) DO NOTHING`, p.ID)
}

// DeleteProduct removes the product; its licenses and counters go with it
// (ON DELETE CASCADE). Their history stays in the event log.
func (t *tx) DeleteProduct(id model.ID) error {
	if !t.write {
		return errReadOnly
	}
	if _, err := t.Product(id); err != nil {
		return err
	}
	for lid, l := range t.lic {
		if l.ProductID == id {
			delete(t.lic, lid)
		}
	}
	delete(t.counts, id)
	t.forgetProduct(id)
	clear(t.heldBy)
	t.forgetDays(id)
	return t.exec(`DELETE FROM products WHERE id = $1`, id)
}

// foundOr is nil when found, else ErrNotFound.
func foundOr(found bool) error {
	if found {
		return nil
	}
	return model.ErrNotFound
}
