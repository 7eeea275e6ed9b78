package settings

import (
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/tuitest"
)

func TestMain(m *testing.M) { tuitest.Main(m) }

const password = "tui-sm7p-s3cret"

// configured is the standard organization with a webhook whose URL
// holds a token, an email channel routed to Office, and an SMTP server
// with a password.
func configured(t testing.TB, hook string) *tuitest.World {
	w := tuitest.Standard(t)
	_, err := w.Svc.EditNotifySettings("", func(s *model.NotifySettings) error {
		s.Channels = []model.Channel{
			{Name: "ops", Type: model.ChannelWebhook, URL: hook + "/services/T0/B0/T0K3N", Shape: model.ShapeSlack,
				Route: model.Route{MinSeverity: model.Warning}},
			{Name: "design", Type: model.ChannelEmail, To: []string{"lead@example.com"},
				Route: model.Route{Kinds: []string{model.AlertExpiring, model.DigestRightSizing}, Products: []string{"Office"}}},
		}
		s.SMTP = model.SMTPServer{Host: "mail.example.com", User: "seats", Password: model.NewSecret(password), From: "seats@example.com"}
		s.LeadDays, s.Reminder = []int{60, 30, 7}, 12*time.Hour
		return nil
	})
	w.Must(err)
	return w
}
