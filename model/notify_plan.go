package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// liveAlert is an alert of this pass with what the plan compares.
type liveAlert struct {
	Alert
	Key       string
	Level     int
	ProductID ID
}

// notifyAlerts are the alerts notifications follow: the dashboard's, with
// expiry and support-end warnings taken at the settings' lead times
// instead of the organization's one window. An alert's key is its kind,
// its product's ID (a rename keeps it) and its Ref (which allocation),
// so alerts coming and going beside it leave it be; its level grows as
// it worsens.
func (o *op) notifyAlerts(sum Summary, lead []int) []liveAlert {
	byName := make(map[string]ProductStatus, len(sum.Products))
	for _, p := range sum.Products {
		byName[p.Name] = p
	}
	var out []liveAlert
	n := map[string]int{}
	add := func(a Alert, level int) {
		k := a.Kind + "/" + a.Product
		if p, ok := byName[a.Product]; ok {
			k = a.Kind + "/p" + strconv.FormatUint(p.ID, 10)
		}
		if a.Ref != "" {
			k += "/" + a.Ref
		}
		// Two alerts under one key would take turns being resolved.
		n[k]++
		if n[k] > 1 {
			k += "/" + itoa(n[k])
		}
		out = append(out, liveAlert{Alert: a, Key: k, Level: level, ProductID: byName[a.Product].ID})
	}
	for _, a := range sum.Alerts {
		p := byName[a.Product]
		switch a.Kind {
		case AlertExpiring, AlertSupportEnding:
			continue
		case AlertOverage:
			add(a, p.Active-p.Contracted)
		case AlertReductionBelow:
			add(a, p.Active-(p.Contracted-p.PendingRemoval))
		default:
			add(a, 1)
		}
	}
	longest := 0
	if len(lead) > 0 {
		longest = lead[0]
	}
	crossed := func(days int) int {
		l := 0
		for _, d := range lead {
			if days <= d {
				l++
			}
		}
		return l
	}
	for _, p := range sum.Products {
		if p.Expires != "" {
			if days := p.Expires.DaysUntil(o.now); days >= 0 && days <= longest {
				add(Alert{Severity: Warning, Kind: AlertExpiring, Product: p.Name,
					Message: fmt.Sprintf("%s expires on %s (in %d days)", p.Name, p.Expires, days)}, crossed(days))
			}
		}
		if p.SupportUntil != "" {
			if days := p.SupportUntil.DaysUntil(o.now); days >= 0 && days <= longest {
				add(Alert{Severity: Warning, Kind: AlertSupportEnding, Product: p.Name,
					Message: fmt.Sprintf("%s: support ends on %s (in %d days)", p.Name, p.SupportUntil, days)}, crossed(days))
			}
		}
	}
	return out
}

// legacyState is the state a's alert was kept under before keys went by
// product ID (kind "/" product name), if still open. Allocation alerts
// were told apart by their order then, which says nothing of which is
// which now: theirs are left to resolve.
func legacyState(states map[string]AlertState, a liveAlert) (AlertState, bool) {
	if a.Ref != "" || a.ProductID == 0 {
		return AlertState{}, false
	}
	st, ok := states[a.Kind+"/"+a.Product]
	return st, ok && !st.Resolved && st.Kind == a.Kind
}

// NotifyPlan is what one plan decided.
type NotifyPlan struct {
	// Queued are the notifications put in the outbox, one per channel.
	Queued []Notification `json:"queued"`
	// Changes counts the alert states written (new, changed, resolved).
	Changes int `json:"changes"`
}

// OutboxKeep is how long delivered notifications stay in the outbox, for
// `notify status`; a resolved alert's state is forgotten after as long.
const OutboxKeep = 7 * 24 * time.Hour

// PlanNotifications compares the current alerts with the alert states
// the store keeps and queues a notification, for every channel whose
// route it matches, when an alert appears, worsens, crosses a lead time
// or is resolved, and as a reminder for a critical alert unresolved for
// the reminder interval since it was last notified. With no channel it
// does nothing: the first channel set hears of every current alert. The states and the
// outbox change in one transaction, with one event when anything was
// queued; a second plan with nothing new changes nothing. It reads the
// alert states and the dashboard's counters, never every license.
func (s *Service) PlanNotifications(actor string) (NotifyPlan, error) {
	var plan NotifyPlan
	// Most passes find nothing to do: a read says so without the write
	// lock, and the write below decides again from what it reads.
	err := s.view(func(o *op) error {
		var err error
		plan, err = o.planNotify(false)
		return err
	})
	if err != nil || (plan.Changes == 0 && len(plan.Queued) == 0) {
		return plan, err
	}
	err = s.update(actor, func(o *op) error {
		var err error
		plan, err = o.planNotify(true)
		return err
	})
	return plan, err
}

func (o *op) planNotify(write bool) (NotifyPlan, error) {
	plan := NotifyPlan{Queued: []Notification{}}
	nt, settings, err := o.notifySettings()
	if err != nil || len(settings.Channels) == 0 {
		// Nobody to tell: nothing is tracked, and the first channel
		// hears of every alert there is then.
		return plan, err
	}
	sum, err := o.status()
	if err != nil {
		return plan, err
	}
	states := map[string]AlertState{}
	if err := nt.AlertStates(func(a AlertState) bool { states[a.Key] = a; return true }); err != nil {
		return plan, err
	}
	put := func(st AlertState) error {
		plan.Changes++
		if !write {
			return nil
		}
		return nt.PutAlertState(st)
	}
	emit := func(n Notification) error {
		plan.Queued = append(plan.Queued, n)
		if !write {
			return nil
		}
		return nt.PutNotification(n)
	}
	queue := func(st AlertState, reason string) error {
		id := dedupeID(st, reason, o.now)
		for _, c := range settings.Channels {
			if !c.Matches(st.Kind, st.Severity, st.ProductID) {
				continue
			}
			n := Notification{ID: id + "/" + c.Name, Dedupe: id, Channel: c.Name, Created: o.now, Reason: reason,
				Key: st.Key, Kind: st.Kind, Severity: st.Severity, Product: st.Product, ProductID: st.ProductID,
				Message: st.Message, Org: o.org.Name, NextTry: o.now}
			if err := emit(n); err != nil {
				return err
			}
		}
		return nil
	}
	live := map[string]bool{}
	for _, a := range o.notifyAlerts(sum, settings.LeadDays) {
		live[a.Key] = true
		st, ok := states[a.Key]
		adopted := false
		if !ok {
			if st, ok = legacyState(states, a); ok {
				// Rekeyed, not resolved and seen anew.
				delete(states, st.Key)
				plan.Changes++
				if write {
					if err := nt.DeleteAlertState(st.Key); err != nil {
						return plan, err
					}
				}
				st.Key, adopted = a.Key, true
			}
		}
		reason := ""
		switch {
		case !ok || st.Resolved:
			st = AlertState{Key: a.Key, FirstSeen: o.now}
			reason = NotifyAppeared
		case a.Level > st.Level || a.Severity.rank() < st.Severity.rank():
			reason = NotifyWorsened
			if a.Kind == AlertExpiring || a.Kind == AlertSupportEnding {
				reason = NotifyLeadTime
			}
		case a.Severity == Critical && !o.now.Before(st.LastNotified.Add(settings.Reminder)):
			reason = NotifyReminder
		}
		next := st
		next.Kind, next.Product, next.ProductID, next.Severity, next.Level, next.Message = a.Kind, a.Product, a.ProductID, a.Severity, a.Level, a.Message
		if reason != "" {
			next.LastNotified = o.now
		}
		if next == st && !adopted {
			continue
		}
		if err := put(next); err != nil {
			return plan, err
		}
		if reason != "" {
			if err := queue(next, reason); err != nil {
				return plan, err
			}
		}
	}
	if err := o.planDigest(settings, states, sum, live, put, emit); err != nil {
		return plan, err
	}
	keys := make([]string, 0, len(states))
	for k := range states {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		st := states[k]
		switch {
		case live[k]:
		case !st.Resolved:
			st.Resolved, st.ResolvedAt, st.LastNotified = true, o.now, o.now
			if err := put(st); err != nil {
				return plan, err
			}
			if err := queue(st, NotifyResolved); err != nil {
				return plan, err
			}
		case o.now.Sub(st.ResolvedAt) > OutboxKeep:
			plan.Changes++
			if write {
				if err := nt.DeleteAlertState(k); err != nil {
					return plan, err
				}
			}
		}
	}
	if write {
		var old []string
		if err := nt.Outbox(func(n Notification) bool {
			if !n.Pending() && o.now.Sub(n.Delivered) > OutboxKeep {
				old = append(old, n.ID)
			}
			return true
		}); err != nil {
			return plan, err
		}
		for _, id := range old {
			if err := nt.DeleteNotification(id); err != nil {
				return plan, err
			}
		}
	}
	if write && len(plan.Queued) > 0 {
		return plan, o.emit(Event{Kind: EvNotificationsQueued, Note: queuedNote(plan.Queued)})
	}
	return plan, nil
}

func queuedNote(ns []Notification) string {
	seen := map[string]bool{}
	var parts []string
	for _, n := range ns {
		if !seen[n.Dedupe] {
			seen[n.Dedupe] = true
			parts = append(parts, n.Reason+" "+n.Key)
		}
	}
	return plural(len(ns), "notification", "notifications") + " queued: " + strings.Join(parts, ", ")
}

// dedupeID is a notification's stable ID: the same for a retried
// transaction (the same time), different for every change.
func dedupeID(st AlertState, reason string, now time.Time) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%d\x00%d", st.Key, reason, st.Level, now.UnixNano()))
	return "seats-" + hex.EncodeToString(h[:10])
}
