package postgres

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// TestImportOf100kUsersGoesByCopy: an import (model.Service.Import, one
// transaction, as seats import runs it) of 100,000 users into PostgreSQL
// sends them by COPY and checks each new email is free without asking
// the server each time: a few hundred round trips, seconds, and every
// user and event is there, with a duplicate email still refused.
func TestImportOf100kUsersGoesByCopy(t *testing.T) {
	const n = 100_000
	counter, stop := tracing()
	defer stop()
	db := openFresh(t)
	at := equivalenceNow
	svc := model.NewService(db, func() time.Time { at = at.Add(time.Microsecond); return at })
	owner, err := svc.InviteUser("", model.User{Email: "owner@example.com", First: "O", Last: "W"})
	if err != nil {
		t.Fatal(err)
	}
	counter.reset()
	start := time.Now()
	if err := svc.Import(func(b *model.Service) error {
		for i := range n {
			if _, err := b.InviteUser(owner.Email, model.User{Email: fmt.Sprintf("User%06d@Example.com", i), First: "U", Last: fmt.Sprint(i), Department: "Ops"}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	trips := counter.reset()
	copies := 0
	for _, s := range trips {
		if strings.HasPrefix(s, "copy ") {
			copies++
		}
	}
	t.Logf("import of %d users: %s, %d round trips (%d COPY)", n, took.Round(time.Millisecond), len(trips), copies)
	if copies == 0 || len(trips) > 1000 {
		t.Errorf("import of %d users took %d round trips, %d of them COPY: want a few hundred, users by COPY", n, len(trips), copies)
	}
	users, err := svc.Users()
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != n+1 {
		t.Fatalf("%d users after the import, want %d", len(users), n+1)
	}
	if u, err := svc.User("user004242@example.com"); err != nil || u.Last != "4242" || u.State != model.StateInvited {
		t.Errorf("an imported user reads back as %+v (%v)", u, err)
	}
	if last, err := svc.LastSeq(); err != nil || last != uint64(n+1) {
		t.Errorf("the log ends at %d (%v), want an event per user: %d", last, err, n+1)
	}
	if bad, err := db.Check(); err != nil || len(bad) > 0 {
		t.Errorf("check after the import: %v %q", err, bad)
	}
	// Emails are still one per user, whatever the case, inside an import
	// that has read them all.
	err = svc.Import(func(b *model.Service) error {
		for i := range emailAsksBeforeAll + 1 {
			if _, err := b.InviteUser(owner.Email, model.User{Email: fmt.Sprintf("more%d@example.com", i), First: "M", Last: "M"}); err != nil {
				return err
			}
		}
		_, err := b.InviteUser(owner.Email, model.User{Email: "USER000007@example.COM", First: "D", Last: "D"})
		return err
	})
	if err == nil {
		t.Fatal("an import inviting an email already taken (in another case) succeeded")
	}
	if users, _ := svc.Users(); len(users) != n+1 {
		t.Errorf("the refused import left %d users, want %d", len(users), n+1)
	}
}
