package cli

import (
	"testing"

	"github.com/seats/seats/model"
)

func TestTheThemeComesFromTheFlagElseSEATS_THEMEAndBadOnesAreUsageErrors(t *testing.T) {
	h := seeded(t)
	h.terminal = true
	var got string
	h.tui = func(db Database, _ *model.Service, o TUIOptions) error {
		got = o.Theme
		return db.Close()
	}
	h.ok()
	if got != "auto" {
		t.Fatalf("no flag, no variable: theme %q", got)
	}
	h.vars["SEATS_THEME"] = "Light"
	h.ok()
	if got != "light" {
		t.Fatalf("SEATS_THEME=Light: theme %q", got)
	}
	h.ok("--theme", "dark")
	if got != "dark" {
		t.Fatalf("--theme dark beside SEATS_THEME=Light: theme %q", got)
	}
	r := h.fails(exitUsage, "--theme", "solarized")
	contains(t, r.err, "--theme takes light, dark or auto")
	h.vars["SEATS_THEME"] = "sepia"
	r = h.fails(exitUsage)
	contains(t, r.err, "SEATS_THEME takes light, dark or auto")
}
