package postgres

import (
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/seats/seats/model"
)

// Users are stored as the domain hands them, without Held: how many
// licenses a user holds is in the licenses table, and the domain settles
// the state from it.

const userCols = `id, email, first_name, last_name, role, department, kind, state, last_day, created, created_ns`

var putUserSQL = upsert("users", userCols)

func scanUser(row pgx.Row) (model.User, error) {
	var u model.User
	var lastDay pgtype.Date
	var created pgtype.Timestamptz
	var createdNs int16
	err := row.Scan(&u.ID, &u.Email, &u.First, &u.Last, &u.Role, &u.Department, &u.Kind, &u.State, &lastDay, &created, &createdNs)
	u.LastDay, u.Created = fromDate(lastDay), fromTime(created, createdNs)
	return u, err
}

func (t *tx) User(id model.ID) (model.User, error) {
	if u, ok := t.users[id]; ok {
		return u, nil
	}
	t.rideHolder(`u.id = $1`, id)
	u, err := one(t, scanUser, `SELECT `+userCols+` FROM users WHERE id = $1`, id)
	t.keepUser(u, err)
	return u, err
}

// keepUser keeps a user a writer read, and the seats a holder rider
// read with it.
func (t *tx) keepUser(u model.User, err error) {
	if err != nil {
		t.heldRead, t.heldReadOK = nil, false
		return
	}
	if t.users != nil {
		t.users[u.ID] = u
		t.keepEmail(u)
	}
	t.heldOfRide(u)
}

// UserByEmail finds the email through the case-insensitive unique index.
// A writer answers from the users it holds, and one that asks for many
// emails (an import checks each new one is free) reads every email once
// (emails.go) instead of asking the server each time.
func (t *tx) UserByEmail(email string) (model.User, error) {
	if t.write {
		if u, found, known, err := t.keptEmail(email); known || err != nil {
			return u, errOr(err, found)
		}
	}
	t.rideHolder(`lower(u.email) = lower($1)`, email)
	u, err := one(t, scanUser, `SELECT `+userCols+` FROM users WHERE lower(email) = lower($1)`, email)
	t.keepUser(u, err)
	return u, err
}

func errOr(err error, found bool) error {
	if err != nil {
		return err
	}
	return foundOr(found)
}

func (t *tx) Users(fn func(model.User) bool) error {
	return inIDOrder(t, scanUser, userCols, "users", func(u model.User) model.ID { return u.ID }, fn)
}

// PutUser stores u. A user new to the organization (an ID above every
// stored one, as an import's or a bulk load's are) is held for COPY
// (fresh.go): a 100,000-user import is a few COPYs, not 100,000 INSERTs.
func (t *tx) PutUser(u *model.User) error {
	if !t.write {
		return errReadOnly
	}
	r, err := t.orgRow()
	if err != nil {
		return err
	}
	stored := r.last[idUser]
	if err := t.assignID(idUser, &u.ID); err != nil {
		return err
	}
	t.users[u.ID] = *u
	t.keepEmail(*u)
	created, createdNs := toTime(u.Created)
	row := []any{u.ID, u.Email, u.First, u.Last, u.Role, u.Department, u.Kind, u.State, toDate(u.LastDay), created, createdNs}
	if u.ID > stored {
		return t.hold(freshUsers, row...)
	}
	return t.exec(putUserSQL, row...)
}

// named is a name and the ID it names, for model.NameIndex.
type named struct {
	name string
	id   model.ID
}

func scanNamed(row pgx.Row) (named, error) {
	var n named
	return n, row.Scan(&n.name, &n.id)
}

var _ model.NameIndex = (*tx)(nil)

// UserEmails hands fn every email in byte order with its user, in one
// query: a listing names a third of a million holders from it without
// reading, and settling, every user.
func (t *tx) UserEmails(fn func(email []byte, id model.ID) bool) error {
	ns, err := collect(t, scanNamed, `SELECT email, id FROM users ORDER BY email COLLATE "C"`)
	if err != nil {
		return err
	}
	for _, n := range ns {
		if !fn([]byte(n.name), n.id) {
			return nil
		}
	}
	return nil
}

var _ model.HoldersByID = (*tx)(nil)

// pageHolders are the users and assets holding the seats of a reader's
// first page of licenses, read with it (see Licenses): which IDs the page
// holds (asked) and the records found for them.
type pageHolders struct {
	read           bool
	users          map[model.ID]model.User
	assets         map[model.ID]model.Asset
	askedU, askedA map[model.ID]bool
}

// ridePageHolders reads, with the next round trip, the holders of the
// page of licenses from start of at most limit rows.
func (t *tx) ridePageHolders(start model.ID, limit int) {
	t.page = pageHolders{users: map[model.ID]model.User{}, assets: map[model.ID]model.Asset{}}
	page := `(SELECT assignee_kind, assignee_id FROM licenses WHERE id >= $1 ORDER BY id LIMIT $2) p`
	t.ride(rider{sql: `SELECT ` + userCols + ` FROM users WHERE id IN (SELECT p.assignee_id FROM ` + page + ` WHERE p.assignee_kind = 'user')`,
		args: []any{start, limit}, take: takeAll(scanUser, func(us []model.User) {
			for _, u := range us {
				t.page.users[u.ID] = u
			}
		})})
	t.ride(rider{sql: `SELECT ` + assetCols + ` FROM assets WHERE id IN (SELECT p.assignee_id FROM ` + page + ` WHERE p.assignee_kind = 'asset')`,
		args: []any{start, limit}, take: takeAll(scanAsset, func(as []model.Asset) {
			for _, a := range as {
				t.page.assets[a.ID] = a
			}
		})})
}

// holdersOf records which holders the page read with the riders holds.
func (p *pageHolders) holdersOf(ls []model.License) {
	p.read, p.askedU, p.askedA = true, map[model.ID]bool{}, map[model.ID]bool{}
	for _, l := range ls {
		switch l.AssigneeKind {
		case model.AssigneeUser:
			p.askedU[l.AssigneeID] = true
		case model.AssigneeAsset:
			p.askedA[l.AssigneeID] = true
		}
	}
}

// answers hands the records of users and assets to user and asset, if
// the page's riders read every one of them (found or not).
func (p *pageHolders) answers(users, assets []model.ID, user func(model.User), asset func(model.Asset)) bool {
	if !p.read {
		return false
	}
	for _, id := range users {
		if !p.askedU[id] {
			return false
		}
	}
	for _, id := range assets {
		if !p.askedA[id] {
			return false
		}
	}
	for _, id := range users {
		if u, ok := p.users[id]; ok {
			user(u)
		}
	}
	for _, id := range assets {
		if a, ok := p.assets[id]; ok {
			asset(a)
		}
	}
	return true
}

// HoldersByID reads the users and assets of a listing's first page in one
// round trip, or none when they came with the page.
func (t *tx) HoldersByID(users, assets []model.ID, user func(model.User), asset func(model.Asset)) error {
	if t.page.answers(users, assets, user, asset) {
		return nil
	}
	if len(assets) > 0 {
		t.ride(rider{sql: `SELECT ` + assetCols + ` FROM assets WHERE id = ANY($1)`, args: []any{assets},
			take: takeAll(scanAsset, func(as []model.Asset) {
				for _, a := range as {
					asset(a)
				}
			})})
	}
	us, err := collect(t, scanUser, `SELECT `+userCols+` FROM users WHERE id = ANY($1)`, users)
	for _, u := range us {
		user(u)
	}
	return err
}
