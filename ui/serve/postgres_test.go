package serve

import (
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/store/postgres"
	"github.com/seats/seats/store/postgres/pgtest"
)

// On PostgreSQL, two jump hosts serve one organization: a change made on
// host B reaches a session on host A, told by NOTIFY (the hub's poll is
// off).
func TestAChangeOnAnotherHostReachesASessionByNotifyOnPostgreSQL(t *testing.T) {
	srv, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	url := srv.URL("")
	hostA, err := postgres.Open(url, postgres.Options{Schema: "northwind", NoSync: true})
	must(t, err)
	must(t, demo.Generate(hostA, demoNow, demo.Options{}))
	// The hub's own poll must not be what delivers it.
	ts := serveFile(t, hostA, demoNow, func(c *Config) { c.Poll = time.Hour }, viewer)
	hostB, err := postgres.Open(url, postgres.Options{Schema: "northwind", NoSync: true})
	must(t, err)
	defer hostB.Close()
	term := openTUI(t, ts.client(viewer), 120, 40)
	term.waitFor("Microsoft 365 E3", 10*time.Second)
	time.Sleep(200 * time.Millisecond)
	term.mark()
	start := time.Now()
	if _, _, err := model.NewService(hostB, func() time.Time { return demoNow }).Unassign("", "LIC-000001"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for !assignedRow(141).MatchString(term.text()) {
		if time.Now().After(deadline) {
			t.Fatal("host B's change never reached host A's session")
		}
		select {
		case <-term.drawn:
		case <-time.After(50 * time.Millisecond):
		}
	}
	// How fast is a benchmark's question (BENCHMARKS.md); here it is that
	// NOTIFY, not a poll, brought it.
	t.Logf("host B's change reached host A's session in %s", time.Since(start).Round(time.Millisecond))
}
