package postgres

import (
	"flag"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/seats/seats/model/storetest"
	"github.com/seats/seats/store/bolt"
)

var (
	smSeed = flag.Uint64("seed", 0, "seed for the randomized state-machine test (0: model's fixed default)")
	smOps  = flag.Int("ops", 3000, "operations in the randomized state-machine test")
)

// TestRandomOperationsKeepInvariants runs model's randomized state
// machine, the same driver and by default the same seed as on bbolt, on
// a PostgreSQL schema: thousands of random operations from several
// acting users while the clock moves forward; a refused one must leave
// the schema exactly as it was, and after every 50 the store's Check
// (counters against a recount, indexes, foreign keys) and the domain's
// must hold. The same operations on a bbolt file must succeed and be
// refused as often, kind by kind.
// Reproduce a failure with: go test ./store/postgres -run RandomOperations -seed N
func TestRandomOperationsKeepInvariants(t *testing.T) {
	seed := *smSeed
	if seed == 0 {
		seed = 20261124
	}
	t.Logf("seed %d", seed)
	pg := storetest.StateMachine(t, openFresh(t), seed, *smOps)
	b, err := bolt.Open(filepath.Join(t.TempDir(), "sm.db"), bolt.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if bb := storetest.StateMachine(t, b, seed, *smOps); fmt.Sprint(bb) != fmt.Sprint(pg) {
		t.Errorf("the same operations ended differently:\n bbolt:      %v\n PostgreSQL: %v", bb, pg)
	}
}
