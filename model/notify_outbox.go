package model

import (
	"sort"
	"strings"
	"time"
)

// ClaimLease is how long a claimed notification is held off other passes.
// A pass that dies delivering it lets it go when the lease runs out: the
// next pass delivers it again, with the same Dedupe ID.
const ClaimLease = 2 * time.Minute

// ClaimNotifications claims, in one transaction, the pending
// notifications due now that no other pass holds, at most limit (0: all),
// and returns them with the settings (the SMTP password included: for
// the sender only). Two passes at once never claim the same one.
func (s *Service) ClaimNotifications(actor string, limit int) ([]Notification, NotifySettings, error) {
	var (
		claimed  []Notification
		settings NotifySettings
	)
	due := func(o *op, nt NotifyTx) ([]Notification, error) {
		var out []Notification
		err := nt.Outbox(func(n Notification) bool {
			if n.Pending() && !o.now.Before(n.NextTry) && !o.now.Before(n.ClaimedUntil) {
				out = append(out, n)
			}
			return limit <= 0 || len(out) < limit
		})
		return out, err
	}
	// Nothing due is the common case: a read says so without the write lock.
	var found bool
	if err := s.view(func(o *op) error {
		nt, err := notifyTx(o.tx)
		if err != nil {
			return err
		}
		ns, err := due(o, nt)
		found = len(ns) > 0
		return err
	}); err != nil || !found {
		return nil, settings, err
	}
	err := s.update(actor, func(o *op) error {
		nt, set, err := o.notifySettings()
		if err != nil {
			return err
		}
		settings = set
		if claimed, err = due(o, nt); err != nil {
			return err
		}
		for i := range claimed {
			claimed[i].ClaimedUntil = o.now.Add(ClaimLease)
			if err := nt.PutNotification(claimed[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, NotifySettings{}, err
	}
	return claimed, settings, nil
}

// Backoff is the wait after the n-th failed attempt: 30 s doubling, at
// most 6 hours. A notification is never given up on.
func Backoff(n int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < n && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// NotificationResult records one delivery attempt: delivered when failure
// is nil (the receiver accepted it), else the failure as one line and the
// next try after Backoff. A notification delivered already stays so.
func (s *Service) NotificationResult(actor, id string, failure error) (Notification, error) {
	var n Notification
	err := s.update(actor, func(o *op) error {
		nt, err := notifyTx(o.tx)
		if err != nil {
			return err
		}
		if n, err = nt.Notification(id); err != nil {
			return err
		}
		if !n.Pending() {
			return nil
		}
		n.Attempts++
		n.ClaimedUntil = time.Time{}
		if failure == nil {
			n.Delivered, n.LastError = o.now, ""
		} else {
			n.LastError = OneLine(failure.Error())
			n.NextTry = o.now.Add(Backoff(n.Attempts))
		}
		return nt.PutNotification(n)
	})
	return n, err
}

// OneLine folds s into one line of at most 300 bytes.
func OneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:297] + "..."
	}
	return s
}

// NotifyStatus is the outbox as `seats notify status` shows it.
type NotifyStatus struct {
	// Pending are waiting or retrying, oldest first; Failed counts those
	// whose last attempt failed.
	Pending   []Notification `json:"pending"`
	Failed    int            `json:"failed"`
	Delivered []Notification `json:"delivered"`
	Alerts    []AlertState   `json:"alerts"`
}

// NotificationStatus returns the outbox and the alert states (owner and
// admins only).
func (s *Service) NotificationStatus(actor string) (NotifyStatus, error) {
	st := NotifyStatus{Pending: []Notification{}, Delivered: []Notification{}, Alerts: []AlertState{}}
	err := s.view(func(o *op) error {
		if err := o.resolveActor(actor); err != nil {
			return err
		}
		if o.actor.ID != 0 && !o.actor.Role.CanManage() {
			return Forbiddenf("%s is a %s: only the owner and admins see the notifications", o.actor.Email, o.actor.Role)
		}
		nt, err := notifyTx(o.tx)
		if err != nil {
			return err
		}
		if err := nt.Outbox(func(n Notification) bool {
			if n.Pending() {
				st.Pending = append(st.Pending, n)
				if n.LastError != "" {
					st.Failed++
				}
			} else {
				st.Delivered = append(st.Delivered, n)
			}
			return true
		}); err != nil {
			return err
		}
		return nt.AlertStates(func(a AlertState) bool { st.Alerts = append(st.Alerts, a); return true })
	})
	byTime := func(ns []Notification) {
		sort.SliceStable(ns, func(i, j int) bool { return ns[i].Created.Before(ns[j].Created) })
	}
	byTime(st.Pending)
	byTime(st.Delivered)
	return st, err
}
