package common

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/seats/seats/model"
)

func TestSnapshotsBuildOncePerVersionForEverySessionAndKeepNoFailure(t *testing.T) {
	s := NewSnapshots()
	var builds atomic.Int32
	build := func() (any, error) { builds.Add(1); return new(int), nil }
	v1 := model.Version{Seq: 7}
	got := make([]any, 20)
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			got[i], _ = s.Load("licenses", v1, build)
		}(i)
	}
	wg.Wait()
	if builds.Load() != 1 {
		t.Fatalf("20 sessions at one version built %d times", builds.Load())
	}
	for i := range got {
		if got[i] != got[0] {
			t.Fatal("sessions at one version got different copies")
		}
	}
	v2 := model.Version{Seq: 7, Due: 1}
	if x, _ := s.Load("licenses", v2, build); x == got[0] || builds.Load() != 2 {
		t.Fatal("a new version was served the old rows")
	}
	if _, err := s.Load("licenses", model.Version{Seq: 8}, func() (any, error) { return nil, errors.New("locked") }); err == nil {
		t.Fatal("the failure was not returned")
	}
	if x, err := s.Load("licenses", model.Version{Seq: 8}, build); err != nil || x == nil {
		t.Fatalf("a failed build was kept: %v", err)
	}
	var none *Snapshots
	if x, err := none.Load("licenses", v1, build); err != nil || x == nil {
		t.Fatal("a session without sharing does not load")
	}
}
