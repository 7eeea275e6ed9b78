package model_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store"
)

// fxDue is an organization with changes falling due in a gap nobody
// wrote in: a removal at the cycle end, a termination on its last day
// whose freed seat leaves at the same cycle end (reduce on termination),
// and an allocation whose members the termination changes. The file is
// closed at the end and the clock stands after all of it.
func fxDue(t *testing.T) (path string, clock *fxClock) {
	w := fxStandard(t) // 2026-03-16 09:00
	_, err := w.svc.EditProduct("", "Office", func(p *model.Product) error { p.ReduceOnTermination = true; return nil })
	w.must(err)
	_, err = w.svc.BulkAssign("", "Office", []string{"ana@example.com", "ben@example.com"}, false)
	w.must(err)
	_, err = w.svc.Assign("", "Antivirus", "LAPTOP-1", false)
	w.must(err)
	_, err = w.svc.CreateAllocation("", model.Allocation{Name: "Sales team", Quantity: 2, Departments: []string{"Sales"}}, "Office", nil)
	w.must(err)
	_, err = w.svc.AddLicenses("", "Office", 2)
	w.must(err)
	_, err = w.svc.RemoveLicenses("", "Office", 1, false)
	w.must(err)
	term, err := w.svc.TerminateUser("", "ben@example.com", "2026-03-25")
	w.must(err)
	if term.Immediate {
		t.Fatal("a future last day applied at once")
	}
	w.clock.set(2026, time.April, 3)
	w.db.Close()
	return w.path, w.clock
}

// readAll renders what every read of the service shows.
func readAll(t *testing.T, svc *model.Service) string {
	t.Helper()
	var b strings.Builder
	show := func(what string, v any, err error) {
		if err != nil {
			fmt.Fprintf(&b, "%s: error %v\n", what, err)
			return
		}
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s: %s\n", what, raw)
	}
	sum, err := svc.Status()
	show("status", sum, err)
	org, err := svc.Org()
	show("org", org, err)
	for _, f := range []model.LicenseFilter{{}, {Product: "Office"}, {Status: model.Active}, {Holder: "ana@example.com"}, {Holder: "LAPTOP-1"}} {
		ls, names, err := svc.Licenses(f)
		show(fmt.Sprintf("licenses %+v", f), []any{ls, names}, err)
		var each []model.License
		var dir model.Directory
		err = svc.EachLicense(f, func(d model.Directory, _ int) { dir = d }, func(l model.License) bool { each = append(each, l); return true })
		show(fmt.Sprintf("each license %+v", f), []any{each, dir}, err)
	}
	users, err := svc.Users()
	show("users", users, err)
	assets, err := svc.Assets()
	show("assets", assets, err)
	allocs, err := svc.Allocations()
	show("allocations", allocs, err)
	for _, p := range sum.Products {
		ps, err := svc.Product(p.Name)
		show("product "+p.Name, ps, err)
		subj, evs, err := svc.History(p.Name)
		show("history "+p.Name, []any{subj, evs}, err)
	}
	for _, u := range users {
		got, err := svc.User(u.Email)
		show("user "+u.Email, got, err)
		subj, evs, err := svc.History(u.Email)
		show("history "+u.Email, []any{subj, evs}, err)
	}
	ls, _, err := svc.Licenses(model.LicenseFilter{})
	show("all licenses", len(ls), err)
	for _, l := range ls {
		subj, evs, err := svc.History(l.Code())
		show("history "+l.Code(), []any{subj, evs}, err)
	}
	subj, evs, err := svc.History("LAPTOP-1")
	show("history LAPTOP-1", []any{subj, evs}, err)
	subj, evs, err = svc.History("Sales team")
	show("history Sales team", []any{subj, evs}, err)
	act, err := svc.Activity(0, 0)
	show("activity", act, err)
	if len(act) > 0 {
		e, err := svc.Event(act[0].Seq)
		show("newest event", e, err)
	}
	inv, err := svc.Invoice()
	show("invoice", inv, err)
	for _, by := range []string{model.UsageByUser, model.UsageByDepartment, model.UsageByProduct} {
		rows, err := svc.Usage(by)
		show("usage by "+by, rows, err)
	}
	sched, err := svc.Scheduled()
	show("scheduled", sched, err)
	owner, err := svc.ResolveActor("")
	show("owner", owner, err)
	q, err := svc.QuoteAssign("Office")
	show("quote", q, err)
	return b.String()
}

// The changes that fell due, shown by reads over a read-only file, and
// recorded by ApplyDue on a copy of it, must read exactly alike; then the
// first write on the unrecorded file records them as ApplyDue did.
func TestReadsShowDueChangesExactlyAsRecordingThemWould(t *testing.T) {
	path, clock := fxDue(t)
	dir := t.TempDir()
	shown, recorded := filepath.Join(dir, "shown.db"), filepath.Join(dir, "recorded.db")
	copyFile(t, path, shown)
	copyFile(t, path, recorded)
	if err := os.Chmod(shown, 0o444); err != nil {
		t.Fatal(err)
	}
	before := fileBytes(t, shown)

	rdb, err := store.Open(recorded, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	rsvc := model.NewService(rdb, clock.now)
	if n, err := rsvc.DueNotRecorded(); err != nil || n != 2 {
		t.Fatalf("due before recording: %d, %v", n, err)
	}
	if err := rsvc.ApplyDue(); err != nil {
		t.Fatal(err)
	}
	if n, err := rsvc.DueNotRecorded(); err != nil || n != 0 {
		t.Fatalf("due after recording: %d, %v", n, err)
	}
	want := readAll(t, rsvc)

	sdb, err := store.Open(shown, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ssvc := model.NewService(sdb, clock.now)
	got := readAll(t, ssvc)
	otDiff(t, "reads over the due changes", want, got)
	if n, err := ssvc.DueNotRecorded(); err != nil || n != 2 {
		t.Fatalf("due, shown, not recorded: %d, %v", n, err)
	}
	if bad, err := ssvc.Check(); err != nil || len(bad) != 0 {
		t.Fatalf("check of the unrecorded file: %q, %v", bad, err)
	}
	if _, err := ssvc.VerifyChain(); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	if fileBytes(t, shown) != before {
		t.Fatal("reads changed the file")
	}
	if !strings.Contains(want, `"kind":"licenses.removed"`) || !strings.Contains(want, `"kind":"user.terminated"`) {
		t.Fatal("the scenario records no due change")
	}

	// The first write records them, at their boundary times, identically.
	if err := os.Chmod(shown, 0o600); err != nil {
		t.Fatal(err)
	}
	wdb, err := store.Open(shown, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wdb.Close()
	wsvc := model.NewService(wdb, clock.now)
	for _, svc := range []*model.Service{wsvc, rsvc} {
		if _, err := svc.AddLicenses("", "Antivirus", 1); err != nil {
			t.Fatal(err)
		}
	}
	otDiff(t, "after the first write", readAll(t, rsvc), readAll(t, wsvc))
	var evs []model.Event
	if err := wsvc.Events(0, func(e model.Event) bool { evs = append(evs, e); return true }); err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Kind == model.EvLicensesRemoved && !e.Time.Equal(day(2026, time.April, 1)) ||
			e.Kind == model.EvUserTerminated && !e.Time.Equal(day(2026, time.March, 25)) {
			t.Fatalf("%s recorded at %s, not at its boundary", e.Kind, e.Time)
		}
	}
}

// A due change read again and again is shown each time and never
// recorded by a read.
func TestReadsNeverRecordDueChanges(t *testing.T) {
	path, clock := fxDue(t)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := model.NewService(db, clock.now)
	var last uint64
	if err := db.View(func(tx model.Tx) error { last, err = tx.LastSeq(); return err }); err != nil {
		t.Fatal(err)
	}
	first := readAll(t, svc)
	if again := readAll(t, svc); again != first {
		otDiff(t, "a second read", first, again)
	}
	if seq, err := svc.LastSeq(); err != nil || seq != last {
		t.Fatalf("recorded events %d, %v: want %d (nothing recorded)", seq, err, last)
	}
	if n, err := svc.DueNotRecorded(); err != nil || n != 2 {
		t.Fatalf("due not recorded: %d, %v", n, err)
	}
	sum, err := svc.Status()
	if err != nil {
		t.Fatal(err)
	}
	// Office: 3 seats + 2 added, less the removal and ben's freed seat.
	if p := sum.Products[0]; p.Name != "Office" || p.PendingRemoval != 0 || p.Contracted != 3 {
		t.Fatalf("status shows %+v, want both reductions applied", p)
	}
}
