package storetest

import (
	"errors"
	"reflect"
	"testing"

	"github.com/seats/seats/model"
)

// notifyTx checks model.NotifyTx, which both stores' Tx implement; Run
// runs it with the rest of the contract.
func notifyTx(t *testing.T, open func(t *testing.T) model.Store) {
	check(t, open, "settings round trip with the password", notifySettings)
	check(t, open, "alert states by key", alertStates)
	check(t, open, "outbox by ID", outbox)
	check(t, open, "rolled back with the transaction", notifyRollback)
}

func ntx(t *testing.T, tx model.Tx) model.NotifyTx {
	t.Helper()
	nt, ok := tx.(model.NotifyTx)
	if !ok {
		t.Fatalf("%T does not implement model.NotifyTx", tx)
	}
	return nt
}

func notifySettings(t *testing.T, s model.Store) {
	view(t, s, func(tx model.Tx) {
		if _, err := ntx(t, tx).NotifySettings(); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("NotifySettings before any: %v, want ErrNotFound", err)
		}
	})
	want := model.NotifySettings{
		Channels: []model.Channel{
			{Name: "ops", Type: model.ChannelWebhook, URL: "https://hooks.example.com/x", Shape: model.ShapeSlack,
				Route: model.Route{Kinds: []string{model.AlertOverage}, MinSeverity: model.Warning, Products: []string{"Adobe"}}},
			{Name: "mail", Type: model.ChannelEmail, To: []string{"a@example.com", "b@example.com"}},
		},
		SMTP:     model.SMTPServer{Host: "mail.example.com", Port: 587, TLS: model.TLSStartTLS, User: "seats", Password: model.NewSecret("hunter2"), From: "seats@example.com"},
		LeadDays: []int{60, 30, 7},
		Reminder: 36 * hour,
	}
	update(t, s, func(tx model.Tx) { must(t, ntx(t, tx).PutNotifySettings(want), "PutNotifySettings") })
	view(t, s, func(tx model.Tx) {
		got, err := ntx(t, tx).NotifySettings()
		must(t, err, "NotifySettings")
		if got.SMTP.Password.Reveal() != "hunter2" {
			t.Errorf("the SMTP password came back as %q", got.SMTP.Password.Reveal())
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("NotifySettings = %+v, want %+v", got, want)
		}
	})
	want.SMTP.Password = model.NewSecret("")
	want.Channels = want.Channels[:1]
	update(t, s, func(tx model.Tx) { must(t, ntx(t, tx).PutNotifySettings(want), "PutNotifySettings again") })
	view(t, s, func(tx model.Tx) {
		got, err := ntx(t, tx).NotifySettings()
		must(t, err, "NotifySettings")
		if !reflect.DeepEqual(got, want) {
			t.Errorf("replaced NotifySettings = %+v, want %+v", got, want)
		}
	})
}

func alertStates(t *testing.T, s model.Store) {
	a := model.AlertState{Key: "overage/Zed", Kind: model.AlertOverage, Product: "Zed", Severity: model.Critical, Level: 2,
		Message: "Zed: over", FirstSeen: at(hour), LastNotified: at(2 * hour)}
	b := model.AlertState{Key: "expiring/Adobe", Kind: model.AlertExpiring, Product: "Adobe", Severity: model.Warning, Level: 1,
		Message: "Adobe expires", FirstSeen: at(0), LastNotified: at(0), Resolved: true, ResolvedAt: at(day)}
	update(t, s, func(tx model.Tx) {
		nt := ntx(t, tx)
		must(t, nt.PutAlertState(a), "PutAlertState")
		must(t, nt.PutAlertState(b), "PutAlertState")
	})
	list := func() []model.AlertState {
		var out []model.AlertState
		view(t, s, func(tx model.Tx) {
			must(t, ntx(t, tx).AlertStates(func(s model.AlertState) bool { out = append(out, s); return true }), "AlertStates")
		})
		return out
	}
	if got := list(); !reflect.DeepEqual(got, []model.AlertState{b, a}) {
		t.Errorf("AlertStates = %+v, want in key order %+v", got, []model.AlertState{b, a})
	}
	a.Level = 5
	update(t, s, func(tx model.Tx) {
		nt := ntx(t, tx)
		must(t, nt.PutAlertState(a), "PutAlertState replacing")
		must(t, nt.DeleteAlertState(b.Key), "DeleteAlertState")
	})
	if got := list(); !reflect.DeepEqual(got, []model.AlertState{a}) {
		t.Errorf("after replace and delete: AlertStates = %+v, want %+v", got, []model.AlertState{a})
	}
	n := 0
	view(t, s, func(tx model.Tx) {
		must(t, ntx(t, tx).AlertStates(func(model.AlertState) bool { n++; return false }), "AlertStates")
	})
	if n != 1 {
		t.Errorf("AlertStates went on after false: %d calls", n)
	}
}

func outbox(t *testing.T, s model.Store) {
	n1 := model.Notification{ID: "seats-b/ops", Dedupe: "seats-b", Channel: "ops", Created: at(hour), Reason: model.NotifyAppeared,
		Key: "overage/Zed", Kind: model.AlertOverage, Severity: model.Critical, Product: "Zed", Message: "m", Org: "Acme", NextTry: at(hour)}
	n2 := n1
	n2.ID, n2.Dedupe = "seats-a/ops", "seats-a"
	update(t, s, func(tx model.Tx) {
		nt := ntx(t, tx)
		if _, err := nt.Notification("seats-a/ops"); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("Notification before put: %v, want ErrNotFound", err)
		}
		must(t, nt.PutNotification(n1), "PutNotification")
		must(t, nt.PutNotification(n2), "PutNotification")
	})
	var got []model.Notification
	view(t, s, func(tx model.Tx) {
		must(t, ntx(t, tx).Outbox(func(n model.Notification) bool { got = append(got, n); return true }), "Outbox")
	})
	if !reflect.DeepEqual(got, []model.Notification{n2, n1}) {
		t.Errorf("Outbox = %+v, want in ID order %+v", got, []model.Notification{n2, n1})
	}
	n1.Attempts, n1.LastError, n1.NextTry, n1.ClaimedUntil = 1, "connection refused", at(2*hour), at(90*hour)
	n2.Delivered = at(3 * hour)
	update(t, s, func(tx model.Tx) {
		nt := ntx(t, tx)
		must(t, nt.PutNotification(n1), "PutNotification replacing")
		must(t, nt.PutNotification(n2), "PutNotification marking delivered")
	})
	view(t, s, func(tx model.Tx) {
		nt := ntx(t, tx)
		for _, want := range []model.Notification{n1, n2} {
			got, err := nt.Notification(want.ID)
			must(t, err, "Notification")
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Notification(%s) = %+v, want %+v", want.ID, got, want)
			}
		}
	})
	update(t, s, func(tx model.Tx) { must(t, ntx(t, tx).DeleteNotification(n2.ID), "DeleteNotification") })
	view(t, s, func(tx model.Tx) {
		if _, err := ntx(t, tx).Notification(n2.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("Notification after delete: %v, want ErrNotFound", err)
		}
	})
}

func notifyRollback(t *testing.T, s model.Store) {
	boom := errors.New("boom")
	err := s.Update(func(tx model.Tx) error {
		nt := ntx(t, tx)
		must(t, nt.PutNotifySettings(model.NotifySettings{Channels: []model.Channel{}, LeadDays: []int{7}, Reminder: hour}), "PutNotifySettings")
		must(t, nt.PutAlertState(model.AlertState{Key: "k", FirstSeen: at(0)}), "PutAlertState")
		must(t, nt.PutNotification(model.Notification{ID: "x/y", Created: at(0)}), "PutNotification")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want the function's error", err)
	}
	view(t, s, func(tx model.Tx) {
		nt := ntx(t, tx)
		if _, err := nt.NotifySettings(); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("settings survived a rollback: %v", err)
		}
		n := 0
		must(t, nt.AlertStates(func(model.AlertState) bool { n++; return true }), "AlertStates")
		must(t, nt.Outbox(func(model.Notification) bool { n++; return true }), "Outbox")
		if n != 0 {
			t.Errorf("%d notification records survived a rollback", n)
		}
	})
}
