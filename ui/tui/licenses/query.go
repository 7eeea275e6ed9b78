package licenses

import (
	"bytes"
	"strings"

	"github.com/seats/seats/model"
)

// A query is compiled once against the names of a load: which products,
// users and assets match is decided over the names (thousands; a third of
// a million users at most), so the pass over a million licenses only
// indexes small tables and compares digits. The query is one phrase
// ("adobe creative" finds Adobe Creative Cloud), matched case-insensitively
// anywhere in any column but the dates.

// idMatch says how the query can match a license ID (LIC-000042).
type idMatch byte

const (
	idNone   idMatch = iota
	idAll            // a piece of "lic-": every ID has it
	idSub            // digits anywhere in the zero-padded number
	idPrefix         // "lic-0004", "-0004": digits at the number's start
)

// compiled is a query compiled against one load's names.
type compiled struct {
	id       idMatch
	digits   []byte
	status   [256]bool // by model.Status byte
	products posSet
	users    posSet
	assets   posSet
	// none: nothing at all can match (skip the pass); all: everything does.
	none, all bool
}

const codePrefix = "lic-"

func compile(query string, names *nameIndex) *compiled {
	w := strings.ToLower(strings.TrimSpace(query))
	c := &compiled{}
	if w == "" {
		c.all = true
		return c
	}
	switch {
	case strings.Contains(codePrefix, w):
		c.id = idAll
	case allDigits(w):
		c.id, c.digits = idSub, []byte(w)
	default:
		for i := 1; i <= len(codePrefix); i++ {
			if p := codePrefix[len(codePrefix)-i:]; strings.HasPrefix(w, p) && allDigits(w[len(p):]) {
				c.id, c.digits = idPrefix, []byte(w[len(p):])
				break
			}
		}
	}
	anyStatus := false
	for _, st := range []model.Status{model.Available, model.Active, model.Deactivated} {
		if strings.Contains(st.String(), w) {
			c.status[st], anyStatus = true, true
		}
	}
	c.products = names.products.matching(w)
	c.users = names.users.matching(w)
	c.assets = names.assets.matching(w)
	c.none = c.id == idNone && !anyStatus && c.products.empty() && c.users.empty() && c.assets.empty()
	return c
}

// matches is the per-license check of the hot loop: cheap tests first.
func (c *compiled) matches(r *licenseRow, buf *[20]byte) bool {
	if c.status[r.status] || c.products.contains(r.product) {
		return true
	}
	switch r.kind {
	case model.AssigneeUser:
		if c.users.contains(r.holder) {
			return true
		}
	case model.AssigneeAsset:
		if c.assets.contains(r.holder) {
			return true
		}
	}
	switch c.id {
	case idAll:
		return true
	case idSub:
		return bytes.Contains(padded(r.id, buf), c.digits)
	case idPrefix:
		return bytes.HasPrefix(padded(r.id, buf), c.digits)
	}
	return false
}

// padded writes id's digits as LicenseCode shows them (at least six,
// zero-padded) into buf, without allocating.
func padded(id model.ID, buf *[20]byte) []byte {
	i := len(buf)
	for id > 0 || len(buf)-i < 6 {
		i--
		buf[i] = byte('0' + id%10)
		id /= 10
	}
	return buf[i:]
}

// filter returns the positions in rows of the licenses that match, in order.
func (c *compiled) filter(rows []licenseRow) []int32 {
	if c.none {
		return []int32{}
	}
	// A status or "lic-" matches most rows: size for all of them at once.
	guess := 1 << 12
	if c.all || c.id == idAll || c.status != [256]bool{} {
		guess = len(rows)
	}
	out := make([]int32, 0, min(len(rows), guess))
	var buf [20]byte
	for i := range rows {
		if c.all || c.matches(&rows[i], &buf) {
			out = append(out, int32(i))
		}
	}
	return out
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
