// Package send delivers the domain's notifications (model.Notification)
// to their channels, outside any transaction: a webhook POST (accepted on
// 2xx), mail over SMTP (accepted on 250) and a local command (accepted on
// exit status 0). Pass runs one notify pass: plan, claim, deliver, record.
package send

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/smtp"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/seats/seats/model"
)

// Sender delivers notifications. The zero Sender is ready to use.
type Sender struct {
	// Timeout bounds one delivery (default 15 s): a slow receiver holds
	// up nothing but its own notification.
	Timeout time.Duration
	// HTTP is the client for webhooks (default: one with Timeout).
	HTTP *http.Client
	// TLS configures SMTP's TLS (nil: the system's roots, the host's name).
	TLS *tls.Config
}

func (s *Sender) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return 15 * time.Second
}

// Message is what a receiver gets: JSON for webhooks (generic shape) and
// commands. ID is the stable ID to deduplicate on.
type Message struct {
	ID       string         `json:"id"`
	Reason   string         `json:"reason"`
	Kind     string         `json:"kind"`
	Severity model.Severity `json:"severity"`
	Product  string         `json:"product,omitempty"`
	Message  string         `json:"message"`
	Org      string         `json:"org"`
	Time     time.Time      `json:"time"`
}

// MessageOf is the receiver's view of n.
func MessageOf(n model.Notification) Message {
	return Message{ID: n.Dedupe, Reason: n.Reason, Kind: n.Kind, Severity: n.Severity, Product: n.Product,
		Message: n.Message, Org: n.Org, Time: n.Created}
}

// Subject is the notification's one-line title: of a message of several
// lines (a digest), the first.
func Subject(n model.Notification) string {
	first, _, _ := strings.Cut(n.Message, "\n")
	what := map[string]string{
		model.NotifyAppeared: "", model.NotifyWorsened: "worse: ", model.NotifyLeadTime: "",
		model.NotifyResolved: "resolved: ", model.NotifyReminder: "reminder: ",
	}[n.Reason]
	return fmt.Sprintf("[Seats] %s %s%s", n.Severity, what, first)
}

// Send delivers n to its channel of settings; nil means the receiver
// accepted it. The error is one line that names the channel and never
// holds the password or a webhook URL's path (Slack's and Teams' hold a
// token).
func (s *Sender) Send(ctx context.Context, settings model.NotifySettings, n model.Notification) error {
	c, ok := settings.Channel(n.Channel)
	if !ok {
		return fmt.Errorf("channel %s is no longer configured", n.Channel)
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	var err error
	switch c.Type {
	case model.ChannelWebhook:
		err = s.webhook(ctx, c, n)
	case model.ChannelEmail:
		err = s.mail(ctx, settings.SMTP, c, n)
	case model.ChannelCommand:
		err = command(ctx, c, n)
	default:
		err = fmt.Errorf("unknown channel type %q", c.Type)
	}
	if err != nil {
		msg := err.Error()
		if pw := settings.SMTP.Password.Reveal(); pw != "" {
			msg = strings.ReplaceAll(msg, pw, "********")
		}
		return fmt.Errorf("%s %s: %s", c.Type, c.Name, model.OneLine(msg))
	}
	return nil
}

func (s *Sender) webhook(ctx context.Context, c model.Channel, n model.Notification) error {
	var body any
	m := MessageOf(n)
	switch c.Shape {
	case model.ShapeSlack:
		text := Subject(n)
		if _, more, ok := strings.Cut(n.Message, "\n"); ok {
			text += "\n" + more
		}
		body = map[string]any{"text": text, "seats": m}
	case model.ShapeTeams:
		body = map[string]any{"@type": "MessageCard", "@context": "https://schema.org/extensions",
			"summary": Subject(n), "title": Subject(n), "text": n.Message, "seats": m}
	default:
		body = m
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		return errors.New("the URL does not parse")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("to %s: %v", u.Host, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", n.Dedupe)
	req.Header.Set("X-Seats-Notification-Id", n.Dedupe)
	client := s.HTTP
	if client == nil {
		client = &http.Client{Timeout: s.timeout()}
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("POST to %s: %v", u.Host, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("POST to %s: %s", u.Host, resp.Status)
	}
	return nil
}

func (s *Sender) mail(ctx context.Context, srv model.SMTPServer, c model.Channel, n model.Notification) error {
	if srv.Host == "" {
		return errors.New("no SMTP server is set")
	}
	addr := net.JoinHostPort(srv.Host, strconv.Itoa(srv.Port))
	tc := &tls.Config{ServerName: srv.Host}
	if s.TLS != nil {
		tc = s.TLS.Clone()
		if tc.ServerName == "" {
			tc.ServerName = srv.Host
		}
	}
	d := net.Dialer{}
	var conn net.Conn
	var err error
	if srv.TLS == model.TLSImplicit {
		conn, err = (&tls.Dialer{NetDialer: &d, Config: tc}).DialContext(ctx, "tcp", addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("to %s: %v", addr, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	cl, err := smtp.NewClient(conn, srv.Host)
	if err != nil {
		return fmt.Errorf("to %s: %v", addr, err)
	}
	defer cl.Close()
	if srv.TLS == model.TLSStartTLS {
		if err := cl.StartTLS(tc); err != nil {
			return fmt.Errorf("STARTTLS with %s: %v", addr, err)
		}
	}
	if srv.User != "" {
		if err := cl.Auth(smtp.PlainAuth("", srv.User, srv.Password.Reveal(), srv.Host)); err != nil {
			return fmt.Errorf("login to %s as %s: %v", addr, srv.User, err)
		}
	}
	if err := cl.Mail(srv.From); err != nil {
		return fmt.Errorf("%s refused the sender: %v", addr, err)
	}
	for _, to := range c.To {
		if err := cl.Rcpt(to); err != nil {
			return fmt.Errorf("%s refused %s: %v", addr, to, err)
		}
	}
	w, err := cl.Data()
	if err != nil {
		return fmt.Errorf("%s: %v", addr, err)
	}
	if _, err := w.Write(mailBody(srv.From, c.To, n)); err != nil {
		return fmt.Errorf("%s: %v", addr, err)
	}
	// Close reads the server's answer: 250 or an error.
	if err := w.Close(); err != nil {
		return fmt.Errorf("%s did not accept the message: %v", addr, err)
	}
	_ = cl.Quit()
	return nil
}

func mailBody(from string, to []string, n model.Notification) []byte {
	var b bytes.Buffer
	subject := strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, Subject(n))
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@seats>\r\nX-Seats-Notification-Id: %s\r\n",
		from, strings.Join(to, ", "), subject, n.Created.Format(time.RFC1123Z), n.Dedupe, n.Dedupe)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	fmt.Fprintf(&b, "%s\r\n\r\nOrganization: %s\r\nAlert: %s (%s)\r\nNotification: %s\r\n",
		strings.ReplaceAll(n.Message, "\n", "\r\n"), n.Org, n.Kind, n.Reason, n.Dedupe)
	return b.Bytes()
}

func command(ctx context.Context, c model.Channel, n model.Notification) error {
	args := strings.Fields(c.Command)
	if len(args) == 0 {
		return errors.New("no command")
	}
	raw, err := json.Marshal(MessageOf(n))
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin = bytes.NewReader(raw)
	cmd.Env = append(cmd.Environ(), "SEATS_NOTIFICATION_ID="+n.Dedupe)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		if line := model.OneLine(stderr.String()); line != "" {
			return fmt.Errorf("%s: %v: %s", args[0], err, line)
		}
		return fmt.Errorf("%s: %v", args[0], err)
	}
	return nil
}

// TestMessage is the test notification for channel at now: sent at once
// by Send, never through the outbox, with an ID of its own.
func TestMessage(channel string, now time.Time) model.Notification {
	return model.Notification{ID: "test/" + channel, Dedupe: fmt.Sprintf("seats-test-%d", now.UnixNano()), Channel: channel,
		Created: now, Reason: "test", Kind: "test", Severity: model.Info, Message: "Seats test notification: this channel works."}
}

// Report is what one pass did.
type Report struct {
	Plan      model.NotifyPlan `json:"plan"`
	Delivered int              `json:"delivered"`
	// Failures are the failed deliveries, one line each.
	Failures []string `json:"failures"`
}

// Pass runs one notify pass as actor: plan (one transaction), claim the
// due notifications (one transaction: two passes at once never claim the
// same one), deliver each, and record each result (one transaction each,
// only after the receiver answered). A pass killed mid-delivery loses
// nothing: the claim runs out and a later pass delivers the notification
// again with the same ID.
func Pass(ctx context.Context, svc *model.Service, actor string, s *Sender) (Report, error) {
	r := Report{Failures: []string{}}
	var err error
	if r.Plan, err = svc.PlanNotifications(actor); err != nil {
		return r, err
	}
	// A claim holds model.ClaimLease: claim no more than can be delivered
	// within it, and claim again after.
	batch := max(1, int(model.ClaimLease/s.timeout())-1)
	for {
		ns, settings, err := svc.ClaimNotifications(actor, batch)
		if err != nil || len(ns) == 0 {
			return r, err
		}
		for _, n := range ns {
			failure := s.Send(ctx, settings, n)
			if _, err := svc.NotificationResult(actor, n.ID, failure); err != nil {
				return r, err
			}
			if failure != nil {
				r.Failures = append(r.Failures, failure.Error())
			} else {
				r.Delivered++
			}
		}
	}
}
