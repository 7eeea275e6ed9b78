package send_test

import (
	"strings"
	"testing"
	"time"

	"github.com/seats/seats/model"
)

// The right-sizing digest goes once a calendar month, with one ID for
// the month, to the channels that ask for it by name only, limited to
// their products; the alert channels never get it.
func TestRightSizingDigestMonthly(t *testing.T) {
	w := newWorld(t, 0)
	all, adobe := newHook(t, 0), newHook(t, 0)
	_, err := w.svc.EditNotifySettings("", func(s *model.NotifySettings) error {
		s.Channels = append(s.Channels,
			model.Channel{Name: "finance", Type: model.ChannelWebhook, URL: all.srv.URL,
				Route: model.Route{Kinds: []string{model.DigestRightSizing}, MinSeverity: model.Critical}},
			model.Channel{Name: "design", Type: model.ChannelWebhook, URL: adobe.srv.URL,
				Route: model.Route{Kinds: []string{model.DigestRightSizing}, Products: []string{"Adobe"}}})
		return nil
	})
	w.must(err)
	// March: nothing idle yet, so no digest, and none later in March.
	w.pass()
	w.advance(20 * 24 * time.Hour)
	w.pass()
	if got := append(all.take(), adobe.take()...); len(got) != 0 {
		t.Fatalf("a digest without recommendations: %+v", got)
	}
	// April: every license has been free for 30 days.
	w.advance(12 * 24 * time.Hour) // 2026-04-03
	r := w.pass()
	if len(r.Failures) != 0 {
		t.Fatal(r.Failures)
	}
	fin, des := all.take(), adobe.take()
	if len(fin) != 1 || len(des) != 1 {
		t.Fatalf("April: finance got %d, design %d, want one each", len(fin), len(des))
	}
	d := fin[0]
	if d.Kind != model.DigestRightSizing || d.Reason != model.NotifyDigest || !strings.HasPrefix(d.ID, "seats-digest-2026-04-") ||
		!strings.Contains(d.Message, "Right-sizing for 2026-04: remove 11 idle licenses, saves 110.00 EUR a month") ||
		!strings.Contains(d.Message, "of Office") || !strings.Contains(d.Message, "of Adobe") {
		t.Fatalf("finance's digest: %+v", d)
	}
	if des[0].ID != d.ID || strings.Contains(des[0].Message, "Office") || !strings.Contains(des[0].Message, "of Adobe") {
		t.Fatalf("design's digest (Adobe only, the same ID): %+v", des[0])
	}
	for _, m := range w.hook.take() {
		if m.Kind == model.DigestRightSizing {
			t.Fatalf("the alert channel got the digest: %+v", m)
		}
	}
	w.mail.take()
	// Again in April: nothing.
	w.pass()
	w.advance(20 * 24 * time.Hour)
	w.pass()
	if got := append(all.take(), adobe.take()...); len(got) != 0 {
		t.Fatalf("a second digest in April: %+v", got)
	}
	// May: the next one, with the next month's ID.
	w.advance(10 * 24 * time.Hour) // 2026-05-03
	w.pass()
	may := all.take()
	if len(may) != 1 || !strings.HasPrefix(may[0].ID, "seats-digest-2026-05-") {
		t.Fatalf("May: %+v", may)
	}
}
