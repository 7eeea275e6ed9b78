package postgres

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/seats/seats/model"
)

// migrateTo brings a new schema to version v with the migration code
// itself, as an older seats would have left it.
func migrateTo(t *testing.T, schema string, v int) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, server.URL(""))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := migrate(ctx, conn, schema, v); err != nil {
		t.Fatalf("migrating %s to %d: %v", schema, v, err)
	}
}

func versions(t *testing.T, schema string) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, server.URL(""))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, _ := conn.Query(ctx, `SELECT version || ' ' || name FROM `+schema+`.schema_migrations ORDER BY version`)
	vs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

func TestOpenCreatesTheSchemaAtTheCurrentVersion(t *testing.T) {
	schema := freshSchema()
	openAt(t, server.URL("search_path="+schema), Options{}).Close()
	got := versions(t, schema)
	if len(got) != SchemaVersion {
		t.Fatalf("schema_migrations holds %q, want %d versions", got, SchemaVersion)
	}
	for i, m := range migrations {
		if want := strings.TrimSpace(strings.Join([]string{string(rune('1' + i)), m.name}, " ")); got[i] != want {
			t.Errorf("version row %d is %q, want %q", i+1, got[i], want)
		}
	}
	// Opening again applies nothing twice.
	openAt(t, server.URL("search_path="+schema), Options{})
	if again := versions(t, schema); len(again) != SchemaVersion {
		t.Errorf("after a second open schema_migrations holds %q", again)
	}
}

// TestEachMigrationKeepsTheData starts from every version that shipped,
// holding the demo organization, and expects Open to bring it to this
// build's version with every answer the same and every check clean.
func TestEachMigrationKeepsTheData(t *testing.T) {
	ref, refSvc := demoOrg(t)
	want := everything(t, refSvc)
	for v := 1; v < SchemaVersion; v++ {
		schema := freshSchema()
		migrateTo(t, schema, v)
		sql := "SET search_path TO " + schema + "; DELETE FROM organization;"
		for _, table := range tablesInOrder {
			if since := tableSince[table]; since > v {
				continue // the step that adds it fills it
			}
			if old, ok := columnsBefore[table]; ok && v < stepOf(old.step) {
				sql += " INSERT INTO " + table + " (" + old.cols + ") SELECT " + old.cols + " FROM " + ref.Schema() + "." + table + ";"
				continue // the step that adds the other columns fills them
			}
			sql += " INSERT INTO " + table + " SELECT * FROM " + ref.Schema() + "." + table + ";"
		}
		if err := server.Exec(context.Background(), sql); err != nil {
			t.Fatal(err)
		}
		db := openAt(t, server.URL("search_path="+schema), Options{})
		if got := versions(t, schema); len(got) != SchemaVersion {
			t.Errorf("from version %d: schema_migrations holds %q", v, got)
		}
		if bad, err := db.Check(); err != nil || len(bad) > 0 {
			t.Errorf("from version %d: check: %v %q", v, err, bad)
		}
		got := everything(t, model.NewService(db, func() time.Time { return equivalenceNow }))
		for what, w := range want {
			if got[what] != w {
				t.Errorf("from version %d: %s changed", v, what)
			}
		}
	}
}

// tableSince names the tables a later step than the first added, with
// that step's version.
var tableSince = map[string]int{"license_days": 3}

// columnsBefore names the tables a later step (by its name) added columns
// to, with the columns they had before it.
var columnsBefore = map[string]struct{ step, cols string }{
	"assets": {"assets can be retired", "id, name, name_key, inventory, serial, type, location, owner_id, created, created_ns"},
}

// stepOf is the version a migration step brings the schema to.
func stepOf(name string) int {
	for i, m := range migrations {
		if m.name == name {
			return i + 1
		}
	}
	panic("no migration step " + name)
}

// TestLicenseHoldersView is version 2's view: each license with its
// product and holder named, for reports.
func TestLicenseHoldersView(t *testing.T) {
	db, _ := demoOrg(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, server.URL("search_path="+db.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n, named int
	if err := conn.QueryRow(ctx, `SELECT count(*), count(holder) FILTER (WHERE status = 'active') FROM license_holders`).Scan(&n, &named); err != nil {
		t.Fatal(err)
	}
	var active int
	if err := conn.QueryRow(ctx, `SELECT sum(active) FROM product_counts`).Scan(&active); err != nil {
		t.Fatal(err)
	}
	if n == 0 || named != active {
		t.Errorf("license_holders has %d rows, %d active ones with a holder; the counters say %d active", n, named, active)
	}
}

func TestMigrationsRunOnceWhenManyOpenAtOnce(t *testing.T) {
	url := server.URL("search_path=" + freshSchema())
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Go(func() {
			db, err := Open(url, Options{})
			if err == nil {
				db.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Errorf("a concurrent Open: %v", err)
		}
	}
}

// TestAFailedMigrationChangesNothing: a step that fails (here a table
// already named like the view version 2 creates) leaves the schema at
// the version before it, with nothing of the step applied.
func TestAFailedMigrationChangesNothing(t *testing.T) {
	schema := freshSchema()
	migrateTo(t, schema, 1)
	if err := server.Exec(context.Background(), "CREATE TABLE "+schema+".license_holders (x int)"); err != nil {
		t.Fatal(err)
	}
	_, err := Open(server.URL("search_path="+schema), Options{})
	if err == nil || !strings.Contains(err.Error(), "version 2") {
		t.Fatalf("Open over a conflicting table: %v, want an error naming version 2", err)
	}
	if got := versions(t, schema); len(got) != 1 {
		t.Errorf("after the failed step schema_migrations holds %q", got)
	}
}

func TestOlderAndNewerSchemas(t *testing.T) {
	older := freshSchema()
	migrateTo(t, older, SchemaVersion-1)
	if _, err := Open(server.URL("search_path="+older), Options{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), "seats upgrade") {
		t.Errorf("a read of an older schema: %v, want it to name seats upgrade", err)
	}
	if got := versions(t, older); len(got) != SchemaVersion-1 {
		t.Errorf("a read migrated the schema: %q", got)
	}
	newer := freshSchema()
	migrateTo(t, newer, SchemaVersion)
	if err := server.Exec(context.Background(), "INSERT INTO "+newer+".schema_migrations (version, name) VALUES (999, 'future')"); err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{false, true} {
		if _, err := Open(server.URL("search_path="+newer), Options{ReadOnly: ro}); err == nil || !strings.Contains(err.Error(), "newer") {
			t.Errorf("read-only %v: opening a newer schema: %v, want it refused as newer", ro, err)
		}
	}
}
