package postgres

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
)

var demoSchema struct {
	sync.Once
	name string
	err  error
}

// tablesInOrder are the schema's tables, each after those it refers to.
var tablesInOrder = []string{"organization", "products", "product_counts", "license_days", "licenses", "users", "assets", "allocations",
	"allocation_users", "allocation_members", "scheduled", "events", "event_refs"}

// demoOrg opens a fresh schema holding the standard demo organization:
// generated once, copied by SQL for each test that wants its own.
func demoOrg(t *testing.T) (*DB, *model.Service) {
	t.Helper()
	demoSchema.Do(func() {
		demoSchema.name = freshSchema()
		db, err := Open(server.URL("search_path="+demoSchema.name), Options{})
		if err == nil {
			demoSchema.err = demo.Generate(db, equivalenceNow, demo.Options{})
			db.Close()
		}
		if err != nil {
			demoSchema.err = err
		}
	})
	if demoSchema.err != nil {
		t.Fatal(demoSchema.err)
	}
	db := openFresh(t)
	sql := "SET search_path TO " + db.Schema() + "; DELETE FROM organization;"
	for _, table := range tablesInOrder {
		sql += " INSERT INTO " + table + " SELECT * FROM " + demoSchema.name + "." + table + ";"
	}
	sqlIn(t, db, sql)
	return db, model.NewService(db, func() time.Time { return equivalenceNow })
}

func sqlIn(t *testing.T, db *DB, sql string) {
	t.Helper()
	if err := server.Exec(context.Background(), "SET search_path TO "+db.Schema()+"; "+sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// TestCheckFindsWhatSQLBroke changes the tables behind seats' back the
// way a DBA's mistake would, one at a time, and expects Check (or, for
// the chain, the domain's check) to name each.
func TestCheckFindsWhatSQLBroke(t *testing.T) {
	db, svc := demoOrg(t)
	if bad, err := db.Check(); err != nil || len(bad) > 0 {
		t.Fatalf("check of a fresh demo: %v %q", err, bad)
	}
	if bad, err := svc.Check(); err != nil || len(bad) > 0 {
		t.Fatalf("the domain's check of a fresh demo: %v %q", err, bad)
	}
	for _, c := range []struct{ name, sql, want, undo string }{
		{"a counter", `UPDATE product_counts SET active = active + 1 WHERE product_id = (SELECT min(id) FROM products)`, "counters say", ""},
		{"a missing counter", `DELETE FROM product_counts WHERE product_id = (SELECT min(id) FROM products)`, "has no counters", ""},
		{"a day count", `UPDATE license_days SET n = n + 1 WHERE (product_id, status, day) = (SELECT product_id, status, day FROM license_days LIMIT 1)`, "the day counts say", ""},
		{"a missing day count", `DELETE FROM license_days WHERE (product_id, status, day) = (SELECT product_id, status, day FROM license_days WHERE n > 0 LIMIT 1)`, "the day counts say", ""},
		{"a license beyond its sequence", `UPDATE organization SET last_license_id = last_license_id - 1`, "beyond the license sequence", ""},
		{"an active license without holder", `UPDATE licenses SET assignee_id = 0 WHERE id = (SELECT min(id) FROM licenses WHERE status = 'active')`, "without an assignee", ""},
		{"a gap in the log", `DELETE FROM event_refs WHERE seq = 3; DELETE FROM events WHERE seq = 3`, "jumps from 2 to 4", ""},
		{"a history row", `DELETE FROM event_refs WHERE seq = 5`, "event 5 is in the history of []", ""},
		{"the log's sequence", `UPDATE organization SET last_event_seq = last_event_seq + 1`, "its sequence says", ""},
		{"a dropped index", `DROP INDEX licenses_by_holder`, "index licenses_by_holder is missing",
			// The schema goes back to the pool of empty ones.
			`CREATE UNIQUE INDEX licenses_by_holder ON licenses (assignee_kind, assignee_id, product_id) WHERE status = 'active'`},
		{"an edited event", `UPDATE events SET note = 'rewritten' WHERE seq = 7`, "event 7", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, svc := demoOrg(t)
			sqlIn(t, db, c.sql)
			if c.undo != "" {
				defer sqlIn(t, db, c.undo)
			}
			bad, err := db.Check()
			if err != nil {
				t.Fatal(err)
			}
			domain, err := svc.Check()
			if err != nil && !strings.Contains(err.Error(), c.want) {
				t.Fatal(err)
			}
			all := strings.Join(append(bad, domain...), "\n")
			if !strings.Contains(all, c.want) {
				t.Errorf("after changing %s, the checks say %q, want a line with %q", c.name, all, c.want)
			}
		})
	}
}
