package bolt

import "github.com/seats/seats/model"

// Users are stored as the domain hands them, without Held: how many
// licenses a user holds lives in the holder index, and the domain settles
// the state from it.

func (t *tx) User(id model.ID) (model.User, error) { return users.get(t, id) }

func (t *tx) UserByEmail(email string) (model.User, error) {
	return users.lookup(t, bUserByEmail, []byte(email))
}

func (t *tx) Users(fn func(model.User) bool) error { return users.each(t, 0, fn) }

func (t *tx) PutUser(u *model.User) error { return users.put(t, u) }

var _ model.NameIndex = (*tx)(nil)

// UserEmails iterates the email index, whose keys are the emails as the
// domain stores them: naming a million licenses' holders reads no user
// record.
func (t *tx) UserEmails(fn func(email []byte, id model.ID) bool) error {
	return users.keys(t, func(k, v []byte) bool { return fn(k, be.Uint64(v)) })
}
