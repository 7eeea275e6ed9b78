package demo_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/model/demo"
	"github.com/seats/seats/model/storetest"
	"github.com/seats/seats/store"
)

var testNow = time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)

func open(t testing.TB, name string) store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), name), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func generate(t testing.TB, name string, now time.Time, opts demo.Options) (store.DB, *model.Service) {
	t.Helper()
	db := open(t, name)
	if err := demo.Generate(db, now, opts); err != nil {
		t.Fatal(err)
	}
	return db, model.NewService(db, func() time.Time { return now })
}

// check runs the store's and the domain's invariant checkers.
func check(t testing.TB, db store.DB, svc *model.Service) { storetest.Invariants(t, db, svc) }

func TestStandardDemo(t *testing.T) {
	db, svc := generate(t, "demo.db", testNow, demo.Options{})
	check(t, db, svc)

	org, err := svc.Org()
	if err != nil || org.Name != demo.OrgName || org.Currency != "EUR" || org.AnchorDay != 1 {
		t.Fatalf("org %+v, %v", org, err)
	}

	sum, err := svc.Status()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]model.Severity{}
	idleCost := model.Money(0)
	for _, a := range sum.Alerts {
		t.Logf("%-8s %-26s %s", a.Severity, a.Kind, a.Message)
		kinds[a.Kind] = a.Severity
		if a.Kind == model.AlertIdle {
			idleCost += a.Amount
		}
	}
	if idleCost == 0 {
		t.Error("idle licenses cost nothing: the demo should show what idle seats cost")
	}
	for kind, sev := range map[string]model.Severity{
		model.AlertOverage:           model.Critical,
		model.AlertExpired:           model.Critical,
		model.AlertExpiring:          model.Warning,
		model.AlertSupportEnding:     model.Warning,
		model.AlertAllocConflict:     model.Warning,
		model.AlertAllocOverQuantity: model.Warning,
		model.AlertReductionBelow:    model.Critical,
		model.AlertIdle:              model.Info,
	} {
		if got, ok := kinds[kind]; !ok || got != sev {
			t.Errorf("alert %s: got %q, want %s", kind, got, sev)
		}
	}
	if !sum.HasCritical() {
		t.Error("no critical alert")
	}

	// Products: about 8, both kinds, several license types and periods,
	// both policies, VAT rates, reduce-on-termination, dates, numbers, keys.
	if n := len(sum.Products); n < 7 || n > 11 {
		t.Errorf("%d products", n)
	}
	seen := map[string]bool{}
	for _, p := range sum.Products {
		seen["kind "+string(p.Kind)] = true
		seen["type "+p.LicenseType] = true
		seen["period "+string(p.Period)] = true
		seen["policy "+string(p.Policy)] = true
		seen["vat "+model.FormatVAT(p.VATBasis)] = true
		if p.ReduceOnTermination {
			seen["reduce"] = true
		}
		if p.Keys != "" {
			seen["keys"] = true
		}
		if p.Expires != "" && p.SupportUntil != "" && p.Invoice != "" && p.Serial != "" && p.Inventory != "" {
			seen["numbers"] = true
		}
		if p.PendingRemoval > 0 {
			seen["pending"] = true
		}
		if p.NetPrice <= 0 || p.Software == "" || p.Vendor == "" {
			t.Errorf("product %s lacks a price, software or vendor", p.Name)
		}
	}
	for _, want := range []string{"kind per-user", "kind per-device", "type Subscription", "type Open/MOLP", "type OEM",
		"type Perpetual", "type Volume", "period monthly", "period yearly", "period none", "policy block", "policy auto-grow",
		"vat 21", "vat 19", "vat 0", "reduce", "keys", "numbers", "pending"} {
		if !seen[want] {
			t.Errorf("no product with %s", want)
		}
	}

	// Users: about 150, every role, exactly one owner, externals, a
	// terminated user and one with a last day still to come.
	users, err := svc.Users()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(users); n < 130 || n > 170 {
		t.Errorf("%d users", n)
	}
	roles := map[model.Role]int{}
	depts := map[string]bool{}
	var externals, terminated, leaving int
	today := model.DateOf(testNow)
	for _, u := range users {
		roles[u.Role]++
		depts[u.Department] = true
		if u.Kind == model.KindExternal {
			externals++
			if u.Held > 0 {
				t.Errorf("external %s holds %d licenses", u.Email, u.Held)
			}
		}
		if u.State == model.StateTerminated {
			terminated++
		}
		if u.State != model.StateTerminated && u.LastDay > today {
			leaving++
			if u.Held == 0 {
				t.Errorf("%s leaves on %s but holds nothing", u.Email, u.LastDay)
			}
		}
	}
	if roles[model.RoleOwner] != 1 || roles[model.RoleAdmin] < 2 || roles[model.RoleAdmin] > 6 || roles[model.RoleMember] < 100 || roles[model.RoleViewer] < 3 {
		t.Errorf("roles %v", roles)
	}
	if externals == 0 || terminated == 0 || leaving == 0 {
		t.Errorf("%d externals, %d terminated, %d leaving", externals, terminated, leaving)
	}
	for _, d := range []string{"Engineering", "Sales", "Marketing", "Finance", "Support", "HR", "IT"} {
		if !depts[d] {
			t.Errorf("no one in %s", d)
		}
	}
	sched, err := svc.Scheduled()
	if err != nil {
		t.Fatal(err)
	}
	var reductions, terminations int
	for _, sc := range sched {
		switch sc.Kind {
		case model.ScheduleReduce:
			reductions++
		case model.ScheduleTerminate:
			terminations++
		}
	}
	if reductions < 2 || terminations != 1 {
		t.Errorf("%d scheduled reductions, %d scheduled terminations", reductions, terminations)
	}

	// Assets: about 60, mostly linked to a person, a few servers.
	assets, err := svc.Assets()
	if err != nil {
		t.Fatal(err)
	}
	linked, servers := 0, 0
	for _, a := range assets {
		if a.OwnerID != 0 {
			linked++
		}
		if len(a.Type) >= 6 && a.Type[:6] == "Server" {
			servers++
		}
	}
	if n := len(assets); n < 50 || n > 70 || linked*3 < n*2 || servers < 2 {
		t.Errorf("%d assets, %d linked, %d servers", n, linked, servers)
	}

	// Allocations: one with a rule, one in conflict.
	allocs, err := svc.Allocations()
	if err != nil {
		t.Fatal(err)
	}
	var rules, conflicts int
	for _, a := range allocs {
		if a.Rule {
			rules++
		}
		if a.Conflict() {
			conflicts++
		}
	}
	if len(allocs) < 3 || rules == 0 || conflicts == 0 {
		t.Errorf("%d allocations, %d with a rule, %d in conflict", len(allocs), rules, conflicts)
	}

	// A year of history: events from a year ago to now, assignments in the
	// last 90 days, a product mid-cycle with an addition this cycle.
	var first, last time.Time
	var recentAssign, recentUnassign, ruleAssigned, autoGrow int
	countKinds := map[string]int{}
	nEvents := 0
	if err := svc.Events(0, func(e model.Event) bool {
		if first.IsZero() {
			first = e.Time
		}
		if e.Time.Before(last) {
			t.Errorf("event %d at %s is before its predecessor at %s", e.Seq, e.Time, last)
		}
		last = e.Time
		countKinds[e.Kind]++
		nEvents++
		recent := e.Time.After(testNow.AddDate(0, 0, -90))
		switch {
		case e.Kind == model.EvLicenseAssigned && recent:
			recentAssign++
		case e.Kind == model.EvLicenseUnassigned && recent:
			recentUnassign++
		}
		if e.Kind == model.EvLicenseAssigned && len(e.Note) > 5 && e.Note[:5] == "rule " {
			ruleAssigned++
		}
		if e.Kind == model.EvLicensesAdded && len(e.Note) > 9 && e.Note[:9] == "auto-grow" {
			autoGrow++
		}
		return true
	}); err != nil {
		t.Fatal(err)
	}
	if d := testNow.Sub(first); d < 360*24*time.Hour || d > 370*24*time.Hour {
		t.Errorf("history starts %s, %v before now", first, d)
	}
	if last.After(testNow) {
		t.Errorf("an event at %s is after now", last)
	}
	if recentAssign < 10 || recentUnassign < 5 || ruleAssigned == 0 || autoGrow == 0 {
		t.Errorf("last 90 days: %d assignments, %d unassignments; %d by rule; %d auto-grow", recentAssign, recentUnassign, ruleAssigned, autoGrow)
	}
	for _, k := range []string{model.EvOrgUpdated, model.EvProductCreated, model.EvProductUpdated, model.EvProductDeleted,
		model.EvLicensesAdded, model.EvRemovalScheduled, model.EvLicensesRemoved, model.EvLicenseAssigned, model.EvLicenseUnassigned,
		model.EvLicenseDeactivated, model.EvUserInvited, model.EvUserUpdated, model.EvUserTerminated, model.EvTerminationPlanned,
		model.EvOwnerTransferred, model.EvAssetCreated, model.EvAssetUpdated, model.EvAllocationCreated, model.EvAllocationUpdated} {
		if countKinds[k] == 0 {
			t.Errorf("no %s event", k)
		}
	}
	t.Logf("events by kind: %v", countKinds)

	inv, err := svc.Invoice()
	if err != nil {
		t.Fatal(err)
	}
	additions := 0
	for _, l := range inv.Lines {
		additions += len(l.Additions)
	}
	if additions == 0 || len(inv.Changes) == 0 {
		t.Errorf("invoice: %d additions this cycle, %d count changes", additions, len(inv.Changes))
	}
	t.Logf("%d contracted, %d assigned, %d available, %d deactivated, %d pending; %d users, %d assets, %d events",
		sum.Contracted, sum.Assigned, sum.Available, sum.Deactivated, sum.PendingRemoval, len(users), len(assets), nEvents)
}

func TestScaleDemo(t *testing.T) {
	t.Parallel()
	const n = 20_000
	var calls, lastDone, lastTotal int
	db, svc := generate(t, "scale.db", testNow, demo.Options{Scale: n, Progress: func(done, total int) {
		calls++
		if done < lastDone || done > total {
			t.Errorf("progress %d/%d after %d", done, total, lastDone)
		}
		lastDone, lastTotal = done, total
	}})
	check(t, db, svc)
	if calls < 3 || lastDone != lastTotal {
		t.Errorf("progress called %d times, last %d/%d", calls, lastDone, lastTotal)
	}
	sum, err := svc.Status()
	if err != nil {
		t.Fatal(err)
	}
	licenses := 0
	for _, p := range sum.Products {
		licenses += p.Available + p.Active + p.Deactivated
	}
	if sum.Contracted != n || licenses != n || len(sum.Products) != 20 {
		t.Errorf("%d contracted, %d licenses over %d products, want %d over 20", sum.Contracted, licenses, len(sum.Products), n)
	}
	if pct := 100 * sum.Assigned / n; pct < 60 || pct > 75 {
		t.Errorf("%d%% assigned", pct)
	}
	users, err := svc.Users()
	if err != nil {
		t.Fatal(err)
	}
	assets, err := svc.Assets()
	if err != nil {
		t.Fatal(err)
	}
	if len(users) < n/4 || len(users) > n/2 || len(assets) < n/40 || len(assets) > n/10 {
		t.Errorf("%d users, %d assets", len(users), len(assets))
	}
	kinds := map[string]bool{}
	for _, a := range sum.Alerts {
		kinds[a.Kind] = true
	}
	t.Logf("%d contracted, %d assigned, %d pending; %d users, %d assets; alerts %v", sum.Contracted, sum.Assigned, sum.PendingRemoval, len(users), len(assets), kinds)
}

// BenchmarkGenerateScale writes a load-test organization of
// SEATS_BENCH_SCALE licenses (default 100,000) into a NoSync file and
// reports the file size.
func BenchmarkGenerateScale(b *testing.B) {
	n := 100_000
	if v := os.Getenv("SEATS_BENCH_SCALE"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("SEATS_BENCH_SCALE=%q is not a positive number", v)
		}
	}
	var size int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "scale.db")
		db, err := store.Open(path, store.Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := demo.Generate(db, testNow, demo.Options{Scale: n}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		info, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		size = info.Size()
		os.Remove(path)
		b.StartTimer()
	}
	b.ReportMetric(float64(size), "bytes")
	b.ReportMetric(float64(n), "licenses")
}

// export renders everything a database holds through the domain, so two
// generations can be compared.
func export(t testing.TB, svc *model.Service) string {
	t.Helper()
	var all []any
	org, err := svc.Org()
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, org)
	sum, err := svc.Status()
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, sum)
	users, err := svc.Users()
	if err != nil {
		t.Fatal(err)
	}
	assets, err := svc.Assets()
	if err != nil {
		t.Fatal(err)
	}
	licenses, _, err := svc.Licenses(model.LicenseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	allocs, err := svc.Allocations()
	if err != nil {
		t.Fatal(err)
	}
	sched, err := svc.Scheduled()
	if err != nil {
		t.Fatal(err)
	}
	inv, err := svc.Invoice()
	if err != nil {
		t.Fatal(err)
	}
	all = append(all, users, assets, licenses, allocs, sched, inv)
	if err := svc.Events(0, func(e model.Event) bool { all = append(all, e); return true }); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	for _, opts := range []demo.Options{{}, {Scale: 1000}} {
		_, a := generate(t, "a.db", testNow, opts)
		_, b := generate(t, "b.db", testNow, opts)
		x, y := export(t, a), export(t, b)
		if x != y {
			i := 0
			for i < len(x) && i < len(y) && x[i] == y[i] {
				i++
			}
			t.Fatalf("scale %d: two generations with the same now differ at byte %d:\n%.200s\n%.200s", opts.Scale, i, x[i:], y[i:])
		}
		if opts.Scale == 0 {
			_, c := generate(t, "c.db", testNow.AddDate(0, 0, 1), opts)
			if export(t, c) == x {
				t.Error("a different now gives the same data")
			}
		}
	}
}

// TestAnyNow generates the standard organization at awkward moments: a
// cycle's first instant, a leap day, New Year's Eve given in another
// time zone. Every alert is there each time.
func TestAnyNow(t *testing.T) {
	t.Parallel()
	for _, now := range []time.Time{
		time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2028, 2, 29, 13, 0, 0, 0, time.UTC),
		time.Date(2027, 1, 1, 0, 30, 0, 0, time.FixedZone("CET", 3600)), // 23:30 on New Year's Eve in UTC
	} {
		db, svc := generate(t, "now.db", now, demo.Options{})
		check(t, db, svc)
		sum, err := svc.Status()
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]bool{}
		for _, a := range sum.Alerts {
			kinds[a.Kind] = true
		}
		if len(kinds) != 8 {
			t.Errorf("%s: alerts %v", now, kinds)
		}
		last, err := svc.Activity(0, 1)
		if err != nil || len(last) != 1 || last[0].Time.After(now) {
			t.Errorf("%s: newest event %v, %v", now, last, err)
		}
	}
}

// TestRefusesNonEmpty: a database with anything in it is left alone.
func TestRefusesNonEmpty(t *testing.T) {
	for name, fill := range map[string]func(*model.Service) error{
		"user": func(svc *model.Service) error {
			_, err := svc.InviteUser("", model.User{Email: "owner@example.com", First: "O", Last: "Owner"})
			return err
		},
		"org": func(svc *model.Service) error {
			_, err := svc.EditOrg("", func(o *model.Org) error { o.Name = "Acme"; return nil })
			return err
		},
		"product": func(svc *model.Service) error {
			_, err := svc.CreateProduct("", model.Product{Name: "Office", Contracted: 3})
			return err
		},
	} {
		for _, scale := range []int{0, 100} {
			db := open(t, "full.db")
			svc := model.NewService(db, func() time.Time { return testNow })
			if err := fill(svc); err != nil {
				t.Fatal(err)
			}
			before := export(t, svc)
			err := demo.Generate(db, testNow, demo.Options{Scale: scale})
			if !errors.Is(err, demo.ErrNotEmpty) {
				t.Errorf("%s, scale %d: got %v, want ErrNotEmpty", name, scale, err)
			}
			if after := export(t, svc); after != before {
				t.Errorf("%s, scale %d: a refused generation changed the database", name, scale)
			}
		}
	}
	db := open(t, "bad.db")
	for _, opts := range []demo.Options{{Scale: -1}, {Scale: demo.MaxScale + 1}} {
		if err := demo.Generate(db, testNow, opts); err == nil {
			t.Errorf("scale %d accepted", opts.Scale)
		}
	}
	if err := demo.Generate(db, time.Time{}, demo.Options{}); err == nil {
		t.Error("zero now accepted")
	}
	if seq, err := model.NewService(db, nil).LastSeq(); err != nil || seq != 0 {
		t.Errorf("refused generations wrote %d events (%v)", seq, err)
	}
}

// TestSmallScales: tiny organizations still come out whole.
func TestSmallScales(t *testing.T) {
	for _, n := range []int{1, 7, 150} {
		db, svc := generate(t, "small.db", testNow, demo.Options{Scale: n})
		check(t, db, svc)
		sum, err := svc.Status()
		if err != nil {
			t.Fatal(err)
		}
		if sum.Contracted != n {
			t.Errorf("scale %d: %d contracted", n, sum.Contracted)
		}
	}
}

// TestKilledGenerationChild is the child half of TestKilledGeneration: it
// generates a large organization into SEATS_DEMO_CRASH_DB, printing its
// progress, until it is killed.
func TestKilledGenerationChild(t *testing.T) {
	path := os.Getenv("SEATS_DEMO_CRASH_DB")
	if path == "" {
		t.Skip("only runs as the child of TestKilledGeneration")
	}
	db, err := store.Open(path, store.Options{NoSync: true, Timeout: 5 * time.Second})
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(3)
	}
	demo.SetBatchUnits(300)
	err = demo.Generate(db, testNow, demo.Options{Scale: 50_000, Progress: func(done, total int) {
		fmt.Printf("progress %d %d\n", done, total)
	}})
	fmt.Println("finished:", err)
}

// TestKilledGeneration kills a generating child with SIGKILL at random
// moments: the file it leaves opens and passes every invariant, and a new
// generation refuses it.
func TestKilledGeneration(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	t.Parallel()
	for round, wait := range []int{1, 4, 9} {
		path := filepath.Join(t.TempDir(), "killed.db")
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledGenerationChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SEATS_DEMO_CRASH_DB="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill after the wait-th committed batch, plus a moment, so the
		// kill lands inside a later batch.
		sc := bufio.NewScanner(out)
		seen := 0
		for seen < wait && sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "progress" && f[1] != "0" {
				seen++
			}
		}
		time.Sleep(time.Duration(10+40*round) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		go func() {
			for sc.Scan() {
			}
		}()
		cmd.Wait()
		if seen < wait {
			t.Fatalf("round %d: the child stopped after %d batches", round, seen)
		}

		db, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatalf("round %d: reopening after SIGKILL: %v", round, err)
		}
		svc := model.NewService(db, func() time.Time { return testNow })
		check(t, db, svc)
		if seq, err := svc.LastSeq(); err != nil || seq == 0 {
			t.Errorf("round %d: nothing committed (%v)", round, err)
		}
		if err := demo.Generate(db, testNow, demo.Options{}); !errors.Is(err, demo.ErrNotEmpty) {
			t.Errorf("round %d: generating over a killed generation: %v", round, err)
		}
		db.Close()
	}
}
