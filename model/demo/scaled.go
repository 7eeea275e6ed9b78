package demo

import (
	"fmt"
	"time"

	"github.com/seats/seats/model"
)

// The load-test organization: Options.Scale licenses over twenty products,
// about 70 % assigned, a third as many users and a twenty-fifth as many
// computers, with a year of history written week by week.
//
// Everything goes through the domain, in batches of whole operations: each
// batch is one transaction, so a run interrupted at any moment leaves a
// database holding whole operations only, which passes the checker.

// batchUnits is roughly how many operations one transaction holds (a
// variable only so tests can make batches small).
var batchUnits = 10_000

// Shares of the staff by department (per mille) and of the computers by kind.
var scaleDepts = []struct {
	name   string
	permil int
}{
	{deptEngineering, 280}, {deptSales, 180}, {deptSupport, 160}, {deptMarketing, 90}, {"Operations", 80},
	{deptFinance, 70}, {deptIT, 50}, {deptHR, 40}, {"Legal", 30}, {deptManagement, 20},
}

// Computer kinds at scale.
const (
	kindWindows = 'w'
	kindMac     = 'm'
	kindServer  = 's'
)

// sprod is one product of the load-test organization.
type sprod struct {
	spec  model.Product
	share int // share of all licenses, in hundredths of a percent
	// depts limits a per-user product to some departments (nil: everyone);
	// fits limits a per-device product to some kinds of computer (0: all).
	depts []string
	fits  byte

	count      int // final contracted count
	contracted int
	deptOK     []bool // by department index
	holders    []int32
	lic        []model.ID
	pos        []int32 // holder index → position in holders + 1; 0: holds none
	cursor     int     // next candidate holder
}

func scaleProducts(g *gen) []*sprod {
	rel := func(d int) model.Date { return model.DateOf(g.now.AddDate(0, 0, d)) }
	ago := func(d int) model.Date { return model.DateOf(g.start.AddDate(0, 0, -d)) }
	u := func(name, software, vendor, typ string, period model.Period, price model.Money, vat int, policy model.Policy, share int, depts ...string) *sprod {
		return &sprod{spec: model.Product{Name: name, Software: software, Vendor: vendor, LicenseType: typ, Kind: model.PerUser,
			Period: period, NetPrice: price, VATBasis: vat, Policy: policy, Purchased: ago(30), Expires: rel(200), SupportUntil: rel(200)},
			share: share, depts: depts}
	}
	d := func(name, software, vendor, typ string, period model.Period, price model.Money, vat int, share int, fits byte) *sprod {
		return &sprod{spec: model.Product{Name: name, Software: software, Vendor: vendor, LicenseType: typ, Kind: model.PerDevice,
			Period: period, NetPrice: price, VATBasis: vat, Policy: model.PolicyBlock, Purchased: ago(60)},
			share: share, fits: fits}
	}
	ps := []*sprod{
		u(pM365, "Microsoft 365 E3", "Microsoft (via SoftwareOne)", "Subscription", model.Monthly, 3540, 2100, model.PolicyAutoGrow, 0),
		u("Slack Business+", "Slack", "Slack Technologies", "Subscription", model.Monthly, 1125, 0, model.PolicyAutoGrow, 1400),
		u(pZoom, "Zoom Workplace", "Zoom Video Communications", "Subscription", model.Monthly, 1899, 2100, model.PolicyBlock, 800),
		u("1Password Business", "1Password", "AgileBits", "Subscription", model.Yearly, 8760, 2100, model.PolicyAutoGrow, 800),
		u("Jira Software Cloud", "Jira Software Premium", "Atlassian", "Subscription", model.Monthly, 1470, 0, model.PolicyAutoGrow, 700,
			deptEngineering, deptSupport, deptIT),
		u("Confluence Cloud", "Confluence Standard", "Atlassian", "Subscription", model.Monthly, 560, 0, model.PolicyAutoGrow, 600),
		u("GitHub Enterprise", "GitHub Enterprise Cloud", "GitHub", "Subscription", model.Monthly, 1950, 0, model.PolicyBlock, 450,
			deptEngineering, deptIT),
		u(pJetBrains, "All Products Pack (organization)", "JetBrains (via a German reseller)", "Subscription", model.Yearly, 77900, 1900,
			model.PolicyAutoGrow, 350, deptEngineering),
		u(pSalesforce, "Sales Cloud Enterprise", "Salesforce Ireland", "Subscription", model.Monthly, 16500, 0, model.PolicyBlock, 400,
			deptSales, deptManagement),
		u("HubSpot Marketing Hub", "Marketing Hub Professional", "HubSpot", "Subscription", model.Monthly, 4500, 2100, model.PolicyBlock, 200,
			deptMarketing, deptSales),
		u(pAdobe, "Creative Cloud All Apps for teams", "Adobe", "Subscription", model.Monthly, 8499, 2100, model.PolicyBlock, 150, deptMarketing),
		u("Figma Professional", "Figma", "Figma", "Subscription", model.Yearly, 14400, 0, model.PolicyAutoGrow, 200, deptMarketing, deptEngineering),
		u(pTableau, "Tableau Cloud Creator", "Salesforce (Tableau)", "Subscription", model.Yearly, 84000, 2100, model.PolicyBlock, 150,
			deptFinance, deptManagement, "Operations"),
		u("DocuSign Business Pro", "eSignature Business Pro", "DocuSign", "Subscription", model.Yearly, 48000, 2100, model.PolicyBlock, 150,
			deptSales, "Legal", deptFinance, deptHR),
		u("Zendesk Suite Professional", "Zendesk Suite", "Zendesk", "Subscription", model.Monthly, 9900, 2100, model.PolicyBlock, 300, deptSupport),
		d(pWindows, "Windows 11 Pro", "Microsoft (OEM, with the hardware)", "OEM", model.NoBilling, 14500, 2100, 400, kindWindows),
		d(pSophos, "Intercept X Advanced", "Sophos", "Volume", model.Yearly, 4250, 2100, 400, 0),
		d(pOffice, "Office LTSC Standard 2021", "Microsoft (Open Value)", "Open/MOLP", model.NoBilling, 41900, 2100, 200, kindWindows),
		d("Parallels Desktop Business", "Parallels Desktop for Mac Business", "Parallels", "Subscription", model.Yearly, 14999, 2100, 50, kindMac),
		d(pVeeam, "Veeam Backup & Replication Enterprise", "Veeam Software", "Perpetual", model.NoBilling, 115000, 2100, 15, kindServer),
	}
	// Dates that put alerts on the dashboard: an expired product still in
	// use, one expiring soon, support ending soon.
	for _, p := range ps {
		switch p.spec.Name {
		case pTableau:
			p.spec.Expires, p.spec.SupportUntil = rel(-9), rel(-9)
		case pSophos:
			p.spec.Expires, p.spec.SupportUntil = rel(18), rel(18)
		case pVeeam:
			p.spec.SupportUntil = rel(12)
		case pOffice:
			p.spec.SupportUntil = rel(400)
		}
		p.spec.OrgUnit = deptIT
		if len(p.depts) > 0 {
			p.spec.OrgUnit = p.depts[0]
		}
		p.spec.Location = locAmsterdam
		p.spec.Notes = "Load-test organization."
	}
	return ps
}

// scale is the state of a load-test generation.
type scale struct {
	*gen
	n        int
	products []*sprod
	// users, by index (hired in index order)
	emails []string
	names  [][2]uint8 // first and last name, by index into the name lists
	dept   []uint8
	ext    []bool
	gone   []bool
	hired  int
	// planned users and computers: the week being planned may be ahead of
	// those written
	planUsers, planAssets int
	// computers, by index (bought in index order)
	assets  []string
	akind   []byte
	bought  int
	admins  []string
	done    int
	total   int
	first   bool
	weekOps []sop
}

// sop is one operation of a week; units weighs it for batching.
type sop struct {
	units int
	fn    func() error
	// alone makes the operation a transaction of its own. A store may
	// keep a fresh transaction's changes in one sorted node until commit
	// (bbolt does), where a hundred thousand new seats in one transaction
	// with other changes would all move at each insert before them.
	alone bool
}

func (g *gen) scaled(n int) error {
	s := &scale{gen: g, n: n, first: true}
	s.plan()
	s.total = s.estimate()
	g.progress(0, s.total)
	const weeks = 52
	for w := 0; w <= weeks; w++ {
		s.weekOps = s.weekOps[:0]
		if w == weeks {
			s.final()
		} else {
			s.week(w)
		}
		t0 := g.start.AddDate(0, 0, 7*w).Add(8 * time.Hour)
		t1 := t0.AddDate(0, 0, 7).Add(-16 * time.Hour)
		if w == weeks {
			t0, t1 = s.finalWindow()
		}
		if err := s.run(t0, t1); err != nil {
			return err
		}
	}
	g.progress(s.total, s.total)
	return nil
}

// plan sizes the organization and draws its staff and computers.
func (s *scale) plan() {
	users := max(20, s.n/3)
	computers := max(8, s.n/25)
	s.products = scaleProducts(s.gen)
	// Counts: shares of n, the remainder to Microsoft 365.
	rest := s.n
	for _, p := range s.products[1:] {
		p.count = int(int64(s.n) * int64(p.share) / 10000)
		rest -= p.count
	}
	s.products[0].count = rest
	for _, p := range s.products {
		p.deptOK = make([]bool, len(scaleDepts))
		for i, d := range scaleDepts {
			p.deptOK[i] = len(p.depts) == 0
			for _, x := range p.depts {
				if x == d.name {
					p.deptOK[i] = true
				}
			}
		}
		size := users
		if p.spec.Kind == model.PerDevice {
			size = computers
		}
		p.pos = make([]int32, size)
	}
	s.emails = make([]string, users)
	s.names = make([][2]uint8, users)
	s.dept = make([]uint8, users)
	s.ext = make([]bool, users)
	s.gone = make([]bool, users)
	for i := range users {
		f, l := s.rng.IntN(len(firstNames)), s.rng.IntN(len(lastNames))
		first, last := firstNames[f], lastNames[l]
		s.names[i] = [2]uint8{uint8(f), uint8(l)}
		domain := Domain
		if i >= 6 && s.rng.IntN(100) < 2 {
			s.ext[i] = true
			domain = pick(s.rng, []string{"brightpath-consulting.example", "studio-lumen.example", "ledgerline-audit.example"})
		}
		if i < 6 {
			s.dept[i] = uint8(indexDept(deptIT))
		} else {
			r, k := s.rng.IntN(1000), 0
			for r >= scaleDepts[k].permil {
				r -= scaleDepts[k].permil
				k++
			}
			s.dept[i] = uint8(k)
		}
		s.emails[i] = s.email(first, last, domain)
	}
	s.assets = make([]string, computers)
	s.akind = make([]byte, computers)
	counts := map[byte]int{}
	prefixes := map[byte]string{kindWindows: "NW-LT", kindMac: "NW-MB", kindServer: "NW-SRV"}
	for i := range computers {
		k := byte(kindWindows)
		switch r := s.rng.IntN(100); {
		case r < 5:
			k = kindServer
		case r < 20:
			k = kindMac
		}
		s.akind[i] = k
		counts[k]++
		s.assets[i] = fmt.Sprintf("%s-%06d", prefixes[k], counts[k])
	}
}

func indexDept(name string) int {
	for i, d := range scaleDepts {
		if d.name == name {
			return i
		}
	}
	return 0
}

// estimate is the total progress: one unit per operation, about.
func (s *scale) estimate() int {
	assigned := 0
	for _, p := range s.products {
		assigned += p.count * 7 / 10
	}
	return len(s.emails) + len(s.assets) + assigned*13/10 + s.n/50 + 100
}

// target is how far a quantity has grown by week w: start% at week 0,
// all of it by week full.
func target(total, w, startPct, full int) int {
	w = min(w, full)
	return int(int64(total) * int64(startPct*full+(100-startPct)*w) / int64(100*full))
}

func (s *scale) add(units int, fn func() error) {
	s.weekOps = append(s.weekOps, sop{units: units, fn: fn})
}

// addAlone plans an operation that adds many licenses: see sop.alone.
func (s *scale) addAlone(units int, fn func() error) {
	s.weekOps = append(s.weekOps, sop{units: units, fn: fn, alone: true})
}

func (s *scale) actor() string { return s.admins[s.rng.IntN(len(s.admins))] }

// week plans one week of the year.
func (s *scale) week(w int) {
	if w == 0 {
		s.setup()
	}
	// Month by month the pools grow to their final size at week 48.
	if w%4 == 0 {
		for _, p := range s.products {
			c := target(p.count, w, 55, 48)
			if w == 0 {
				s.addAlone(1+c/50, func() error {
					spec := p.spec
					spec.Contracted = c
					spec.Invoice = fmt.Sprintf("INV-%d-%05d", s.clock.Year(), s.rng.IntN(100000))
					if _, err := s.b.CreateProduct(s.actor(), spec); err != nil {
						return fmt.Errorf("create %s: %w", spec.Name, err)
					}
					p.contracted = c
					return nil
				})
			} else if c > p.contracted {
				s.addAlone(1+(c-p.contracted)/50, func() error {
					if _, err := s.b.AddLicenses(s.actor(), p.spec.Name, c-p.contracted); err != nil {
						return fmt.Errorf("add %d %s: %w", c-p.contracted, p.spec.Name, err)
					}
					p.contracted = c
					return nil
				})
			}
		}
	}
	for ; s.planUsers < target(len(s.emails), w, 60, 50); s.planUsers++ {
		i := s.planUsers
		s.add(1, func() error { return s.invite(i) })
	}
	for ; s.planAssets < target(len(s.assets), w, 60, 50); s.planAssets++ {
		i := s.planAssets
		s.add(1, func() error { return s.buy(i) })
	}
	// A few leave every week; their seats are refilled the week after.
	if w >= 2 {
		for range target(len(s.emails), w, 60, 50) * 8 / 10000 {
			s.add(4, s.leave)
		}
	}
	for _, p := range s.products {
		want := target(p.count, w, 55, 48) * 7 / 10
		for k := len(p.holders); k < want; k += giveChunk {
			n := min(giveChunk, want-k)
			s.add(n, func() error { return s.giveN(p, n) })
		}
		// Seats move between people: 0.15 % a week.
		for range len(p.holders) * 15 / 10000 {
			s.add(2, func() error { return s.move(p) })
		}
	}
}

// setup plans the organization, its owner and its administrators.
func (s *scale) setup() {
	s.add(1, func() error {
		_, err := s.b.EditOrg("", func(o *model.Org) error {
			o.Name, o.Currency, o.AnchorDay, o.ExpiryWarningDays = OrgName, "EUR", 1, 30
			return nil
		})
		return err
	})
	for i := range 6 {
		s.add(1, func() error {
			actor := ""
			if i > 0 {
				actor = s.emails[0]
			}
			role := model.RoleAdmin
			if i == 0 {
				role = ""
			}
			return s.inviteAs(i, actor, role)
		})
	}
	s.planUsers = 6
}

func (s *scale) inviteAs(i int, actor string, role model.Role) error {
	first, last := firstNames[s.names[i][0]], lastNames[s.names[i][1]]
	kind := model.KindEmployee
	if s.ext[i] {
		kind = model.KindExternal
	}
	if _, err := s.b.InviteUser(actor, model.User{Email: s.emails[i], First: first, Last: last, Role: role,
		Department: scaleDepts[s.dept[i]].name, Kind: kind}); err != nil {
		return fmt.Errorf("invite %s: %w", s.emails[i], err)
	}
	s.hired = max(s.hired, i+1)
	if role == model.RoleAdmin || i == 0 {
		s.admins = append(s.admins, s.emails[i])
	}
	return nil
}

func (s *scale) invite(i int) error {
	role := model.RoleMember
	if s.rng.IntN(100) < 5 {
		role = model.RoleViewer
	}
	return s.inviteAs(i, s.actor(), role)
}

// buy adds a computer, linked to a person unless it is a server.
func (s *scale) buy(i int) error {
	m := pick(s.rng, windowsLaptops)
	loc, owner := pick(s.rng, []string{locAmsterdam, locAmsterdam, locBerlin, locRemote}), ""
	switch s.akind[i] {
	case kindMac:
		m = macLaptop
	case kindServer:
		m, loc = server, locDC
	}
	if s.akind[i] != kindServer && s.hired > 6 {
		owner = s.emails[6+s.rng.IntN(s.hired-6)]
	}
	if _, err := s.b.CreateAsset(s.actor(), model.Asset{Name: s.assets[i], Inventory: fmt.Sprintf("INV-%d-%06d", s.clock.Year(), i+1),
		Serial: s.serial(m.vendor), Type: m.typ + " (" + m.model + ")", Location: loc}, owner); err != nil {
		return fmt.Errorf("create %s: %w", s.assets[i], err)
	}
	s.bought = max(s.bought, i+1)
	return nil
}

// eligible reports whether holder i may get a seat of p now.
func (s *scale) eligible(p *sprod, i int) bool {
	if p.pos[i] != 0 {
		return false
	}
	if p.spec.Kind == model.PerDevice {
		return i < s.bought && (p.fits == 0 || p.fits == s.akind[i])
	}
	return i < s.hired && !s.ext[i] && !s.gone[i] && p.deptOK[s.dept[i]]
}

func (s *scale) holderName(p *sprod, i int) string {
	if p.spec.Kind == model.PerDevice {
		return s.assets[i]
	}
	return s.emails[i]
}

// giveChunk is how many seats one bulk assignment hands out.
const giveChunk = 50

// giveN assigns up to n free seats of p to the next candidates, in one
// bulk operation.
func (s *scale) giveN(p *sprod, n int) error {
	limit := s.hired
	if p.spec.Kind == model.PerDevice {
		limit = s.bought
	}
	n = min(n, p.contracted-len(p.holders))
	var who []int
	var names []string
	for len(who) < n && p.cursor < limit {
		if s.eligible(p, p.cursor) {
			who = append(who, p.cursor)
			names = append(names, s.holderName(p, p.cursor))
		}
		p.cursor++
	}
	if len(who) == 0 {
		return nil
	}
	ls, err := s.b.BulkAssign(s.actor(), p.spec.Name, names, false)
	if err != nil {
		return fmt.Errorf("assign %s: %w", p.spec.Name, err)
	}
	for k, l := range ls {
		p.holders = append(p.holders, int32(who[k]))
		p.lic = append(p.lic, l.ID)
		p.pos[who[k]] = int32(len(p.holders))
	}
	return nil
}

// give assigns a free seat of p to the next candidate, if there is one.
func (s *scale) give(p *sprod) error {
	limit := s.hired
	if p.spec.Kind == model.PerDevice {
		limit = s.bought
	}
	for p.cursor < limit && !s.eligible(p, p.cursor) {
		p.cursor++
	}
	if p.cursor >= limit || len(p.holders) >= p.contracted {
		return nil
	}
	i := p.cursor
	p.cursor++
	l, err := s.b.Assign(s.actor(), p.spec.Name, s.holderName(p, i), false)
	if err != nil {
		return fmt.Errorf("assign %s to %s: %w", p.spec.Name, s.holderName(p, i), err)
	}
	p.holders = append(p.holders, int32(i))
	p.lic = append(p.lic, l.ID)
	p.pos[i] = int32(len(p.holders))
	return nil
}

// drop records that holder slot k of p no longer holds its seat.
func (p *sprod) drop(i int) {
	k := int(p.pos[i]) - 1
	last := len(p.holders) - 1
	p.holders[k], p.lic[k] = p.holders[last], p.lic[last]
	p.pos[p.holders[k]] = int32(k + 1)
	p.holders, p.lic = p.holders[:last], p.lic[:last]
	p.pos[i] = 0
}

// move takes a seat from a random holder and gives it to the next candidate.
func (s *scale) move(p *sprod) error {
	if len(p.holders) == 0 {
		return nil
	}
	k := s.rng.IntN(len(p.holders))
	i := int(p.holders[k])
	if _, _, err := s.b.Unassign(s.actor(), model.LicenseCode(p.lic[k])); err != nil {
		return fmt.Errorf("unassign %s from %s: %w", p.spec.Name, s.holderName(p, i), err)
	}
	p.drop(i)
	return s.give(p)
}

// leave terminates a random employee today, releasing their seats.
func (s *scale) leave() error {
	if s.hired <= 6 {
		return nil
	}
	i := 6 + s.rng.IntN(s.hired-6)
	if s.gone[i] || s.ext[i] {
		return nil
	}
	if _, err := s.b.TerminateUser(s.actor(), s.emails[i], model.DateOf(s.clock)); err != nil {
		return fmt.Errorf("terminate %s: %w", s.emails[i], err)
	}
	s.gone[i] = true
	for _, p := range s.products {
		if p.spec.Kind == model.PerUser && p.pos[i] != 0 {
			p.drop(i)
		}
	}
	return nil
}

// finalWindow is when the last steps happen: within the current billing
// cycle (so the reductions they schedule are still pending at now), and
// before now.
func (s *scale) finalWindow() (time.Time, time.Time) {
	c, _ := model.CycleAt(model.Org{AnchorDay: 1}, model.Product{Period: model.Monthly}, s.now)
	t0 := s.now.Add(-20 * time.Hour)
	if t0.Before(c.Start) {
		t0 = c.Start
	}
	return t0, t0.Add(s.now.Sub(t0) / 2)
}

// final plans the last day: allocations with a rule, a conflict and one
// over its quantity, an ordinary and a forced scheduled reduction, and a
// few people leaving soon.
func (s *scale) final() {
	by := func(name string) *sprod {
		for _, p := range s.products {
			if p.spec.Name == name {
				return p
			}
		}
		panic("demo: no product " + name)
	}
	holders := func(p *sprod, from, n int) []string {
		var out []string
		for k := from; k < len(p.holders) && len(out) < n; k++ {
			out = append(out, s.emails[p.holders[k]])
		}
		return out
	}
	alloc := func(a model.Allocation, p *sprod, users []string) {
		s.add(50, func() error {
			if len(users) == 0 && !a.Rule {
				return nil
			}
			if _, err := s.b.CreateAllocation(s.actor(), a, p.spec.Name, users); err != nil {
				return fmt.Errorf("allocation %s: %w", a.Name, err)
			}
			return nil
		})
	}
	sales, jb := by(pSalesforce), by(pJetBrains)
	alloc(model.Allocation{Name: aSales, Quantity: 10}, sales, holders(sales, 0, 20))
	alloc(model.Allocation{Name: aEngineering, Quantity: 30}, jb, holders(jb, 0, 25))
	alloc(model.Allocation{Name: aPilot, Quantity: 5}, jb, holders(jb, 20, 10))
	alloc(model.Allocation{Name: "Legal e-signatures", Quantity: 50, Rule: true, RuleDepartment: "Legal", RuleRole: model.RoleViewer},
		by("DocuSign Business Pro"), nil)
	s.add(1, func() error { return s.reduce(by(pZoom), 25, false) })
	s.add(1, func() error { return s.reduce(sales, 3, true) })
	for k := range 5 {
		s.add(4, func() error {
			i := len(s.emails) - 1 - 7*k
			if i < 6 || s.gone[i] || s.ext[i] || i >= s.hired {
				return nil
			}
			_, err := s.b.TerminateUser(s.actor(), s.emails[i], model.DateOf(s.now.AddDate(0, 0, 10+3*k)))
			return err
		})
	}
}

// reduce schedules a removal at the cycle end: of up to n free seats, or
// with force, of n seats more than are free (below those assigned).
func (s *scale) reduce(p *sprod, n int, force bool) error {
	ps, err := s.b.Product(p.spec.Name)
	if err != nil {
		return err
	}
	free := ps.Contracted - ps.PendingRemoval - ps.Active
	if force {
		n += free
	} else {
		n = min(n, free)
	}
	if n <= 0 || n > ps.Contracted-ps.PendingRemoval {
		return nil
	}
	_, err = s.b.RemoveLicenses(s.actor(), p.spec.Name, n, force)
	return err
}

// run writes the week's operations in batches, spreading their times over
// [t0, t1].
func (s *scale) run(t0, t1 time.Time) error {
	ops := s.weekOps
	span := t1.Sub(t0)
	for i := 0; i < len(ops); {
		j, units := i, 0
		for j < len(ops) && units < batchUnits && (j == i || !ops[j].alone && !ops[j-1].alone) {
			units += ops[j].units
			j++
		}
		err := s.batch(s.first, func() error {
			for k := i; k < j; k++ {
				s.set(t0.Add(time.Duration(int64(span) * int64(k) / int64(len(ops)))))
				if err := ops[k].fn(); err != nil {
					return fmt.Errorf("demo: %s: %w", s.clock.Format("2006-01-02 15:04"), err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		s.first = false
		s.done = min(s.total, s.done+units)
		s.progress(s.done, s.total)
		i = j
	}
	return nil
}
