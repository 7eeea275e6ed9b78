package model_test

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/seats/seats/model/storetest"
	"github.com/seats/seats/store"
)

var (
	smSeed = flag.Uint64("seed", 0, "seed for the randomized state-machine test (0: a fixed default)")
	smOps  = flag.Int("ops", 3000, "operations in the randomized state-machine test")
)

// TestRandomOperationsKeepInvariants drives the domain with thousands of
// random operations from several acting users while the clock moves
// forward, and runs the invariant checker after every batch. Refusals are
// expected; a refused operation must leave the file exactly as it was.
// The driver is storetest.StateMachine, which store/postgres runs too.
// Reproduce a failure with: go test ./model -run RandomOperations -seed N
func TestRandomOperationsKeepInvariants(t *testing.T) {
	seed := *smSeed
	if seed == 0 {
		seed = 20261124
	}
	t.Logf("seed %d", seed)
	path := filepath.Join(t.TempDir(), "sm.db")
	db, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.StateMachine(t, db, seed, *smOps)
}
