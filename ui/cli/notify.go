package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/send"
)

// The notify commands. `seats notify run` is the pass cron or a systemd
// timer runs; `seats serve` may run passes at the same time.

var notifyGroup = &command{name: "notify", summary: "send alerts by webhook, email or command (bare: one pass)",
	byDefault: "run"}

var notifyRunCommand = &command{
	name:    "notify run",
	summary: "one pass: queue what changed, deliver what is due",
	about: `Bare 'seats notify' runs it too. Compares the alerts with those last notified and queues a notification, for every channel whose route matches, when an alert appears, worsens, crosses an expiry lead time or is resolved, and as a reminder for an unresolved critical alert; then delivers what is due, retrying failures with exponential backoff. Each notification carries a stable ID to deduplicate on. Exits 1 when a delivery failed. For cron:
*/5 * * * * seats notify`,
	open: openWrite,
	run:  runNotify,
}

var notifyStatusCommand = &command{
	name:    "notify status",
	summary: "the outbox: pending, failed and recent notifications",
	about:   "Lists the notifications waiting or retrying, each failure as one line, and the deliveries of the last 7 days.",
	open:    openRead,
	run:     runNotifyStatus,
}

var notifySettingsCommand = &command{
	name:    "notify settings",
	args:    []string{"ACTION"},
	summary: "show, set or test the notification settings",
	about: `show prints the settings (the SMTP password as set or not, never itself); set changes what is given; test sends a test notification to --channel (default: every channel) at once. Examples:
seats notify settings set --channel ops --type webhook --url https://hooks.slack.com/services/T/B/X --shape slack --min-severity warning
seats notify settings set --channel design --type email --to lead@example.com --products Adobe
seats notify settings set --smtp-host mail.example.com --smtp-port 587 --smtp-tls starttls --smtp-user seats --smtp-from seats@example.com --smtp-password-stdin
seats notify settings set --lead-days 60,30,7 --reminder 24h
seats notify settings test --channel ops`,
	flags: []flagDef{
		{name: "channel", kind: valueFlag, arg: "NAME", help: "the channel to add or change (test: to send to)"},
		{name: "type", kind: valueFlag, arg: "TYPE", help: "webhook, email or command"},
		{name: "url", kind: valueFlag, arg: "URL", help: "a webhook's URL"},
		{name: "shape", kind: valueFlag, arg: "SHAPE", help: "a webhook's body: generic, slack or teams"},
		{name: "to", kind: listFlag, arg: "EMAIL", help: "an email channel's recipient (repeat for more)"},
		{name: "command", kind: valueFlag, arg: "CMD", help: "a command channel's command (gets the notification as JSON on stdin)"},
		{name: "kinds", kind: valueFlag, arg: "LIST", help: "alert kinds the channel gets, comma-separated (\"\": all alerts); right_sizing_digest adds the monthly digest"},
		{name: "min-severity", kind: valueFlag, arg: "SEV", help: "the least severity the channel gets: info, warning or critical"},
		{name: "products", kind: valueFlag, arg: "LIST", help: "products the channel gets alerts of, comma-separated (\"\": all)"},
		{name: "remove-channel", kind: valueFlag, arg: "NAME", help: "remove a channel"},
		{name: "smtp-host", kind: valueFlag, arg: "HOST", help: "the SMTP server"},
		{name: "smtp-port", kind: valueFlag, arg: "PORT", help: "its port (default by --smtp-tls: 587, 465 or 25)"},
		{name: "smtp-tls", kind: valueFlag, arg: "MODE", help: "starttls, tls or none"},
		{name: "smtp-user", kind: valueFlag, arg: "USER", help: "the SMTP login"},
		{name: "smtp-from", kind: valueFlag, arg: "EMAIL", help: "the sender address"},
		{name: "smtp-password-stdin", kind: boolFlag, help: "read the SMTP password from the first line of stdin (never from the command line)"},
		{name: "lead-days", kind: valueFlag, arg: "LIST", help: "expiry and support-end lead times in days, like 60,30,7"},
		{name: "reminder", kind: valueFlag, arg: "DURATION", help: "remind of unresolved critical alerts this often, like 24h"},
	},
	open: openWrite,
	run:  runNotifySettings,
}

var notifyCommands = []*command{notifyGroup, notifyRunCommand, notifyStatusCommand, notifySettingsCommand}

func runNotify(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	r, err := send.Pass(context.Background(), svc, c.actor, &send.Sender{})
	if err != nil {
		return err
	}
	if err := c.show(r, func(w io.Writer) {
		fmt.Fprintf(w, "%s queued, %s delivered, %s\n", plural(len(r.Plan.Queued), "notification", "notifications"),
			itoa(r.Delivered), plural(len(r.Failures), "failure", "failures"))
		for _, f := range r.Failures {
			fmt.Fprintln(w, "failed: "+f)
		}
	}); err != nil {
		return err
	}
	if len(r.Failures) > 0 {
		return fmt.Errorf("%s (retried with backoff: see 'seats notify status')", plural(len(r.Failures), "delivery failed", "deliveries failed"))
	}
	return nil
}

func runNotifyStatus(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	st, err := svc.NotificationStatus(c.actor)
	if err != nil {
		return err
	}
	return c.show(st, func(w io.Writer) {
		if len(st.Pending) == 0 {
			fmt.Fprintln(w, "Nothing waiting to be sent.")
		} else {
			t := newTable(w, "ID", "CHANNEL", "REASON", "ALERT", "TRIES", "NEXT TRY")
			for _, n := range st.Pending {
				t.row(n.Dedupe, n.Channel, n.Reason, strings.TrimSpace(n.Kind+" "+n.Product), itoa(n.Attempts), n.NextTry.Format(time.DateTime))
			}
			t.flush()
			for _, n := range st.Pending {
				if n.LastError != "" {
					fmt.Fprintf(w, "%s: %s\n", n.Dedupe, n.LastError)
				}
			}
		}
		fmt.Fprintf(w, "%s pending (%d failing), %s in the last 7 days\n", itoa(len(st.Pending)), st.Failed,
			plural(len(st.Delivered), "delivered", "delivered"))
	})
}

func runNotifySettings(c *call) error {
	switch action := c.args.pos[0]; action {
	case "show":
		svc, err := c.service()
		if err != nil {
			return err
		}
		s, err := svc.NotifySettings(c.actor)
		if err != nil {
			return err
		}
		return c.showNotifySettings(s)
	case "set":
		return runNotifySet(c)
	case "test":
		return runNotifyTest(c)
	default:
		return usagef("unknown action %q (want show, set or test)", cut(action, 40))
	}
}

func runNotifySet(c *call) error {
	a := c.args
	channelFlags := []string{"type", "url", "shape", "to", "command", "kinds", "min-severity", "products"}
	some := a.has("remove-channel") || a.has("channel") || a.has("lead-days") || a.has("reminder") || a.on("smtp-password-stdin")
	for _, f := range []string{"smtp-host", "smtp-port", "smtp-tls", "smtp-user", "smtp-from"} {
		some = some || a.has(f)
	}
	if !some {
		return usagef("nothing to set: give --channel NAME with its flags, --remove-channel, --smtp-*, --lead-days or --reminder")
	}
	if !a.has("channel") && slices.ContainsFunc(channelFlags, a.has) {
		return usagef("--%s changes a channel: name it with --channel", channelFlags[slices.IndexFunc(channelFlags, a.has)])
	}
	if c.env.Remote != nil && (a.str("type") == model.ChannelCommand || a.has("command")) {
		return usagef("a command channel runs a program on the server: set it there, not over SSH")
	}
	var lead []int
	if a.has("lead-days") {
		for _, p := range model.SplitList(a.str("lead-days")) {
			n, err := strconv.Atoi(p)
			if err != nil {
				return usagef("--lead-days: %q is not a number of days", cut(p, 20))
			}
			lead = append(lead, n)
		}
	}
	var reminder time.Duration
	if a.has("reminder") {
		d, err := time.ParseDuration(a.str("reminder"))
		if err != nil {
			return usagef("--reminder: %q is not a duration like 24h", cut(a.str("reminder"), 20))
		}
		reminder = d
	}
	port := -1
	if a.has("smtp-port") {
		n, err := parseCount(a.str("smtp-port"))
		if err != nil {
			return usagef("--smtp-port: %v", err)
		}
		port = n
	}
	var password *model.Secret
	if a.on("smtp-password-stdin") {
		line, err := bufio.NewReader(c.env.Stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return err
		}
		s := model.NewSecret(strings.TrimRight(line, "\r\n"))
		password = &s
	}
	svc, err := c.service()
	if err != nil {
		return err
	}
	s, err := svc.EditNotifySettings(c.actor, func(s *model.NotifySettings) error {
		if name := a.str("remove-channel"); name != "" {
			i := slices.IndexFunc(s.Channels, func(ch model.Channel) bool { return ch.Name == name })
			if i < 0 {
				return model.Invalidf("no channel named %s", name)
			}
			s.Channels = slices.Delete(s.Channels, i, i+1)
		}
		if a.has("channel") {
			name := strings.TrimSpace(a.str("channel"))
			i := slices.IndexFunc(s.Channels, func(ch model.Channel) bool { return ch.Name == name })
			if i < 0 {
				s.Channels = append(s.Channels, model.Channel{Name: name})
				i = len(s.Channels) - 1
			}
			ch := &s.Channels[i]
			set := func(flag string, p *string) {
				if a.has(flag) {
					*p = strings.TrimSpace(a.str(flag))
				}
			}
			set("type", &ch.Type)
			set("url", &ch.URL)
			set("shape", &ch.Shape)
			set("command", &ch.Command)
			if a.has("to") {
				ch.To = a.list("to")
			}
			if a.has("kinds") {
				ch.Kinds = model.SplitList(a.str("kinds"))
			}
			if a.has("products") {
				ch.Products = model.SplitList(a.str("products"))
			}
			if a.has("min-severity") {
				ch.MinSeverity = model.Severity(a.str("min-severity"))
			}
			if ch.Type == model.ChannelCommand && c.env.Remote != nil {
				return model.Forbiddenf("a command channel runs a program on the server: change it there, not over SSH")
			}
		}
		sv := &s.SMTP
		for flag, p := range map[string]*string{"smtp-host": &sv.Host, "smtp-tls": &sv.TLS, "smtp-user": &sv.User, "smtp-from": &sv.From} {
			if a.has(flag) {
				*p = strings.TrimSpace(a.str(flag))
			}
		}
		if port >= 0 {
			sv.Port = port
		}
		if password != nil {
			sv.Password = *password
		}
		if lead != nil {
			s.LeadDays = lead
		}
		if reminder != 0 {
			s.Reminder = reminder
		}
		return nil
	})
	if verb, err := editVerb(err); err != nil {
		return err
	} else if verb != "updated" && !c.asJSON() {
		fmt.Fprintln(c.env.Stdout, "no changes: the notification settings are as they were")
	}
	return c.showNotifySettings(s)
}

func (c *call) showNotifySettings(s model.NotifySettings) error {
	return c.show(s, func(w io.Writer) {
		if len(s.Channels) == 0 {
			fmt.Fprintln(w, "No channels: add one with 'seats notify settings set --channel NAME --type webhook --url URL'.")
		} else {
			t := newTable(w, "CHANNEL", "TYPE", "TO", "KINDS", "MIN", "PRODUCTS")
			for _, ch := range s.Channels {
				to := ch.URL
				switch ch.Type {
				case model.ChannelEmail:
					to = strings.Join(ch.To, ",")
				case model.ChannelCommand:
					to = ch.Command
				case model.ChannelWebhook:
					to = model.RedactURL(ch.URL) + " (" + ch.Shape + ")"
				}
				min := string(ch.MinSeverity)
				if min == "" {
					min = "info"
				}
				t.row(ch.Name, ch.Type, cut(to, 48), orDash(strings.Join(ch.Kinds, ",")), min, orDash(strings.Join(ch.Products, ",")))
			}
			t.flush()
		}
		if s.SMTP.Host != "" {
			pw := "no password"
			if s.SMTP.Password.IsSet() {
				pw = "password set"
			}
			fmt.Fprintf(w, "SMTP: %s:%d %s, user %s, %s, from %s\n", s.SMTP.Host, s.SMTP.Port, s.SMTP.TLS, orDash(s.SMTP.User), pw, s.SMTP.From)
		}
		days := make([]string, len(s.LeadDays))
		for i, d := range s.LeadDays {
			days[i] = itoa(d)
		}
		fmt.Fprintf(w, "Lead times: %s days; reminders of critical alerts every %s\n", strings.Join(days, ", "), s.Reminder)
	})
}

func runNotifyTest(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	s, err := svc.NotifySettings(c.actor)
	if err != nil {
		return err
	}
	var targets []model.Channel
	for _, ch := range s.Channels {
		if !c.args.has("channel") || ch.Name == c.args.str("channel") {
			targets = append(targets, ch)
		}
	}
	if len(targets) == 0 {
		return usagef("no channel to test: add one with 'seats notify settings set --channel NAME ...'")
	}
	if c.env.Remote != nil && slices.ContainsFunc(targets, func(ch model.Channel) bool { return ch.Type == model.ChannelCommand }) {
		return usagef("testing a command channel runs a program on the server: test it there, not over SSH")
	}
	now := svc.Now()
	failed := 0
	for _, ch := range targets {
		if err := (&send.Sender{}).Send(context.Background(), s, send.TestMessage(ch.Name, now)); err != nil {
			failed++
			fmt.Fprintln(c.env.Stdout, "failed: "+err.Error())
		} else {
			fmt.Fprintf(c.env.Stdout, "%s: accepted\n", ch.Name)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%s", plural(failed, "test failed", "tests failed"))
	}
	return nil
}
