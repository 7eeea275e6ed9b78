package assets

import (
	"strings"

	"github.com/seats/seats/ui/tui/users/kit"
)

// pane is the selected asset under the table: what narrow terminals drop
// from its row, and its licenses with their IDs.
func (t *Tab) pane(h int) string {
	st, w := t.ctx.Styles, max(t.width, 1)
	a, ok := t.selected()
	if !ok {
		return kit.Lines("", h)
	}
	parts := []string{a.Name}
	for _, f := range []struct{ label, v string }{{"", a.Type}, {"inventory ", a.Inventory}, {"serial ", a.Serial}, {"", a.Location}, {"belongs to ", a.owner}} {
		if f.v != "" {
			parts = append(parts, f.label+f.v)
		}
	}
	lines := []string{st.Subtle.Render(kit.Rule(strings.Join(parts, " · "), w))}
	if len(a.held) == 0 {
		note := "Holds no licenses."
		if t.ctx.CanManage() {
			note = "Holds no licenses — press a to assign a per-device one."
		}
		lines = append(lines, st.Subtle.Render(note))
	} else {
		lines = append(lines, kit.Grid(a.held, w, h-1)...)
	}
	return kit.Lines(strings.Join(lines, "\n"), h)
}
