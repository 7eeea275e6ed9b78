package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

func scheduled(when int, kind string) model.Scheduled {
	return model.Scheduled{At: at(time.Duration(when) * day), Kind: kind, ProductID: 2, UserID: 3, Count: 4, ActorID: 5, Force: true}
}

func putScheduled(t *testing.T, tx model.Tx, sc model.Scheduled) model.Scheduled {
	t.Helper()
	must(t, tx.PutScheduled(&sc), "PutScheduled")
	return sc
}

func scheduleIDs(t *testing.T, tx model.Tx) []model.ID {
	t.Helper()
	return gather(t, "Schedule", tx.Schedule, scheduledID)
}

func schedule(t *testing.T, open opener) {
	check(t, open, "PutScheduled stores every field and assigns increasing IDs", func(t *testing.T, s model.Store) {
		var a, b model.Scheduled
		update(t, s, func(tx model.Tx) { a = putScheduled(t, tx, scheduled(2, model.ScheduleReduce)) })
		update(t, s, func(tx model.Tx) { b = putScheduled(t, tx, scheduled(1, model.ScheduleTerminate)) })
		if !increasing(a.ID, b.ID) {
			t.Errorf("scheduled IDs %d, %d are not nonzero and increasing", a.ID, b.ID)
		}
		view(t, s, func(tx model.Tx) {
			same(t, "Schedule", gather(t, "Schedule", tx.Schedule, func(s model.Scheduled) model.Scheduled { return s }), []model.Scheduled{b, a})
		})
	})

	check(t, open, "Schedule lists by At, then ID", func(t *testing.T, s model.Store) {
		ids := map[string]model.ID{}
		update(t, s, func(tx model.Tx) {
			// IDs given against At, a tie broken by ID, and times 1 ns apart.
			for _, c := range []struct {
				name string
				id   model.ID
				at   int
			}{{"late", 1, 9}, {"tie-high", 8, 5}, {"early", 6, 1}, {"tie-low", 3, 5}} {
				sc := scheduled(c.at, model.ScheduleReduce)
				sc.ID = c.id
				ids[c.name] = putScheduled(t, tx, sc).ID
			}
			nano := scheduled(1, model.ScheduleReduce)
			nano.At = nano.At.Add(1)
			ids["nano"] = putScheduled(t, tx, nano).ID
		})
		view(t, s, func(tx model.Tx) {
			same(t, "Schedule", scheduleIDs(t, tx), []model.ID{ids["early"], ids["nano"], ids["tie-low"], ids["tie-high"], ids["late"]})
			stops(t, "Schedule", tx.Schedule)
		})
	})

	check(t, open, "PutScheduled with an existing ID moves it", func(t *testing.T, s model.Store) {
		var a, b model.Scheduled
		update(t, s, func(tx model.Tx) {
			a, b = putScheduled(t, tx, scheduled(1, model.ScheduleReduce)), putScheduled(t, tx, scheduled(2, model.ScheduleReduce))
		})
		a.At, a.Count = at(3*day), 9
		update(t, s, func(tx model.Tx) { putScheduled(t, tx, a) })
		view(t, s, func(tx model.Tx) {
			same(t, "Schedule", gather(t, "Schedule", tx.Schedule, func(s model.Scheduled) model.Scheduled { return s }), []model.Scheduled{b, a})
		})
	})

	check(t, open, "DeleteScheduled removes one change", func(t *testing.T, s model.Store) {
		var ids []model.ID
		update(t, s, func(tx model.Tx) {
			for i := range 3 {
				ids = append(ids, putScheduled(t, tx, scheduled(i, model.ScheduleReduce)).ID)
			}
		})
		update(t, s, func(tx model.Tx) { must(t, tx.DeleteScheduled(ids[1]), "DeleteScheduled") })
		view(t, s, func(tx model.Tx) { same(t, "Schedule", scheduleIDs(t, tx), []model.ID{ids[0], ids[2]}) })
		update(t, s, func(tx model.Tx) {
			if err := tx.DeleteScheduled(ids[1]); err != nil && !errors.Is(err, model.ErrNotFound) {
				t.Errorf("DeleteScheduled of a missing change: %v, want nil or model.ErrNotFound", err)
			}
		})
		view(t, s, func(tx model.Tx) {
			same(t, "Schedule after deleting a missing one", scheduleIDs(t, tx), []model.ID{ids[0], ids[2]})
		})
	})
}
