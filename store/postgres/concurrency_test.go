package postgres

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// TestLastSeatsGoToExactlyAsManyWriters has 2 × 25 goroutines on two
// separate pools (as two hosts would be) assign the last 5 seats of a
// block product: exactly 5 succeed, the others are refused for want of a
// seat, and the counters equal a recount.
func TestLastSeatsGoToExactlyAsManyWriters(t *testing.T) {
	const free, perPool = 5, 25
	url := server.URL("search_path=" + freshSchema())
	a := openAt(t, url, Options{Timeout: time.Minute})
	b := openAt(t, url, Options{Timeout: time.Minute})
	now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	setup := model.NewService(a, clock)
	const owner = "owner@example.com"
	if _, err := setup.InviteUser("", model.User{Email: owner, First: "O", Last: "Wner"}); err != nil {
		t.Fatal(err)
	}
	err := setup.Batch(func(s *model.Service) error {
		if _, err := s.CreateProduct(owner, model.Product{Name: "Block", Contracted: 2 * free, Policy: model.PolicyBlock}); err != nil {
			return err
		}
		for i := range 2*perPool + free {
			if _, err := s.InviteUser(owner, model.User{Email: fmt.Sprintf("u%02d@example.com", i), First: "U", Last: "Ser"}); err != nil {
				return err
			}
		}
		// All but the last free seats are taken already.
		for i := range free {
			if _, err := s.Assign(owner, "Block", fmt.Sprintf("u%02d@example.com", 2*perPool+i), false); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var won, refused atomic.Int64
	var other sync.Map
	var wg sync.WaitGroup
	for p, db := range []*DB{a, b} {
		svc := model.NewService(db, clock)
		for i := range perPool {
			wg.Go(func() {
				_, err := svc.Assign(owner, "Block", fmt.Sprintf("u%02d@example.com", p*perPool+i), false)
				var me *model.Error
				switch {
				case err == nil:
					won.Add(1)
				case errors.As(err, &me) && me.Code == model.CodeNoSeat:
					refused.Add(1)
				default:
					other.Store(err.Error(), true)
				}
			})
		}
	}
	wg.Wait()
	other.Range(func(k, _ any) bool { t.Errorf("an assign failed: %v", k); return true })
	if won.Load() != free || refused.Load() != 2*perPool-free {
		t.Errorf("%d assigns succeeded and %d were refused, want %d and %d", won.Load(), refused.Load(), free, 2*perPool-free)
	}
	bad, err := a.Check()
	if err != nil || len(bad) > 0 {
		t.Errorf("check after the race: %v %q", err, bad)
	}
	if bad, err := setup.Check(); err != nil || len(bad) > 0 {
		t.Errorf("the domain's check after the race: %v %q", err, bad)
	}
	var c model.Counts
	if err := a.View(func(tx model.Tx) error {
		p, err := tx.ProductByName("Block")
		if err == nil {
			c, err = tx.Counts(p.ID)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if c != (model.Counts{Active: 2 * free}) {
		t.Errorf("counts after the race: %+v, want %d active", c, 2*free)
	}
}
