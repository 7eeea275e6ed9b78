package model_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
)

// A backend may run a transaction function again (a serialization failure
// retried), after an attempt that failed anywhere. retryStore is such a
// backend over a real bbolt file: every transaction runs once on a
// transaction whose failAt-th write fails (0: none fails) and which is
// rolled back whatever happens, then again for real.
type retryStore struct {
	model.Store
	failAt int
}

var errRetry = errors.New("serialization failure (injected)")

func (s retryStore) Update(fn func(model.Tx) error) error {
	_ = s.Store.Update(func(tx model.Tx) error {
		fn(&failingTx{Tx: tx, failAt: s.failAt})
		return errRetry
	})
	return s.Store.Update(fn)
}

func (s retryStore) View(fn func(model.Tx) error) error {
	_ = s.Store.View(func(tx model.Tx) error {
		fn(tx)
		return errRetry
	})
	return s.Store.View(fn)
}

// failingTx fails its failAt-th write and every write after it.
type failingTx struct {
	model.Tx
	failAt, writes int
}

func (t *failingTx) fail() error {
	t.writes++
	if t.failAt > 0 && t.writes >= t.failAt {
		return errRetry
	}
	return nil
}

func (t *failingTx) PutOrg(o model.Org) error {
	if err := t.fail(); err != nil {
		return err
	}
	return t.Tx.PutOrg(o)
}

func (t *failingTx) PutProduct(p *model.Product) error {
	if err := t.fail(); err != nil {
		return err
	}
	return t.Tx.PutProduct(p)
}

func (t *failingTx) DeleteProduct(id model.ID) error {
	if err := t.fail(); err != nil {
		return err
	}
	return t.Tx.DeleteProduct(id)
}

func (t *failingTx) PutLicense(l *model.License) error {
	if err := t.fail(); err != nil {
		return err
	}
	return t.Tx.PutLicense(l)
}

func (t *failingTx) PutUser(u *model.User) error {
	if err := t.fail(); err != nil {
		return err
	}
	return t.Tx.PutUser(u)
}

func (t *failingTx) PutAsset(a *model.Asset) error {
	if err := t.fail(); err != nil {
		return err
	}
	return t.Tx.PutAsset(a)
}

func (t *failingTx) PutAllocation(a *model.Allocation) error {
	if err := t.fail(); err != nil {
		return err
	}
	return t.Tx.PutAllocation(a)
}

func (t *failingTx) DeleteAllocation(id model.ID) error {
	if err := t.fail(); err != nil {
		return err
	}
	return t.Tx.DeleteAllocation(id)
}

func (t *failingTx) PutScheduled(s *model.Scheduled) error {
	if err := t.fail(); err != nil {
		return err
	}
	return t.Tx.PutScheduled(s)
}

func (t *failingTx) DeleteScheduled(id model.ID) error {
	if err := t.fail(); err != nil {
		return err
	}
	return t.Tx.DeleteScheduled(id)
}

func (t *failingTx) AppendEvent(e *model.Event) error {
	if err := t.fail(); err != nil {
		return err
	}
	return t.Tx.AppendEvent(e)
}

// retryOps is every operation of the domain, in an order that lets each
// succeed, with what it returns rendered.
var retryOps = []struct {
	name string
	run  func(svc *model.Service) (any, error)
}{
	{"InviteUser", func(s *model.Service) (any, error) {
		return s.InviteUser("", model.User{Email: "Owner@Example.com", First: "Olga", Last: "Owner"})
	}},
	{"InviteUser", func(s *model.Service) (any, error) {
		return s.InviteUser("", model.User{Email: "ana@example.com", First: "Ana", Last: "Ruiz", Department: "Sales"})
	}},
	{"InviteUser", func(s *model.Service) (any, error) {
		return s.InviteUser("", model.User{Email: "ben@example.com", First: "Ben", Last: "Berg", Role: model.RoleAdmin})
	}},
	{"EditUser", func(s *model.Service) (any, error) {
		return s.EditUser("", "ben@example.com", func(u *model.User) error { u.Department = "Sales"; return nil })
	}},
	{"EditOrg", func(s *model.Service) (any, error) {
		return s.EditOrg("", func(o *model.Org) error { o.Name = "Retry Org"; return nil })
	}},
	{"CreateProduct", func(s *model.Service) (any, error) {
		return s.CreateProduct("", model.Product{Name: "Office", Contracted: 3, NetPrice: 1000, Period: model.Monthly, ReduceOnTermination: true})
	}},
	{"CreateProduct", func(s *model.Service) (any, error) {
		return s.CreateProduct("", model.Product{Name: "Antivirus", Kind: model.PerDevice, Contracted: 1})
	}},
	{"EditProduct", func(s *model.Service) (any, error) {
		return s.EditProduct("", "Office", func(p *model.Product) error { p.Vendor = "Contoso"; return nil })
	}},
	{"CreateAsset", func(s *model.Service) (any, error) {
		return s.CreateAsset("", model.Asset{Name: "LAPTOP-1"}, "ana@example.com")
	}},
	{"EditAsset", func(s *model.Service) (any, error) {
		owner := "ben@example.com"
		return s.EditAsset("", "LAPTOP-1", func(a *model.Asset) error { a.Location = "HQ"; return nil }, &owner)
	}},
	{"CreateAllocation", func(s *model.Service) (any, error) {
		return s.CreateAllocation("", model.Allocation{Name: "Sales team", Quantity: 2, Departments: []string{"Sales"}}, "Office", nil)
	}},
	{"EditAllocation", func(s *model.Service) (any, error) {
		return s.EditAllocation("", "Sales team", func(a *model.Allocation) error { a.Quantity = 1; return nil }, nil, nil)
	}},
	{"Assign", func(s *model.Service) (any, error) { return s.Assign("", "Antivirus", "LAPTOP-1", false) }},
	{"BulkAssign", func(s *model.Service) (any, error) {
		return s.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com"}, false)
	}},
	{"BulkUnassign", func(s *model.Service) (any, error) { return s.BulkUnassign("", []string{"LIC-000001", "LIC-000002"}) }},
	{"Assign", func(s *model.Service) (any, error) { return s.Assign("", "Office", "ana@example.com", true) }},
	{"Unassign", func(s *model.Service) (any, error) {
		l, from, err := s.Unassign("", "LIC-000004")
		return []any{l, from}, err
	}},
	{"AddLicenses", func(s *model.Service) (any, error) { return s.AddLicenses("", "Office", 2) }},
	{"RemoveLicenses", func(s *model.Service) (any, error) { return s.RemoveLicenses("", "Office", 1, false) }},
	{"TerminateUser", func(s *model.Service) (any, error) { return s.TerminateUser("", "ana@example.com", "2026-03-20") }},
	{"Assign", func(s *model.Service) (any, error) { return s.Assign("", "Office", "ben@example.com", false) }},
	{"TransferOwnership", func(s *model.Service) (any, error) { return nil, s.TransferOwnership("", "ben@example.com") }},
	{"DeleteAllocation", func(s *model.Service) (any, error) { return nil, s.DeleteAllocation("", "Sales team") }},
	{"ApplyDue", func(s *model.Service) (any, error) { return nil, s.ApplyDue() }},
	{"Status", func(s *model.Service) (any, error) { return s.Status() }},
	{"Users", func(s *model.Service) (any, error) { return s.Users() }},
	{"Licenses", func(s *model.Service) (any, error) {
		ls, n, err := s.Licenses(model.LicenseFilter{})
		return []any{ls, n}, err
	}},
	{"History", func(s *model.Service) (any, error) {
		subj, evs, err := s.History("ana@example.com")
		return []any{subj, evs}, err
	}},
	{"Activity", func(s *model.Service) (any, error) { return s.Activity(0, 0) }},
	{"Scheduled", func(s *model.Service) (any, error) { return s.Scheduled() }},
	{"Batch", func(s *model.Service) (any, error) {
		return nil, s.Batch(func(b *model.Service) error {
			if _, err := b.InviteUser("", model.User{Email: "cy@example.com", First: "Cy", Last: "New", Department: "Sales"}); err != nil {
				return err
			}
			_, err := b.Assign("", "Office", "cy@example.com", true)
			return err
		})
	}},
	{"DeleteProduct", func(s *model.Service) (any, error) { return nil, s.DeleteProduct("", "Antivirus") }},
}

// retryRun runs every operation on a new file, operation retried through
// a retryStore failing at failAt (-1: none), and renders what each
// returned, then everything the file holds.
func retryRun(t *testing.T, retried, failAt int) []string {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "retry.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := &fxClock{}
	clock.set(2026, time.March, 16)
	plain := model.NewService(db, clock.now)
	retrying := model.NewService(retryStore{db, failAt}, clock.now)
	var out []string
	for i, op := range retryOps {
		if op.name == "ApplyDue" {
			clock.set(2026, time.April, 2)
		}
		svc := plain
		if i == retried {
			svc = retrying
		}
		v, err := op.run(svc)
		raw, _ := json.Marshal(v)
		out = append(out, fmt.Sprintf("%d %s: %s, error %v", i, op.name, raw, err))
		clock.advance(time.Minute)
	}
	out = append(out, readAll(t, plain))
	return out
}

// Each operation in turn is retried, after a first attempt that runs
// whole or fails at each of its first writes; what it returns and what
// the file then holds must be as if it had run once.
func TestEveryOperationIsSafeToRetry(t *testing.T) {
	want := retryRun(t, -1, 0)
	for i, line := range want[:len(retryOps)] {
		if !strings.HasSuffix(line, "error <nil>") {
			t.Fatalf("the reference run failed at operation %d: %s", i, line)
		}
	}
	for i, op := range retryOps {
		for _, failAt := range []int{0, 1, 2, 3, 5, 8} {
			got := retryRun(t, i, failAt)
			if got[i] != want[i] {
				t.Errorf("%s retried after a first attempt failing at write %d returns\n%s\nnot\n%s", op.name, failAt, got[i], want[i])
				break
			}
			if got[len(got)-1] != want[len(want)-1] {
				t.Errorf("%s retried after a first attempt failing at write %d leaves a different file", op.name, failAt)
				break
			}
		}
	}
}
