package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/seats/seats/model"
)

// The standard organization's products.
const (
	pM365       = "Microsoft 365 E3"
	pSalesforce = "Salesforce Sales Cloud"
	pAdobe      = "Adobe Creative Cloud"
	pJetBrains  = "JetBrains All Products Pack"
	pTableau    = "Tableau Creator"
	pZoom       = "Zoom Workplace Business"
	pWindows    = "Windows 11 Pro"
	pSophos     = "Sophos Intercept X Advanced"
	pOffice     = "Office LTSC Standard 2021"
	pVeeam      = "Veeam Backup & Replication"
)

// Allocation names.
const (
	aEngineering = "Engineering tooling"
	aSales       = "Sales CRM seats"
	aCreative    = "Creative team"
	aPilot       = "Data platform pilot"
)

// person is one member of staff, with what the generator knows about them.
type person struct {
	first, last, email string
	dept, loc          string
	role               model.Role
	kind               model.UserKind
	day                int           // hire day (days after the start of the history)
	at                 time.Duration // time of day of the hire
	device             string        // "laptop", "mac", "desktop" or ""
	hired, gone        bool
	leaving            bool // terminated with a last day still to come
	asset              int  // index into std.assets, -1 for none
}

// computer is one asset, with what the generator knows about it.
type computer struct {
	name          string
	m             machine
	owner         int // person index, -1 for none
	loc           string
	windows, srv  bool
	office, veeam bool // part of its initial kit
}

// pool is one product: who holds its licenses, by index into people
// (per-user) or assets (per-device), in the order they got them.
type pool struct {
	name    string
	kind    model.AssignKind
	depts   []string // who may get a seat in the churn (per-user); nil: everyone
	holders []int
	lic     map[int]model.ID
	created bool
	// frozenAt stops the churn from touching the product from then on, so
	// the situations the demo sets up (overage, reductions, expiry) stay.
	frozenAt time.Time
	deleted  bool
}

func (p *pool) holds(who int) bool { _, ok := p.lic[who]; return ok }

func (p *pool) add(who int, id model.ID) {
	p.holders = append(p.holders, who)
	p.lic[who] = id
}

func (p *pool) remove(who int) {
	if i := slices.Index(p.holders, who); i >= 0 {
		p.holders = slices.Delete(p.holders, i, i+1)
	}
	delete(p.lic, who)
}

// action is one step of the history at a time.
type action struct {
	at time.Time
	fn func() error
}

// std generates the standard organization.
type std struct {
	*gen
	people []person
	assets []computer
	pools  []*pool
	script []action
	// key people
	marta, tobias, priya, lukas int
	admins                      []int // who acts for the organization, besides the owner
	ruleOn                      bool  // the Engineering rule exists
	counters                    map[string]int
	cycleStart                  time.Time // the current monthly cycle
}

// deptSpec plans one department.
type deptSpec struct {
	name                    string
	size, initial           int
	laptops, macs, desktops int
	leads                   []lead
}

type lead struct {
	first, last string
	role        model.Role
}

var deptPlan = []deptSpec{
	{deptIT, 8, 7, 6, 0, 0, []lead{{"Marta", "Kowalski", model.RoleOwner}, {"Tobias", "Keller", model.RoleAdmin}, {"Lukas", "Brenner", model.RoleMember}}},
	{deptManagement, 5, 5, 3, 0, 0, []lead{{"Henrik", "Larsen", model.RoleViewer}, {"Sofia", "Lindqvist", model.RoleViewer}}},
	{deptFinance, 12, 10, 0, 0, 5, []lead{{"Priya", "Raman", model.RoleAdmin}, {"Jeroen", "Visser", model.RoleViewer}, {"Anouk", "de Wit", model.RoleViewer}}},
	{deptHR, 7, 6, 1, 0, 1, []lead{{"Ingrid", "Dahl", model.RoleViewer}}},
	{deptEngineering, 44, 36, 12, 6, 0, nil},
	{deptSales, 30, 24, 8, 0, 0, []lead{{"Daniel", "Okafor", model.RoleMember}}},
	{deptMarketing, 15, 12, 0, 6, 0, nil},
	{deptSupport, 24, 19, 0, 0, 8, nil},
}

// externals are consultants: they never hold licenses.
var externals = []struct {
	first, last, domain, dept string
	role                      model.Role
	day                       int
}{
	{"Jonas", "Aalto", "brightpath-consulting.example", deptEngineering, model.RoleMember, 40},
	{"Claire", "Dubois", "studio-lumen.example", deptMarketing, model.RoleMember, 150},
	{"Rahul", "Mehta", "ledgerline-audit.example", deptFinance, model.RoleViewer, 280},
}

func newStd(g *gen) *std {
	s := &std{gen: g, counters: map[string]int{}}
	c, _ := model.CycleAt(model.Org{AnchorDay: 1}, model.Product{Period: model.Monthly}, g.now)
	s.cycleStart = c.Start
	for _, p := range []struct {
		name  string
		kind  model.AssignKind
		depts []string
	}{
		{pM365, model.PerUser, nil},
		{pSalesforce, model.PerUser, []string{deptSales}},
		{pAdobe, model.PerUser, []string{deptMarketing}},
		{pJetBrains, model.PerUser, []string{deptEngineering}},
		{pTableau, model.PerUser, []string{deptFinance, deptManagement}},
		{pZoom, model.PerUser, []string{deptSales, deptMarketing, deptManagement}},
		{pWindows, model.PerDevice, nil},
		{pSophos, model.PerDevice, nil},
		{pOffice, model.PerDevice, nil},
		{pVeeam, model.PerDevice, nil},
	} {
		s.pools = append(s.pools, &pool{name: p.name, kind: p.kind, depts: p.depts, lic: map[int]model.ID{}})
	}
	return s
}

func (s *std) pool(name string) *pool {
	for _, p := range s.pools {
		if p.name == name {
			return p
		}
	}
	panic("demo: no pool " + name)
}

// roster plans every member of staff: who, where, when hired, which computer.
func (s *std) roster() {
	for _, d := range deptPlan {
		devices := make([]string, 0, d.size)
		for range d.laptops {
			devices = append(devices, "laptop")
		}
		for range d.macs {
			devices = append(devices, "mac")
		}
		for range d.desktops {
			devices = append(devices, "desktop")
		}
		// Spread the computers over the department, hires included.
		deviceAt := map[int]string{}
		for j, kind := range devices {
			deviceAt[j*d.size/len(devices)] = kind
		}
		for i := range d.size {
			p := person{dept: d.name, role: model.RoleMember, kind: model.KindEmployee, asset: -1, device: deviceAt[i]}
			if i < len(d.leads) {
				p.first, p.last, p.role = d.leads[i].first, d.leads[i].last, d.leads[i].role
			} else {
				p.first, p.last = pick(s.rng, firstNames), pick(s.rng, lastNames)
				if s.rng.IntN(100) < 5 {
					p.role = model.RoleViewer
				}
			}
			p.email = s.email(p.first, p.last, Domain)
			switch r := s.rng.IntN(10); {
			case r < 6:
				p.loc = locAmsterdam
			case r < 9:
				p.loc = locBerlin
			default:
				p.loc = locRemote
			}
			if i >= d.initial {
				p.day = 20 + s.rng.IntN(321)
				p.at = 9*time.Hour + 30*time.Minute + time.Duration(s.rng.IntN(420))*time.Minute
			}
			s.people = append(s.people, p)
		}
	}
	for _, x := range externals {
		p := person{first: x.first, last: x.last, dept: x.dept, role: x.role, kind: model.KindExternal, asset: -1,
			day: x.day, at: 11 * time.Hour, loc: locRemote}
		p.email = s.email(x.first, x.last, x.domain)
		s.people = append(s.people, p)
	}
	s.marta, s.tobias, s.priya, s.lukas = s.find("Marta"), s.find("Tobias"), s.find("Priya"), s.find("Lukas")
}

func (s *std) find(first string) int {
	for i, p := range s.people {
		if p.first == first && i < 40 {
			return i
		}
	}
	panic("demo: no " + first)
}

// nth is the index of the n-th member of a department (roster order).
func (s *std) nth(dept string, n int) int {
	for i, p := range s.people {
		if p.dept == dept && p.kind == model.KindEmployee {
			if n == 0 {
				return i
			}
			n--
		}
	}
	panic("demo: department too small: " + dept)
}

// actor is an administrator doing the day-to-day work.
func (s *std) actor() string {
	if len(s.admins) == 0 {
		return s.people[s.marta].email
	}
	return s.people[s.admins[s.rng.IntN(len(s.admins))]].email
}

// buyer is who buys and cancels licenses: the controller or the IT head.
func (s *std) buyer() string {
	if s.people[s.priya].hired && s.rng.IntN(3) > 0 {
		return s.people[s.priya].email
	}
	return s.people[s.marta].email
}

// tick moves the clock a few seconds on, as between two clicks.
func (s *std) tick() { s.later(time.Duration(3+s.rng.IntN(25)) * time.Second) }

// later moves the clock on by d, never past now.
func (s *std) later(d time.Duration) {
	t := s.clock.Add(d)
	if t.After(s.now) {
		t = s.now
	}
	s.set(t)
}

func (s *std) at(d int, hhmm time.Duration, fn func() error) {
	s.atTime(s.day(d).Add(hhmm), fn)
}

func (s *std) atTime(t time.Time, fn func() error) {
	s.script = append(s.script, action{at: t, fn: fn})
}

func hm(h, m int) time.Duration { return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute }

// standard writes the standard organization in one transaction.
func (g *gen) standard() error {
	s := newStd(g)
	s.roster()
	s.plan()
	slices.SortStableFunc(s.script, func(a, b action) int { return a.at.Compare(b.at) })
	const days = 366
	g.progress(0, days+1)
	err := g.batch(true, func() error {
		next := 0
		for d := range days {
			end := s.day(d + 1)
			var today []action
			for next < len(s.script) && s.script[next].at.Before(end) {
				today = append(today, s.script[next])
				next++
			}
			today = append(today, s.randomDay(d)...)
			slices.SortStableFunc(today, func(a, b action) int { return a.at.Compare(b.at) })
			for _, a := range today {
				if a.at.After(s.now) {
					continue
				}
				s.set(a.at)
				if err := a.fn(); err != nil {
					return fmt.Errorf("demo: %s: %w", s.clock.Format("2006-01-02 15:04"), err)
				}
			}
			g.progress(d+1, days+1)
		}
		if next < len(s.script) {
			return fmt.Errorf("demo: %d planned steps fall after the end of the history", len(s.script)-next)
		}
		s.set(s.now)
		return s.b.ApplyDue()
	})
	if err != nil {
		return err
	}
	g.progress(days+1, days+1)
	return nil
}

// plan lays out the scripted year. Times are relative to now, so every
// situation the dashboard should show is present at now.
func (s *std) plan() {
	// Day 0: the organization, its owner, its products, its servers.
	s.at(0, hm(9, 0), func() error {
		_, err := s.b.EditOrg("", func(o *model.Org) error {
			o.Name, o.Currency, o.AnchorDay, o.ExpiryWarningDays = OrgName, "EUR", 1, 30
			return nil
		})
		return err
	})
	s.at(0, hm(9, 2), func() error { return s.invite(s.marta) })
	s.at(0, hm(9, 5), s.createInitialProducts)
	s.at(0, hm(9, 25), s.createServers)
	s.at(0, hm(9, 32), func() error { return s.kit(s.marta) })

	// The staff: the first on day 0 to 2, the rest hired through the year.
	initial := []int{s.tobias, s.priya}
	for i, p := range s.people {
		if p.day == 0 && p.kind == model.KindEmployee && i != s.marta && i != s.tobias && i != s.priya {
			initial = append(initial, i)
		}
	}
	for k, i := range initial {
		d := k * 3 / len(initial)
		minute := 35 + (k%((len(initial)+2)/3))*7
		s.at(d, hm(9, minute), func() error { return s.hire(i) })
	}
	for i, p := range s.people {
		if p.day > 0 {
			s.at(p.day, p.at, func() error { return s.hire(i) })
		}
	}

	s.at(30, hm(10, 10), func() error {
		if err := s.createProduct(model.Product{Name: pZoom, Software: "Zoom Workplace", Vendor: "Zoom Video Communications",
			LicenseType: "Subscription", Kind: model.PerUser, Contracted: 20, Period: model.Monthly, NetPrice: 1899, VATBasis: 2100,
			Purchased: s.date(30), Expires: s.date(395), Invoice: "ZM-" + s.code(8, digits), OrgUnit: deptSales, Location: locAmsterdam,
			Policy: model.PolicyBlock, Notes: "Trial for customer calls; compare with Teams before renewing."}); err != nil {
			return err
		}
		return s.giveMany(pZoom, func(p person) bool { return p.dept == deptSales }, 16)
	})
	s.at(70, hm(14, 0), s.createTableau)
	s.at(95, hm(10, 30), s.createJetBrains)
	s.at(100, hm(11, 0), func() error {
		_, err := s.b.CreateAllocation(s.buyer(), model.Allocation{Name: aSales, Quantity: 24, Departments: []string{deptSales}}, pSalesforce, nil)
		return err
	})
	s.at(110, hm(15, 20), func() error {
		_, err := s.b.CreateAllocation(s.actor(), model.Allocation{Name: aCreative, Quantity: 14, Departments: []string{deptMarketing}}, pAdobe, nil)
		return err
	})
	s.at(118, hm(16, 45), func() error { return s.terminate(s.nth(deptSales, 4), s.date(118)) })
	s.at(119, hm(9, 40), func() error { return s.handOver(s.nth(deptSales, 4)) })
	s.at(120, hm(10, 0), func() error { return s.add(pM365, 10) })
	s.at(130, hm(11, 15), func() error { return s.add(pSalesforce, 4) })
	s.at(150, hm(9, 50), func() error {
		_, err := s.b.EditProduct(s.buyer(), pM365, func(p *model.Product) error {
			p.NetPrice = 3540
			p.Notes = "Enterprise Agreement via SoftwareOne. Price adjusted by Microsoft (+5.4 %) at the anniversary."
			p.Invoice = "SWO-" + s.code(7, digits)
			return nil
		})
		return err
	})
	s.at(160, hm(13, 30), func() error {
		_, err := s.b.EditUser(s.people[s.marta].email, s.people[s.lukas].email, func(u *model.User) error {
			u.Role = model.RoleAdmin
			return nil
		})
		if err == nil {
			s.people[s.lukas].role = model.RoleAdmin
			s.admins = append(s.admins, s.lukas)
		}
		return err
	})
	s.at(180, hm(10, 5), func() error { return s.add(pAdobe, 2) })
	s.at(190, hm(16, 0), s.retireZoom)
	s.at(200, hm(11, 40), func() error { return s.remove(pOffice, 3, false) })
	s.at(201, hm(9, 15), func() error {
		return s.b.TransferOwnership(s.people[s.marta].email, s.people[s.tobias].email)
	})
	s.at(205, hm(14, 10), func() error {
		fin := s.nth(deptFinance, 3)
		if err := s.give(pJetBrains, fin); err != nil {
			return err
		}
		_, err := s.b.CreateAllocation(s.actor(), model.Allocation{Name: aPilot, Quantity: 4}, pJetBrains,
			[]string{s.people[s.nth(deptEngineering, 1)].email, s.people[s.nth(deptEngineering, 2)].email, s.people[fin].email})
		return err
	})
	s.at(210, hm(10, 0), func() error {
		i := s.nth(deptSupport, 10)
		_, err := s.b.EditUser(s.actor(), s.people[i].email, func(u *model.User) error {
			u.Department = deptEngineering
			return nil
		})
		if err != nil {
			return err
		}
		s.people[i].dept = deptEngineering
		return s.syncRule(i)
	})
	s.at(220, hm(15, 0), func() error {
		i := s.find("Anouk")
		_, err := s.b.EditUser(s.actor(), s.people[i].email, func(u *model.User) error {
			u.Role = model.RoleMember
			return nil
		})
		s.people[i].role = model.RoleMember
		return err
	})
	s.at(230, hm(10, 20), func() error { return s.add(pM365, 5) })
	s.at(240, hm(11, 0), func() error { return s.terminate(s.nth(deptSupport, 6), s.date(240)) })
	s.at(240, hm(11, 30), func() error { return s.add(pJetBrains, 6) })
	s.at(241, hm(9, 20), func() error { return s.handOver(s.nth(deptSupport, 6)) })
	s.at(250, hm(14, 0), func() error { return s.remove(pSalesforce, 2, false) })
	s.at(260, hm(10, 45), func() error {
		_, err := s.b.EditAllocation(s.actor(), aPilot, func(a *model.Allocation) error {
			a.Quantity = 5
			return nil
		}, nil, nil)
		return err
	})
	// A marketer leaves with ten days' notice: the termination is
	// scheduled and applied on the last day.
	s.at(300, hm(16, 30), func() error { return s.terminate(s.nth(deptMarketing, 3), s.date(310)) })
	s.at(310, hm(0, 1), func() error { s.release(s.nth(deptMarketing, 3)); return nil })
	s.at(311, hm(9, 30), func() error { return s.handOver(s.nth(deptMarketing, 3)) })

	// Adobe: a forced reduction in the previous cycle that took effect at
	// this cycle's start with two seats still assigned: an overage.
	tA := s.cycleStart.AddDate(0, 0, -10).Add(hm(10, 15))
	s.atTime(tA, func() error {
		s.pool(pAdobe).frozenAt = tA
		return s.removeBelow(pAdobe, 2)
	})
	// Tableau's subscription lapsed nine days ago with seats still in use.
	s.pool(pTableau).frozenAt = model.DateOf(s.now).Time().AddDate(0, 0, -9)

	// This cycle: a recent addition, a forced reduction below the seats
	// assigned, an ordinary scheduled reduction, and someone leaving soon.
	w0 := s.cycleStart
	if earliest := s.now.Add(-12 * 24 * time.Hour); w0.Before(earliest) {
		w0 = earliest
	}
	step := s.now.Sub(w0) / 5
	t1, t2, t3, t4 := s.office(w0, w0.Add(step), 0), s.office(w0, w0.Add(2*step), 1), s.office(w0, w0.Add(3*step), 2), s.office(w0, w0.Add(4*step), 3)
	s.atTime(t1, func() error { return s.add(pM365, 8) })
	s.atTime(t2, func() error {
		s.pool(pSalesforce).frozenAt = t2
		return s.removeBelow(pSalesforce, 3)
	})
	s.atTime(t3, func() error { return s.remove(pJetBrains, 2, false) })
	s.atTime(t4, func() error {
		return s.terminate(s.nth(deptFinance, 4), model.DateOf(s.now.AddDate(0, 0, 16)))
	})
}

// office moves t into office hours on its day when that stays within
// [from, now], so scripted steps look like someone's working day.
func (s *std) office(from, t time.Time, k int) time.Time {
	c := model.DateOf(t).Time().Add(hm(10, 5) + time.Duration(k)*47*time.Minute)
	if c.Before(from) || c.After(s.now) {
		return t
	}
	return c
}

// date is the civil date d days after the start of the history.
func (s *std) date(d int) model.Date { return model.DateOf(s.day(d)) }

// rel is the civil date d days from now.
func (s *std) rel(d int) model.Date { return model.DateOf(s.now.AddDate(0, 0, d)) }

func (s *std) createProduct(p model.Product) error {
	if _, err := s.b.CreateProduct(s.buyer(), p); err != nil {
		return fmt.Errorf("create %s: %w", p.Name, err)
	}
	s.pool(p.Name).created = true
	s.tick()
	return nil
}

func (s *std) createInitialProducts() error {
	year := s.start.Year()
	for _, p := range []model.Product{
		{Name: pM365, Software: "Microsoft 365 E3", Vendor: "Microsoft (via SoftwareOne)", LicenseType: "Subscription",
			Kind: model.PerUser, Contracted: 125, Period: model.Monthly, NetPrice: 3360, VATBasis: 2100,
			Purchased: model.DateOf(s.start.AddDate(-1, -2, 0)), Expires: s.rel(420), SupportUntil: s.rel(420),
			Invoice: "SWO-" + s.code(7, digits), Serial: "EA-" + s.code(8, digits), Inventory: fmt.Sprintf("SW-%d-001", year),
			OrgUnit: deptIT, Location: locAmsterdam, Policy: model.PolicyAutoGrow, ReduceOnTermination: true,
			Notes: "Enterprise Agreement via SoftwareOne, monthly true-up. Everyone gets a seat on day one."},
		{Name: pSalesforce, Software: "Sales Cloud Enterprise", Vendor: "Salesforce Ireland", LicenseType: "Subscription",
			Kind: model.PerUser, Contracted: 28, Period: model.Monthly, NetPrice: 16500, VATBasis: 0,
			Purchased: model.DateOf(s.start.AddDate(0, -7, 0)), Expires: s.rel(220), SupportUntil: s.rel(220),
			Invoice: "SF-" + s.code(9, digits), Serial: "00D" + s.code(12, upperDigits), Inventory: fmt.Sprintf("SW-%d-002", year),
			OrgUnit: deptSales, Location: locAmsterdam, Policy: model.PolicyBlock, ReduceOnTermination: true,
			Notes: "Invoiced from Ireland: reverse-charge VAT (0 %). Seats freed by leavers are cancelled at the month end."},
		{Name: pAdobe, Software: "Creative Cloud All Apps for teams", Vendor: "Adobe", LicenseType: "Subscription",
			Kind: model.PerUser, Contracted: 12, Period: model.Monthly, NetPrice: 8499, VATBasis: 2100,
			Purchased: model.DateOf(s.start.AddDate(0, -3, 0)), Expires: s.rel(140), SupportUntil: s.rel(140),
			Invoice: "ADB-" + s.code(8, digits), Serial: "VIP-" + s.code(10, upperDigits), Inventory: fmt.Sprintf("SW-%d-003", year),
			OrgUnit: deptMarketing, Location: locAmsterdam, Policy: model.PolicyBlock,
			Notes: "Adobe VIP; anniversary date in the contract."},
		{Name: pWindows, Software: "Windows 11 Pro", Vendor: "Microsoft (OEM, with the hardware)", LicenseType: "OEM",
			Kind: model.PerDevice, Contracted: 50, Period: model.NoBilling, NetPrice: 14500, VATBasis: 2100,
			Purchased: model.DateOf(s.start.AddDate(0, -1, 0)), Invoice: "DELL-" + s.code(8, digits),
			Inventory: fmt.Sprintf("SW-%d-004", year), OrgUnit: deptIT, Location: locAmsterdam, Policy: model.PolicyBlock,
			Keys: s.productKey() + "\n" + s.productKey(), Notes: "OEM licenses stay with the device they shipped on."},
		{Name: pSophos, Software: "Intercept X Advanced", Vendor: "Sophos", LicenseType: "Volume",
			Kind: model.PerDevice, Contracted: 56, Period: model.Yearly, NetPrice: 4250, VATBasis: 2100,
			Purchased: s.rel(18 - 730), Expires: s.rel(18), SupportUntil: s.rel(18),
			Invoice: "SPH-" + s.code(8, digits), Serial: "SOPHOS-" + s.code(6, digits), Inventory: fmt.Sprintf("SW-%d-005", year),
			OrgUnit: deptIT, Location: locAmsterdam, Policy: model.PolicyAutoGrow,
			Notes: "Two-year volume term; every computer and server gets a seat."},
		{Name: pOffice, Software: "Office LTSC Standard 2021", Vendor: "Microsoft (Open Value)", LicenseType: "Open/MOLP",
			Kind: model.PerDevice, Contracted: 26, Period: model.NoBilling, NetPrice: 41900, VATBasis: 2100,
			Purchased: model.DateOf(s.start.AddDate(0, -10, 0)), SupportUntil: s.rel(400),
			Invoice: "MS-OV-" + s.code(7, digits), Serial: "V" + s.code(7, digits), Inventory: fmt.Sprintf("SW-%d-006", year),
			OrgUnit: deptIT, Location: locAmsterdam, Policy: model.PolicyBlock, Keys: s.productKey(),
			Notes: "Volume activation key (MAK) for desktops without Microsoft 365 apps."},
		{Name: pVeeam, Software: "Veeam Backup & Replication Enterprise", Vendor: "Veeam Software", LicenseType: "Perpetual",
			Kind: model.PerDevice, Contracted: 4, Period: model.NoBilling, NetPrice: 115000, VATBasis: 2100,
			Purchased: model.DateOf(s.start.AddDate(-2, 0, 0)), SupportUntil: s.rel(12),
			Invoice: "VM-" + s.code(8, digits), Serial: "VBR-" + s.code(10, upperDigits), Inventory: fmt.Sprintf("SW-%d-007", year-2),
			OrgUnit: deptIT, Location: locDC, Policy: model.PolicyBlock, Keys: "license file veeam_" + s.code(12, upperDigits) + ".lic",
			Notes: "Per-socket perpetual licenses; production support must be renewed yearly."},
	} {
		if err := s.createProduct(p); err != nil {
			return err
		}
	}
	return nil
}

func (s *std) createTableau() error {
	if err := s.createProduct(model.Product{Name: pTableau, Software: "Tableau Cloud Creator", Vendor: "Salesforce (Tableau)",
		LicenseType: "Subscription", Kind: model.PerUser, Contracted: 8, Period: model.Yearly, NetPrice: 84000, VATBasis: 2100,
		Purchased: s.date(70), Expires: s.rel(-9), SupportUntil: s.rel(-9),
		Invoice: "TAB-" + s.code(8, digits), Inventory: fmt.Sprintf("SW-%d-008", s.day(70).Year()),
		OrgUnit: deptFinance, Location: locAmsterdam, Policy: model.PolicyBlock,
		Notes: "Term ended; renewal quote under review by Finance."}); err != nil {
		return err
	}
	return s.giveMany(pTableau, func(p person) bool { return p.dept == deptFinance || p.dept == deptManagement }, 6)
}

func (s *std) createJetBrains() error {
	if err := s.createProduct(model.Product{Name: pJetBrains, Software: "All Products Pack (organization)", Vendor: "JetBrains (via a German reseller)",
		LicenseType: "Subscription", Kind: model.PerUser, Contracted: 40, Period: model.Yearly, NetPrice: 77900, VATBasis: 1900,
		Purchased: s.date(95), Expires: model.DateOf(s.day(95).AddDate(1, 0, 0)), SupportUntil: model.DateOf(s.day(95).AddDate(1, 0, 0)),
		Invoice: "RE-" + s.code(6, digits), Serial: "JB-" + s.code(10, upperDigits), Inventory: fmt.Sprintf("SW-%d-009", s.day(95).Year()),
		OrgUnit: deptEngineering, Location: locBerlin, Policy: model.PolicyAutoGrow,
		Keys:  "license server https://jb-license.northwind.example id " + s.code(10, upperDigits),
		Notes: "Bought through a German reseller (19 % VAT). New engineers get a seat automatically."}); err != nil {
		return err
	}
	if err := s.giveMany(pJetBrains, func(p person) bool { return p.dept == deptEngineering }, 38); err != nil {
		return err
	}
	s.later(20 * time.Minute)
	_, err := s.b.CreateAllocation(s.actor(), model.Allocation{Name: aEngineering, Quantity: 45, Rule: true, RuleDepartment: deptEngineering}, pJetBrains, nil)
	s.ruleOn = err == nil
	return err
}

// retireZoom ends the Zoom trial: every seat is unassigned, then the
// product is deleted.
func (s *std) retireZoom() error {
	p := s.pool(pZoom)
	for len(p.holders) > 0 {
		if err := s.unassign(p, p.holders[0]); err != nil {
			return err
		}
	}
	s.later(10 * time.Minute)
	if err := s.b.DeleteProduct(s.buyer(), pZoom); err != nil {
		return err
	}
	p.deleted = true
	return nil
}

func (s *std) createServers() error {
	for k, role := range []string{"file and print", "CI build", "database", "backup repository"} {
		i := s.newComputer(server, -1, locDC)
		a := &s.assets[i]
		a.veeam = k < 3
		if _, err := s.b.CreateAsset(s.actor(), model.Asset{Name: a.name, Inventory: s.inventory(), Serial: s.serial(server.vendor),
			Type: server.typ + " (" + server.model + ", " + role + ")", Location: a.loc}, ""); err != nil {
			return err
		}
		s.tick()
		if err := s.give(pSophos, i); err != nil {
			return err
		}
		if a.veeam {
			if err := s.give(pVeeam, i); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *std) inventory() string {
	s.counters["inv"]++
	return fmt.Sprintf("INV-%d-%04d", s.clock.Year(), 140+s.counters["inv"])
}

// newComputer plans a computer and returns its index.
func (s *std) newComputer(m machine, owner int, loc string) int {
	s.counters[m.prefix]++
	width := 3
	if m.prefix == server.prefix {
		width = 2
	}
	c := computer{name: fmt.Sprintf("%s-%0*d", m.prefix, width, s.counters[m.prefix]), m: m, owner: owner, loc: loc,
		windows: m.vendor != "apple" && m.typ != "Server", srv: m.typ == "Server"}
	s.assets = append(s.assets, c)
	return len(s.assets) - 1
}

// invite adds a person as a user, with no licenses yet.
func (s *std) invite(i int) error {
	p := &s.people[i]
	role := p.role
	actor := s.actor()
	if i == s.marta {
		actor, role = "", ""
	}
	if _, err := s.b.InviteUser(actor, model.User{Email: p.email, First: p.first, Last: p.last, Role: role,
		Department: p.dept, Kind: p.kind}); err != nil {
		return fmt.Errorf("invite %s: %w", p.email, err)
	}
	p.hired = true
	if i == s.tobias || i == s.priya {
		s.admins = append(s.admins, i)
	}
	s.tick()
	return s.syncRule(i)
}

// hire invites a person and hands out their kit.
func (s *std) hire(i int) error {
	if err := s.invite(i); err != nil {
		return err
	}
	if s.people[i].kind != model.KindEmployee {
		return nil
	}
	return s.kit(i)
}

// kit is what a new employee gets: Microsoft 365, their department's
// tools, and a computer with its per-device licenses.
func (s *std) kit(i int) error {
	p := &s.people[i]
	products := []string{pM365}
	switch p.dept {
	case deptSales:
		products = append(products, pSalesforce, pZoom)
	case deptMarketing:
		products = append(products, pAdobe)
	case deptEngineering:
		products = append(products, pJetBrains)
	}
	for _, name := range products {
		if err := s.give(name, i); err != nil {
			return err
		}
	}
	var m machine
	switch p.device {
	case "":
		return nil
	case "laptop":
		m = pick(s.rng, windowsLaptops)
	case "mac":
		m = macLaptop
	case "desktop":
		m = pick(s.rng, desktops)
	}
	loc := p.loc
	a := s.newComputer(m, i, loc)
	p.asset = a
	s.assets[a].office = p.device == "desktop" || p.dept == deptSales
	if _, err := s.b.CreateAsset(s.actor(), model.Asset{Name: s.assets[a].name, Inventory: s.inventory(), Serial: s.serial(m.vendor),
		Type: m.typ + " (" + m.model + ")", Location: loc}, p.email); err != nil {
		return err
	}
	s.tick()
	kit := []string{pSophos}
	if s.assets[a].windows {
		kit = append(kit, pWindows)
	}
	if s.assets[a].office {
		kit = append(kit, pOffice)
	}
	for _, name := range kit {
		if err := s.give(name, a); err != nil {
			return err
		}
	}
	return nil
}

func (s *std) holderName(p *pool, who int) string {
	if p.kind == model.PerUser {
		return s.people[who].email
	}
	return s.assets[who].name
}

// give assigns a license of a product, as an administrator would: an
// auto-grow product grows (confirmed), a block product gets more licenses
// bought first. Products not bought yet, frozen or deleted are skipped.
func (s *std) give(name string, who int) error {
	p := s.pool(name)
	if !p.created || p.deleted || p.holds(who) || s.frozen(p) {
		return nil
	}
	grow := false
	for tries := 0; ; tries++ {
		q, err := s.b.QuoteAssign(name)
		if err != nil {
			return err
		}
		if q.NeedsGrow {
			grow = true
		}
		if !q.Blocked {
			break
		}
		if tries == 5 {
			return fmt.Errorf("%s stays blocked after buying licenses", name)
		}
		if err := s.add(name, 2); err != nil {
			return err
		}
	}
	l, err := s.b.Assign(s.actor(), name, s.holderName(p, who), grow)
	if err != nil {
		return fmt.Errorf("assign %s to %s: %w", name, s.holderName(p, who), err)
	}
	p.add(who, l.ID)
	s.tick()
	return nil
}

// giveMany gives up to n seats to hired employees matching keep.
func (s *std) giveMany(name string, keep func(person) bool, n int) error {
	for i, p := range s.people {
		if n == 0 {
			break
		}
		if p.hired && !p.gone && !p.leaving && p.kind == model.KindEmployee && keep(p) {
			if err := s.give(name, i); err != nil {
				return err
			}
			n--
		}
	}
	return nil
}

func (s *std) frozen(p *pool) bool { return !p.frozenAt.IsZero() && !s.clock.Before(p.frozenAt) }

func (s *std) unassign(p *pool, who int) error {
	id, ok := p.lic[who]
	if !ok {
		return fmt.Errorf("%s holds no %s", s.holderName(p, who), p.name)
	}
	if _, _, err := s.b.Unassign(s.actor(), model.LicenseCode(id)); err != nil {
		return fmt.Errorf("unassign %s from %s: %w", p.name, s.holderName(p, who), err)
	}
	p.remove(who)
	s.tick()
	return nil
}

func (s *std) add(name string, n int) error {
	if _, err := s.b.AddLicenses(s.buyer(), name, n); err != nil {
		return fmt.Errorf("add %d %s: %w", n, name, err)
	}
	s.tick()
	return nil
}

// remove schedules (or, without a billing period, makes) an ordinary
// removal of up to n free licenses.
func (s *std) remove(name string, n int, force bool) error {
	ps, err := s.b.Product(name)
	if err != nil {
		return err
	}
	n = min(n, ps.Contracted-ps.PendingRemoval-ps.Active)
	if n <= 0 {
		return nil
	}
	if _, err := s.b.RemoveLicenses(s.buyer(), name, n, force); err != nil {
		return fmt.Errorf("remove %d %s: %w", n, name, err)
	}
	s.tick()
	return nil
}

// removeBelow forces a removal that leaves over assigned licenses more
// than the product will have contracted.
func (s *std) removeBelow(name string, over int) error {
	ps, err := s.b.Product(name)
	if err != nil {
		return err
	}
	remaining := ps.Contracted - ps.PendingRemoval
	n := remaining - ps.Active + over
	if n <= 0 || n > remaining {
		return fmt.Errorf("%s: cannot set up a reduction below assigned (%d contracted, %d assigned)", name, remaining, ps.Active)
	}
	if _, err := s.b.RemoveLicenses(s.buyer(), name, n, true); err != nil {
		return fmt.Errorf("remove %d %s: %w", n, name, err)
	}
	s.tick()
	return nil
}

// terminate ends a person's work on lastDay: at once when it has come,
// else on that day.
func (s *std) terminate(i int, lastDay model.Date) error {
	t, err := s.b.TerminateUser(s.actor(), s.people[i].email, lastDay)
	if err != nil {
		return fmt.Errorf("terminate %s: %w", s.people[i].email, err)
	}
	if t.Immediate {
		s.release(i)
	} else {
		s.people[i].leaving = true
	}
	s.tick()
	return nil
}

// release records that a terminated person's licenses were freed.
func (s *std) release(i int) {
	for _, p := range s.pools {
		if p.kind == model.PerUser {
			p.remove(i)
		}
	}
	s.people[i].gone, s.people[i].leaving = true, false
}

// handOver gives a leaver's computer to a colleague of the same
// department without one, or puts it in storage.
func (s *std) handOver(i int) error {
	a := s.people[i].asset
	if a < 0 {
		return nil
	}
	s.people[i].asset = -1
	to := -1
	for j, p := range s.people {
		if p.dept == s.people[i].dept && p.hired && !p.gone && !p.leaving && p.kind == model.KindEmployee && p.asset < 0 && j != i {
			to = j
			break
		}
	}
	owner, loc := "", locStorage
	if to >= 0 {
		owner, loc = s.people[to].email, s.people[to].loc
		s.people[to].asset = a
	}
	_, err := s.b.EditAsset(s.actor(), s.assets[a].name, func(x *model.Asset) error {
		x.Location = loc
		return nil
	}, &owner)
	s.assets[a].owner, s.assets[a].loc = to, loc
	s.tick()
	return err
}

// syncRule records a license an allocation rule handed out on its own.
func (s *std) syncRule(i int) error {
	p := s.pool(pJetBrains)
	if !s.ruleOn || p.holds(i) || s.people[i].kind != model.KindEmployee {
		return nil
	}
	ls, _, err := s.b.Licenses(model.LicenseFilter{Product: pJetBrains, Holder: s.people[i].email})
	if err != nil {
		return err
	}
	for _, l := range ls {
		if l.Status == model.Active {
			p.add(i, l.ID)
		}
	}
	return nil
}

// churnable are the products whose seats move between people day to day,
// the busier ones listed more than once. OEM licenses stay with their
// device, so Windows never moves; a free Office seat is only handed out;
// Tableau keeps its six analysts and two seats nobody has used since the
// purchase (idle, with a monthly cost).
var churnable = []string{pSalesforce, pSalesforce, pSalesforce, pJetBrains, pJetBrains, pJetBrains,
	pAdobe, pAdobe, pZoom, pZoom}

// randomDay plans a working day's small changes: seats moving between
// people, seats handed out or given back, people and computers edited.
func (s *std) randomDay(d int) []action {
	t0 := s.day(d)
	if d < 4 || t0.Weekday() == time.Saturday || t0.Weekday() == time.Sunday {
		return nil
	}
	var out []action
	for range s.rng.IntN(4) {
		at := t0.Add(hm(9, 0) + time.Duration(s.rng.IntN(8*3600))*time.Second)
		var fn func() error
		switch r := s.rng.IntN(100); {
		case r < 45:
			fn = s.moveSeat
		case r < 65:
			fn = s.assignFree
		case r < 75:
			fn = s.dropSeat
		case r < 87:
			fn = s.editComputer
		case r < 96:
			fn = s.editPerson
		default:
			fn = s.editProduct
		}
		out = append(out, action{at: at, fn: fn})
	}
	return out
}

// live lists the churnable products that can change now.
func (s *std) live(names []string, withHolders bool) []*pool {
	var out []*pool
	for _, n := range names {
		p := s.pool(n)
		if p.created && !p.deleted && !s.frozen(p) && (!withHolders || len(p.holders) > 0) {
			out = append(out, p)
		}
	}
	return out
}

// eligible lists who could get a seat of p in the churn.
func (s *std) eligible(p *pool) []int {
	var out []int
	if p.kind == model.PerUser {
		for i, q := range s.people {
			if q.hired && !q.gone && !q.leaving && q.kind == model.KindEmployee && !p.holds(i) &&
				(p.depts == nil || slices.Contains(p.depts, q.dept)) {
				out = append(out, i)
			}
		}
		return out
	}
	for i, a := range s.assets {
		fits := a.windows
		if p.name == pSophos {
			fits = true
		} else if p.name == pVeeam {
			fits = a.srv
		}
		if fits && !p.holds(i) {
			out = append(out, i)
		}
	}
	return out
}

// hasFree reports whether a seat is free without growing the product.
func (s *std) hasFree(p *pool) (bool, error) {
	q, err := s.b.QuoteAssign(p.name)
	return err == nil && !q.Blocked && !q.NeedsGrow, err
}

// moveSeat takes a seat from one person (or computer) and, a little
// later, gives it to another who needs it.
func (s *std) moveSeat() error {
	ps := s.live(churnable, true)
	if len(ps) == 0 {
		return nil
	}
	p := pick(s.rng, ps)
	from := pick(s.rng, p.holders)
	if err := s.unassign(p, from); err != nil {
		return err
	}
	s.later(time.Duration(15+s.rng.IntN(120)) * time.Minute)
	return s.assignTo(p, from)
}

// assignFree hands a free seat to someone who needs it.
func (s *std) assignFree() error {
	ps := s.live(append([]string{pOffice}, churnable...), false)
	if len(ps) == 0 {
		return nil
	}
	return s.assignTo(pick(s.rng, ps), -1)
}

// assignTo gives a free seat of p to someone eligible other than not.
func (s *std) assignTo(p *pool, not int) error {
	who := slices.DeleteFunc(s.eligible(p), func(i int) bool { return i == not })
	if len(who) == 0 {
		return nil
	}
	if ok, err := s.hasFree(p); !ok {
		return err
	}
	i := pick(s.rng, who)
	l, err := s.b.Assign(s.actor(), p.name, s.holderName(p, i), false)
	if err != nil {
		return fmt.Errorf("assign %s to %s: %w", p.name, s.holderName(p, i), err)
	}
	p.add(i, l.ID)
	s.tick()
	return nil
}

// dropSeat gives back a seat someone no longer needs.
func (s *std) dropSeat() error {
	var ps []*pool
	for _, p := range s.live([]string{pJetBrains, pZoom}, true) {
		if len(p.holders) > 4 {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return nil
	}
	p := pick(s.rng, ps)
	return s.unassign(p, pick(s.rng, p.holders))
}

func (s *std) editComputer() error {
	var mine []int
	for i, a := range s.assets {
		if !a.srv && a.owner >= 0 {
			mine = append(mine, i)
		}
	}
	if len(mine) == 0 {
		return nil
	}
	a := &s.assets[pick(s.rng, mine)]
	loc := pick(s.rng, []string{locAmsterdam, locBerlin, locRemote})
	if loc == a.loc {
		return nil
	}
	if _, err := s.b.EditAsset(s.actor(), a.name, func(x *model.Asset) error {
		x.Location = loc
		return nil
	}, nil); err != nil {
		return err
	}
	a.loc = loc
	s.tick()
	return nil
}

// editPerson changes someone's last name (marriage, a typo fixed) or
// moves a member to read-only access and back.
func (s *std) editPerson() error {
	var who []int
	for i, p := range s.people {
		if p.hired && !p.gone && !p.leaving && p.kind == model.KindEmployee && (p.role == model.RoleMember || p.role == model.RoleViewer) && i > 20 {
			who = append(who, i)
		}
	}
	if len(who) == 0 {
		return nil
	}
	i := pick(s.rng, who)
	p := &s.people[i]
	last, role := p.last, p.role
	if s.rng.IntN(3) == 0 {
		if role == model.RoleMember {
			role = model.RoleViewer
		} else {
			role = model.RoleMember
		}
	} else {
		last = pick(s.rng, lastNames)
	}
	if last == p.last && role == p.role {
		return nil
	}
	if _, err := s.b.EditUser(s.actor(), p.email, func(u *model.User) error {
		u.Last, u.Role = last, role
		return nil
	}); err != nil {
		return err
	}
	p.last, p.role = last, role
	s.tick()
	return s.syncRule(i)
}

var productNotes = []string{
	"Renewal quote requested from the vendor.",
	"Usage reviewed with the department head; no change.",
	"Invoice checked against the contract by Finance.",
	"Vendor account manager changed; contact details updated.",
	"Seat audit done: holders match the HR list.",
}

func (s *std) editProduct() error {
	var ps []*pool
	for _, p := range s.pools {
		if p.created && !p.deleted {
			ps = append(ps, p)
		}
	}
	p := pick(s.rng, ps)
	note := string(model.DateOf(s.clock)) + ": " + pick(s.rng, productNotes)
	_, err := s.b.EditProduct(s.buyer(), p.name, func(x *model.Product) error {
		x.Notes = strings.TrimSpace(x.Notes + "\n" + note)
		return nil
	})
	s.tick()
	return err
}
