package serve

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/seats/seats/model"
)

// Fifty admins' sessions at once go for the last five seats of a product
// that never grows: five get one, the rest are told why not, and the file
// stays consistent.
func TestFiftySessionsRaceForTheLastFiveSeatsOfABlockProduct(t *testing.T) {
	ts := startServer(t, nil, admin)
	_, err := ts.svc.CreateProduct(owner, model.Product{
		Name: "Visio Plan 2", Kind: model.PerUser, Contracted: 5, Policy: model.PolicyBlock,
		Period: model.NoBilling,
	})
	must(t, err)
	const sessions = 50
	for i := 0; i < sessions; i++ {
		_, err := ts.svc.InviteUser(owner, model.User{Email: fmt.Sprintf("racer%02d@northwind.example", i), First: "Racer", Last: fmt.Sprint(i)})
		must(t, err)
	}
	results := make([]result, sessions)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < sessions; i++ {
		c := ts.client(admin)
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			results[i] = runOn(t, c, fmt.Sprintf("assign 'Visio Plan 2' racer%02d@northwind.example", i), "")
		}(i)
	}
	close(start)
	wg.Wait()
	won := 0
	for i, r := range results {
		switch {
		case r.code == 0:
			won++
		case r.code == 1 && strings.Count(r.stderr, "\n") == 1 && strings.Contains(r.stderr, "Visio Plan 2"):
		default:
			t.Errorf("session %d: exit %d, stderr %q", i, r.code, r.stderr)
		}
	}
	if won != 5 {
		t.Fatalf("%d sessions got a seat of the 5 left", won)
	}
	if problems, err := ts.db.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check after the race: %v %q", err, problems)
	}
}
