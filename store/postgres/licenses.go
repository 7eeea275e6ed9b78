package postgres

import (
	"cmp"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/seats/seats/model"
)

const licenseCols = `id, product_id, status, assignee_kind, assignee_id, created, created_ns,
	assigned_at, assigned_at_ns, since, since_ns, created_seq`

var putLicenseSQL = upsert("licenses", licenseCols)

// Statuses and assignee kinds are words in the table, for whoever reads
// it with SQL; the domain's bytes are mapped here.
func statusWord(s model.Status) (string, error) {
	switch s {
	case model.Available, model.Active, model.Deactivated:
		return s.String(), nil
	}
	return "", model.Corruptf("license status %q is unknown", byte(s))
}

func kindWord(k model.AssigneeKind) (any, error) {
	switch k {
	case model.NoAssignee:
		return nil, nil
	case model.AssigneeUser:
		return "user", nil
	case model.AssigneeAsset:
		return "asset", nil
	}
	return nil, model.Corruptf("assignee kind %q is unknown", byte(k))
}

func scanLicense(row pgx.Row) (model.License, error) { return newLicenseScanner().scan(row) }

// licenseScanner scans license rows into the same destinations every
// time: a listing of a million licenses allocates per row only what it
// keeps, and reads the status and holder words in place.
type licenseScanner struct {
	l                              model.License
	status, kind                   pgtype.DriverBytes
	created, assigned, since       pgtype.Timestamptz
	createdNs, assignedNs, sinceNs int16
	dest                           []any
}

func newLicenseScanner() *licenseScanner {
	s := &licenseScanner{}
	s.dest = []any{&s.l.ID, &s.l.ProductID, &s.status, &s.kind, &s.l.AssigneeID, &s.created, &s.createdNs,
		&s.assigned, &s.assignedNs, &s.since, &s.sinceNs, &s.l.CreatedSeq}
	return s
}

func (s *licenseScanner) scan(row pgx.Row) (model.License, error) {
	s.l = model.License{}
	s.kind = nil
	if err := row.Scan(s.dest...); err != nil {
		return model.License{}, err
	}
	l := s.l
	switch string(s.status) {
	case "available":
		l.Status = model.Available
	case "active":
		l.Status = model.Active
	case "deactivated":
		l.Status = model.Deactivated
	default:
		return l, model.Corruptf("%s has status %q", l.Code(), string(s.status))
	}
	switch string(s.kind) {
	case "user":
		l.AssigneeKind = model.AssigneeUser
	case "asset":
		l.AssigneeKind = model.AssigneeAsset
	}
	l.Created, l.AssignedAt, l.Since = fromTime(s.created, s.createdNs), fromTime(s.assigned, s.assignedNs), fromTime(s.since, s.sinceNs)
	return l, nil
}

// licenses reads licenses and, in a write transaction, remembers them for
// PutLicense.
func (t *tx) licenses(sql string, args ...any) ([]model.License, error) {
	ls, err := collect(t, newLicenseScanner().scan, sql, args...)
	if t.lic != nil {
		for _, l := range ls {
			if _, ok := t.lic[l.ID]; ok || len(t.lic) < maxCached {
				t.lic[l.ID] = l
			}
		}
	}
	return ls, err
}

func (t *tx) License(id model.ID) (model.License, error) {
	if l, ok := t.lic[id]; ok {
		return l, nil
	}
	// A writer that reads one license by ID (unassign, reclaim…) goes on
	// to its holder and what the holder holds: they ride along.
	var holder []model.User
	if t.write && t.holderRides < maxHolderRides {
		byLicense := `(SELECT assignee_id FROM licenses WHERE id = $1 AND assignee_kind = 'user')`
		t.ride(rider{sql: `SELECT ` + userCols + ` FROM users WHERE id = ` + byLicense, args: []any{id},
			take: takeAll(scanUser, func(us []model.User) { holder = us })})
		t.rideHolder(`u.id = `+byLicense, id)
	}
	ls, err := t.licenses(`SELECT `+licenseCols+` FROM licenses WHERE id = $1`, id)
	if len(holder) == 1 {
		t.keepUser(holder[0], err)
	}
	t.heldRead, t.heldReadOK = nil, false
	if err == nil && len(ls) == 0 {
		err = model.ErrNotFound
	}
	if err != nil {
		return model.License{}, err
	}
	return ls[0], nil
}

// PutLicense stores l and moves its product's counters from the version
// it replaces, in the same transaction.
func (t *tx) PutLicense(l *model.License) error {
	if !t.write {
		return errReadOnly
	}
	r, err := t.orgRow()
	if err != nil {
		return err
	}
	stored := r.last[idLicense]
	if err := t.assignID(idLicense, &l.ID); err != nil {
		return err
	}
	status, err := statusWord(l.Status)
	if err != nil {
		return err
	}
	kind, err := kindWord(l.AssigneeKind)
	if err != nil {
		return err
	}
	c, err := t.countsOf(l.ProductID)
	if err != nil {
		return err
	}
	// An ID above every stored one has no earlier version to look up.
	if l.ID <= stored {
		old, err := t.License(l.ID)
		switch {
		case err == nil:
			if old.ProductID != l.ProductID {
				return model.Corruptf("%s cannot move between products", model.LicenseCode(l.ID))
			}
			c.Add(old.Status, -1)
			t.moveDay(old.ProductID, old.Status, old.Since, -1)
			t.unheld(old)
		case !errors.Is(err, model.ErrNotFound):
			return err
		}
	}
	created, createdNs := toTime(l.Created)
	assigned, assignedNs := toTime(l.AssignedAt)
	since, sinceNs := keyTime(l.Since)
	write := t.exec
	if l.ID > stored {
		// No version of it can be stored or queued yet: COPY may take it.
		write = func(_ string, row ...any) error { return t.hold(freshLicenses, row...) }
	}
	if err := write(putLicenseSQL, l.ID, l.ProductID, status, kind, l.AssigneeID, created, createdNs,
		assigned, assignedNs, since, sinceNs, l.CreatedSeq); err != nil {
		return err
	}
	t.nowHeld(*l)
	c.Add(l.Status, 1)
	c.dirty = true
	t.moveDay(l.ProductID, l.Status, l.Since, 1)
	if _, ok := t.lic[l.ID]; ok || len(t.lic) < maxCached {
		t.lic[l.ID] = *l
	}
	return nil
}

// unheld takes the version of a license being replaced out of its
// holder's kept seats.
func (t *tx) unheld(old model.License) {
	k := holder{old.AssigneeKind, old.AssigneeID}
	ls, ok := t.heldBy[k]
	if !ok {
		return
	}
	t.heldBy[k] = slices.DeleteFunc(slices.Clone(ls), func(x model.License) bool { return x.ID == old.ID })
}

// nowHeld files a license as written among its holder's kept seats
// (product, then ID order, as the holder query reads them).
func (t *tx) nowHeld(l model.License) {
	t.unheld(l)
	k := holder{l.AssigneeKind, l.AssigneeID}
	ls, ok := t.heldBy[k]
	if !ok || l.Status != model.Active {
		return
	}
	i, _ := slices.BinarySearchFunc(ls, l, func(a, b model.License) int {
		if c := cmp.Compare(a.ProductID, b.ProductID); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	t.heldBy[k] = slices.Insert(ls, i, l)
}

// heldByMembersSQL reads the seat each allocation member holds of the
// allocation's product. Each allocation's members go to the holder
// index as one array (one index scan per allocation), which at 566
// members costs half of a join that rescans the index once per member.
var heldByMembersSQL = `SELECT ` + prefixed("l", licenseCols) + ` FROM allocations a, LATERAL (SELECT * FROM licenses l
	WHERE l.status = 'active' AND l.assignee_kind = 'user' AND l.product_id = a.product_id
		AND l.assignee_id = ANY(ARRAY(SELECT m.user_id FROM allocation_members m WHERE m.allocation_id = a.id))) l`

// heldByMembers reads the members' seats (a reader's; see tx.members).
func (t *tx) heldByMembers() error {
	ls, err := t.licenses(heldByMembersSQL)
	if err != nil {
		return err
	}
	t.keepHeld(ls)
	return nil
}

// rideHeldByMembers reads the members' seats with the next round trip.
func (t *tx) rideHeldByMembers() {
	t.ride(rider{sql: heldByMembersSQL, take: takeAll(newLicenseScanner().scan, t.keepHeld)})
}

func (t *tx) keepHeld(ls []model.License) {
	t.held = make(map[[2]model.ID]model.License, len(ls))
	for _, l := range ls {
		t.held[[2]model.ID{l.AssigneeID, l.ProductID}] = l
	}
}

// countsOf is the product's counters as this transaction has them.
// The counters of every product are read at once, on first use (for a
// writer, with its lock): a status wants them all, and they are a row per
// product.
func (t *tx) countsOf(product model.ID) (*counted, error) {
	if c, ok := t.counts[product]; ok {
		return c, nil
	}
	if !t.allCounts {
		cs, err := collect(t, scanCounts, selectCounts)
		if err != nil {
			return nil, err
		}
		t.keepCounts(cs)
		if c, ok := t.counts[product]; ok {
			return c, nil
		}
	}
	// A product without a row: none stored, or created in this transaction.
	c := &counted{}
	t.counts[product] = c
	return c, nil
}

const selectCounts = `SELECT product_id, available, active, deactivated FROM product_counts`

type productCounts struct {
	id model.ID
	model.Counts
}

func scanCounts(row pgx.Row) (productCounts, error) {
	var c productCounts
	return c, row.Scan(&c.id, &c.Available, &c.Active, &c.Deactivated)
}

// keepCounts takes the counters read, keeping those this transaction has
// already.
func (t *tx) keepCounts(cs []productCounts) {
	for _, c := range cs {
		if _, ok := t.counts[c.id]; !ok {
			t.counts[c.id] = &counted{Counts: c.Counts}
		}
	}
	t.allCounts = true
}

func (t *tx) Counts(product model.ID) (model.Counts, error) {
	c, err := t.countsOf(product)
	if err != nil {
		return model.Counts{}, err
	}
	return c.Counts, nil
}

// Licenses is a listing (a screen's first page wants 256): its first
// page is larger than paged's.
//
// A reader's first page brings the users and assets holding its seats in
// the same round trip: a listing's first screen names them next
// (HoldersByID), and the page's holders are few.
func (t *tx) Licenses(from model.ID, fn func(model.License) bool) error {
	return pagedFrom(256, func(after *model.License, limit int) ([]model.License, error) {
		start := from
		if after != nil {
			start = after.ID + 1
		}
		if after == nil && !t.write {
			t.ridePageHolders(start, limit)
		}
		ls, err := t.licenses(`SELECT `+licenseCols+` FROM licenses WHERE id >= $1 ORDER BY id LIMIT $2`, start, limit)
		if after == nil && !t.write && err == nil {
			t.page.holdersOf(ls)
		}
		return ls, err
	}, fn)
}

func (t *tx) LicensesByStatus(product model.ID, s model.Status, since time.Time, fn func(model.License) bool) error {
	status, err := statusWord(s)
	if err != nil {
		return err
	}
	from, fromNs := keyTime(since)
	return paged(func(after *model.License, limit int) ([]model.License, error) {
		if after == nil {
			return t.licenses(`SELECT `+licenseCols+` FROM licenses WHERE product_id = $1 AND status = $2
				AND (since, since_ns) >= ($3, $4) ORDER BY since, since_ns, id LIMIT $5`, product, status, from, fromNs, limit)
		}
		at, atNs := keyTime(after.Since)
		return t.licenses(`SELECT `+licenseCols+` FROM licenses WHERE product_id = $1 AND status = $2
			AND (since, since_ns, id) > ($3, $4, $5) ORDER BY since, since_ns, id LIMIT $6`, product, status, at, atNs, after.ID, limit)
	}, fn)
}

func (t *tx) HeldBy(kind model.AssigneeKind, id model.ID, fn func(model.License) bool) error {
	k, err := kindWord(kind)
	if err != nil {
		return err
	}
	ls, cached := t.heldBy[holder{kind, id}]
	if !cached {
		ls, err = t.licenses(`SELECT `+licenseCols+` FROM licenses WHERE status = 'active' AND assignee_kind = $1 AND assignee_id = $2
		ORDER BY product_id, id`, k, id)
		if err != nil {
			return err
		}
		if len(t.heldBy) < maxHolders {
			t.heldBy[holder{kind, id}] = ls
		}
	}
	for _, l := range ls {
		if !fn(l) {
			return nil
		}
	}
	return nil
}

// maxHolders bounds the holders whose seats a transaction keeps.
const maxHolders = 10_000

func (t *tx) HeldOf(kind model.AssigneeKind, id model.ID, product model.ID) (model.License, error) {
	k, err := kindWord(kind)
	if err != nil {
		return model.License{}, err
	}
	if ls, ok := t.heldBy[holder{kind, id}]; ok {
		for _, l := range ls {
			if l.ProductID == product {
				return l, nil
			}
		}
		return model.License{}, model.ErrNotFound
	}
	if pair := [2]model.ID{id, product}; kind == model.AssigneeUser && t.members[pair] {
		if t.held == nil {
			if err := t.heldByMembers(); err != nil {
				return model.License{}, err
			}
		}
		if l, ok := t.held[pair]; ok {
			return l, nil
		}
		return model.License{}, model.ErrNotFound
	}
	ls, err := t.licenses(`SELECT `+licenseCols+` FROM licenses WHERE status = 'active' AND assignee_kind = $1 AND assignee_id = $2
		AND product_id = $3`, k, id, product)
	if err == nil && len(ls) == 0 {
		err = model.ErrNotFound
	}
	if err != nil {
		return model.License{}, err
	}
	return ls[0], nil
}
