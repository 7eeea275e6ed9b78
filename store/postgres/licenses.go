package postgres

import (
	"errors"
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

func scanLicense(row pgx.Row) (model.License, error) {
	var l model.License
	var status string
	var kind pgtype.Text
	var created, assigned, since pgtype.Timestamptz
	var createdNs, assignedNs, sinceNs int16
	if err := row.Scan(&l.ID, &l.ProductID, &status, &kind, &l.AssigneeID, &created, &createdNs,
		&assigned, &assignedNs, &since, &sinceNs, &l.CreatedSeq); err != nil {
		return l, err
	}
	s, err := model.ParseStatus(status)
	if err != nil {
		return l, model.Corruptf("%s has status %q", l.Code(), status)
	}
	l.Status = s
	switch kind.String {
	case "user":
		l.AssigneeKind = model.AssigneeUser
	case "asset":
		l.AssigneeKind = model.AssigneeAsset
	}
	l.Created, l.AssignedAt, l.Since = fromTime(created, createdNs), fromTime(assigned, assignedNs), fromTime(since, sinceNs)
	return l, nil
}

// licenses reads licenses and, in a write transaction, remembers them for
// PutLicense.
func (t *tx) licenses(sql string, args ...any) ([]model.License, error) {
	ls, err := collect(t, scanLicense, sql, args...)
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
	ls, err := t.licenses(`SELECT `+licenseCols+` FROM licenses WHERE id = $1`, id)
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
		case !errors.Is(err, model.ErrNotFound):
			return err
		}
	}
	created, createdNs := toTime(l.Created)
	assigned, assignedNs := toTime(l.AssignedAt)
	since, sinceNs := keyTime(l.Since)
	if err := t.exec(putLicenseSQL, l.ID, l.ProductID, status, kind, l.AssigneeID, created, createdNs,
		assigned, assignedNs, since, sinceNs, l.CreatedSeq); err != nil {
		return err
	}
	c.Add(l.Status, 1)
	c.dirty = true
	if _, ok := t.lic[l.ID]; ok || len(t.lic) < maxCached {
		t.lic[l.ID] = *l
	}
	return nil
}

// countsOf is the product's counters as this transaction has them.
func (t *tx) countsOf(product model.ID) (*counted, error) {
	if c, ok := t.counts[product]; ok {
		return c, nil
	}
	c := &counted{}
	cs, err := collect(t, func(row pgx.Row) (model.Counts, error) {
		var c model.Counts
		return c, row.Scan(&c.Available, &c.Active, &c.Deactivated)
	}, `SELECT available, active, deactivated FROM product_counts WHERE product_id = $1`, product)
	if err != nil {
		return nil, err
	}
	if len(cs) == 1 {
		c.Counts = cs[0]
	}
	t.counts[product] = c
	return c, nil
}

func (t *tx) Counts(product model.ID) (model.Counts, error) {
	c, err := t.countsOf(product)
	if err != nil {
		return model.Counts{}, err
	}
	return c.Counts, nil
}

func (t *tx) Licenses(from model.ID, fn func(model.License) bool) error {
	return paged(func(after *model.License, limit int) ([]model.License, error) {
		start := from
		if after != nil {
			start = after.ID + 1
		}
		return t.licenses(`SELECT `+licenseCols+` FROM licenses WHERE id >= $1 ORDER BY id LIMIT $2`, start, limit)
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

// CountByStatus counts in the status index's range: an index-only scan.
func (t *tx) CountByStatus(product model.ID, s model.Status, from, to time.Time) (int, error) {
	status, err := statusWord(s)
	if err != nil {
		return 0, err
	}
	lo, loNs := keyTime(from)
	sql := `SELECT count(*) FROM licenses WHERE product_id = $1 AND status = $2 AND (since, since_ns) >= ($3, $4)`
	args := []any{product, status, lo, loNs}
	if !to.IsZero() {
		hi, hiNs := keyTime(to)
		sql += ` AND (since, since_ns) < ($5, $6)`
		args = append(args, hi, hiNs)
	}
	n, err := one(t, func(row pgx.Row) (int, error) { var n int; return n, row.Scan(&n) }, sql, args...)
	return n, err
}

func (t *tx) HeldBy(kind model.AssigneeKind, id model.ID, fn func(model.License) bool) error {
	k, err := kindWord(kind)
	if err != nil {
		return err
	}
	ls, err := t.licenses(`SELECT `+licenseCols+` FROM licenses WHERE status = 'active' AND assignee_kind = $1 AND assignee_id = $2
		ORDER BY product_id, id`, k, id)
	if err != nil {
		return err
	}
	for _, l := range ls {
		if !fn(l) {
			return nil
		}
	}
	return nil
}

func (t *tx) HeldOf(kind model.AssigneeKind, id model.ID, product model.ID) (model.License, error) {
	k, err := kindWord(kind)
	if err != nil {
		return model.License{}, err
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
