package send_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seats/seats/model"
	"github.com/seats/seats/store/bolt"
	"github.com/seats/seats/ui/send"
)

// hook is a webhook receiver on loopback that records what it accepted
// and refuses the first fail requests with 503.
type hook struct {
	mu    sync.Mutex
	fail  int
	seen  int
	got   []send.Message
	slack []map[string]any
	srv   *httptest.Server
}

func newHook(t *testing.T, fail int) *hook {
	h := &hook{fail: fail}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		h.seen++
		if h.seen <= h.fail {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		var m send.Message
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Errorf("webhook body %q: %v", raw, err)
		}
		if m.ID != r.Header.Get("X-Seats-Notification-Id") {
			t.Errorf("body ID %q, header %q", m.ID, r.Header.Get("X-Seats-Notification-Id"))
		}
		h.got = append(h.got, m)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hook) take() []send.Message {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := h.got
	h.got = nil
	return out
}

// mailServer is a small SMTP server on loopback that records messages.
type mailServer struct {
	mu   sync.Mutex
	msgs []string
	auth []string
	ln   net.Listener
}

func newMailServer(t *testing.T) *mailServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m := &mailServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go m.serve(c)
		}
	}()
	return m
}

func (m *mailServer) port() int { return m.ln.Addr().(*net.TCPAddr).Port }

func (m *mailServer) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(s string) { fmt.Fprintf(c, "%s\r\n", s) }
	say("220 test ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO", "HELO":
			say("250-test")
			say("250 AUTH PLAIN")
		case "AUTH":
			m.mu.Lock()
			m.auth = append(m.auth, line)
			m.mu.Unlock()
			say("235 ok")
		case "MAIL", "RCPT", "RSET", "NOOP":
			say("250 ok")
		case "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			m.mu.Lock()
			m.msgs = append(m.msgs, b.String())
			m.mu.Unlock()
			say("250 queued")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("502 no")
		}
	}
}

func (m *mailServer) take() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := m.msgs
	m.msgs = nil
	return out
}

type world struct {
	t    *testing.T
	db   *bolt.DB
	svc  *model.Service
	now  time.Time
	mu   sync.Mutex
	hook *hook
	mail *mailServer
	snd  *send.Sender
	path string
}

func (w *world) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *world) advance(d time.Duration) {
	w.mu.Lock()
	w.now = w.now.Add(d)
	w.mu.Unlock()
}

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

const password = "pa55-w0rd-secret"

func newWorld(t *testing.T, fail int) *world {
	w := &world{t: t, now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), hook: newHook(t, fail), mail: newMailServer(t),
		snd: &send.Sender{Timeout: 5 * time.Second}}
	w.path = filepath.Join(t.TempDir(), "seats.db")
	db, err := bolt.Open(w.path, bolt.Options{NoSync: true})
	w.must(err)
	t.Cleanup(func() { db.Close() })
	w.db = db
	w.svc = model.NewService(db, w.clock)
	for _, e := range []string{"owner@example.com", "a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com", "f@example.com"} {
		_, err := w.svc.InviteUser("", model.User{Email: e, First: "F", Last: "L"})
		w.must(err)
	}
	_, err = w.svc.CreateProduct("", model.Product{Name: "Office", Kind: model.PerUser, Contracted: 10, NetPrice: 1000, Period: model.Monthly})
	w.must(err)
	_, err = w.svc.CreateProduct("", model.Product{Name: "Adobe", Kind: model.PerUser, Contracted: 1, NetPrice: 1000, Period: model.Monthly,
		Expires: model.Date("2026-05-11")})
	w.must(err)
	_, err = w.svc.EditNotifySettings("", func(s *model.NotifySettings) error {
		s.Channels = []model.Channel{
			{Name: "ops", Type: model.ChannelWebhook, URL: w.hook.srv.URL + "/hook", Route: model.Route{MinSeverity: model.Warning}},
			{Name: "mail", Type: model.ChannelEmail, To: []string{"lead@example.com"}, Route: model.Route{Products: []string{"Adobe"}, MinSeverity: model.Warning}},
		}
		s.SMTP = model.SMTPServer{Host: "127.0.0.1", Port: w.mail.port(), TLS: model.TLSNone, User: "seats", Password: model.NewSecret(password), From: "seats@example.com"}
		s.LeadDays = []int{60, 30, 7}
		s.Reminder = 24 * time.Hour
		return nil
	})
	w.must(err)
	return w
}

func (w *world) pass() send.Report {
	w.t.Helper()
	r, err := send.Pass(context.Background(), w.svc, "", w.snd)
	w.must(err)
	return r
}

// expect checks a pass delivered exactly the webhook messages of the
// reasons and keys given (kind/product), in any order, and mails as many
// as mails.
func (w *world) expect(r send.Report, mails int, want ...string) {
	w.t.Helper()
	got := w.hook.take()
	var gs []string
	for _, m := range got {
		gs = append(gs, m.Reason+" "+m.Kind+"/"+m.Product)
	}
	slices.Sort(gs)
	want = slices.Sorted(slices.Values(want))
	if strings.Join(gs, "; ") != strings.Join(want, "; ") {
		w.t.Fatalf("webhook got %q, want %q", gs, want)
	}
	if ms := w.mail.take(); len(ms) != mails {
		w.t.Fatalf("mail got %d messages, want %d: %q", len(ms), mails, ms)
	}
	if len(r.Failures) != 0 {
		w.t.Fatalf("failures: %q", r.Failures)
	}
}

func TestAppearWorsenLeadTimeResolveRemind(t *testing.T) {
	w := newWorld(t, 0)
	// Adobe expires in 70 days: nothing yet.
	w.expect(w.pass(), 0)
	w.expect(w.pass(), 0)

	// A reduction below the assigned appears (critical), then worsens.
	_, err := w.svc.BulkAssign("", "Office", []string{"a@example.com", "b@example.com", "c@example.com"}, false)
	w.must(err)
	_, err = w.svc.RemoveLicenses("", "Office", 8, true) // to 2, 3 assigned
	w.must(err)
	w.expect(w.pass(), 0, "appeared reduction_below_assigned/Office")
	w.expect(w.pass(), 0)
	_, err = w.svc.BulkAssign("", "Office", []string{"d@example.com", "e@example.com"}, false)
	w.must(err)
	w.expect(w.pass(), 0, "worsened reduction_below_assigned/Office")
	w.expect(w.pass(), 0)

	// Adobe comes within 60 days: appears, to the webhook and the mail.
	w.advance(11 * 24 * time.Hour)
	w.expect(w.pass(), 1, "reminder reduction_below_assigned/Office", "appeared expiring/Adobe")
	w.expect(w.pass(), 0)
	// The reminder waits for its interval again.
	w.advance(12 * time.Hour)
	w.expect(w.pass(), 0)
	w.advance(12 * time.Hour)
	w.expect(w.pass(), 0, "reminder reduction_below_assigned/Office")

	// Resolved: unassign down to the reduced count.
	ls, _, err := w.svc.Licenses(model.LicenseFilter{Product: "Office"})
	w.must(err)
	n := 0
	for _, l := range ls {
		if l.Status == model.Active && n < 3 {
			_, _, err := w.svc.Unassign("", l.Code())
			w.must(err)
			n++
		}
	}
	w.expect(w.pass(), 0, "resolved reduction_below_assigned/Office")
	w.expect(w.pass(), 0)

	// Adobe crosses 30 days: a lead-time notification, webhook and mail.
	w.advance(29 * 24 * time.Hour)
	w.expect(w.pass(), 1, "lead_time expiring/Adobe")
	w.expect(w.pass(), 0)

	w.noSecret()
}

// noSecret checks the password is in no event, no status and no settings
// as shown, while the mail server did get it.
func (w *world) noSecret() {
	w.t.Helper()
	var all []string
	w.must(w.svc.Events(0, func(e model.Event) bool {
		raw, _ := json.Marshal(e)
		all = append(all, string(raw), fmt.Sprintf("%+v %v", e, e))
		return true
	}))
	st, err := w.svc.NotificationStatus("")
	w.must(err)
	ns, err := w.svc.NotifySettings("")
	w.must(err)
	for _, v := range []any{st, ns} {
		raw, _ := json.Marshal(v)
		all = append(all, string(raw), fmt.Sprintf("%+v %#v %v", v, v, v))
	}
	for _, s := range all {
		if strings.Contains(s, password) {
			w.t.Fatalf("the SMTP password is in %s", s)
		}
	}
	if ns.SMTP.Password.Reveal() != password {
		w.t.Fatalf("the settings lost the password")
	}
	w.mail.mu.Lock()
	defer w.mail.mu.Unlock()
	if len(w.mail.auth) == 0 {
		w.t.Fatalf("the mail server saw no login")
	}
}

func TestRetriesWithBackoffSameID(t *testing.T) {
	w := newWorld(t, 2)
	w.advance(11 * 24 * time.Hour) // Adobe within 60 days
	r := w.pass()
	if len(r.Failures) != 1 || !strings.Contains(r.Failures[0], "503") || strings.Contains(r.Failures[0], "/hook") {
		t.Fatalf("first pass failures %q, want one 503 line without the URL's path", r.Failures)
	}
	if len(w.mail.take()) != 1 {
		t.Fatal("the mail channel did not get its message")
	}
	if r := w.pass(); len(r.Failures) != 0 || r.Delivered != 0 {
		t.Fatalf("a retry before its backoff: %+v", r)
	}
	st, err := w.svc.NotificationStatus("")
	w.must(err)
	if len(st.Pending) != 1 || st.Failed != 1 || st.Pending[0].Attempts != 1 || !strings.Contains(st.Pending[0].LastError, "503") {
		t.Fatalf("status after a failure: %+v", st)
	}
	id := st.Pending[0].Dedupe
	w.advance(model.Backoff(1))
	if r := w.pass(); len(r.Failures) != 1 {
		t.Fatalf("second attempt: %+v", r)
	}
	w.advance(model.Backoff(2) - time.Second)
	if r := w.pass(); len(r.Failures)+r.Delivered != 0 {
		t.Fatalf("third attempt before the doubled backoff: %+v", r)
	}
	w.advance(time.Second)
	w.expect(w.pass(), 0, "appeared expiring/Adobe")
	if w.hook.seen != 3 {
		t.Fatalf("the receiver saw %d requests, want 3", w.hook.seen)
	}
	st, err = w.svc.NotificationStatus("")
	w.must(err)
	if len(st.Pending) != 0 || st.Failed != 0 {
		t.Fatalf("status after delivery: %+v", st)
	}
	for _, n := range st.Delivered {
		if n.Dedupe != id && n.Channel == "ops" {
			t.Fatalf("delivered with ID %s, queued as %s", n.Dedupe, id)
		}
	}
	w.noSecret()
}

// A pass that dies after claiming (as under SIGKILL mid-delivery) loses
// nothing: once the claim runs out, a pass delivers it with the same ID.
func TestDiedMidDeliveryRedelivers(t *testing.T) {
	w := newWorld(t, 0)
	w.advance(11 * 24 * time.Hour)
	_, err := w.svc.PlanNotifications("")
	w.must(err)
	claimed, _, err := w.svc.ClaimNotifications("", 0)
	w.must(err)
	if len(claimed) != 2 {
		t.Fatalf("claimed %d, want 2", len(claimed))
	}
	w.expect(w.pass(), 0) // held by the dead pass's claim
	w.advance(model.ClaimLease)
	r := w.pass()
	got := w.hook.take()
	if len(got) != 1 || got[0].ID != claimed[0].Dedupe || r.Delivered != 2 || len(w.mail.take()) != 1 {
		t.Fatalf("after the claim ran out: %+v, %+v", got, r)
	}
}

// Two passes at once, each with its own handle on one bbolt file (as two
// processes), send each notification once.
func TestConcurrentPassesSendOnce(t *testing.T) {
	w := newWorld(t, 0)
	w.db.Close()
	var mu sync.Mutex
	ids := map[string]int{}
	slow := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var m send.Message
		_ = json.NewDecoder(r.Body).Decode(&m)
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		ids[m.ID]++
		mu.Unlock()
	}))
	defer slow.Close()
	open := func() *model.Service {
		db, err := bolt.Open(w.path, bolt.Options{Shared: true, NoSync: true})
		w.must(err)
		t.Cleanup(func() { db.Close() })
		return model.NewService(db, w.clock)
	}
	a, b := open(), open()
	_, err := a.EditNotifySettings("", func(s *model.NotifySettings) error {
		s.Channels = []model.Channel{
			{Name: "one", Type: model.ChannelWebhook, URL: slow.URL},
			{Name: "two", Type: model.ChannelWebhook, URL: slow.URL},
		}
		return nil
	})
	w.must(err)
	for _, who := range []string{"a", "b", "c", "d"} {
		_, err := a.CreateProduct("", model.Product{Name: "P" + who, Kind: model.PerUser, Contracted: 1, Expires: model.Date("2026-03-20")})
		w.must(err)
	}
	var wg sync.WaitGroup
	delivered := make([]int, 2)
	for i, svc := range []*model.Service{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := send.Pass(context.Background(), svc, "", w.snd)
			if err != nil {
				t.Error(err)
			}
			delivered[i] = r.Delivered
		}()
	}
	wg.Wait()
	if delivered[0]+delivered[1] != 8 {
		t.Fatalf("delivered %v, want 8 in all", delivered)
	}
	if len(ids) != 4 {
		t.Fatalf("IDs received %v, want 4", ids)
	}
	for id, n := range ids {
		if n != 2 { // one per channel
			t.Fatalf("%s received %d times, want once per channel", id, n)
		}
	}
}
