package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/seats/seats/model"
)

func scanText(row pgx.Row) (string, error) {
	var s string
	return s, row.Scan(&s)
}

func show(t *testing.T, mt model.Tx) string {
	t.Helper()
	v, err := one(mt.(*tx), scanText, `SHOW statement_timeout`)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestStatementTimeoutFailsInOneLineAndRollsBack: a writer blocked past
// the URL's statement_timeout by a lock another connection holds, and a
// reader's statement that sleeps past it, each fail with one line naming
// the timeout; the writer's transaction wrote nothing, and the store
// works once the lock is gone.
func TestStatementTimeoutFailsInOneLineAndRollsBack(t *testing.T) {
	schema := freshSchema()
	db := openAt(t, server.URL("search_path="+schema+"&statement_timeout=300"), Options{})
	if err := db.Update(func(tx model.Tx) error { p := model.Product{Name: "Before"}; return tx.PutProduct(&p) }); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	other, err := pgx.Connect(ctx, server.URL("search_path="+schema))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	hold, err := other.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.Exec(ctx, `SELECT 1 FROM organization FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	oneLine := func(what string, err error) {
		t.Helper()
		if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "statement_timeout (300)") ||
			!strings.Contains(err.Error(), "rolled back") {
			t.Fatalf("%s: %v, want one line naming statement_timeout (300)", what, err)
		}
	}
	err = db.Update(func(tx model.Tx) error { p := model.Product{Name: "Blocked"}; return tx.PutProduct(&p) })
	oneLine("a writer blocked by a lock", err)
	hold.Rollback(ctx)

	err = db.View(func(mt model.Tx) error {
		_, err := one(mt.(*tx), scanText, `SELECT pg_sleep(1)::text`)
		return err
	})
	oneLine("a reader's pg_sleep", err)

	if err := db.Update(func(tx model.Tx) error { p := model.Product{Name: "After"}; return tx.PutProduct(&p) }); err != nil {
		t.Fatalf("the Update after the timeouts: %v", err)
	}
	if err := db.View(func(tx model.Tx) error {
		if _, err := tx.ProductByName("Blocked"); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("the timed-out writer's product: %v, want it not stored", err)
		}
		ps, err := tx.Products()
		if len(ps) != 2 {
			t.Errorf("%d products, want Before and After", len(ps))
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// The URL's own timeout bounds a bulk load too.
	if err := db.Load(func(tx model.Tx, _ model.Bulk) error {
		if v := show(t, tx); v != "300ms" {
			t.Errorf("statement_timeout in a bulk load with the URL's: %s, want 300ms", v)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestDefaultStatementTimeout: without one in the URL every statement
// is bounded by the default, except a bulk load's and a check's; one
// given in options holds.
func TestDefaultStatementTimeout(t *testing.T) {
	db := openFresh(t)
	if err := db.View(func(tx model.Tx) error {
		if v := show(t, tx); v != "30s" {
			t.Errorf("statement_timeout by default: %s, want 30s", v)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx model.Tx) error {
		if v := show(t, tx); v != "30s" {
			t.Errorf("statement_timeout of a writer: %s, want 30s", v)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Load(func(tx model.Tx, _ model.Bulk) error {
		if v := show(t, tx); v != "0" {
			t.Errorf("statement_timeout in a bulk load: %s, want 0 (none)", v)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if bad, err := db.Check(); err != nil || len(bad) > 0 {
		t.Errorf("check: %v %v", bad, err)
	}
	if err := db.Vacuum(); err != nil {
		t.Error(err)
	}
	if err := db.View(func(tx model.Tx) error {
		if v := show(t, tx); v != "30s" {
			t.Errorf("statement_timeout after VACUUM: %s, want 30s", v)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	opt := openAt(t, server.URL("search_path="+freshSchema()+"&options=-c%20statement_timeout%3D7s"), Options{})
	if err := opt.View(func(tx model.Tx) error {
		if v := show(t, tx); v != "7s" {
			t.Errorf("statement_timeout from options: %s, want 7s", v)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
