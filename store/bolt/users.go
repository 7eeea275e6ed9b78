package bolt

import (
	"errors"

	"github.com/seats/seats/model"
)

// Users are stored as the domain hands them, without Held: how many
// licenses a user holds lives in the holder index, and the domain settles
// the state from it.

func (t *tx) User(id model.ID) (model.User, error) {
	raw := t.bucket(bUser).Get(u64(id))
	if raw == nil {
		return model.User{}, model.ErrNotFound
	}
	return decodeUser(id, raw)
}

func (t *tx) UserByEmail(email string) (model.User, error) {
	v := t.bucket(bUserByEmail).Get([]byte(email))
	if v == nil {
		return model.User{}, model.ErrNotFound
	}
	if len(v) != 8 {
		return model.User{}, model.Corruptf("email index entry %q is damaged", email)
	}
	return t.User(be.Uint64(v))
}

func (t *tx) Users(fn func(model.User) bool) error {
	c := t.bucket(bUser).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		u, err := decodeUser(be.Uint64(k), v)
		if err != nil || len(k) != 8 {
			return model.Corruptf("user %x: %v", k, errDamaged)
		}
		if !fn(u) {
			return nil
		}
	}
	return nil
}

func (t *tx) PutUser(u *model.User) error {
	b, index := t.bucket(bUser), t.bucket(bUserByEmail)
	// New users take the next ID, so the bucket grows at its end; a record
	// rewritten later rarely grows by more than a few bytes.
	b.FillPercent = 0.95
	if err := assignID(b, &u.ID); err != nil {
		return err
	}
	old, err := t.User(u.ID)
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return err
	}
	if old.Email != "" && old.Email != u.Email {
		if err := index.Delete([]byte(old.Email)); err != nil {
			return err
		}
	}
	if err := index.Put([]byte(u.Email), u64(u.ID)); err != nil {
		return err
	}
	return b.Put(u64(u.ID), encodeUser(*u))
}

var _ model.NameIndex = (*tx)(nil)

// UserEmails iterates the email index, whose keys are the emails as the
// domain stores them: naming a million licenses' holders reads no user
// record.
func (t *tx) UserEmails(fn func(email []byte, id model.ID) bool) error {
	c := t.bucket(bUserByEmail).Cursor()
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
