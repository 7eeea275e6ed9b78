package bolt

import (
	"bytes"
	"time"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

var timeZero time.Time

func (t *tx) Product(id model.ID) (model.Product, error) { return products.get(t, id) }

func (t *tx) ProductByName(name string) (model.Product, error) {
	return products.lookup(t, nameKey(name))
}

func (t *tx) Products() ([]model.Product, error) { return products.all(t) }

func (t *tx) PutProduct(p *model.Product) error { return products.put(t, p) }

// DeleteProduct removes the product, its licenses with their index
// entries, day counts and counters. Their history stays in the event log.
func (t *tx) DeleteProduct(id model.ID) error {
	if _, err := t.Product(id); err != nil {
		return err
	}
	var doomed []model.License
	for _, s := range []model.Status{model.Available, model.Active, model.Deactivated} {
		if err := t.LicensesByStatus(id, s, timeZero, func(l model.License) bool { doomed = append(doomed, l); return true }); err != nil {
			return err
		}
	}
	lic, status, holder := t.bucket(bLicense), t.bucket(bLicByStatus), t.bucket(bLicByHolder)
	for _, l := range doomed {
		if err := lic.Delete(u64(l.ID)); err != nil {
			return err
		}
		if err := status.Delete(statusKey(l)); err != nil {
			return err
		}
		if l.Status == model.Active {
			if err := holder.Delete(holderKey(l)); err != nil {
				return err
			}
		}
	}
	if err := deletePrefix(t.bucket(bLicDays), u64(id)); err != nil {
		return err
	}
	delete(t.counts, id)
	t.days = nil
	if err := t.bucket(bCounts).Delete(u64(id)); err != nil {
		return err
	}
	_, err := products.delete(t, id)
	return err
}

// deletePrefix deletes every key of b that starts with prefix, gathered
// first: bbolt's cursor may skip a key after a delete under it.
func deletePrefix(b *bbolt.Bucket, prefix []byte) error {
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
