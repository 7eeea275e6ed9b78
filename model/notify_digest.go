package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// DigestRightSizing is the monthly digest of the right-sizing
// recommendations (Summary.Recommendations). Unlike an alert kind, a
// channel gets it only when its route names it (Route.Matches).
const DigestRightSizing = "right_sizing_digest"

// digestKey is the alert state that remembers the month of the last
// digest; it is never resolved.
const digestKey = "digest/" + DigestRightSizing

// planDigest queues the month's right-sizing digest, once per calendar
// month (UTC), for every channel that asks for it and has
// recommendations for its products: at the first pass of the month, or
// the first after a channel asked for it. A month with no
// recommendation sends nothing. Its ID is the same for the whole month.
func (o *op) planDigest(settings NotifySettings, states map[string]AlertState, sum Summary, live map[string]bool,
	put func(AlertState) error, emit func(Notification) error) error {
	live[digestKey] = true
	if !slices.ContainsFunc(settings.Channels, func(c Channel) bool { return c.Matches(DigestRightSizing, Info, 0) }) {
		return nil
	}
	month := o.now.UTC().Year()*100 + int(o.now.UTC().Month())
	st, ok := states[digestKey]
	if ok && st.Level == month {
		return nil
	}
	if !ok {
		st = AlertState{Key: digestKey, Kind: DigestRightSizing, Severity: Info, FirstSeen: o.now}
	}
	label := o.now.UTC().Format("2006-01")
	st.Level, st.LastNotified = month, o.now
	st.Message = "right-sizing digest of " + label
	if err := put(st); err != nil {
		return err
	}
	h := sha256.Sum256(fmt.Appendf(nil, "digest\x00%s\x00%s", o.org.Name, label))
	id := "seats-digest-" + label + "-" + hex.EncodeToString(h[:5])
	for _, c := range settings.Channels {
		if !c.Matches(DigestRightSizing, Info, 0) {
			continue
		}
		var recs []Recommendation
		for _, r := range sum.Recommendations {
			if c.routesProduct(r.ProductID) {
				recs = append(recs, r)
			}
		}
		if len(recs) == 0 {
			continue
		}
		if err := emit(Notification{ID: id + "/" + c.Name, Dedupe: id, Channel: c.Name, Created: o.now,
			Reason: NotifyDigest, Key: digestKey, Kind: DigestRightSizing, Severity: Info,
			Message: digestMessage(label, recs, o.org.Currency), Org: o.org.Name, NextTry: o.now}); err != nil {
			return err
		}
	}
	return nil
}

// digestMessage is the digest's text: a first line that sums it up (the
// subject of a mail), then one line per recommendation.
func digestMessage(month string, recs []Recommendation, currency string) string {
	var total Money
	n := 0
	for _, r := range recs {
		total += r.Saves
		n += r.Remove
	}
	lines := []string{fmt.Sprintf("Right-sizing for %s: remove %s, saves %s %s a month",
		month, plural(n, "idle license", "idle licenses"), total.Format(currency), currency)}
	for _, r := range recs {
		lines = append(lines, "- "+r.Message)
	}
	return strings.Join(lines, "\n")
}
