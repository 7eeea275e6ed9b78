package activity

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/tui/history"
	"github.com/seats/seats/ui/tui/table"
)

// Columns, in the order of the table's columns.
const (
	colSeq = iota
	colTime
	colActor
	colKind
	colSubject
	colChange
)

// row is one event as the table shows it. A million of them may be
// loaded, so a row keeps only its cells and what enter needs; repeated
// strings (actors, kinds, names) are shared through an interner.
type row struct {
	seq     uint64
	time    string // 2006-01-02 15:04: sorts as it reads
	actor   string
	kind    string
	subject string
	change  string
	// ref and title name the event's main subject for its history.
	ref   model.Ref
	title string
}

// interner shares equal strings between rows.
type interner map[string]string

func (in interner) get(s string) string {
	if v, ok := in[s]; ok {
		return v
	}
	in[s] = s
	return s
}

func newRow(e model.Event, currency string, in interner) row {
	r := row{seq: e.Seq, time: history.Minute(e.Time), actor: in.get(e.Actor), kind: in.get(e.Kind),
		subject: oneLine(history.Subject(e, model.Ref{})), change: oneLine(history.Change(e, currency))}
	r.ref, r.title = mainSubject(e)
	r.title = in.get(r.title)
	return r
}

// oneLine keeps a cell on its row: multi-line values (product notes)
// show their line breaks as " / ".
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " / ")
}

// mainSubject is what enter shows the history of: the license, else the
// user, else the asset, else the product, else the allocation; but an
// asset's own events (which name its owner too) are about the asset.
func mainSubject(e model.Event) (model.Ref, string) {
	switch {
	case e.LicenseID != 0:
		return model.Ref{Kind: model.RefLicense, ID: e.LicenseID}, model.LicenseCode(e.LicenseID)
	case e.UserID != 0 && !strings.HasPrefix(e.Kind, "asset."):
		return model.Ref{Kind: model.RefUser, ID: e.UserID}, orID(e.User, "user", e.UserID)
	case e.AssetID != 0:
		return model.Ref{Kind: model.RefAsset, ID: e.AssetID}, orID(e.Asset, "asset", e.AssetID)
	case e.ProductID != 0:
		return model.Ref{Kind: model.RefProduct, ID: e.ProductID}, orID(e.Product, "product", e.ProductID)
	case e.AllocationID != 0:
		return model.Ref{Kind: model.RefAllocation, ID: e.AllocationID}, orID("", "allocation", e.AllocationID)
	}
	return model.Ref{}, ""
}

// orID is name, or "kind #id" for an event that did not record one.
func orID(name, kind string, id model.ID) string {
	if name != "" {
		return name
	}
	return kind + " #" + strconv.FormatUint(id, 10)
}

// source is an immutable snapshot of the loaded rows, newest first, for
// the table (which may filter and sort it in the background).
type source struct{ rows []row }

func (s source) Len() int        { return len(s.rows) }
func (s source) ID(i int) uint64 { return s.rows[i].seq }
func (s source) Cell(i, c int) string {
	r := &s.rows[i]
	switch c {
	case colSeq:
		return strconv.FormatUint(r.seq, 10)
	case colTime:
		return r.time
	case colActor:
		return r.actor
	case colKind:
		return r.kind
	case colSubject:
		return r.subject
	}
	return r.change
}

// Filter keeps the rows with query in any cell, ignoring case; it
// allocates nothing for a row of ASCII text (nearly every one), so it
// stays fast over many loaded pages.
func (s source) Filter(query string) []int32 {
	q := strings.ToLower(query)
	out := []int32{}
	var buf [20]byte
	for i := range s.rows {
		r := &s.rows[i]
		if table.ContainsFold(r.time, q) || table.ContainsFold(r.actor, q) || table.ContainsFold(r.kind, q) ||
			table.ContainsFold(r.subject, q) || table.ContainsFold(r.change, q) ||
			table.ContainsFold(string(strconv.AppendUint(buf[:0], r.seq, 10)), q) {
			out = append(out, int32(i))
		}
	}
	return out
}

func (s source) Compare(a, b, c int) int {
	ra, rb := &s.rows[a], &s.rows[b]
	switch c {
	case colSeq:
		return cmp.Compare(ra.seq, rb.seq)
	case colTime:
		// Same minute: the log's order decides.
		return cmp.Or(strings.Compare(ra.time, rb.time), cmp.Compare(ra.seq, rb.seq))
	}
	return strings.Compare(strings.ToLower(s.Cell(a, c)), strings.ToLower(s.Cell(b, c)))
}
