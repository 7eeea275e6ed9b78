package settings

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/tuitest"
)

// focus tabs through the open form to the field labelled label.
func focus(t *testing.T, h *tuitest.Harness, label string) {
	t.Helper()
	for range 20 {
		if strings.Contains(h.ModalView(), "› "+label) {
			return
		}
		h.Press("tab")
	}
	t.Fatalf("no field %q in\n%s", label, h.ModalView())
}

func set(t *testing.T, h *tuitest.Harness, label, value string) {
	t.Helper()
	focus(t, h, label)
	h.Clear()
	h.Type(value)
}

func settingsOf(t *testing.T, w *tuitest.World) model.NotifySettings {
	t.Helper()
	s, err := w.Svc.NotifySettings("")
	w.Must(err)
	return s
}

// An admin adds a channel and edits one through the forms: the domain
// gets them (product names resolved, the URL kept when left empty), one
// event each.
func TestAddAndEditChannels(t *testing.T) {
	w := configured(t, "https://hooks.slack.com")
	h := tuitest.Load(t, w, "admin@example.com", New)
	h.Press("n")
	set(t, h, "Name", "finance")
	set(t, h, "Webhook URL", "https://example.com/hook")
	set(t, h, "Kinds", model.DigestRightSizing)
	set(t, h, "Products", "office, antivirus")
	h.Press("ctrl+s")
	if h.Top() != nil {
		t.Fatalf("the form stayed open: %v\n%s", h.LastErr(), h.ModalView())
	}
	fin, ok := settingsOf(t, w).Channel("finance")
	if !ok || fin.URL != "https://example.com/hook" || strings.Join(fin.Products, ",") != "Office,Antivirus" || len(fin.ProductIDs) != 2 {
		t.Fatalf("the new channel: %+v", fin)
	}
	tuitest.Contains(t, h.Tab.View(), "finance", "right_sizing_digest / Office, Antivirus")

	// Edit ops: a new name and severity; the URL left empty is kept.
	h.Press("g", "e")
	set(t, h, "Name", "alerts")
	focus(t, h, "Min severity")
	h.Press("right")
	h.Press("ctrl+s")
	s := settingsOf(t, w)
	a, ok := s.Channel("alerts")
	if _, old := s.Channel("ops"); !ok || old || a.MinSeverity != model.Critical || !strings.HasSuffix(a.URL, "/T0K3N") {
		t.Fatalf("after the edit: %+v", s.Channels)
	}
	if e := w.LastEvent(model.EvNotifySettingsUpdated); !strings.Contains(e.To, "alerts webhook") {
		t.Fatalf("the event: %+v", e)
	}
	// A bad value is the domain's one line, in the form, which stays open.
	h.Press("g", "e")
	set(t, h, "Webhook URL", "ftp://nope")
	h.Press("ctrl+s")
	if h.Top() == nil || !strings.Contains(h.ModalView(), "must be an http:// or https://") {
		t.Fatalf("a bad URL was not refused in the form:\n%s", h.ModalView())
	}
}

// The SMTP password is never drawn: left empty it is kept, typed it is
// replaced, and neither the tab, the form, nor any event holds it.
func TestSMTPPasswordOnlyReplaceable(t *testing.T) {
	w := configured(t, "https://hooks.slack.com")
	h := tuitest.Load(t, w, "", New)
	h.Press("G", "up", "e")
	set(t, h, "Port", "2525")
	h.Press("ctrl+s")
	s := settingsOf(t, w)
	if s.SMTP.Port != 2525 || s.SMTP.Password.Reveal() != password {
		t.Fatalf("after an edit leaving the password: port %d, password kept %v", s.SMTP.Port, s.SMTP.Password.Reveal() == password)
	}
	const next = "n3w-pa55w0rd"
	h.Press("G", "up", "e")
	set(t, h, "Password", next)
	if strings.Contains(h.ModalView(), next) {
		t.Fatalf("the password shows as typed:\n%s", h.ModalView())
	}
	h.Press("ctrl+s")
	if got := settingsOf(t, w).SMTP.Password.Reveal(); got != next {
		t.Fatalf("the password was not replaced")
	}
	if e := w.LastEvent(model.EvNotifySettingsUpdated); !strings.Contains(e.To, "(password changed)") {
		t.Fatalf("the change is not recorded: %+v", e)
	}
	views := []string{h.Tab.View()}
	h.Press("G", "up", "e")
	views = append(views, h.ModalView())
	w.Must(w.Svc.Events(0, func(e model.Event) bool {
		raw, _ := json.Marshal(e)
		views = append(views, string(raw))
		return true
	}))
	for _, v := range views {
		for _, secret := range []string{password, next, "T0K3N"} {
			if strings.Contains(v, secret) {
				t.Fatalf("%q shows in %s", secret, v)
			}
		}
	}
}

func TestLeadTimesAndReminder(t *testing.T) {
	w := configured(t, "https://hooks.slack.com")
	h := tuitest.Load(t, w, "", New)
	h.Press("G", "e")
	set(t, h, "Lead times", "14, 90")
	set(t, h, "Reminder", "90m")
	h.Press("ctrl+s")
	s := settingsOf(t, w)
	if fmt.Sprint(s.LeadDays) != "[90 14]" || s.Reminder.String() != "1h30m0s" {
		t.Fatalf("lead %v reminder %v", s.LeadDays, s.Reminder)
	}
	tuitest.Contains(t, h.Tab.View(), "90, 14 days before expiry", "every 1h30m while")
}

func TestDeleteChannel(t *testing.T) {
	w := configured(t, "https://hooks.slack.com")
	h := tuitest.Load(t, w, "", New)
	h.Press("down", "d")
	if h.Top() == nil || !strings.Contains(h.ModalView(), "Remove channel design?") {
		t.Fatalf("no confirmation:\n%s", h.ModalView())
	}
	h.Press("y")
	if _, ok := settingsOf(t, w).Channel("design"); ok {
		t.Fatal("design is still a channel")
	}
	h.Press("G", "up")
	h.Refuses("d", "t") // on the SMTP row
}

// t sends a test to the selected channel in a command, to a real
// loopback receiver, and says what it answered.
func TestSendATest(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	status := http.StatusOK
	hook := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		bodies = append(bodies, string(raw))
		rw.WriteHeader(status)
	}))
	defer hook.Close()
	w := configured(t, hook.URL)
	h := tuitest.Load(t, w, "", New)
	h.Press("t")
	if h.LastStatus() != "test notification accepted by ops" {
		t.Fatalf("status %q, err %v", h.LastStatus(), h.LastErr())
	}
	mu.Lock()
	if len(bodies) != 1 || !strings.Contains(bodies[0], "Seats test notification") {
		t.Fatalf("the receiver got %q", bodies)
	}
	status = http.StatusServiceUnavailable
	mu.Unlock()
	h.Press("t")
	if err := h.LastErr(); err == nil || !strings.Contains(err.Error(), "503") || strings.Contains(err.Error(), "T0K3N") {
		t.Fatalf("a refused test: %v", err)
	}
}

// A command channel runs a program on the server: the tab neither sets
// its command nor runs it for a test, yet its route can change.
func TestCommandChannelStaysOnTheServer(t *testing.T) {
	w := configured(t, "https://hooks.slack.com")
	_, err := w.Svc.EditNotifySettings("", func(s *model.NotifySettings) error {
		s.Channels = []model.Channel{{Name: "local", Type: model.ChannelCommand, Command: "touch /tmp/never"}}
		return nil
	})
	w.Must(err)
	h := tuitest.Load(t, w, "", New)
	h.Press("t")
	if err := h.LastErr(); err == nil || !strings.Contains(err.Error(), "on the server") {
		t.Fatalf("a test of a command channel: %v", err)
	}
	h.Press("e")
	if v := h.ModalView(); strings.Contains(v, "Command") || strings.Contains(v, "Type") {
		t.Fatalf("the form offers the command or the type:\n%s", v)
	}
	focus(t, h, "Min severity")
	h.Press("right", "ctrl+s")
	if c, _ := settingsOf(t, w).Channel("local"); c.MinSeverity != model.Warning || c.Command != "touch /tmp/never" {
		t.Fatalf("after editing the route: %+v", c)
	}
}
