package settings

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/termsafe"
	"github.com/seats/seats/ui/tui/common"
)

// View draws the settings, or why this actor cannot see them.
func (t *Tab) View() string {
	st := t.ctx.Styles
	var b strings.Builder
	line := func(s string) { b.WriteString(common.Fit(s, t.width) + "\n") }
	line(st.Title.Render("Notification settings"))
	line("")
	switch {
	case !t.loaded:
		line(st.Subtle.Render("Loading…"))
	case t.err != nil:
		for _, l := range strings.Split(ansi.Wordwrap(clean(t.err.Error())+".", max(t.width-2, 20), ""), "\n") {
			line(l)
		}
		line("")
		line(st.Subtle.Render("Ask the owner or an admin to change who is told of alerts, and how."))
	default:
		t.channels(line)
		t.rest(line)
	}
	return common.Block(strings.TrimSuffix(b.String(), "\n"), t.width, t.height)
}

// column widths of the channel table.
const (
	wName = 12
	wType = 8
	wMin  = 8
)

func (t *Tab) channels(line func(string)) {
	st := t.ctx.Styles
	line(st.Bold.Render("Channels"))
	if len(t.settings.Channels) == 0 {
		line(st.Subtle.Render("  No channels: nobody is told of alerts. n adds a webhook or an email channel."))
		line("")
		return
	}
	// TO and ROUTE share what the fixed columns leave.
	flex := max(t.width-2-wName-wType-wMin-4, 20)
	wTo := flex * 11 / 20
	wRoute := flex - wTo
	row := func(name, typ, to, min, route string) string {
		return common.Fit(name, wName) + " " + common.Fit(typ, wType) + " " + common.Fit(to, wTo) + " " +
			common.Fit(min, wMin) + " " + common.Fit(route, wRoute)
	}
	line("  " + st.TableHeader.Render(row("NAME", "TYPE", "TO", "MIN", "KINDS / PRODUCTS")))
	for i, c := range t.settings.Channels {
		min := string(c.MinSeverity)
		if min == "" {
			min = string(model.Info)
		}
		r := row(clean(c.Name), c.Type, clean(destination(c)), min, clean(route(c)))
		line(t.marked(i, r))
	}
	line("")
}

// destination is where a channel sends, a webhook's token left out.
func destination(c model.Channel) string {
	switch c.Type {
	case model.ChannelWebhook:
		return model.RedactURL(c.URL) + " (" + c.Shape + ")"
	case model.ChannelEmail:
		return strings.Join(c.To, ", ")
	}
	return c.Command
}

func route(c model.Channel) string {
	kinds, products := "every alert", "every product"
	if len(c.Kinds) > 0 {
		kinds = strings.Join(c.Kinds, ", ")
	}
	if len(c.Products) > 0 {
		products = strings.Join(c.Products, ", ")
	}
	return kinds + " / " + products
}

// rest draws the SMTP server and the timing rows, then the keys' hint.
func (t *Tab) rest(line func(string)) {
	st := t.ctx.Styles
	s := t.settings
	n := len(s.Channels)
	smtp, from := st.Subtle.Render("not set (email channels need it)"), ""
	if s.SMTP.Host != "" {
		pw := "no password"
		if s.SMTP.Password.IsSet() {
			pw = "password set"
		}
		user := "no login"
		if s.SMTP.User != "" {
			user = "user " + s.SMTP.User
		}
		smtp = clean(fmt.Sprintf("%s:%d %s, %s, %s", s.SMTP.Host, s.SMTP.Port, s.SMTP.TLS, user, pw))
		from = "from " + clean(s.SMTP.From)
	}
	label := func(s string) string { return common.Fit(s, 16) }
	line(t.marked(n+rowSMTP, label("SMTP server")+smtp))
	if from != "" {
		line("  " + label("") + from)
	}
	line(t.marked(n+rowTiming, label("Lead times")+days(s.LeadDays)+" days before expiry and support end"))
	line("  " + label("Reminders") + "every " + duration(s.Reminder) + " while a critical alert is unresolved")
	line("")
	line(st.Subtle.Render("  Sent once per change: appears, worsens, crosses a lead time, is resolved."))
	line(st.Subtle.Render("  Delivered by seats notify (cron) or seats serve. e edits a row, t tests."))
}

// marked draws row i with the cursor's mark when it is on it.
func (t *Tab) marked(i int, s string) string {
	if i == t.cursor {
		return t.ctx.Styles.TableSelected.Render("› " + s)
	}
	return "  " + s
}

// clean makes text from the database safe for the terminal.
func clean(s string) string { return termsafe.Line(s) }
