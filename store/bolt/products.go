package bolt

import (
	"bytes"
	"errors"
	"time"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

var timeZero time.Time

func (t *tx) Product(id model.ID) (model.Product, error) {
	return getJSON[model.Product](t.bucket(bProduct), u64(id))
}

func (t *tx) ProductByName(name string) (model.Product, error) {
	id, err := byName(t.bucket(bProductByName), name)
	if err != nil {
		return model.Product{}, err
	}
	return t.Product(id)
}

func (t *tx) Products() ([]model.Product, error) {
	var out []model.Product
	err := eachJSON(t.bucket(bProduct), func(p model.Product) bool { out = append(out, p); return true })
	return out, err
}

func (t *tx) PutProduct(p *model.Product) error {
	b := t.bucket(bProduct)
	if err := assignID(b, &p.ID); err != nil {
		return err
	}
	old, err := t.Product(p.ID)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return err
	}
	if err := rename(t.bucket(bProductByName), old.Name, p.Name, u64(p.ID)); err != nil {
		return err
	}
	return putJSON(b, u64(p.ID), p)
}

// DeleteProduct removes the product, its licenses with their index
// entries, day counts and counters. Their history stays in the event log.
func (t *tx) DeleteProduct(id model.ID) error {
	p, err := t.Product(id)
	if err != nil {
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
	if err := t.bucket(bProductByName).Delete(nameKey(p.Name)); err != nil {
		return err
	}
	return t.bucket(bProduct).Delete(u64(id))
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
