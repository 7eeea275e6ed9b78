package postgres

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	"github.com/seats/seats/store/postgres/pgtest"
)

// server is the one PostgreSQL server of this test binary; each test gets
// schemas of its own in it.
var server *pgtest.Server

func TestMain(m *testing.M) {
	s, err := pgtest.Start()
	if err != nil {
		fmt.Fprintf(os.Stderr, "store/postgres tests need a PostgreSQL server: %v\n", err)
		os.Exit(1)
	}
	server = s
	code := m.Run()
	s.Stop()
	os.Exit(code)
}

var schemas atomic.Int64

// freshSchema names a schema no test has used.
func freshSchema() string { return fmt.Sprintf("t%d", schemas.Add(1)) }

// reusable holds schemas whose tests have ended. Emptying one is a few
// milliseconds where creating one is a hundred, and the conformance suite
// opens hundreds of stores.
var reusable = make(chan string, 64)

const emptySchema = `TRUNCATE products, product_counts, license_days, licenses, users, assets, allocations, allocation_users,
	allocation_members, scheduled, events, event_refs, notify_settings, alert_states, outbox; DELETE FROM organization; INSERT INTO organization DEFAULT VALUES`

// openFresh opens a new, empty organization in a schema no running test
// uses.
func openFresh(t *testing.T) *DB {
	t.Helper()
	var schema string
	select {
	case schema = <-reusable:
		if err := server.Exec(context.Background(), "SET search_path TO "+schema+"; "+emptySchema); err != nil {
			t.Fatal(err)
		}
	default:
		schema = freshSchema()
	}
	// Registered first, so it runs after the store is closed.
	t.Cleanup(func() {
		select {
		case reusable <- schema:
		default:
		}
	})
	return openAt(t, server.URL("search_path="+schema), Options{})
}

func openAt(t *testing.T, url string, opts Options) *DB {
	t.Helper()
	db, err := Open(url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}
