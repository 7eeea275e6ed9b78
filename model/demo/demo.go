// Package demo writes a realistic, deterministic demo organization into an
// empty Seats database, entirely through the domain (model.Service): every
// record it creates has its events, every rule is checked, and the history
// is real history, written with a clock that walks through the year.
//
// Two shapes:
//
//   - the standard organization (Options.Scale == 0): Northwind Analytics, a
//     mid-size company with nine products of both kinds and every license
//     type, about 150 people across eight departments with every role and
//     external consultants, about 60 computers, allocations with a rule and
//     a conflict, and a year of history ending at now that leaves at least
//     one alert of every kind on the dashboard. It is written in one
//     transaction: a database has all of it or none of it.
//   - a load-test organization (Options.Scale == N): exactly N licenses over
//     twenty products, about 70 % assigned, with proportionate users and
//     assets and a year of history, written in batches of whole operations
//     (one transaction each), so a run killed at any moment leaves a
//     database that passes the invariant checker.
//
// The same now gives the same data, byte for byte: the generator's only
// sources are a fixed-seed PCG generator and the clock it moves itself.
package demo

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/seats/seats/model"
)

// Options shape the generated organization.
type Options struct {
	// Scale 0 makes the standard demo organization; N > 0 makes N licenses
	// with proportionate users and assets, for load tests.
	Scale int
	// Progress, when not nil, is called now and then with the work done so
	// far and the total (arbitrary units; done == total at the end).
	Progress func(done, total int)
}

// MaxScale bounds Options.Scale.
const MaxScale = 10_000_000

// OrgName is the demo organization's name; Domain its staff's email domain.
const (
	OrgName = "Northwind Analytics"
	Domain  = "northwind.example"
)

// ErrNotEmpty is returned (wrapped) when the store already holds data.
var ErrNotEmpty = errors.New("the database is not empty")

// Generate writes a deterministic demo organization into an empty store,
// with a year of history ending at now. It refuses, writing nothing, when
// the store already holds an organization, users, products or events.
func Generate(st model.Store, now time.Time, opts Options) error {
	if st == nil {
		return errors.New("demo: no database to write to")
	}
	if now.IsZero() {
		return errors.New("demo: no time given for the end of the history")
	}
	if opts.Scale < 0 || opts.Scale > MaxScale {
		return fmt.Errorf("demo: scale must be 0 (the standard organization) or a number of licenses from 1 to %d, not %d", MaxScale, opts.Scale)
	}
	if err := ensureEmpty(st); err != nil {
		return err
	}
	g := newGen(st, now, opts)
	if opts.Scale == 0 {
		return g.standard()
	}
	return g.scaled(opts.Scale)
}

// CheckEmpty refuses, as Generate does, a store that holds anything:
// for a caller that generates elsewhere and copies the result into st.
func CheckEmpty(st model.Store) error { return ensureEmpty(st) }

// ensureEmpty refuses a store that already holds anything the demo would
// collide with.
func ensureEmpty(st model.Store) error {
	return st.View(func(tx model.Tx) error { return emptyTx(tx) })
}

func emptyTx(tx model.Tx) error {
	users := 0
	if err := tx.Users(func(model.User) bool { users++; return users < 1000 }); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	org, err := tx.Org()
	switch {
	case err == nil:
		return fmt.Errorf("demo: %w: it already holds the organization %q (%s): generate the demo into a new database", ErrNotEmpty, org.Name, countUsers(users))
	case !errors.Is(err, model.ErrNotFound):
		return fmt.Errorf("demo: %w", err)
	}
	if users > 0 {
		return fmt.Errorf("demo: %w: it already holds %s: generate the demo into a new database", ErrNotEmpty, countUsers(users))
	}
	products, err := tx.Products()
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if len(products) > 0 {
		return fmt.Errorf("demo: %w: it already holds %d products: generate the demo into a new database", ErrNotEmpty, len(products))
	}
	seq, err := tx.LastSeq()
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if seq > 0 {
		return fmt.Errorf("demo: %w: it already records %d events: generate the demo into a new database", ErrNotEmpty, seq)
	}
	return nil
}

func countUsers(n int) string {
	switch {
	case n == 1:
		return "1 user"
	case n >= 1000:
		return "1000 or more users"
	}
	return fmt.Sprintf("%d users", n)
}

// gen is the state shared by both generators: the clock it moves, the
// random source, and the services it writes through.
type gen struct {
	st    model.Store
	now   time.Time // the end of the history
	start time.Time // midnight a year before now
	clock time.Time // the time operations are recorded at
	rng   *rand.Rand
	svc   *model.Service // one transaction per operation
	b     *model.Service // the batch being written (operations join its transaction)
	opts  Options
	// locals counts email local parts in use, to keep emails unique.
	locals map[string]int
}

// Seeds of the PCG generator: fixed, so the same now gives the same data.
const seed1, seed2 = 0x5EA75_2026, 0x0DE_0C0DE

func newGen(st model.Store, now time.Time, opts Options) *gen {
	now = now.UTC()
	g := &gen{st: st, now: now, opts: opts, rng: rand.New(rand.NewPCG(seed1, seed2)), locals: map[string]int{}}
	g.start = model.DateOf(now).Time().AddDate(0, 0, -365)
	g.clock = g.start
	g.svc = model.NewService(st, func() time.Time { return g.clock })
	return g
}

// set moves the clock to t; it never goes back, so events stay in order.
func (g *gen) set(t time.Time) {
	if t.After(g.clock) {
		g.clock = t
	}
}

// day is midnight (UTC) d days after the start of the history.
func (g *gen) day(d int) time.Time { return g.start.AddDate(0, 0, d) }

func (g *gen) progress(done, total int) {
	if g.opts.Progress != nil {
		g.opts.Progress(done, total)
	}
}

// batch runs fn as one transaction, first making sure (inside it) that
// nobody else wrote to the store since the emptiness check when first.
func (g *gen) batch(first bool, fn func() error) error {
	return g.svc.Batch(func(b *model.Service) error {
		if first {
			seq, err := b.LastSeq()
			if err != nil {
				return err
			}
			if seq > 0 {
				return fmt.Errorf("demo: %w: another program wrote to it meanwhile", ErrNotEmpty)
			}
		}
		g.b = b
		defer func() { g.b = nil }()
		return fn()
	})
}

// email makes a unique address for a person at domain.
func (g *gen) email(first, last, domain string) string {
	local := asciiLower(first) + "." + asciiLower(last)
	n := g.locals[local+"@"+domain]
	g.locals[local+"@"+domain] = n + 1
	if n > 0 {
		local = fmt.Sprintf("%s%d", local, n+1)
	}
	return local + "@" + domain
}

// asciiLower folds a name into an email-safe lower-case word.
func asciiLower(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == 'ä' || r == 'á' || r == 'à' || r == 'å' || r == 'ã':
			b.WriteByte('a')
		case r == 'ö' || r == 'ó' || r == 'ø' || r == 'ô':
			b.WriteByte('o')
		case r == 'ü' || r == 'ú':
			b.WriteByte('u')
		case r == 'é' || r == 'è' || r == 'ë' || r == 'ê':
			b.WriteByte('e')
		case r == 'í' || r == 'ï':
			b.WriteByte('i')
		case r == 'ñ' || r == 'ń':
			b.WriteByte('n')
		case r == 'ç' || r == 'ć':
			b.WriteByte('c')
		case r == 'ł':
			b.WriteByte('l')
		case r == 'ß':
			b.WriteString("ss")
		case r == '-' || r == '\'':
			// dropped: O'Brien → obrien, Anne-Marie → annemarie
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// code renders n random characters from an alphabet.
func (g *gen) code(n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.rng.IntN(len(alphabet))]
	}
	return string(b)
}

const (
	upperDigits = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
	keyAlphabet = "BCDFGHJKMPQRTVWXY2346789"
	digits      = "0123456789"
)

// productKey renders a five-by-five product key (XXXXX-XXXXX-…).
func (g *gen) productKey() string {
	parts := make([]string, 5)
	for i := range parts {
		parts[i] = g.code(5, keyAlphabet)
	}
	return strings.Join(parts, "-")
}
