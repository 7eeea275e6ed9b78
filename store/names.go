package store

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/seats/seats/model"
)

// The name indexes already hold what a listing shows for a holder, so
// naming a million licenses' holders need not decode a third of a million
// user records (seconds of JSON) to read one field of each.

var _ model.NameIndex = (*tx)(nil)

// UserEmails iterates the email index: its keys are the emails as the
// domain stores them (lower-case), so no user record is read.
func (t *tx) UserEmails(fn func(email []byte, id model.ID) bool) error {
	c := t.bucket(bUserEmail).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(v) != 8 {
			return model.Corruptf("email index entry %q is damaged", k)
		}
		if !fn(k, be.Uint64(v)) {
			return nil
		}
	}
	return nil
}

// AssetNames iterates the asset name index, whose keys are lower-cased:
// the name as the user wrote it comes from each record.
func (t *tx) AssetNames(fn func(name []byte, id model.ID) bool) error {
	assets := t.bucket(bAssets)
	c := t.bucket(bAssetName).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		raw := assets.Get(v)
		if len(v) != 8 || raw == nil {
			return model.Corruptf("asset name index entry %q names no asset", k)
		}
		name, err := assetName(raw)
		if err != nil {
			return model.Corruptf("damaged record %x: %v", v, err)
		}
		if !fn(name, be.Uint64(v)) {
			return nil
		}
	}
	return nil
}

var (
	assetIDField   = []byte(`{"id":`)
	assetNameField = []byte(`,"name":"`)
)

// assetName reads the name of a stored asset without decoding the record,
// which costs more than the listing's whole pass over the licenses at
// scale. json.Marshal writes model.Asset's id first and name second, and
// escapes every byte that needs it with a backslash; a name with an escape,
// or a record of another shape, is decoded in full. The rest of the record
// is not read, so not validated either: Check does that.
func assetName(raw []byte) ([]byte, error) {
	if rest, ok := bytes.CutPrefix(raw, assetIDField); ok {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if rest, ok := bytes.CutPrefix(rest[i:], assetNameField); ok && i > 0 {
			if j := bytes.IndexByte(rest, '"'); j >= 0 && unescaped(rest[:j]) {
				return rest[:j], nil
			}
		}
	}
	var a struct {
		Name string `json:"name"`
	}
	err := json.Unmarshal(raw, &a)
	return []byte(a.Name), err
}

// unescaped reports whether b reads the same inside JSON quotes as it is.
func unescaped(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c == '\\' {
			return false
		}
	}
	return utf8.Valid(b)
}
