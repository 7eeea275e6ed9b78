package postgres

import (
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/seats/seats/model"
)

// A round trip to the server costs more than most of the statements in
// it (0.1–0.2 ms where client and server share the machine), so reads
// the domain will almost surely ask for next ride along with the read it
// asks for now: a rider is a read queued for the next round trip, whose
// rows take keeps (a cache of this transaction). Riders never answer
// anything the transaction could have changed since they were read: what
// they fill is kept as current by the writes that follow (PutUser,
// PutLicense, PutProduct…), as the same caches always were.
type rider struct {
	sql  string
	args []any
	take func(pgx.Rows) error
}

// ride queues a read for the next round trip.
func (t *tx) ride(r rider) { t.riders = append(t.riders, r) }

// takeAll is a rider's take that scans every row with scan and hands the
// rows to keep.
func takeAll[T any](scan func(pgx.Row) (T, error), keep func([]T)) func(pgx.Rows) error {
	return func(rows pgx.Rows) error {
		vs, err := readAll(rows, scan)
		if err == nil {
			keep(vs)
		}
		return err
	}
}

// maxHolderRides bounds the holder riders of one transaction.
const maxHolderRides = 4

// maxProducts bounds the products a transaction keeps from its first
// round trip; an organization with more reads them as asked.
const maxProducts = 256

// rideProducts reads every product with the transaction's first round
// trip: nearly every operation names one, and a status lists them all.
func (t *tx) rideProducts() {
	t.ride(rider{sql: `SELECT ` + productCols + ` FROM products ORDER BY id LIMIT ` + strconv.Itoa(maxProducts+1),
		take: takeAll(scanProduct, func(ps []model.Product) {
			if len(ps) > maxProducts {
				return
			}
			t.products = ps
		})})
}

// rideHolder reads with the next round trip the seats the user whose
// key matches cond ($1 its argument) holds, so the domain's next
// question, what does this user hold, is answered from memory.
func (t *tx) rideHolder(cond string, arg any) {
	// An operation asks about a user or two; a loop over many (a bulk
	// change, a listing) would only fill memory.
	if t.holderRides >= maxHolderRides {
		return
	}
	t.holderRides++
	t.ride(rider{sql: `SELECT ` + prefixed("l", licenseCols) + ` FROM licenses l JOIN users u ON u.id = l.assignee_id
		WHERE l.status = 'active' AND l.assignee_kind = 'user' AND ` + cond + ` ORDER BY l.product_id, l.id`,
		args: []any{arg},
		take: takeAll(newLicenseScanner().scan, func(ls []model.License) {
			t.heldRead, t.heldReadOK = ls, true
		})})
}

// heldOfRide files the seats a holder rider read under the user it was
// about, once that user is known (an empty list is an answer too).
func (t *tx) heldOfRide(u model.User) {
	ls, read := t.heldRead, t.heldReadOK
	t.heldRead, t.heldReadOK = nil, false
	if !read {
		return
	}
	for _, l := range ls {
		if l.AssigneeID != u.ID {
			return
		}
	}
	t.heldBy[holder{model.AssigneeUser, u.ID}] = ls
	if t.lic == nil {
		return
	}
	for _, l := range ls {
		if _, ok := t.lic[l.ID]; ok || len(t.lic) < maxCached {
			t.lic[l.ID] = l
		}
	}
}

// keptProduct finds a kept product that matches; known false: none is
// kept, ask the server.
func (t *tx) keptProduct(match func(model.Product) bool) (p model.Product, found, known bool) {
	if t.products == nil {
		return model.Product{}, false, false
	}
	for _, p := range t.products {
		if match(p) {
			return p, true, true
		}
	}
	return model.Product{}, false, true
}

// keepProduct updates the kept products with p as written.
func (t *tx) keepProduct(p model.Product) {
	if t.products == nil {
		return
	}
	for i := range t.products {
		if t.products[i].ID == p.ID {
			t.products[i] = p
			return
		}
	}
	if len(t.products) >= maxProducts {
		t.products = nil
		return
	}
	// IDs only grow, so a new product sorts last.
	t.products = append(t.products, p)
	if n := len(t.products); n > 1 && t.products[n-2].ID > p.ID {
		t.products = nil
	}
}

func (t *tx) forgetProduct(id model.ID) {
	for i := range t.products {
		if t.products[i].ID == id {
			t.products = append(t.products[:i:i], t.products[i+1:]...)
			return
		}
	}
}

// sameEmail is whether two emails are one for the unique index on
// lower(email), decided only for ASCII (where lower() is certain);
// ok false: ask the server.
func sameEmail(a, b string) (same, ok bool) {
	for _, s := range []string{a, b} {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return false, false
			}
		}
	}
	return strings.EqualFold(a, b), true
}
