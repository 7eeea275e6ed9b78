package tuitest

import (
	"os"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Main runs a package's tests in the ASCII colour profile, so views and
// goldens hold no escape codes: func TestMain(m *testing.M) { tuitest.Main(m) }.
func Main(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// Key turns a key name ("enter", "ctrl+s", "space", "a") into the key
// message a terminal sends; any other text is typed as runes.
func Key(name string) tea.KeyMsg {
	if t, ok := keyTypes[name]; ok {
		msg := tea.KeyMsg{Type: t}
		if t == tea.KeySpace {
			msg.Runes = []rune{' '}
		}
		return msg
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name)}
}

var keyTypes = map[string]tea.KeyType{
	"tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab, "enter": tea.KeyEnter, "esc": tea.KeyEsc,
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
	"ctrl+s": tea.KeyCtrlS, "backspace": tea.KeyBackspace, " ": tea.KeySpace, "space": tea.KeySpace,
}
