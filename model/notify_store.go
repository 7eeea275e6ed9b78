package model

import "time"

// NotifyTx is the part of a transaction that keeps notification records:
// the settings, each alert's state and the outbox. Both stores' Tx
// implement it (model/storetest.RunNotify is its contract); the domain
// finds it on the Tx it is given. Like Tx, its methods decide nothing.
type NotifyTx interface {
	// NotifySettings returns ErrNotFound before any are put. The store
	// keeps SMTP.Password (Secret.Reveal) and returns it as put.
	NotifySettings() (NotifySettings, error)
	PutNotifySettings(NotifySettings) error

	// AlertStates iterates every alert state in Key order.
	AlertStates(fn func(AlertState) bool) error
	// PutAlertState stores s under s.Key, replacing the one there.
	PutAlertState(s AlertState) error
	DeleteAlertState(key string) error

	// Outbox iterates every notification in ID order.
	Outbox(fn func(Notification) bool) error
	// Notification returns one by ID.
	Notification(id string) (Notification, error)
	// PutNotification stores n under n.ID, replacing the one there.
	PutNotification(n Notification) error
	DeleteNotification(id string) error
}

// AlertState is what the domain remembers of one alert between passes.
type AlertState struct {
	// Key names the alert across passes (see liveAlert).
	Key       string   `json:"key"`
	Kind      string   `json:"kind"`
	Product   string   `json:"product,omitempty"`
	ProductID ID       `json:"product_id,omitempty"`
	Severity  Severity `json:"severity"`
	// Level grows as the alert worsens: the overage, the lead time
	// crossed (1 for the longest).
	Level        int       `json:"level"`
	Message      string    `json:"message"`
	FirstSeen    time.Time `json:"first_seen"`
	LastNotified time.Time `json:"last_notified"`
	Resolved     bool      `json:"resolved,omitempty"`
	ResolvedAt   time.Time `json:"resolved_at,omitzero"`
}

// Notification reasons.
const (
	NotifyAppeared = "appeared"
	NotifyWorsened = "worsened"
	NotifyLeadTime = "lead_time"
	NotifyResolved = "resolved"
	NotifyReminder = "reminder"
	NotifyDigest   = "digest"
)

// Notification is one message for one channel, in the outbox until the
// channel's receiver accepted it.
type Notification struct {
	// ID is the outbox key: Dedupe "/" Channel.
	ID string `json:"id"`
	// Dedupe is the stable ID receivers deduplicate on: the same on every
	// attempt and for every channel the one change goes to.
	Dedupe   string    `json:"dedupe"`
	Channel  string    `json:"channel"`
	Created  time.Time `json:"created"`
	Reason   string    `json:"reason"`
	Key      string    `json:"key"`
	Kind     string    `json:"kind"`
	Severity Severity  `json:"severity"`
	Product  string    `json:"product,omitempty"`
	// ProductID is what routes go by: a product renamed keeps its route.
	ProductID ID     `json:"product_id,omitempty"`
	Message   string `json:"message"`
	Org       string `json:"org"`

	Attempts  int       `json:"attempts,omitempty"`
	NextTry   time.Time `json:"next_try"`
	LastError string    `json:"last_error,omitempty"`
	// ClaimedUntil holds off other passes while one delivers it; a pass
	// that died mid-delivery lets it go when the claim runs out.
	ClaimedUntil time.Time `json:"claimed_until,omitzero"`
	Delivered    time.Time `json:"delivered,omitzero"`
}

// Pending reports whether the notification still has to be delivered.
func (n Notification) Pending() bool { return n.Delivered.IsZero() }
