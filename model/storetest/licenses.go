package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

var (
	statuses = []model.Status{model.Available, model.Active, model.Deactivated}
	zero     time.Time
)

func free(product model.ID, since time.Time) model.License {
	return model.License{ProductID: product, Status: model.Available, Created: t0, Since: since, CreatedSeq: 1}
}

func off(product model.ID, since time.Time) model.License {
	return model.License{ProductID: product, Status: model.Deactivated, Created: t0, Since: since, CreatedSeq: 1}
}

func held(product model.ID, kind model.AssigneeKind, holder model.ID, since time.Time) model.License {
	return model.License{ProductID: product, Status: model.Active, AssigneeKind: kind, AssigneeID: holder,
		Created: t0, AssignedAt: since, Since: since, CreatedSeq: 1}
}

// assign, release and deactivate are the transitions the domain makes.
func assign(l model.License, kind model.AssigneeKind, holder model.ID, when time.Time) model.License {
	l.Status, l.AssigneeKind, l.AssigneeID, l.AssignedAt, l.Since = model.Active, kind, holder, when, when
	return l
}

func release(l model.License, when time.Time) model.License {
	l.Status, l.AssigneeKind, l.AssigneeID, l.AssignedAt, l.Since = model.Available, model.NoAssignee, 0, time.Time{}, when
	return l
}

func deactivate(l model.License, when time.Time) model.License {
	l.Status, l.AssigneeKind, l.AssigneeID, l.AssignedAt, l.Since = model.Deactivated, model.NoAssignee, 0, time.Time{}, when
	return l
}

func putLicense(t *testing.T, tx model.Tx, l model.License) model.License {
	t.Helper()
	must(t, tx.PutLicense(&l), "PutLicense")
	return l
}

func byStatus(t *testing.T, tx model.Tx, product model.ID, st model.Status, since time.Time) []model.ID {
	t.Helper()
	return gather(t, "LicensesByStatus", func(fn func(model.License) bool) error {
		return tx.LicensesByStatus(product, st, since, fn)
	}, licenseID)
}

func heldBy(t *testing.T, tx model.Tx, kind model.AssigneeKind, holder model.ID) []model.ID {
	t.Helper()
	return gather(t, "HeldBy", func(fn func(model.License) bool) error { return tx.HeldBy(kind, holder, fn) }, licenseID)
}

func allLicenses(t *testing.T, tx model.Tx, from model.ID) []model.ID {
	t.Helper()
	return gather(t, "Licenses", func(fn func(model.License) bool) error { return tx.Licenses(from, fn) }, licenseID)
}

func heldOf(tx model.Tx, kind model.AssigneeKind, holder, product model.ID) string {
	l, err := tx.HeldOf(kind, holder, product)
	if err != nil {
		return err.Error()
	}
	return model.LicenseCode(l.ID)
}

// productView is everything the indexes say about one product's licenses
// (and one holder of them).
func productView(t *testing.T, tx model.Tx, product model.ID, kind model.AssigneeKind, holder model.ID) map[string]any {
	t.Helper()
	v := map[string]any{"counts": got(tx.Counts(product))(t), "held of": heldOf(tx, kind, holder, product)}
	for _, st := range statuses {
		v["by status "+st.String()] = byStatus(t, tx, product, st, zero)
		v["count "+st.String()] = got(tx.CountByStatus(product, st, zero, zero))(t)
	}
	return v
}

func licenses(t *testing.T, open opener) {
	check(t, open, "License of a missing ID is ErrNotFound", func(t *testing.T, s model.Store) {
		update(t, s, func(tx model.Tx) { putLicense(t, tx, free(putProduct(t, tx, model.Product{Name: "P"}).ID, t0)) })
		view(t, s, func(tx model.Tx) {
			for _, id := range []model.ID{0, 2, 1 << 40} {
				_, err := tx.License(id)
				notFound(t, fmt.Sprintf("License(%d)", id), err)
			}
		})
	})

	check(t, open, "PutLicense with ID 0 assigns increasing IDs across products", func(t *testing.T, s model.Store) {
		var ids []model.ID
		update(t, s, func(tx model.Tx) {
			a, b := putProduct(t, tx, model.Product{Name: "A"}), putProduct(t, tx, model.Product{Name: "B"})
			for _, p := range []model.ID{a.ID, b.ID, a.ID, b.ID} {
				ids = append(ids, putLicense(t, tx, free(p, t0)).ID)
			}
		})
		update(t, s, func(tx model.Tx) { ids = append(ids, putLicense(t, tx, free(1, t0)).ID) })
		if !increasing(ids...) {
			t.Errorf("license IDs %v are not nonzero and increasing", ids)
		}
	})

	check(t, open, "PutLicense keeps a given ID and later IDs go above it", func(t *testing.T, s model.Store) {
		var p model.Product
		var next model.ID
		update(t, s, func(tx model.Tx) {
			p = putProduct(t, tx, model.Product{Name: "P"})
			l := free(p.ID, t0)
			l.ID = 500
			if putLicense(t, tx, l).ID != 500 {
				t.Errorf("PutLicense with ID 500 changed the ID")
			}
		})
		update(t, s, func(tx model.Tx) { next = putLicense(t, tx, free(p.ID, t0)).ID })
		if next <= 500 {
			t.Errorf("the next license after ID 500 got ID %d", next)
		}
		view(t, s, func(tx model.Tx) { same(t, "License(500).ProductID", got(tx.License(500))(t).ProductID, p.ID) })
	})

	check(t, open, "PutLicense stores every field", func(t *testing.T, s model.Store) {
		var ls []model.License
		update(t, s, func(tx model.Tx) {
			p := putProduct(t, tx, model.Product{Name: "P"})
			a := held(p.ID, model.AssigneeAsset, 12, at(3*day+5))
			a.Created, a.CreatedSeq = at(-day+1), 77
			ls = []model.License{putLicense(t, tx, free(p.ID, at(7))), putLicense(t, tx, a),
				putLicense(t, tx, held(p.ID, model.AssigneeUser, 1<<33, at(day))), putLicense(t, tx, off(p.ID, at(9)))}
		})
		view(t, s, func(tx model.Tx) {
			for _, l := range ls {
				same(t, "License "+l.Code(), got(tx.License(l.ID))(t), l)
			}
			got := []model.License{}
			must(t, tx.Licenses(0, func(l model.License) bool { got = append(got, l); return true }), "Licenses")
			same(t, "Licenses", got, ls)
		})
	})

	check(t, open, "Licenses iterates every license in ID order, starting at from", func(t *testing.T, s model.Store) {
		update(t, s, func(tx model.Tx) {
			a, b := putProduct(t, tx, model.Product{Name: "A"}), putProduct(t, tx, model.Product{Name: "B"})
			// IDs given out of order and spread over products, so neither
			// insertion order nor product order passes for ID order.
			for _, x := range []struct{ id, p model.ID }{{30, b.ID}, {10, a.ID}, {20, b.ID}, {40, a.ID}, {15, a.ID}} {
				l := free(x.p, t0)
				l.ID = x.id
				putLicense(t, tx, l)
			}
		})
		view(t, s, func(tx model.Tx) {
			for _, c := range []struct {
				from model.ID
				want []model.ID
			}{{0, []model.ID{10, 15, 20, 30, 40}}, {1, []model.ID{10, 15, 20, 30, 40}}, {15, []model.ID{15, 20, 30, 40}},
				{16, []model.ID{20, 30, 40}}, {40, []model.ID{40}}, {41, []model.ID{}}} {
				same(t, fmt.Sprintf("Licenses(%d)", c.from), allLicenses(t, tx, c.from), c.want)
			}
		})
	})

	check(t, open, "Licenses stops when the callback returns false", func(t *testing.T, s model.Store) {
		update(t, s, func(tx model.Tx) {
			p := putProduct(t, tx, model.Product{Name: "P"})
			for range 4 {
				putLicense(t, tx, free(p.ID, t0))
			}
		})
		view(t, s, func(tx model.Tx) {
			stops(t, "Licenses", func(fn func(model.License) bool) error { return tx.Licenses(0, fn) })
		})
	})

	for _, st := range statuses {
		check(t, open, "LicensesByStatus lists "+st.String()+" licenses oldest Since first, then by ID", func(t *testing.T, s model.Store) {
			var p model.Product
			ids := map[string]model.ID{}
			update(t, s, func(tx model.Tx) {
				p = putProduct(t, tx, model.Product{Name: "P"})
				holder := model.ID(1)
				mk := func(since time.Time) model.License {
					switch st {
					case model.Active:
						holder++
						return held(p.ID, model.AssigneeUser, holder, since)
					case model.Deactivated:
						return off(p.ID, since)
					}
					return free(p.ID, since)
				}
				// Since runs against ID order; "tie" shares its Since with
				// "late" and has the higher ID; "nano" is 1 ns after "early".
				for _, c := range []struct {
					name  string
					since time.Time
				}{{"late", at(2 * day)}, {"early", at(-day)}, {"middle", at(hour)}, {"tie", at(2 * day)}, {"nano", at(-day + 1)}} {
					ids[c.name] = putLicense(t, tx, mk(c.since)).ID
				}
			})
			view(t, s, func(tx model.Tx) {
				same(t, "LicensesByStatus", byStatus(t, tx, p.ID, st, zero),
					[]model.ID{ids["early"], ids["nano"], ids["middle"], ids["late"], ids["tie"]})
			})
		})
	}

	check(t, open, "LicensesByStatus starts at since", func(t *testing.T, s model.Store) {
		var p model.Product
		var ids []model.ID
		update(t, s, func(tx model.Tx) {
			p = putProduct(t, tx, model.Product{Name: "P"})
			for _, d := range []time.Duration{0, hour, hour + 1, day} {
				ids = append(ids, putLicense(t, tx, free(p.ID, at(d))).ID)
			}
		})
		view(t, s, func(tx model.Tx) {
			same(t, "from the zero time", byStatus(t, tx, p.ID, model.Available, zero), ids)
			same(t, "from the first Since", byStatus(t, tx, p.ID, model.Available, at(0)), ids)
			same(t, "from a Since (inclusive)", byStatus(t, tx, p.ID, model.Available, at(hour)), ids[1:])
			same(t, "from 1 ns after a Since", byStatus(t, tx, p.ID, model.Available, at(hour+1)), ids[2:])
			same(t, "from between two", byStatus(t, tx, p.ID, model.Available, at(2*hour)), ids[3:])
			same(t, "from after the last", byStatus(t, tx, p.ID, model.Available, at(day+1)), []model.ID{})
		})
	})

	check(t, open, "LicensesByStatus lists one product's licenses of one status", func(t *testing.T, s model.Store) {
		var a, b model.Product
		want := map[string][]model.ID{}
		update(t, s, func(tx model.Tx) {
			a, b = putProduct(t, tx, model.Product{Name: "A"}), putProduct(t, tx, model.Product{Name: "B"})
			for i, p := range []model.Product{a, b, a, b} {
				when := at(time.Duration(i) * hour)
				for _, l := range []model.License{free(p.ID, when), held(p.ID, model.AssigneeUser, model.ID(i+1), when), off(p.ID, when)} {
					l = putLicense(t, tx, l)
					k := p.Name + " " + l.Status.String()
					want[k] = append(want[k], l.ID)
				}
			}
		})
		view(t, s, func(tx model.Tx) {
			for _, p := range []model.Product{a, b} {
				for _, st := range statuses {
					same(t, p.Name+" "+st.String(), byStatus(t, tx, p.ID, st, zero), want[p.Name+" "+st.String()])
				}
			}
			same(t, "a product with no licenses", byStatus(t, tx, b.ID+1, model.Available, zero), []model.ID{})
		})
	})

	check(t, open, "LicensesByStatus follows status changes", func(t *testing.T, s model.Store) {
		var p model.Product
		var l1, l2, l3 model.License
		update(t, s, func(tx model.Tx) {
			p = putProduct(t, tx, model.Product{Name: "P"})
			l1, l2, l3 = putLicense(t, tx, free(p.ID, at(0))), putLicense(t, tx, free(p.ID, at(hour))), putLicense(t, tx, free(p.ID, at(2*hour)))
		})
		update(t, s, func(tx model.Tx) {
			l1 = putLicense(t, tx, assign(l1, model.AssigneeUser, 5, at(day)))
			l2 = putLicense(t, tx, deactivate(l2, at(day)))
		})
		view(t, s, func(tx model.Tx) {
			same(t, "available after an assign and a deactivation", byStatus(t, tx, p.ID, model.Available, zero), []model.ID{l3.ID})
			same(t, "active", byStatus(t, tx, p.ID, model.Active, zero), []model.ID{l1.ID})
			same(t, "deactivated", byStatus(t, tx, p.ID, model.Deactivated, zero), []model.ID{l2.ID})
		})
		update(t, s, func(tx model.Tx) {
			l1 = putLicense(t, tx, release(l1, at(3*day)))
			l2 = putLicense(t, tx, release(l2, at(2*day)))
		})
		view(t, s, func(tx model.Tx) {
			same(t, "available after a release and a reactivation, by their new Since",
				byStatus(t, tx, p.ID, model.Available, zero), []model.ID{l3.ID, l2.ID, l1.ID})
			same(t, "active", byStatus(t, tx, p.ID, model.Active, zero), []model.ID{})
			same(t, "deactivated", byStatus(t, tx, p.ID, model.Deactivated, zero), []model.ID{})
		})
		update(t, s, func(tx model.Tx) { l3.Since = at(4 * day); putLicense(t, tx, l3) })
		view(t, s, func(tx model.Tx) {
			same(t, "available after a change of Since alone", byStatus(t, tx, p.ID, model.Available, zero), []model.ID{l2.ID, l1.ID, l3.ID})
		})
	})

	check(t, open, "LicensesByStatus stops when the callback returns false", func(t *testing.T, s model.Store) {
		var p model.Product
		update(t, s, func(tx model.Tx) {
			p = putProduct(t, tx, model.Product{Name: "P"})
			for i := range 4 {
				putLicense(t, tx, free(p.ID, at(time.Duration(i)*hour)))
				putLicense(t, tx, held(p.ID, model.AssigneeUser, model.ID(i+1), t0))
				putLicense(t, tx, off(p.ID, t0))
			}
		})
		view(t, s, func(tx model.Tx) {
			for _, st := range statuses {
				stops(t, "LicensesByStatus "+st.String(), func(fn func(model.License) bool) error {
					return tx.LicensesByStatus(p.ID, st, zero, fn)
				})
			}
		})
	})

	for _, st := range statuses {
		check(t, open, "CountByStatus counts "+st.String()+" licenses with Since in [from, to)", func(t *testing.T, s model.Store) {
			var p model.Product
			// Several a day and across days and months, so a backend that
			// counts whole days (or whole months) must get the edges right.
			offsets := []time.Duration{-40 * day, -day, -1, 0, 0, 1, hour, day - 1, day, day + hour, 3 * day, 60 * day}
			update(t, s, func(tx model.Tx) {
				p = putProduct(t, tx, model.Product{Name: "P"})
				other := putProduct(t, tx, model.Product{Name: "Other"})
				for i, d := range offsets {
					for _, pid := range []model.ID{p.ID, other.ID} {
						switch st {
						case model.Active:
							putLicense(t, tx, held(pid, model.AssigneeUser, model.ID(i+1), at(d)))
						case model.Deactivated:
							putLicense(t, tx, off(pid, at(d)))
						default:
							putLicense(t, tx, free(pid, at(d)))
						}
					}
					// Licenses of the other statuses at the same times must not count.
					if st != model.Available {
						putLicense(t, tx, free(p.ID, at(d)))
					} else {
						putLicense(t, tx, off(p.ID, at(d)))
					}
				}
			})
			count := func(from, to time.Time) int {
				n := 0
				for _, d := range offsets {
					s := at(d)
					if !s.Before(from) && (to.IsZero() || s.Before(to)) {
						n++
					}
				}
				return n
			}
			view(t, s, func(tx model.Tx) {
				edges := []time.Time{zero, at(-41 * day), at(-day), at(-1), at(0), at(1), at(hour), at(day - 1), at(day), at(2 * day),
					at(3 * day), at(3*day + 1), at(61 * day), t0.Truncate(day), t0.Truncate(day).Add(day)}
				for _, from := range edges {
					for _, to := range edges {
						if !to.IsZero() && to.Before(from) {
							continue
						}
						got := got(tx.CountByStatus(p.ID, st, from, to))(t)
						if want := count(from, to); got != want {
							t.Errorf("CountByStatus(%s, %s) = %d, want %d", from.Format(time.RFC3339Nano), to.Format(time.RFC3339Nano), got, want)
						}
					}
				}
			})
		})
	}

	check(t, open, "CountByStatus follows status changes", func(t *testing.T, s model.Store) {
		var p model.Product
		var l model.License
		update(t, s, func(tx model.Tx) {
			p = putProduct(t, tx, model.Product{Name: "P"})
			l = putLicense(t, tx, free(p.ID, at(0)))
		})
		counts := func(tx model.Tx) []int {
			var n []int
			for _, st := range statuses {
				n = append(n, got(tx.CountByStatus(p.ID, st, at(0), at(2*day)))(t))
			}
			return n
		}
		for _, step := range []struct {
			l    model.License
			want []int
		}{
			{assign(l, model.AssigneeUser, 3, at(hour)), []int{0, 1, 0}},
			{release(l, at(day)), []int{1, 0, 0}},
			{deactivate(l, at(day+hour)), []int{0, 0, 1}},
			{deactivate(l, at(3*day)), []int{0, 0, 0}},
		} {
			update(t, s, func(tx model.Tx) { putLicense(t, tx, step.l) })
			view(t, s, func(tx model.Tx) {
				same(t, fmt.Sprintf("available, active, deactivated in [t0, t0+2d) after a %s license since %s",
					step.l.Status, step.l.Since.Format(time.RFC3339)), counts(tx), step.want)
			})
		}
	})

	check(t, open, "HeldBy and HeldOf follow assign, reassign and unassign", func(t *testing.T, s model.Store) {
		var p model.Product
		var l model.License
		update(t, s, func(tx model.Tx) {
			p = putProduct(t, tx, model.Product{Name: "P"})
			l = putLicense(t, tx, free(p.ID, t0))
		})
		holders := func(tx model.Tx) map[string]any {
			return map[string]any{
				"user 7":     heldBy(t, tx, model.AssigneeUser, 7),
				"user 8":     heldBy(t, tx, model.AssigneeUser, 8),
				"asset 7":    heldBy(t, tx, model.AssigneeAsset, 7),
				"of 7":       heldOf(tx, model.AssigneeUser, 7, p.ID),
				"of 8":       heldOf(tx, model.AssigneeUser, 8, p.ID),
				"asset 7 of": heldOf(tx, model.AssigneeAsset, 7, p.ID),
			}
		}
		nf := model.ErrNotFound.Error()
		code := l.Code()
		for _, step := range []struct {
			what string
			l    model.License
			want map[string]any
		}{
			{"assigned to user 7", assign(l, model.AssigneeUser, 7, at(hour)),
				map[string]any{"user 7": []model.ID{l.ID}, "user 8": []model.ID{}, "asset 7": []model.ID{}, "of 7": code, "of 8": nf, "asset 7 of": nf}},
			{"reassigned to user 8", assign(l, model.AssigneeUser, 8, at(2*hour)),
				map[string]any{"user 7": []model.ID{}, "user 8": []model.ID{l.ID}, "asset 7": []model.ID{}, "of 7": nf, "of 8": code, "asset 7 of": nf}},
			{"reassigned to asset 7", assign(l, model.AssigneeAsset, 7, at(3*hour)),
				map[string]any{"user 7": []model.ID{}, "user 8": []model.ID{}, "asset 7": []model.ID{l.ID}, "of 7": nf, "of 8": nf, "asset 7 of": code}},
			{"unassigned", release(l, at(4*hour)),
				map[string]any{"user 7": []model.ID{}, "user 8": []model.ID{}, "asset 7": []model.ID{}, "of 7": nf, "of 8": nf, "asset 7 of": nf}},
			{"assigned to user 7 again", assign(l, model.AssigneeUser, 7, at(5*hour)),
				map[string]any{"user 7": []model.ID{l.ID}, "user 8": []model.ID{}, "asset 7": []model.ID{}, "of 7": code, "of 8": nf, "asset 7 of": nf}},
			{"deactivated while held", deactivate(l, at(6*hour)),
				map[string]any{"user 7": []model.ID{}, "user 8": []model.ID{}, "asset 7": []model.ID{}, "of 7": nf, "of 8": nf, "asset 7 of": nf}},
		} {
			update(t, s, func(tx model.Tx) { putLicense(t, tx, step.l) })
			view(t, s, func(tx model.Tx) { same(t, "holders after "+step.what, holders(tx), step.want) })
		}
	})

	check(t, open, "HeldBy lists a holder's active licenses by product", func(t *testing.T, s model.Store) {
		var want []model.ID
		update(t, s, func(tx model.Tx) {
			var ps []model.Product
			for _, name := range []string{"A", "B", "C", "D"} {
				ps = append(ps, putProduct(t, tx, model.Product{Name: name}))
			}
			// Assigned in another order than the products', the newest
			// assignment in the first product.
			got := map[model.ID]model.ID{}
			for i, p := range []model.Product{ps[2], ps[0], ps[3], ps[1]} {
				putLicense(t, tx, free(p.ID, t0))
				got[p.ID] = putLicense(t, tx, held(p.ID, model.AssigneeUser, 4, at(time.Duration(4-i)*hour))).ID
				putLicense(t, tx, held(p.ID, model.AssigneeUser, 5, t0))
				putLicense(t, tx, held(p.ID, model.AssigneeAsset, 4, t0))
			}
			for _, p := range ps {
				want = append(want, got[p.ID])
			}
		})
		view(t, s, func(tx model.Tx) {
			same(t, "HeldBy user 4", heldBy(t, tx, model.AssigneeUser, 4), want)
			same(t, "HeldBy of a holder with nothing", heldBy(t, tx, model.AssigneeUser, 99), []model.ID{})
			stops(t, "HeldBy", func(fn func(model.License) bool) error { return tx.HeldBy(model.AssigneeUser, 4, fn) })
		})
	})

	check(t, open, "HeldOf of a holder or product with no license is ErrNotFound", func(t *testing.T, s model.Store) {
		var p, q model.Product
		update(t, s, func(tx model.Tx) {
			p, q = putProduct(t, tx, model.Product{Name: "P"}), putProduct(t, tx, model.Product{Name: "Q"})
			putLicense(t, tx, held(p.ID, model.AssigneeUser, 3, t0))
			putLicense(t, tx, free(q.ID, t0))
		})
		view(t, s, func(tx model.Tx) {
			for _, c := range []struct {
				kind            model.AssigneeKind
				holder, product model.ID
			}{{model.AssigneeUser, 3, q.ID}, {model.AssigneeUser, 4, p.ID}, {model.AssigneeAsset, 3, p.ID}, {model.AssigneeUser, 3, 1 << 40}} {
				_, err := tx.HeldOf(c.kind, c.holder, c.product)
				notFound(t, fmt.Sprintf("HeldOf(%c, %d, %d)", c.kind, c.holder, c.product), err)
			}
		})
	})

	check(t, open, "Counts follow every PutLicense transition", func(t *testing.T, s model.Store) {
		var p, other model.Product
		update(t, s, func(tx model.Tx) {
			p, other = putProduct(t, tx, model.Product{Name: "P"}), putProduct(t, tx, model.Product{Name: "Other"})
			putLicense(t, tx, free(other.ID, t0))
		})
		view(t, s, func(tx model.Tx) {
			same(t, "Counts of a product with no licenses", got(tx.Counts(p.ID))(t), model.Counts{})
		})
		c := model.Counts{}
		add := c.Add
		var ls [3]model.License
		update(t, s, func(tx model.Tx) {
			ls = [3]model.License{putLicense(t, tx, free(p.ID, t0)), putLicense(t, tx, held(p.ID, model.AssigneeUser, 1, t0)), putLicense(t, tx, off(p.ID, t0))}
		})
		c = model.Counts{Available: 1, Active: 1, Deactivated: 1}
		view(t, s, func(tx model.Tx) { same(t, "Counts after a new license of each status", got(tx.Counts(p.ID))(t), c) })
		// Every license goes through every transition, one at a time, and
		// through a rewrite without one.
		to := func(l model.License, st model.Status, i int) model.License {
			when := at(time.Duration(i) * hour)
			switch st {
			case model.Active:
				return assign(l, model.AssigneeUser, model.ID(10+i), when)
			case model.Deactivated:
				return deactivate(l, when)
			}
			return release(l, when)
		}
		i := 0
		for n := range ls {
			for _, st := range []model.Status{model.Available, model.Active, model.Active, model.Deactivated, model.Deactivated, model.Active, model.Available, model.Deactivated, model.Available, model.Available} {
				i++
				from := ls[n].Status
				ls[n] = to(ls[n], st, i)
				update(t, s, func(tx model.Tx) { putLicense(t, tx, ls[n]) })
				add(from, -1)
				add(st, 1)
				view(t, s, func(tx model.Tx) {
					same(t, fmt.Sprintf("Counts after %s → %s", from, st), got(tx.Counts(p.ID))(t), c)
				})
			}
		}
		view(t, s, func(tx model.Tx) {
			same(t, "Counts of the other product", got(tx.Counts(other.ID))(t), model.Counts{Available: 1})
		})
	})

	check(t, open, "Counts follow several changes to one license in one transaction", func(t *testing.T, s model.Store) {
		var p model.Product
		update(t, s, func(tx model.Tx) {
			p = putProduct(t, tx, model.Product{Name: "P"})
			l := putLicense(t, tx, free(p.ID, t0))
			l = putLicense(t, tx, assign(l, model.AssigneeUser, 2, at(1)))
			l = putLicense(t, tx, release(l, at(2)))
			l = putLicense(t, tx, assign(l, model.AssigneeUser, 3, at(3)))
			putLicense(t, tx, free(p.ID, t0))
			same(t, "Counts inside the transaction", got(tx.Counts(p.ID))(t), model.Counts{Available: 1, Active: 1})
		})
		view(t, s, func(tx model.Tx) { same(t, "Counts", got(tx.Counts(p.ID))(t), model.Counts{Available: 1, Active: 1}) })
	})
}
