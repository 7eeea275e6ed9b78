package common

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the one keymap of the UI. Tabs take a copy and disable what
// cannot act on the current row, so help shows only what works now.
type KeyMap struct {
	// Navigation (tables).
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Filter, ClearFilter, AcceptFilter       key.Binding
	Sort, SortReverse, Mark                 key.Binding

	// Actions.
	History, Assign, Unassign, AddLicenses, RemoveLicenses key.Binding
	New, Edit, Delete, Terminate, Owner, Reveal            key.Binding
	// Restore undoes an end: a terminated user reinstated, a retired
	// asset returned to service.
	Restore key.Binding
	// View cycles a tab's views (allocations and usage).
	View key.Binding

	// Global.
	NextTab, PrevTab, Help, Quit, ForceQuit key.Binding
	// GoTab (the digits) and Mouse only describe themselves in the full
	// help: the root matches digits itself, and the mouse is not a key.
	GoTab, Mouse key.Binding

	// Modals. Save submits a form from any field; OptionPrev and
	// OptionNext cycle a select's options (OptionPrev's help names both).
	// Close closes a read-only modal.
	Confirm, Cancel, NextField, PrevField, Submit, Toggle key.Binding
	Save, OptionPrev, OptionNext, Close                   key.Binding
}

// DefaultKeyMap is the keymap every session starts with.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, h string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, h))
	}
	return KeyMap{
		Up:           b([]string{"k", "up"}, "↑/k", "up"),
		Down:         b([]string{"j", "down"}, "↓/j", "down"),
		PageUp:       b([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
		PageDown:     b([]string{"pgdown", "ctrl+f"}, "pgdn", "page down"),
		Top:          b([]string{"g", "home"}, "g", "top"),
		Bottom:       b([]string{"G", "end"}, "G", "bottom"),
		Filter:       b([]string{"/"}, "/", "filter"),
		ClearFilter:  b([]string{"esc"}, "esc", "clear filter"),
		AcceptFilter: b([]string{"enter"}, "enter", "keep filter"),
		Sort:         b([]string{"s"}, "s", "sort"),
		SortReverse:  b([]string{"S"}, "S", "reverse sort"),
		Mark:         b([]string{" "}, "space", "mark"),

		History:        b([]string{"enter"}, "enter", "history"),
		Assign:         b([]string{"a"}, "a", "assign"),
		Unassign:       b([]string{"u"}, "u", "unassign"),
		AddLicenses:    b([]string{"+"}, "+", "add licenses"),
		RemoveLicenses: b([]string{"-"}, "-", "remove licenses"),
		New:            b([]string{"n"}, "n", "new"),
		Edit:           b([]string{"e"}, "e", "edit"),
		Delete:         b([]string{"d"}, "d", "delete"),
		Terminate:      b([]string{"t"}, "t", "terminate"),
		Owner:          b([]string{"o"}, "o", "make owner"),
		Restore:        b([]string{"R"}, "R", "restore"),
		Reveal:         b([]string{"r"}, "r", "reveal keys"),
		View:           b([]string{"v"}, "v", "view"),

		NextTab:   b([]string{"tab"}, "tab", "next tab"),
		PrevTab:   b([]string{"shift+tab"}, "shift+tab", "prev tab"),
		Help:      b([]string{"?"}, "?", "help"),
		Quit:      b([]string{"q"}, "q", "quit"),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		GoTab:     b([]string{"1", "2", "3", "4", "5", "6", "7", "8"}, "1–8", "go to tab"),
		Mouse:     b([]string{"mouse"}, "mouse", "click a tab or row, wheel scrolls"),

		Confirm:   b([]string{"y", "Y"}, "y", "yes"),
		Cancel:    b([]string{"esc", "n", "N"}, "n/esc", "cancel"),
		NextField: b([]string{"tab", "down"}, "tab", "next field"),
		PrevField: b([]string{"shift+tab", "up"}, "shift+tab", "prev field"),
		Submit:    b([]string{"enter"}, "enter", "submit"),
		Toggle:    b([]string{" ", "x"}, "space", "toggle"),

		Save:       b([]string{"ctrl+s"}, "ctrl+s", "submit"),
		OptionPrev: b([]string{"left", "h"}, "←/→", "choose"),
		OptionNext: b([]string{"right", "l"}, "→", "next option"),
		Close:      b([]string{"esc", "q"}, "esc/q", "close"),
	}
}

// Actions is the keys that change data, which a read-only user's tabs do
// not offer.
func (k KeyMap) Actions() []key.Binding {
	return []key.Binding{k.Assign, k.Unassign, k.AddLicenses, k.RemoveLicenses, k.New, k.Edit, k.Delete, k.Terminate, k.Owner, k.Restore}
}

// Movement is the keys that move the cursor, which the short help leaves
// to the full help: at 80 columns they would push out ? and q.
func (k KeyMap) Movement() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// Enable sets a binding's enabled state and returns it, for building a
// tab's keymap from the current row in one expression.
func Enable(b key.Binding, on bool) key.Binding {
	b.SetEnabled(on)
	return b
}

// Enabled lists the enabled ones of bs, in order: a tab's help from its
// bindings of the moment.
func Enabled(bs ...key.Binding) KeyList {
	var out KeyList
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// KeyList is a help.KeyMap over a fixed list of bindings: the short help
// is the list, the full help splits it into columns of at most six.
type KeyList []key.Binding

func (k KeyList) ShortHelp() []key.Binding { return k }

func (k KeyList) FullHelp() [][]key.Binding {
	var cols [][]key.Binding
	for i := 0; i < len(k); i += 6 {
		cols = append(cols, k[i:min(i+6, len(k))])
	}
	return cols
}
