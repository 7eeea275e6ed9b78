package tui

import (
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
)

func TestNoColorDrawsWithoutColour(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "NO_COLOR" {
				return v
			}
			return ""
		}
	}
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetColorProfile(termenv.TrueColor)
	if colours(r, "", env("")).ColorProfile() != termenv.TrueColor {
		t.Fatal("colour dropped without NO_COLOR")
	}
	if got := colours(r, "", env("1")).ColorProfile(); got != termenv.Ascii {
		t.Fatalf("NO_COLOR set, profile %v", got)
	}
	st := common.NewStyles(r)
	if out := st.Critical.Render("x"); strings.Contains(out, "\x1b[") {
		t.Fatalf("NO_COLOR still draws escape codes: %q", out)
	}
}

func TestGuardTurnsACommandPanicIntoAnError(t *testing.T) {
	boom := func() tea.Msg { panic("boom") }
	ok := func() tea.Msg { return common.StatusMsg{Text: "fine"} }
	msg := guard(tea.Batch(ok, boom))()
	batch, isBatch := msg.(tea.BatchMsg)
	if !isBatch || len(batch) != 2 {
		t.Fatalf("batch lost: %#v", msg)
	}
	if m := batch[0]().(common.StatusMsg); m.Text != "fine" {
		t.Fatalf("a good command changed: %+v", m)
	}
	if m := batch[1]().(common.StatusMsg); m.Err == nil || !strings.Contains(m.Err.Error(), "boom") {
		t.Fatalf("panic not reported: %+v", m)
	}
	if guard(nil) != nil {
		t.Fatal("guard(nil) is not nil")
	}
}

func TestTheThemeFlagAndCOLORFGBGChooseThePalettesBackground(t *testing.T) {
	for _, c := range []struct {
		theme, colorfgbg string
		dark             bool
	}{
		{"light", "15;0", false}, // the flag wins over the environment
		{"dark", "0;15", true},
		{"auto", "0;15", false}, // black on white
		{"auto", "15;0", true},
		{"", "12;8", true},
		{"auto", "0;default;7", false},
	} {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetHasDarkBackground(!c.dark)
		env := func(k string) string {
			if k == "COLORFGBG" {
				return c.colorfgbg
			}
			return ""
		}
		if got := colours(r, c.theme, env).HasDarkBackground(); got != c.dark {
			t.Errorf("theme %q, COLORFGBG %q: dark background %v, want %v", c.theme, c.colorfgbg, got, c.dark)
		}
	}
}

// The help bar draws only in the session's styles: bubbles' own defaults
// (its ellipsis grey reads at 1.4:1 on a light terminal) never show.
func TestTheHelpBarDrawsOnlyInTheSessionsStyles(t *testing.T) {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(false)
	ctx := common.NewContext(nil, model.User{}, r)
	a := New(ctx, nil)
	ours := map[lipgloss.TerminalColor]bool{ctx.Styles.Subtle.GetForeground(): true, ctx.Styles.Key.GetForeground(): true}
	v := reflect.ValueOf(a.help.Styles)
	for i := range v.NumField() {
		s := v.Field(i).Interface().(lipgloss.Style)
		if !ours[s.GetForeground()] {
			t.Errorf("help style %s draws in %v, not a session colour", v.Type().Field(i).Name, s.GetForeground())
		}
	}
}
