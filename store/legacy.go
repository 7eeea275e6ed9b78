package store

import (
	"github.com/seats/seats/model"
	bolt "go.etcd.io/bbolt"
)

// The layout of schema 4 and before, which the migrations read and
// migration 5 folds into the seats bucket: licenses, their two indexes,
// their per-day counts and the event log were buckets of their own.
var (
	bLicenses  = []byte("licenses")   // id → License | head
	bLicStatus = []byte("lic_status") // product | status | since | license → ∅
	bLicHolder = []byte("lic_holder") // kind | holder → head; kind | holder | product | license → ∅
	bLicDays   = []byte("lic_days")   // product | status | day → n
	bEvents    = []byte("events")     // seq → links | Event
	// bEventRef is the history index of schema 3 and before, which
	// migration 4 replaced with history chains.
	bEventRef = []byte("event_ref")
)

func v4HolderHeadKey(r model.Ref) []byte { return key(r.Kind, r.ID) }

func v4DayKey(product model.ID, s model.Status, day uint32) []byte {
	return be.AppendUint32(key(product, s), day)
}

// v4Licenses calls fn with every license of the schema-4 licenses bucket.
func v4Licenses(btx *bolt.Tx, fn func(l model.License, raw []byte) error) error {
	b := btx.Bucket(bLicenses)
	if b == nil {
		return nil
	}
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		l, err := decodeLicense(be.Uint64(k), v)
		if err != nil {
			return model.Corruptf("%s: %v", model.LicenseCode(be.Uint64(k)), err)
		}
		if err := fn(l, v); err != nil {
			return err
		}
	}
	return nil
}
