package memory_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/model/storetest"
	"github.com/seats/seats/store/bolt"
	"github.com/seats/seats/store/memory"
)

func boltFile(t *testing.T) *bolt.DB {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "seats.db"), bolt.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// dump renders every record st holds, the event log with its hashes
// included, as model.Dump hands them to an export.
func dump(t *testing.T, st model.Store) string {
	t.Helper()
	var b strings.Builder
	head, err := model.Dump(st, true, func(kind string, record any) error {
		fmt.Fprintf(&b, "%s %+v\n", kind, record)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "head %+v\n", head)
	return b.String()
}

func firstDifference(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  memory: %s\n  bolt:   %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(al), len(bl))
}

// TestStateMachine drives the domain's random operations on the memory
// store, with the store's and the domain's invariant checks, and on a
// bbolt file with the same seed: both end holding the same records.
func TestStateMachine(t *testing.T) {
	mem := memory.New()
	storetest.StateMachine(t, mem, 20261124, 3000)
	file := boltFile(t)
	storetest.StateMachine(t, file, 20261124, 3000)
	if a, b := dump(t, mem), dump(t, file); a != b {
		t.Fatalf("the memory store and the bbolt file differ after the same operations, %s", firstDifference(a, b))
	}
}

// TestScaledDemoCopiedEqualsWrittenInPlace is what seats demo --scale
// relies on: the organization generated in memory and copied into a
// bbolt file is the one generated into the file directly, event hashes
// and all.
func TestScaledDemoCopiedEqualsWrittenInPlace(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	for _, scale := range []int{0, 3000} {
		t.Run(fmt.Sprint(scale), func(t *testing.T) {
			direct := boltFile(t)
			if err := demo.Generate(direct, now, demo.Options{Scale: scale}); err != nil {
				t.Fatal(err)
			}
			mem := memory.New()
			if err := demo.Generate(mem, now, demo.Options{Scale: scale}); err != nil {
				t.Fatal(err)
			}
			copied := boltFile(t)
			if _, err := model.Copy(mem, copied); err != nil {
				t.Fatal(err)
			}
			want := dump(t, direct)
			if got := dump(t, mem); got != want {
				t.Fatalf("generated in memory, %s", firstDifference(got, want))
			}
			if got := dump(t, copied); got != want {
				t.Fatalf("copied from memory, %s", firstDifference(got, want))
			}
			bad, err := copied.Check()
			if err != nil || len(bad) > 0 {
				t.Fatalf("the copy does not check: %v %v", err, bad)
			}
		})
	}
}
