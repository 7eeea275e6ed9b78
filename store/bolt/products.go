package bolt

import (
	"bytes"

	"github.com/seats/seats/model"
)

func (t *tx) Product(id model.ID) (model.Product, error) { return products.get(t, id) }

func (t *tx) ProductByName(name string) (model.Product, error) {
	return products.lookup(t, bProductByName, nameKey(name))
}

func (t *tx) Products() ([]model.Product, error) { return products.all(t) }

func (t *tx) PutProduct(p *model.Product) error { return products.put(t, p) }

// DeleteProduct removes the product, its licenses with their index
// entries, day counts and counters. Their history stays in the event log.
func (t *tx) DeleteProduct(id model.ID) error {
	p, err := t.Product(id)
	if err != nil {
		return err
	}
	var doomed []model.License
	prefix := u64(id) // every status
	err = licenses.listed(t, bLicByStatus, scan(t.bucket(bLicByStatus), prefix, prefix), func(l model.License) bool {
		doomed = append(doomed, l)
		return true
	})
	if err != nil {
		return err
	}
	for _, l := range doomed {
		if err := licenses.drop(t, l); err != nil {
			return err
		}
	}
	if err := t.flush(); err != nil { // day counts changed earlier in the transaction
		return err
	}
	days := t.bucket(bLicDays) // drifted day counts too
	if err := deleteUnless(days.Cursor(), func(k []byte) bool { return !bytes.HasPrefix(k, u64(id)) }, days.Delete); err != nil {
		return err
	}
	if err := t.bucket(bCounts).Delete(u64(id)); err != nil {
		return err
	}
	return products.drop(t, p)
}
