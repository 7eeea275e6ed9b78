package model_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/seats/seats/model"
)

func TestSecretNeverShows(t *testing.T) {
	s := model.NewSecret("hunter2")
	raw, _ := json.Marshal(struct{ P model.Secret }{s})
	for _, out := range []string{string(raw), fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s", s, s, s, s)} {
		if strings.Contains(out, "hunter2") {
			t.Fatalf("the secret shows: %s", out)
		}
	}
	var back struct{ P model.Secret }
	if err := json.Unmarshal([]byte(`{"P":"hunter2"}`), &back); err != nil || back.P.IsSet() {
		t.Fatalf("a secret came back from JSON: %v %v", back.P.IsSet(), err)
	}
}

func TestNotifySettingsRules(t *testing.T) {
	w := fxStandard(t)
	set := func(actor string, fn func(*model.NotifySettings)) error {
		_, err := w.svc.EditNotifySettings(actor, func(s *model.NotifySettings) error { fn(s); return nil })
		return err
	}
	for name, fn := range map[string]func(*model.NotifySettings){
		"bad URL": func(s *model.NotifySettings) {
			s.Channels = []model.Channel{{Name: "x", Type: "webhook", URL: "ftp://h"}}
		},
		"bad shape": func(s *model.NotifySettings) {
			s.Channels = []model.Channel{{Name: "x", Type: "webhook", URL: "https://h", Shape: "irc"}}
		},
		"no SMTP": func(s *model.NotifySettings) {
			s.Channels = []model.Channel{{Name: "x", Type: "email", To: []string{"a@example.com"}}}
		},
		"bad kind": func(s *model.NotifySettings) {
			s.Channels = []model.Channel{{Name: "x", Type: "command", Command: "cat", Route: model.Route{Kinds: []string{"nope"}}}}
		},
		"no product": func(s *model.NotifySettings) {
			s.Channels = []model.Channel{{Name: "x", Type: "command", Command: "cat", Route: model.Route{Products: []string{"Nope"}}}}
		},
		"two names": func(s *model.NotifySettings) {
			s.Channels = []model.Channel{{Name: "x", Type: "command", Command: "a"}, {Name: "x", Type: "command", Command: "b"}}
		},
		"lead days":     func(s *model.NotifySettings) { s.LeadDays = []int{0} },
		"tiny reminder": func(s *model.NotifySettings) { s.Reminder = 1 },
	} {
		if err := set("", fn); err == nil || model.CodeOf(err) != model.CodeInvalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	if err := set("ana@example.com", func(s *model.NotifySettings) { s.LeadDays = []int{7} }); model.CodeOf(err) != model.CodeForbidden {
		t.Errorf("a member changed the settings: %v", err)
	}
	if _, err := w.svc.NotifySettings("vic@example.com"); model.CodeOf(err) != model.CodeForbidden {
		t.Errorf("a viewer saw the settings: %v", err)
	}
	err := set("admin@example.com", func(s *model.NotifySettings) {
		s.Channels = []model.Channel{{Name: "mail", Type: "email", To: []string{"Lead@Example.com"}, Route: model.Route{Products: []string{"office"}}}}
		s.SMTP = model.SMTPServer{Host: "mail.example.com", User: "u", Password: model.NewSecret("hunter2"), From: "seats@example.com"}
		s.LeadDays = []int{7, 60, 30, 30}
	})
	w.must(err)
	s, err := w.svc.NotifySettings("")
	w.must(err)
	if got := fmt.Sprintf("%v %v %v %v %v", s.LeadDays, s.SMTP.Port, s.SMTP.TLS, s.Channels[0].To, s.Channels[0].Products); got != "[60 30 7] 587 starttls [lead@example.com] [Office]" {
		t.Errorf("normalized settings: %s", got)
	}
	if s.SMTP.Password.Reveal() != "hunter2" {
		t.Error("the password was not kept")
	}
	w.must(w.svc.Events(0, func(e model.Event) bool {
		raw, _ := json.Marshal(e)
		if strings.Contains(string(raw), "hunter2") {
			t.Errorf("an event holds the password: %s", raw)
		}
		return true
	}))
	if err := set("", func(*model.NotifySettings) {}); !model.IsUnchanged(err) {
		t.Errorf("an edit changing nothing: %v", err)
	}
	w.check()
}
