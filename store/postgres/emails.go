package postgres

import "github.com/seats/seats/model"

// A writer keeps the emails of the users it read or wrote (lower-cased,
// ASCII only: there Go's lower-casing is certainly the server's), so
// UserByEmail of a kept user costs no round trip. A writer that asks
// about more emails than it keeps (an import: each new user's email must
// be free) reads every email of the organization once, after which an
// email it does not know is free without asking.

// emailAsksBeforeAll is how many emails a writer asks the server about
// before it reads them all.
const emailAsksBeforeAll = 32

// keepEmail files u's email.
func (t *tx) keepEmail(u model.User) {
	if key, ok := emailKey(u.Email); ok {
		if t.byEmail == nil {
			t.byEmail = map[string]model.ID{}
		}
		t.byEmail[key] = u.ID
	}
}

// keptEmail answers UserByEmail from memory when it can: known false
// means ask the server.
func (t *tx) keptEmail(email string) (u model.User, found, known bool, err error) {
	key, ok := emailKey(email)
	if !ok {
		return model.User{}, false, false, nil
	}
	if id, ok := t.byEmail[key]; ok {
		if u, ok := t.users[id]; ok {
			if same, _ := sameEmail(u.Email, email); same {
				return u, true, true, nil
			}
			// The user's email changed in this transaction: the key is stale.
			delete(t.byEmail, key)
		} else if t.allEmails {
			// Read with every email, not as a record: one read.
			u, err := t.User(id)
			if err != nil {
				return model.User{}, false, true, err
			}
			if same, _ := sameEmail(u.Email, email); same {
				return u, true, true, nil
			}
			delete(t.byEmail, key)
		}
	}
	if t.allEmails {
		return model.User{}, false, true, nil
	}
	if t.emailAsks++; t.emailAsks < emailAsksBeforeAll {
		return model.User{}, false, false, nil
	}
	if err := t.readAllEmails(); err != nil {
		return model.User{}, false, true, err
	}
	return t.keptEmail(email)
}

// readAllEmails reads every stored email in one query (what is queued is
// sent first, so the writer's own users are in it).
func (t *tx) readAllEmails() error {
	ns, err := collect(t, scanNamed, `SELECT lower(email), id FROM users`)
	if err != nil {
		return err
	}
	if t.byEmail == nil {
		t.byEmail = make(map[string]model.ID, len(ns))
	}
	for _, n := range ns {
		if _, ascii := emailKey(n.name); ascii {
			if _, ok := t.byEmail[n.name]; !ok {
				t.byEmail[n.name] = n.id
			}
		}
	}
	t.allEmails = true
	return nil
}

// emailKey is an ASCII email lower-cased; ok false for any other.
func emailKey(email string) (string, bool) {
	b := []byte(email)
	for i, c := range b {
		switch {
		case c >= 0x80:
			return "", false
		case 'A' <= c && c <= 'Z':
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b), true
}
