package settings

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/form"
)

var severities = []string{string(model.Info), string(model.Warning), string(model.Critical)}

// channelForm adds a channel (isNew) or edits ch. A webhook's URL carries
// its token, so the form never shows it: left empty it is kept. A
// command channel runs a program on the server, so its command is set on
// the server's command line only; here its route may change.
func channelForm(ctx *common.Context, ch model.Channel, isNew bool) common.Modal {
	min := string(ch.MinSeverity)
	if min == "" {
		min = string(model.Info)
	}
	fields := []form.Field{{Key: "name", Label: "Name", Value: ch.Name, Hint: "no spaces", Validate: form.Required("a channel name")}}
	if ch.Type != model.ChannelCommand {
		url := form.Field{Key: "url", Label: "Webhook URL", Hint: "https://…"}
		if ch.URL != "" {
			url.Placeholder, url.Hint = model.RedactURL(ch.URL)+" (kept)", "type a new URL to replace it"
		}
		shape := ch.Shape
		if shape == "" {
			shape = model.ShapeGeneric
		}
		fields = append(fields,
			form.Field{Key: "type", Label: "Type", Options: []string{model.ChannelWebhook, model.ChannelEmail}, Value: ch.Type},
			url,
			form.Field{Key: "shape", Label: "Body shape", Options: []string{model.ShapeGeneric, model.ShapeSlack, model.ShapeTeams}, Value: shape},
			form.Field{Key: "to", Label: "Email to", Value: strings.Join(ch.To, ", "), Hint: "email channels: comma-separated"})
	}
	fields = append(fields,
		form.Field{Key: "kinds", Label: "Kinds", Value: strings.Join(ch.Kinds, ", "), Placeholder: "every alert",
			Hint: "comma-separated; " + model.DigestRightSizing + " for the monthly digest"},
		form.Field{Key: "min", Label: "Min severity", Options: severities, Value: min},
		form.Field{Key: "products", Label: "Products", Value: strings.Join(ch.Products, ", "), Placeholder: "every product"})
	title, old := "New channel", ""
	if !isNew {
		title, old = "Edit channel "+ch.Name, ch.Name
	}
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return form.New(ctx, title, fields, func(v form.Values) (string, error) {
		_, err := svc.EditNotifySettings(actor, func(s *model.NotifySettings) error {
			i := slices.IndexFunc(s.Channels, func(c model.Channel) bool { return c.Name == old })
			if isNew || i < 0 {
				if !isNew {
					return model.Invalidf("channel %s was removed meanwhile", old)
				}
				s.Channels = append(s.Channels, model.Channel{})
				i = len(s.Channels) - 1
			}
			applyChannel(&s.Channels[i], v)
			return nil
		})
		return saved(err, "channel "+strings.TrimSpace(v["name"]))
	})
}

// applyChannel sets c from the form; the domain validates the result.
func applyChannel(c *model.Channel, v form.Values) {
	c.Name = strings.TrimSpace(v["name"])
	if t, ok := v["type"]; ok {
		c.Type = t
		if u := strings.TrimSpace(v["url"]); u != "" || c.Type != model.ChannelWebhook {
			c.URL = u
		}
		c.Shape, c.To = v["shape"], model.SplitList(v["to"])
	}
	c.Kinds, c.MinSeverity, c.Products = model.SplitList(v["kinds"]), model.Severity(v["min"]), model.SplitList(v["products"])
	if c.MinSeverity == model.Info {
		c.MinSeverity = ""
	}
}

// smtpForm edits the SMTP server. The password field starts empty, and
// left empty keeps the password: it is never shown, only replaced.
func smtpForm(ctx *common.Context, srv model.SMTPServer) common.Modal {
	port := ""
	if srv.Port != 0 {
		port = strconv.Itoa(srv.Port)
	}
	tls := srv.TLS
	if tls == "" {
		tls = model.TLSStartTLS
	}
	pw := form.Field{Key: "password", Label: "Password", Secret: true, Placeholder: "not set"}
	if srv.Password.IsSet() {
		pw.Placeholder = "set: kept unless you type a new one"
	}
	fields := []form.Field{
		{Key: "host", Label: "Host", Value: srv.Host, Hint: "the mail server"},
		{Key: "port", Label: "Port", Value: port, Hint: "empty: 587, 465 or 25 by security"},
		{Key: "tls", Label: "Security", Options: []string{model.TLSStartTLS, model.TLSImplicit, model.TLSNone}, Value: tls},
		{Key: "user", Label: "User", Value: srv.User},
		pw,
		{Key: "from", Label: "From", Value: srv.From, Hint: "the sender address"},
	}
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return form.New(ctx, "SMTP server", fields, func(v form.Values) (string, error) {
		port := 0
		if p := strings.TrimSpace(v["port"]); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil {
				return "", model.Invalidf("the port must be a number, not %q", p)
			}
			port = n
		}
		_, err := svc.EditNotifySettings(actor, func(s *model.NotifySettings) error {
			s.SMTP.Host, s.SMTP.Port, s.SMTP.TLS = strings.TrimSpace(v["host"]), port, v["tls"]
			s.SMTP.User, s.SMTP.From = strings.TrimSpace(v["user"]), strings.TrimSpace(v["from"])
			if v["password"] != "" {
				s.SMTP.Password = model.NewSecret(v["password"])
			}
			return nil
		})
		return saved(err, "the SMTP server")
	})
}

// timingForm edits the lead times and the reminder interval.
func timingForm(ctx *common.Context, s model.NotifySettings) common.Modal {
	fields := []form.Field{
		{Key: "lead", Label: "Lead times", Value: days(s.LeadDays), Hint: "days before expiry and support end, like 60, 30, 7"},
		{Key: "reminder", Label: "Reminder", Value: duration(s.Reminder), Hint: "for unresolved critical alerts, like 24h"},
	}
	svc, actor := ctx.Svc, ctx.ActorEmail()
	return form.New(ctx, "Lead times and reminders", fields, func(v form.Values) (string, error) {
		var lead []int
		for _, p := range model.SplitList(v["lead"]) {
			n, err := strconv.Atoi(p)
			if err != nil {
				return "", model.Invalidf("lead times are numbers of days, not %q", p)
			}
			lead = append(lead, n)
		}
		d, err := time.ParseDuration(strings.TrimSpace(v["reminder"]))
		if err != nil {
			return "", model.Invalidf("the reminder is a duration like 24h or 90m, not %q", v["reminder"])
		}
		_, err = svc.EditNotifySettings(actor, func(s *model.NotifySettings) error {
			s.LeadDays, s.Reminder = lead, d
			return nil
		})
		return saved(err, "lead times and reminders")
	})
}

// deleteConfirm removes a channel; what is queued for it waits in vain
// and says so in `seats notify status`.
func deleteConfirm(ctx *common.Context, name string) common.Modal {
	svc, actor := ctx.Svc, ctx.ActorEmail()
	detail := []string{"Notifications stop going to " + name + "; what is queued for it is not sent."}
	return form.Confirm(ctx, "Remove channel "+name+"?", detail, func() (string, error) {
		_, err := svc.EditNotifySettings(actor, func(s *model.NotifySettings) error {
			s.Channels = slices.DeleteFunc(s.Channels, func(c model.Channel) bool { return c.Name == name })
			return nil
		})
		if err != nil {
			return "", err
		}
		return "channel " + name + " removed", nil
	})
}

// saved is a form's status line (the form says "no changes" itself).
func saved(err error, what string) (string, error) {
	if err != nil {
		return "", err
	}
	return what + " saved", nil
}

func days(ds []int) string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = strconv.Itoa(d)
	}
	return strings.Join(out, ", ")
}

// duration shows 24h0m0s as 24h and 1h30m0s as 1h30m.
func duration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
