package assets

import (
	"strings"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/common"
	"github.com/seats/seats/ui/tui/flows"
)

// pane is the selected asset under the table: what narrow terminals drop
// from its row, and its licenses with their IDs.
func (t *Tab) pane(h int) string {
	st, w := t.Ctx.Styles, max(t.Width, 1)
	a, ok := t.selected()
	if !ok {
		return common.Lines("", h)
	}
	parts := []string{a.Name}
	for _, f := range []struct{ label, v string }{{"", a.Type}, {"inventory ", a.Inventory}, {"serial ", a.Serial}, {"", a.Location}, {"belongs to ", a.owner}} {
		if f.v != "" {
			parts = append(parts, f.label+f.v)
		}
	}
	var body []string
	switch {
	case len(a.held) > 0:
		body = flows.Grid(a.held, w, h-1)
	case !a.InService():
		body = []string{st.Subtle.Render("Retired on " + string(model.DateOf(a.Retired)) + ": kept for its history, no longer offered for licenses.")}
	case t.Ctx.CanManage():
		body = []string{st.Subtle.Render("Holds no licenses — press a to assign a per-device one.")}
	default:
		body = []string{st.Subtle.Render("Holds no licenses.")}
	}
	return flows.Pane(st, strings.Join(parts, " · "), w, h, body)
}
