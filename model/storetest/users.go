package storetest

import (
	"fmt"
	"testing"

	"github.com/seats/seats/model"
)

func fullUser(email string) model.User {
	return model.User{Email: email, First: "Ann", Last: "Lee", Role: model.RoleAdmin, Department: "Sales",
		Kind: model.KindEmployee, State: model.StateInvited, LastDay: "2026-09-30", Created: at(2 * hour)}
}

func putUser(t *testing.T, tx model.Tx, u model.User) model.User {
	t.Helper()
	must(t, tx.PutUser(&u), "PutUser "+u.Email)
	return u
}

func users(t *testing.T, open opener) {
	check(t, open, "User and UserByEmail of a missing user are ErrNotFound", func(t *testing.T, s model.Store) {
		update(t, s, func(tx model.Tx) { putUser(t, tx, fullUser("ann@example.com")) })
		view(t, s, func(tx model.Tx) {
			for _, id := range []model.ID{0, 2, 1 << 40} {
				_, err := tx.User(id)
				notFound(t, fmt.Sprintf("User(%d)", id), err)
			}
			for _, e := range []string{"bob@example.com", "ann@example.co", "", "ann"} {
				_, err := tx.UserByEmail(e)
				notFound(t, "UserByEmail("+e+")", err)
			}
		})
	})

	check(t, open, "PutUser with ID 0 assigns increasing IDs", func(t *testing.T, s model.Store) {
		var ids []model.ID
		update(t, s, func(tx model.Tx) {
			ids = append(ids, putUser(t, tx, fullUser("a@example.com")).ID, putUser(t, tx, fullUser("b@example.com")).ID)
		})
		update(t, s, func(tx model.Tx) { ids = append(ids, putUser(t, tx, fullUser("c@example.com")).ID) })
		if !increasing(ids...) {
			t.Errorf("user IDs %v are not nonzero and increasing", ids)
		}
	})

	check(t, open, "PutUser keeps a given ID and later IDs go above it", func(t *testing.T, s model.Store) {
		var next model.ID
		update(t, s, func(tx model.Tx) {
			u := fullUser("old@example.com")
			u.ID = 70
			if putUser(t, tx, u).ID != 70 {
				t.Errorf("PutUser with ID 70 changed the ID")
			}
		})
		update(t, s, func(tx model.Tx) { next = putUser(t, tx, fullUser("new@example.com")).ID })
		if next <= 70 {
			t.Errorf("the next user after ID 70 got ID %d", next)
		}
		view(t, s, func(tx model.Tx) { same(t, "User(70).Email", got(tx.User(70))(t).Email, "old@example.com") })
	})

	check(t, open, "PutUser stores every field but Held", func(t *testing.T, s model.Store) {
		var u model.User
		update(t, s, func(tx model.Tx) {
			u = fullUser("ann@example.com")
			u.Held = 3
			u = putUser(t, tx, u)
		})
		u.Held = 0
		view(t, s, func(tx model.Tx) {
			same(t, "User", got(tx.User(u.ID))(t), u)
			same(t, "UserByEmail", got(tx.UserByEmail("ann@example.com"))(t), u)
			same(t, "Users", gather(t, "Users", tx.Users, func(u model.User) model.User { return u }), []model.User{u})
		})
	})

	// The domain settles users (User.Settle); a store that settles them
	// itself would show a state nobody put.
	check(t, open, "Users are read with the State last put, whatever they hold", func(t *testing.T, s model.Store) {
		var holding, idle model.User
		update(t, s, func(tx model.Tx) {
			p := putProduct(t, tx, model.Product{Name: "P"})
			holding, idle = fullUser("holding@example.com"), fullUser("idle@example.com")
			holding.State, idle.State = model.StateDisabled, model.StateEnabled
			holding, idle = putUser(t, tx, holding), putUser(t, tx, idle)
			putLicense(t, tx, held(p.ID, model.AssigneeUser, holding.ID, t0))
		})
		view(t, s, func(tx model.Tx) {
			for _, u := range []model.User{holding, idle} {
				r := got(tx.User(u.ID))(t)
				same(t, u.Email+" by User (state, held)", []any{r.State, r.Held}, []any{u.State, 0})
				r = got(tx.UserByEmail(u.Email))(t)
				same(t, u.Email+" by UserByEmail (state, held)", []any{r.State, r.Held}, []any{u.State, 0})
			}
			all := gather(t, "Users", tx.Users, func(u model.User) []any { return []any{u.State, u.Held} })
			same(t, "Users (state, held)", all, [][]any{{holding.State, 0}, {idle.State, 0}})
		})
	})

	check(t, open, "UserByEmail follows an email change", func(t *testing.T, s model.Store) {
		var u model.User
		update(t, s, func(tx model.Tx) { u = putUser(t, tx, fullUser("ann@example.com")) })
		u.Email = "ann.lee@example.com"
		update(t, s, func(tx model.Tx) { putUser(t, tx, u) })
		view(t, s, func(tx model.Tx) {
			_, err := tx.UserByEmail("ann@example.com")
			notFound(t, "UserByEmail of the old email", err)
			same(t, "UserByEmail of the new email", got(tx.UserByEmail("ann.lee@example.com"))(t), u)
		})
	})

	check(t, open, "UserByEmail follows emails swapped in one transaction", func(t *testing.T, s model.Store) {
		var a, b model.User
		update(t, s, func(tx model.Tx) {
			a, b = putUser(t, tx, fullUser("a@example.com")), putUser(t, tx, fullUser("b@example.com"))
		})
		update(t, s, func(tx model.Tx) {
			a.Email = "tmp@example.com"
			putUser(t, tx, a)
			b.Email = "a@example.com"
			putUser(t, tx, b)
			a.Email = "b@example.com"
			putUser(t, tx, a)
		})
		view(t, s, func(tx model.Tx) {
			same(t, "UserByEmail(a)", got(tx.UserByEmail("a@example.com"))(t).ID, b.ID)
			same(t, "UserByEmail(b)", got(tx.UserByEmail("b@example.com"))(t).ID, a.ID)
			_, err := tx.UserByEmail("tmp@example.com")
			notFound(t, "UserByEmail of an email held in between", err)
		})
	})

	check(t, open, "Users iterates in ID order", func(t *testing.T, s model.Store) {
		update(t, s, func(tx model.Tx) {
			// Emails sort against IDs, so an email-ordered walk is caught.
			for _, c := range []struct {
				id    model.ID
				email string
			}{{30, "a@example.com"}, {10, "c@example.com"}, {20, "b@example.com"}} {
				u := fullUser(c.email)
				u.ID = c.id
				putUser(t, tx, u)
			}
		})
		view(t, s, func(tx model.Tx) {
			same(t, "Users", gather(t, "Users", tx.Users, userID), []model.ID{10, 20, 30})
			stops(t, "Users", tx.Users)
		})
	})
}
