package legacy

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/seats/seats/model"
	bbolt "go.etcd.io/bbolt"
)

// Schema 7 had today's layout but kept users and events as JSON: its
// migration rewrites those two buckets in place, decoding them with these
// frozen copies of the records as schema 7 wrote them (never the current
// model types, which may change).

type v7User struct {
	Email      string    `json:"email"`
	First      string    `json:"first"`
	Last       string    `json:"last"`
	Role       string    `json:"role"`
	Department string    `json:"department,omitempty"`
	Kind       string    `json:"kind"`
	State      string    `json:"state"`
	LastDay    string    `json:"last_day,omitempty"`
	Created    time.Time `json:"created"`
}

type v7Event struct {
	Time         time.Time `json:"time"`
	Actor        string    `json:"actor"`
	Kind         string    `json:"kind"`
	ProductID    uint64    `json:"product_id,omitempty"`
	Product      string    `json:"product,omitempty"`
	LicenseID    uint64    `json:"license_id,omitempty"`
	UserID       uint64    `json:"user_id,omitempty"`
	User         string    `json:"user,omitempty"`
	AssetID      uint64    `json:"asset_id,omitempty"`
	Asset        string    `json:"asset,omitempty"`
	AllocationID uint64    `json:"allocation_id,omitempty"`
	From         string    `json:"from,omitempty"`
	To           string    `json:"to,omitempty"`
	CountFrom    int64     `json:"count_from,omitempty"`
	CountTo      int64     `json:"count_to,omitempty"`
	FirstLicense uint64    `json:"first_license,omitempty"`
	LastLicense  uint64    `json:"last_license,omitempty"`
	Amount       int64     `json:"amount,omitempty"`
	Note         string    `json:"note,omitempty"`
	Hash         string    `json:"hash,omitempty"`
}

func v7ToUser(id uint64, raw []byte) (model.User, error) {
	var u v7User
	err := json.Unmarshal(raw, &u)
	return model.User{ID: id, Email: u.Email, First: u.First, Last: u.Last, Role: model.Role(u.Role),
		Department: u.Department, Kind: model.UserKind(u.Kind), State: model.UserState(u.State),
		LastDay: model.Date(u.LastDay), Created: u.Created}, err
}

func v7ToEvent(seq uint64, raw []byte) (model.Event, error) {
	var e v7Event
	err := json.Unmarshal(raw, &e)
	return model.Event{Seq: seq, Time: e.Time, Actor: e.Actor, Kind: e.Kind, ProductID: e.ProductID,
		Product: e.Product, LicenseID: e.LicenseID, UserID: e.UserID, User: e.User, AssetID: e.AssetID,
		Asset: e.Asset, AllocationID: e.AllocationID, From: e.From, To: e.To, CountFrom: int(e.CountFrom),
		CountTo: int(e.CountTo), FirstLicense: e.FirstLicense, LastLicense: e.LastLicense,
		Amount: model.Money(e.Amount), Note: e.Note, Hash: e.Hash}, err
}

// UpgradeV7 rewrites a schema-7 file's users and events in place, each
// record decoded here and encoded by the current store's user and event,
// and hands history every entry of schema 7's one history bucket
// (event_by_ref: kind | id | seq → ∅), in key order.
func UpgradeV7(btx *bbolt.Tx, user func(model.User) []byte, event func(model.Event) []byte,
	history func(kind byte, id, seq uint64) error) error {
	refs, err := oldBucket(btx, "event_by_ref")
	if err != nil {
		return err
	}
	c := refs.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) != 17 {
			return model.Corruptf("event_by_ref: entry %x is damaged", k)
		}
		if err := history(k[0], oldBE.Uint64(k[1:]), oldBE.Uint64(k[9:])); err != nil {
			return model.Corruptf("event_by_ref: entry %x: %v", k, err)
		}
	}
	for _, f := range []struct {
		name    string
		convert func(k, v []byte) ([]byte, error)
	}{
		{"user", func(k, v []byte) ([]byte, error) { u, err := v7ToUser(oldBE.Uint64(k), v); return user(u), err }},
		{"event", func(k, v []byte) ([]byte, error) { e, err := v7ToEvent(oldBE.Uint64(k), v); return event(e), err }},
	} {
		b, err := oldBucket(btx, f.name)
		if err != nil {
			return err
		}
		b.FillPercent = 1
		// In chunks read ahead of their writes: a cursor's walk is
		// undefined while its tree changes.
		var from []byte
		for {
			var keys, vals [][]byte
			c := b.Cursor()
			k, v := c.Seek(from)
			if from != nil && bytes.Equal(k, from) {
				k, v = c.Next()
			}
			for ; k != nil && len(keys) < 10_000; k, v = c.Next() {
				if len(k) != 8 {
					return model.Corruptf("%s: key %x is damaged", f.name, k)
				}
				nv, err := f.convert(k, v)
				if err != nil {
					return model.Corruptf("%s: record %x is damaged: %v", f.name, k, err)
				}
				keys, vals = append(keys, bytes.Clone(k)), append(vals, nv)
			}
			if len(keys) == 0 {
				break
			}
			for i := range keys {
				if err := b.Put(keys[i], vals[i]); err != nil {
					return err
				}
			}
			from = keys[len(keys)-1]
		}
	}
	return nil
}
