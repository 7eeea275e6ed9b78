package bolt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store/bolt/legacy"
	bbolt "go.etcd.io/bbolt"
)

// The fixtures testdata/schemaN.db were written by the seats that shipped
// schema N, and testdata/schemaN.json is what that seats reported about
// its file at fixtureNow (testdata/README.md, regen.sh). Nothing scheduled
// falls due by then.
var fixtureNow = time.Date(2026, 7, 2, 8, 0, 0, 0, time.UTC)

// copyFixture copies testdata/schemaN.db into a fresh directory.
func copyFixture(t *testing.T, n int) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", fmt.Sprintf("schema%d.db", n)))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "seats.db")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// report is what tools/dump writes, read through today's domain; license
// keys, which the domain's reads mask, as the store holds them.
func report(t *testing.T, svc *model.Service, st model.Store) map[string]any {
	t.Helper()
	status, err1 := svc.Status()
	if err1 == nil {
		err1 = st.View(func(tx model.Tx) error {
			for i, p := range status.Products {
				stored, err := tx.Product(p.ID)
				if err != nil {
					return err
				}
				status.Products[i].Keys = stored.Keys
			}
			return nil
		})
	}
	licenses, _, err2 := svc.Licenses(model.LicenseFilter{})
	users, err3 := svc.Users()
	assets, err4 := svc.Assets()
	allocations, err5 := svc.Allocations()
	scheduled, err6 := svc.Scheduled()
	var events []model.Event
	err7 := svc.Events(0, func(e model.Event) bool { events = append(events, e); return true })
	for _, err := range []error{err1, err2, err3, err4, err5, err6, err7} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return map[string]any{"status": status, "licenses": licenses, "users": users, "assets": assets,
		"allocations": allocations, "scheduled": scheduled, "events": events}
}

// differences lists where got does not hold what want holds. Both are
// decoded JSON; keys that want lacks (fields added since, like an event's
// hash) are not compared, and null is an empty list.
func differences(path string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an object, got %v", path, got)}
		}
		var out []string
		for k, wv := range w {
			out = append(out, differences(path+"."+k, wv, g[k])...)
		}
		return out
	case []any:
		g, _ := got.([]any)
		if len(g) != len(w) {
			return []string{fmt.Sprintf("%s: want %d entries, got %d", path, len(w), len(g))}
		}
		var out []string
		for i := range w {
			out = append(out, differences(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return out
	case nil:
		if g, ok := got.([]any); ok && len(g) == 0 {
			return nil
		}
	}
	if !reflect.DeepEqual(want, got) {
		return []string{fmt.Sprintf("%s: want %v, got %v", path, want, got)}
	}
	return nil
}

func asJSON(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMigrationKeepsEverySchemasRecords(t *testing.T) {
	for n := 1; n <= 7; n++ {
		t.Run(fmt.Sprintf("schema%d", n), func(t *testing.T) { checkMigrated(t, copyFixture(t, n), n) })
	}
}

// TestMigrationReadsVersion1LicensesInSchema4: migration 4 rewrote only
// the records of licenses something had happened to, so a schema-4 file
// upgraded from schema 3 still holds 51-byte version-1 records. Written by
// schema-4 code, the fixture has none: they are made here as migration 4
// left them, the record without its history head.
func TestMigrationReadsVersion1LicensesInSchema4(t *testing.T) {
	path := copyFixture(t, 4)
	b, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(btx *bbolt.Tx) error {
		licenses := btx.Bucket([]byte("licenses"))
		var keys [][]byte
		_ = licenses.ForEach(func(k, _ []byte) error { keys = append(keys, bytes.Clone(k)); return nil })
		for _, k := range keys {
			v1 := bytes.Clone(licenses.Get(k)[:51])
			v1[0] = 1
			if err := licenses.Put(k, v1); err != nil {
				return err
			}
		}
		return nil
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	checkMigrated(t, path, 4)
}

// checkMigrated opens path, a fixture of schema n, and compares what the
// domain reports with what the seats of schema n reported.
func checkMigrated(t *testing.T, path string, n int) {
	t.Helper()
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := model.NewService(db, func() time.Time { return fixtureNow })

	raw, err := os.ReadFile(filepath.Join("testdata", fmt.Sprintf("schema%d.json", n)))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	if events, _ := want["events"].([]any); len(events) < 50 {
		t.Fatalf("schema%d.json holds %d events: not the dump of README.md", n, len(events))
	}
	for _, d := range differences("", want, asJSON(t, report(t, svc, db))) {
		t.Error(d)
	}

	prev := model.GenesisHash
	if err := svc.Events(0, func(e model.Event) bool {
		if e.Hash != model.EventHash(prev, e) {
			t.Errorf("event %d: hash %q does not chain to its predecessor", e.Seq, e.Hash)
		}
		prev = e.Hash
		return true
	}); err != nil {
		t.Fatal(err)
	}
	var problems []string
	if err := db.View(func(tx model.Tx) error { problems, err = model.CheckTx(tx); return err }); err != nil {
		t.Fatal(err)
	}
	more, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append(problems, more...) {
		t.Errorf("check after migrating: %s", p)
	}
}

// TestMigrationLeavesOnlyTheNewLayout: the old buckets go, and the file
// reads as the current schema.
func TestMigrationLeavesOnlyTheNewLayout(t *testing.T) {
	for n := 1; n <= 7; n++ {
		path := copyFixture(t, n)
		db, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		b, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		err = b.View(func(btx *bbolt.Tx) error {
			if v, legacy := legacy.Schema(btx); legacy || v != SchemaVersion {
				t.Errorf("schema %d: after migrating, the file says schema %d (legacy %v)", n, v, legacy)
			}
			return btx.ForEach(func(name []byte, _ *bbolt.Bucket) error {
				if !slices.ContainsFunc(buckets, func(b []byte) bool { return bytes.Equal(b, name) }) {
					t.Errorf("schema %d: bucket %s of the old layout is left", n, name)
				}
				return nil
			})
		})
		b.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestMigrationHandsOutNoIDTwice: the fixtures deleted the product with
// the highest ID (and an allocation, and applied scheduled changes); the
// log still names them, so a new record must not take their IDs.
func TestMigrationHandsOutNoIDTwice(t *testing.T) {
	for n := 1; n <= 6; n++ {
		var old model.LastIDs
		b, err := bbolt.Open(filepath.Join("testdata", fmt.Sprintf("schema%d.db", n)), 0o600, &bbolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		_ = b.View(func(btx *bbolt.Tx) error { old = legacy.LastIDs(btx, uint32(n)); return nil })
		b.Close()

		db, err := Open(copyFixture(t, n), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got model.LastIDs
		err = db.Update(func(tx model.Tx) error {
			p := model.Product{Name: "New", Kind: model.PerUser, Period: model.Monthly, Policy: model.PolicyBlock}
			u := model.User{Email: "new@example.com", Role: model.RoleMember, Kind: model.KindEmployee, State: model.StateInvited}
			a := model.Asset{Name: "NEW-1"}
			al := model.Allocation{Name: "New", ProductID: 1, Quantity: 1}
			s := model.Scheduled{At: fixtureNow.AddDate(1, 0, 0), Kind: model.ScheduleReduce, ProductID: 1, Count: 1}
			for _, err := range []error{tx.PutProduct(&p), tx.PutUser(&u), tx.PutAsset(&a), tx.PutAllocation(&al), tx.PutScheduled(&s)} {
				if err != nil {
					return err
				}
			}
			l := model.License{ProductID: p.ID, Status: model.Available, Created: fixtureNow, Since: fixtureNow}
			err := tx.PutLicense(&l)
			got = model.LastIDs{Products: p.ID, Licenses: l.ID, Users: u.ID, Assets: a.ID, Allocations: al.ID, Scheduled: s.ID}
			return err
		})
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		want := model.LastIDs{Products: old.Products + 1, Licenses: old.Licenses + 1, Users: old.Users + 1, Assets: old.Assets + 1,
			Allocations: old.Allocations + 1, Scheduled: old.Scheduled + 1}
		if got != want {
			t.Errorf("schema %d: new records got IDs %+v, want %+v (the old file's last IDs + 1)", n, got, want)
		}
	}
}

func TestLegacySchemaReadsTheOldMeta(t *testing.T) {
	for n := 1; n <= 6; n++ {
		b, err := bbolt.Open(filepath.Join("testdata", fmt.Sprintf("schema%d.db", n)), 0o600, &bbolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		_ = b.View(func(btx *bbolt.Tx) error {
			if v, ok := legacy.Schema(btx); v != uint32(n) || !ok {
				t.Errorf("schema%d.db: legacySchema says %d, %v", n, v, ok)
			}
			return nil
		})
		b.Close()
	}
	foreign := filepath.Join(t.TempDir(), "foreign.db")
	b, err := bbolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	_ = b.Update(func(btx *bbolt.Tx) error {
		meta, _ := btx.CreateBucket([]byte("meta"))
		_ = meta.Put([]byte("schema"), []byte{0, 0, 0, 3}) // the right schema, no magic
		if v, ok := legacy.Schema(btx); ok {
			t.Errorf("a bbolt file without the magic reads as schema %d", v)
		}
		return nil
	})
}

// TestMigrationRefusesDamagedRecords: a damaged old record stops the
// upgrade with a one-line error naming the damage (a model corrupt error,
// not a recovered panic), and the file stays as it was.
func TestMigrationRefusesDamagedRecords(t *testing.T) {
	seq := func(p byte, v uint64) []byte { return append([]byte{p}, u64(v)...) }
	record := func(product, license uint64) []byte { return append(append(seq('P', product), 'r'), u64(license)...) }
	cases := []struct {
		name   string
		schema int
		bucket string
		key    []byte
		edit   func(old []byte) []byte // nil result: delete the key
	}{
		{"truncated license", 3, "licenses", u64(1), func(v []byte) []byte { return v[:50] }},
		{"unknown status", 4, "licenses", u64(1), func(v []byte) []byte { return patch(v, 9, 'x') }},
		{"active license without holder", 2, "licenses", u64(1), func(v []byte) []byte { return patch(v, 10, 0) }},
		{"half a product", 1, "products", u64(1), func(v []byte) []byte { return v[:len(v)/2] }},
		{"user under another user's key", 3, "users", u64(2), func(v []byte) []byte { return bytes.Replace(v, []byte(`"id":2`), []byte(`"id":3`), 1) }},
		{"broken event", 3, "events", u64(5), func([]byte) []byte { return []byte("{") }},
		{"missing event", 2, "events", u64(7), func([]byte) []byte { return nil }},
		{"event of another seq", 3, "events", u64(5), func(v []byte) []byte { return bytes.Replace(v, []byte(`"seq":5`), []byte(`"seq":6`), 1) }},
		{"event header longer than the event", 4, "events", u64(5), func(v []byte) []byte { return patch(v, 1, 200) }},
		{"damaged schedule key", 3, "schedule", nil, nil},
		{"license under another product", 5, "seats", record(1, 1), func([]byte) []byte { return nil }},
		{"staged change of no kind", 6, "seats_stage", record(2, 13), func(v []byte) []byte { return patch(v, 0, 'x') }},
		{"staged license cut short", 6, "seats_stage", record(2, 13), func(v []byte) []byte { return v[:30] }},
		{"event past the log's end", 6, "seats", seq('e', 61), func([]byte) []byte { return []byte{1, 0, '{', '}'} }},
		{"event header of another format", 5, "seats", seq('e', 3), func(v []byte) []byte { return patch(v, 0, 9) }},
		{"half a JSON user", 7, "user", u64(2), func(v []byte) []byte { return v[:len(v)/2] }},
		{"a JSON event cut short", 7, "event", u64(9), func(v []byte) []byte { return v[:len(v)-1] }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := copyFixture(t, c.schema)
			b, err := bbolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = b.Update(func(btx *bbolt.Tx) error {
				bk := btx.Bucket([]byte(c.bucket))
				switch {
				case c.bucket == "schedule": // a schedule key whose ID is not its record's
					k, v := bk.Cursor().First()
					k = append(bytes.Clone(k[:8]), u64(99)...)
					return bk.Put(k, bytes.Clone(v))
				case c.name == "license under another product": // moved to product 2's space
					v := bytes.Clone(bk.Get(c.key))
					if err := bk.Put(record(2, 1), v); err != nil {
						return err
					}
				}
				old := bk.Get(c.key)
				if old == nil && c.bucket != "seats" {
					return fmt.Errorf("the fixture has no key %x in %s", c.key, c.bucket)
				}
				if v := c.edit(bytes.Clone(old)); v != nil {
					return bk.Put(c.key, v)
				}
				return bk.Delete(c.key)
			})
			b.Close()
			if err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(path)
			db, err := Open(path, Options{})
			if err == nil {
				db.Close()
				t.Fatal("a damaged file migrated without complaint")
			}
			if model.CodeOf(err) != model.CodeCorrupt || strings.Contains(err.Error(), "\n") {
				t.Errorf("want one line saying what is damaged, got %v", err)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("the refused upgrade changed the file")
			}
		})
	}
}

func patch(v []byte, i int, b byte) []byte { v[i] = b; return v }

// TestMigrationFromSchema7RewritesUsersAndEventsInBinary: after the
// upgrade no record of either bucket is JSON any more, and a copy of the
// upgraded file written again reads the same.
func TestMigrationFromSchema7RewritesUsersAndEventsInBinary(t *testing.T) {
	path := copyFixture(t, 7)
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n := 0
	_ = b.View(func(btx *bbolt.Tx) error {
		for _, name := range [][]byte{bUser, bEvent} {
			_ = btx.Bucket(name).ForEach(func(k, v []byte) error {
				n++
				if len(v) > 0 && v[0] == '{' {
					t.Errorf("%s %x is still JSON", name, k)
				}
				return nil
			})
		}
		return nil
	})
	if n < 60 {
		t.Errorf("only %d users and events after the upgrade", n)
	}
}
