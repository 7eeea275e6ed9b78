package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
)

// usersCSV is n users, all in department Eng, in an order that is not
// the order of their emails (u0, u1, …, u10, …): the order an export of
// an organization grown by hand has.
func usersCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("email,first,last,role,department,kind\n")
	for i := range n {
		fmt.Fprintf(&b, "u%d@example.com,User,Number %d,member,Eng,employee\n", i, i)
	}
	return b.Bytes()
}

// importTarget is a database with an owner, a product and an allocation
// that names department Eng, so that every imported user joins it: the
// case that once made an import quadratic.
func importTarget(tb testing.TB, open func(string, OpenOptions) (Database, error)) (db string, run func(args ...string) (int, string)) {
	tb.Helper()
	dir := tb.TempDir()
	db = filepath.Join(dir, "seats.db")
	run = func(args ...string) (int, string) {
		var errb bytes.Buffer
		code := Run(Env{Args: append(args, "--db", db), Stderr: &errb, Open: open,
			Getenv: func(k string) string { return map[string]string{"SEATS_NOW": testNow, "HOME": dir}[k] }})
		return code, errb.String()
	}
	for _, args := range [][]string{
		{"users", "invite", "owner@example.com", "--first", "O", "--last", "Owner"},
		{"products", "add", "Office", "--contracted", "10"},
		{"allocations", "add", "Engineering", "--product", "Office", "--quantity", "5", "--department", "Eng"},
		{"allocations", "add", "Eng rule", "--product", "Office", "--quantity", "5", "--department", "Eng", "--rule"},
	} {
		if code, msg := run(args...); code != 0 {
			tb.Fatalf("seats %q: %s", args, msg)
		}
	}
	return db, run
}

// benchImportUsers times `seats import users` of n users in-process on a
// real bbolt file (the set-up is not timed).
func benchImportUsers(b *testing.B, n int) {
	csv := filepath.Join(b.TempDir(), "users.csv")
	if err := os.WriteFile(csv, usersCSV(n), 0o600); err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	for range b.N {
		b.StopTimer()
		_, run := importTarget(b, openStore)
		b.StartTimer()
		start := time.Now()
		if code, msg := run("import", "users", csv); code != 0 {
			b.Fatalf("import: %s", msg)
		}
		total += time.Since(start)
	}
	b.ReportMetric(total.Seconds()/float64(b.N), "s/import")
}

func BenchmarkImportUsers100k(b *testing.B) { benchImportUsers(b, 100_000) }
func BenchmarkImportUsers1M(b *testing.B)   { benchImportUsers(b, 1_000_000) }

// countingDB wraps a real store and counts what every transaction asks
// of it, so a test can see how the work grows with the rows.
type countingDB struct {
	Database
	allocReads   int // Allocation, AllocationByName and Allocations calls
	membersRead  int // member IDs decoded by them, in all
	allocWrites  int
	membersWrote int
	emails       []string // PutUser's emails, in order
}

type countingTx struct {
	model.Tx
	c *countingDB
}

func (c *countingDB) Update(fn func(model.Tx) error) error {
	return c.Database.Update(func(tx model.Tx) error { return fn(countingTx{tx, c}) })
}

func (c *countingDB) View(fn func(model.Tx) error) error {
	return c.Database.View(func(tx model.Tx) error { return fn(countingTx{tx, c}) })
}

func (t countingTx) Allocation(id model.ID) (model.Allocation, error) {
	a, err := t.Tx.Allocation(id)
	t.c.allocReads++
	t.c.membersRead += len(a.MemberIDs)
	return a, err
}

func (t countingTx) AllocationByName(name string) (model.Allocation, error) {
	a, err := t.Tx.AllocationByName(name)
	t.c.allocReads++
	t.c.membersRead += len(a.MemberIDs)
	return a, err
}

func (t countingTx) Allocations() ([]model.Allocation, error) {
	as, err := t.Tx.Allocations()
	t.c.allocReads++
	for _, a := range as {
		t.c.membersRead += len(a.MemberIDs)
	}
	return as, err
}

func (t countingTx) PutAllocation(a *model.Allocation) error {
	t.c.allocWrites++
	t.c.membersWrote += len(a.MemberIDs)
	return t.Tx.PutAllocation(a)
}

func (t countingTx) PutUser(u *model.User) error {
	t.c.emails = append(t.c.emails, u.Email)
	return t.Tx.PutUser(u)
}

// An import's work per row must not grow with the rows before it: each
// allocation is read and written a bounded number of times, and the
// email index is written in key order. This is the quadratic import of
// issue 12 caught by counting, not by a clock.
func TestImportUsersWorkDoesNotGrowWithTheRows(t *testing.T) {
	const n = 3000
	var counted *countingDB
	open := func(path string, o OpenOptions) (Database, error) {
		db, err := openStore(path, o)
		if err != nil {
			return nil, err
		}
		counted = &countingDB{Database: db}
		return counted, nil
	}
	db, run := importTarget(t, open)
	csv := filepath.Join(t.TempDir(), "users.csv")
	if err := os.WriteFile(csv, usersCSV(n), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, msg := run("import", "users", csv); code != 0 {
		t.Fatalf("import: %s", msg)
	}
	c := counted
	t.Logf("%d users: %d allocation reads (%d member IDs), %d writes (%d member IDs)", n, c.allocReads, c.membersRead, c.allocWrites, c.membersWrote)
	// Two allocations, each read and written once: the members written are
	// the final lists, and nothing read grows with n per row.
	if c.allocWrites > 4 || c.membersWrote > 2*(n+1) {
		t.Errorf("%d allocation writes carrying %d member IDs for %d users: want each allocation written once", c.allocWrites, c.membersWrote, n)
	}
	if c.allocReads > 10 || c.membersRead > 4*(n+1) {
		t.Errorf("%d allocation reads decoding %d member IDs for %d users: want them read once", c.allocReads, c.membersRead, n)
	}
	for i := 1; i < len(c.emails); i++ {
		if c.emails[i] < c.emails[i-1] {
			t.Fatalf("user %d was written with email %s after %s: the email index must grow in key order", i, c.emails[i], c.emails[i-1])
		}
	}
	if len(c.emails) < n {
		t.Fatalf("%d users written, want %d", len(c.emails), n)
	}

	// And the members are right: check agrees, and both allocations cover
	// every imported user.
	if code, msg := run("check"); code != 0 {
		t.Fatalf("check after the import: %s", msg)
	}
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	as, err := model.NewService(st, nil).Allocations()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if len(a.MemberIDs) != n {
			t.Errorf("allocation %s has %d members, want %d", a.Name, len(a.MemberIDs), n)
		}
		if !strings.HasPrefix(a.Name, "Eng") {
			t.Errorf("unexpected allocation %s", a.Name)
		}
	}
}
