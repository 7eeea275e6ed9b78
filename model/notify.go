package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
)

// Notifications tell people about alerts (see Summary.Alerts) without
// their looking: the domain keeps each alert's state and an outbox of
// pending notifications in the store (NotifyTx), written in the same
// transaction as the plan that decided them (Service.PlanNotifications);
// package send delivers them outside any transaction and reports back
// (Service.ClaimNotifications, Service.NotificationResult).

// Secret is a value that is stored but never shown: it prints, formats
// and marshals to JSON as a mask, and unmarshals from JSON as nothing, so
// neither an export nor an event nor a log line can carry it. Reveal
// returns it for the store and the sender.
type Secret struct{ v string }

// NewSecret wraps s.
func NewSecret(s string) Secret { return Secret{s} }

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return s.v }

// IsSet reports whether there is a secret.
func (s Secret) IsSet() bool { return s.v != "" }

func (s Secret) String() string {
	if s.v == "" {
		return ""
	}
	return "********"
}

// GoString masks %#v as well.
func (s Secret) GoString() string { return s.String() }

func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads nothing: a secret never comes back from JSON.
func (s *Secret) UnmarshalJSON([]byte) error { return nil }

// Channel types.
const (
	ChannelWebhook = "webhook"
	ChannelEmail   = "email"
	ChannelCommand = "command"
)

// Webhook body shapes.
const (
	ShapeGeneric = "generic"
	ShapeSlack   = "slack"
	ShapeTeams   = "teams"
)

// SMTP transport security.
const (
	TLSStartTLS = "starttls"
	TLSImplicit = "tls"
	TLSNone     = "none"
)

// Route says which alerts a channel receives: alerts of the given kinds
// (none: every alert kind; a digest only when named), at least
// MinSeverity (empty: info, everything), and of the given products only
// (none: every product, and alerts that name no product).
//
// Products are kept by ID, so renaming one keeps its route: ProductIDs
// decide, and Products are their names as of the read (what a user
// gives and sees; an edit resolves them to ProductIDs again, "#ID"
// standing for a product since deleted).
type Route struct {
	Kinds       []string `json:"kinds,omitempty"`
	MinSeverity Severity `json:"min_severity,omitempty"`
	Products    []string `json:"products,omitempty"`
	ProductIDs  []ID     `json:"product_ids,omitempty"`
}

// Matches reports whether an alert of kind, severity and product goes
// through the route.
func (r Route) Matches(kind string, sev Severity, product ID) bool {
	if kind == DigestRightSizing {
		// A digest is asked for by name, whatever the severity.
		return slices.Contains(r.Kinds, kind)
	}
	if len(r.Kinds) > 0 && !slices.Contains(r.Kinds, kind) {
		return false
	}
	if r.MinSeverity != "" && sev.rank() > r.MinSeverity.rank() {
		return false
	}
	return r.routesProduct(product)
}

// routesProduct reports whether the route takes alerts of the product.
// Names that resolved to no ID route nothing rather than everything.
func (r Route) routesProduct(product ID) bool {
	if len(r.Products) == 0 && len(r.ProductIDs) == 0 {
		return true
	}
	return product != 0 && slices.Contains(r.ProductIDs, product)
}

// Channel is one destination of notifications.
type Channel struct {
	Name string `json:"name"`
	Type string `json:"type"`
	// URL and Shape are a webhook's.
	URL   string `json:"url,omitempty"`
	Shape string `json:"shape,omitempty"`
	// To are an email channel's recipients (sent through Settings.SMTP).
	To []string `json:"to,omitempty"`
	// Command is a local command, run with the notification as JSON on
	// stdin; it is split on spaces, no shell.
	Command string `json:"command,omitempty"`
	Route
}

// SMTPServer is the mail server email channels send through.
type SMTPServer struct {
	Host     string `json:"host,omitempty"`
	Port     int    `json:"port,omitempty"`
	TLS      string `json:"tls,omitempty"`
	User     string `json:"user,omitempty"`
	Password Secret `json:"password"`
	From     string `json:"from,omitempty"`
}

// NotifySettings are the organization's notification settings.
type NotifySettings struct {
	Channels []Channel  `json:"channels"`
	SMTP     SMTPServer `json:"smtp"`
	// LeadDays are the expiry and support-end warning lead times, longest
	// first: an expiring product notifies as it comes within each.
	LeadDays []int `json:"lead_days"`
	// Reminder is how often an unresolved critical alert is notified again.
	Reminder time.Duration `json:"reminder"`
}

// DefaultReminder is the reminder interval of fresh settings.
const DefaultReminder = 24 * time.Hour

// DefaultNotifySettings are the settings before any are made: no
// channels, the organization's expiry window as the one lead time, a
// daily reminder.
func DefaultNotifySettings(org Org) NotifySettings {
	w := org.ExpiryWarningDays
	if w <= 0 {
		w = 30
	}
	return NotifySettings{Channels: []Channel{}, LeadDays: []int{w}, Reminder: DefaultReminder}
}

// Channel returns the channel of that name.
func (s NotifySettings) Channel(name string) (Channel, bool) {
	for _, c := range s.Channels {
		if c.Name == name {
			return c, true
		}
	}
	return Channel{}, false
}

// Line describes the settings in one line, the password as set or not:
// what an event records.
func (s NotifySettings) Line() string {
	var parts []string
	for _, c := range s.Channels {
		parts = append(parts, c.line())
	}
	if s.SMTP.Host != "" {
		p := fmt.Sprintf("smtp %s:%d %s", s.SMTP.Host, s.SMTP.Port, s.SMTP.TLS)
		if s.SMTP.User != "" {
			p += " user " + s.SMTP.User
		}
		if s.SMTP.Password.IsSet() {
			p += " password set"
		}
		if s.SMTP.From != "" {
			p += " from " + s.SMTP.From
		}
		parts = append(parts, p)
	}
	days := make([]string, len(s.LeadDays))
	for i, d := range s.LeadDays {
		days[i] = itoa(d)
	}
	parts = append(parts, "lead days "+strings.Join(days, ","), "reminder "+s.Reminder.String())
	return strings.Join(parts, "; ")
}

func (c Channel) line() string {
	p := c.Name + " " + c.Type
	switch c.Type {
	case ChannelWebhook:
		p += " " + RedactURL(c.URL) + " " + c.Shape
	case ChannelEmail:
		p += " " + strings.Join(c.To, ",")
	case ChannelCommand:
		p += " " + c.Command
	}
	if len(c.Kinds) > 0 {
		p += " kinds " + strings.Join(c.Kinds, ",")
	}
	if c.MinSeverity != "" {
		p += " min " + string(c.MinSeverity)
	}
	if len(c.Products) > 0 {
		p += " products " + strings.Join(c.Products, ",")
	}
	return p
}

// RedactURL shows a webhook URL as its scheme and host and a short hash
// of the rest: Slack's and Teams' paths hold the token that lets anyone
// post, and an event or a table must not hand it out, yet a change of it
// shows.
func RedactURL(u string) string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return "(invalid URL)"
	}
	host, path, _ := strings.Cut(rest, "/")
	if path == "" {
		return scheme + "://" + host
	}
	h := sha256.Sum256([]byte(u))
	return scheme + "://" + host + "/…" + hex.EncodeToString(h[:3])
}

// AlertKinds lists every alert kind.
var AlertKinds = []string{AlertOverage, AlertExpired, AlertExpiring, AlertSupportEnding, AlertReductionBelow,
	AlertIdle, AlertAllocConflict, AlertAllocOverQuantity}

// NotifyKinds are the kinds a channel may ask for: the alert kinds and
// the monthly right-sizing digest.
var NotifyKinds = append(slices.Clone(AlertKinds), DigestRightSizing)

// SplitList reads a comma-separated list as a form field or a flag gives
// one (kinds, products, recipients), dropping empty items.
func SplitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ParseSeverity reads critical, warning or info.
func ParseSeverity(s string) (Severity, error) {
	switch v := Severity(strings.ToLower(strings.TrimSpace(s))); v {
	case Critical, Warning, Info:
		return v, nil
	}
	return "", Invalidf("severity must be critical, warning or info, not %q", s)
}

// validate normalizes and checks the settings; products must exist.
func (o *op) validateNotify(s *NotifySettings) error {
	if len(s.Channels) > 50 {
		return Invalidf("at most 50 channels")
	}
	seen := map[string]bool{}
	for i := range s.Channels {
		c := &s.Channels[i]
		var err error
		if c.Name, err = cleanText(c.Name, "channel name", 50); err != nil {
			return err
		}
		if c.Name == "" || strings.ContainsAny(c.Name, " \t\n/") {
			return Invalidf("a channel needs a name without spaces or slashes, not %q", c.Name)
		}
		if seen[c.Name] {
			return Invalidf("two channels are named %s", c.Name)
		}
		seen[c.Name] = true
		switch c.Type {
		case ChannelWebhook:
			u, err := url.Parse(strings.TrimSpace(c.URL))
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return Invalidf("channel %s: the webhook URL must be an http:// or https:// URL, not %q", c.Name, c.URL)
			}
			c.URL = u.String()
			if c.Shape == "" {
				c.Shape = ShapeGeneric
			}
			if c.Shape != ShapeGeneric && c.Shape != ShapeSlack && c.Shape != ShapeTeams {
				return Invalidf("channel %s: shape must be generic, slack or teams, not %q", c.Name, c.Shape)
			}
			c.To, c.Command = nil, ""
		case ChannelEmail:
			if len(c.To) == 0 {
				return Invalidf("channel %s: an email channel needs recipients", c.Name)
			}
			for j, to := range c.To {
				if c.To[j], err = NormalizeEmail(to); err != nil {
					return Invalidf("channel %s: %v", c.Name, err)
				}
			}
			c.URL, c.Shape, c.Command = "", "", ""
		case ChannelCommand:
			if c.Command, err = cleanText(c.Command, "command", 500); err != nil {
				return err
			}
			if c.Command == "" || strings.Contains(c.Command, "\n") {
				return Invalidf("channel %s: a command channel needs a command (one line)", c.Name)
			}
			c.URL, c.Shape, c.To = "", "", nil
		default:
			return Invalidf("channel %s: type must be webhook, email or command, not %q", c.Name, c.Type)
		}
		for _, k := range c.Kinds {
			if !slices.Contains(NotifyKinds, k) {
				return Invalidf("channel %s: unknown alert kind %q (kinds: %s)", c.Name, k, strings.Join(NotifyKinds, ", "))
			}
		}
		if c.MinSeverity != "" {
			if c.MinSeverity, err = ParseSeverity(string(c.MinSeverity)); err != nil {
				return err
			}
		}
		if err := o.resolveRoute(c); err != nil {
			return err
		}
	}
	if slices.ContainsFunc(s.Channels, func(c Channel) bool { return c.Type == ChannelEmail }) && s.SMTP.Host == "" {
		return Invalidf("email channels need an SMTP server: set its host")
	}
	if s.SMTP.Host != "" {
		var err error
		if s.SMTP.Host, err = cleanText(s.SMTP.Host, "SMTP host", 200); err != nil {
			return err
		}
		if s.SMTP.TLS == "" {
			s.SMTP.TLS = TLSStartTLS
		}
		if s.SMTP.TLS != TLSStartTLS && s.SMTP.TLS != TLSImplicit && s.SMTP.TLS != TLSNone {
			return Invalidf("SMTP tls must be starttls, tls or none, not %q", s.SMTP.TLS)
		}
		if s.SMTP.Port == 0 {
			s.SMTP.Port = map[string]int{TLSStartTLS: 587, TLSImplicit: 465, TLSNone: 25}[s.SMTP.TLS]
		}
		if s.SMTP.Port < 1 || s.SMTP.Port > 65535 {
			return Invalidf("SMTP port must be from 1 to 65535, not %d", s.SMTP.Port)
		}
		if s.SMTP.From == "" {
			return Invalidf("the SMTP server needs a sender address (from)")
		}
		if s.SMTP.From, err = NormalizeEmail(s.SMTP.From); err != nil {
			return err
		}
		if s.SMTP.User, err = cleanText(s.SMTP.User, "SMTP user", 200); err != nil {
			return err
		}
	}
	if len(s.LeadDays) == 0 {
		s.LeadDays = DefaultNotifySettings(o.org).LeadDays
	}
	sort.Sort(sort.Reverse(sort.IntSlice(s.LeadDays)))
	s.LeadDays = slices.Compact(s.LeadDays)
	for _, d := range s.LeadDays {
		if d < 1 || d > 365 {
			return Invalidf("lead times must be from 1 to 365 days, not %d", d)
		}
	}
	if s.Reminder == 0 {
		s.Reminder = DefaultReminder
	}
	if s.Reminder < time.Minute {
		return Invalidf("the reminder interval must be a minute or more, not %s", s.Reminder)
	}
	if s.Channels == nil {
		s.Channels = []Channel{}
	}
	return nil
}

// EvNotifySettingsUpdated records a change of the notification settings;
// From and To are NotifySettings.Line, which never holds the password.
const EvNotifySettingsUpdated = "notify.settings_updated"

// EvNotificationsQueued records a plan that queued notifications.
const EvNotificationsQueued = "notify.queued"

// notifyTx returns the store's notification records, under the domain's
// wrappers of the store's Tx (each says what it wraps: wrapsTx).
func notifyTx(tx Tx) (NotifyTx, error) {
	for {
		if nt, ok := tx.(NotifyTx); ok {
			return nt, nil
		}
		w, ok := tx.(wrapsTx)
		if !ok {
			return nil, Invalidf("this store keeps no notification state")
		}
		tx = w.wrapped()
	}
}

// wrapsTx is a Tx of the domain's over another. Notification state is
// never in a wrapper: an overlay's due changes do not touch it.
type wrapsTx interface{ wrapped() Tx }

func (t settledTx) wrapped() Tx { return t.Tx }
func (o *overlay) wrapped() Tx  { return o.base }
func (b *batchTx) wrapped() Tx  { return b.Tx }

func (o *op) notifySettings() (NotifyTx, NotifySettings, error) {
	nt, err := notifyTx(o.tx)
	if err != nil {
		return nil, NotifySettings{}, err
	}
	s, err := nt.NotifySettings()
	if err == ErrNotFound {
		return nt, DefaultNotifySettings(o.org), nil
	}
	if err != nil {
		return nt, s, err
	}
	return nt, s, o.nameRoutes(&s)
}

// NotifySettings returns the notification settings, the password masked
// (Secret). Only the owner and admins see them.
func (s *Service) NotifySettings(actor string) (NotifySettings, error) {
	var ns NotifySettings
	err := s.view(func(o *op) error {
		if err := o.resolveActor(actor); err != nil {
			return err
		}
		if o.actor.ID != 0 && !o.actor.Role.CanManage() {
			return Forbiddenf("%s is a %s: only the owner and admins see the notification settings", o.actor.Email, o.actor.Role)
		}
		var err error
		_, ns, err = o.notifySettings()
		return err
	})
	return ns, err
}

// EditNotifySettings changes the notification settings (owner and admins
// only), recording the change as an event that never holds the password.
func (s *Service) EditNotifySettings(actor string, edit func(*NotifySettings) error) (NotifySettings, error) {
	var ns NotifySettings
	err := s.update(actor, func(o *op) error {
		nt, cur, err := o.notifySettings()
		if err != nil {
			return err
		}
		ns = cur
		ns.Channels = slices.Clone(cur.Channels)
		for i := range ns.Channels {
			c := &ns.Channels[i]
			c.To, c.Kinds, c.Products, c.ProductIDs = slices.Clone(c.To), slices.Clone(c.Kinds), slices.Clone(c.Products), slices.Clone(c.ProductIDs)
		}
		ns.LeadDays = slices.Clone(cur.LeadDays)
		if err := edit(&ns); err != nil {
			return err
		}
		if err := o.validateNotify(&ns); err != nil {
			return err
		}
		from, to := cur.Line(), ns.Line()
		if from == to && ns.SMTP.Password == cur.SMTP.Password {
			ns = cur
			return unchanged("the notification settings")
		}
		if ns.SMTP.Password != cur.SMTP.Password && ns.SMTP.Password.IsSet() && cur.SMTP.Password.IsSet() {
			to += " (password changed)"
		}
		if err := nt.PutNotifySettings(ns); err != nil {
			return err
		}
		return o.emit(Event{Kind: EvNotifySettingsUpdated, From: from, To: to})
	})
	return ns, err
}
