package model

import (
	"fmt"
	"math"
	"net/mail"
	"strconv"
	"strings"
	"time"
)

// Money is an amount in minor units (cents). Amounts are never floats.
type Money int64

// Format renders minor units as 1234.50 (two decimals).
func (m Money) Format() string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

func (m Money) String() string { return m.Format() }

// ParseMoney reads "12", "12.5" or "12.50" into minor units; at most two
// decimals, never negative.
func ParseMoney(s string) (Money, error) {
	s = strings.TrimSpace(s)
	bad := Invalidf("invalid amount %q (want a number like 12.50)", s)
	if s == "" || s[0] == '-' || s[0] == '+' {
		return 0, bad
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && (frac == "" || len(frac) > 2)) || len(whole) > 13 {
		return 0, bad
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || !allDigits(whole) {
		return 0, bad
	}
	var f int64
	if hasDot {
		if !allDigits(frac) {
			return 0, bad
		}
		f, _ = strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			f *= 10
		}
	}
	return Money(w*100 + f), nil
}

// ParseVAT reads a VAT percentage like "21" or "5.5" into hundredths of a percent.
func ParseVAT(s string) (int, error) {
	m, err := ParseMoney(s)
	if err != nil || m > 100_00 {
		return 0, Invalidf("invalid VAT %q (want a percentage from 0 to 100, like 21 or 5.5)", s)
	}
	return int(m), nil
}

// FormatVAT renders hundredths of a percent as "21" or "5.5".
func FormatVAT(basis int) string {
	s := Money(basis).Format()
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// RoundDiv divides a numerator by a positive denominator, rounding half
// up (half away from zero for a negative numerator). It never overflows:
// the remainder decides the rounding, not 2×num.
func RoundDiv(num, den int64) int64 {
	if den <= 0 {
		return 0
	}
	if num < 0 {
		if num == math.MinInt64 {
			num++ // one minor unit off at the very edge, never a wrapped sign
		}
		return -RoundDiv(-num, den)
	}
	q, r := num/den, num%den
	if r >= den-r {
		q++
	}
	return q
}

// VATOf is the VAT on a net amount, rounded half up to a minor unit. The
// net is split at 10000 so that net × basis never leaves int64: the whole
// part multiplies exactly, and only the remainder (< 10000) is rounded.
// basis is a percentage in hundredths, 0 to 100_00 (see ParseVAT).
func VATOf(net Money, basis int) Money {
	n, b := int64(net), int64(basis)
	q, r := n/10000, n%10000
	return Money(q*b + RoundDiv(r*b, 10000))
}

// Date is a civil date, YYYY-MM-DD; empty means none. It sorts as a string.
type Date string

const dateLayout = "2006-01-02"

// ParseDate validates a YYYY-MM-DD date from 1970 to 2200 (see MinTime);
// empty is allowed (no date).
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return "", Invalidf("invalid date %q (want YYYY-MM-DD)", s)
	}
	if !InTimeRange(t) {
		return "", Invalidf("date %s is out of range (want one from %s to %s)", s, DateOf(MinTime), DateOf(MaxTime.Add(-time.Nanosecond)))
	}
	return Date(t.Format(dateLayout)), nil
}

// DateOf is the civil date of t in UTC.
func DateOf(t time.Time) Date { return Date(t.UTC().Format(dateLayout)) }

// Time is the start of the date in UTC; zero for an empty date.
func (d Date) Time() time.Time {
	if d == "" {
		return time.Time{}
	}
	t, err := time.Parse(dateLayout, string(d))
	if err != nil {
		return time.Time{}
	}
	return t
}

// DaysUntil is the number of whole days from now's date to d (negative when past).
func (d Date) DaysUntil(now time.Time) int {
	if d == "" {
		return 0
	}
	return int(d.Time().Sub(DateOf(now).Time()).Hours() / 24)
}

// NormalizeEmail validates an email address and lower-cases it; emails are
// unique case-insensitively.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || !strings.Contains(s, "@") {
		return "", Invalidf("invalid email %q", s)
	}
	local, domain, _ := strings.Cut(s, "@")
	if local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.ContainsAny(s, " \t\r\n") {
		return "", Invalidf("invalid email %q", s)
	}
	return strings.ToLower(s), nil
}

// ParseRole reads a role name.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	for _, ok := range Roles {
		if r == ok {
			return r, nil
		}
	}
	return "", Invalidf("unknown role %q (want owner, admin, member or viewer)", s)
}

// ParseKind reads an assignment kind.
func ParseKind(s string) (AssignKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "per-user", "user":
		return PerUser, nil
	case "per-device", "device":
		return PerDevice, nil
	}
	return "", Invalidf("unknown assignment kind %q (want per-user or per-device)", s)
}

// ParsePeriod reads a billing period.
func ParsePeriod(s string) (Period, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "monthly", "month":
		return Monthly, nil
	case "yearly", "annual", "year":
		return Yearly, nil
	case "none", "":
		return NoBilling, nil
	}
	return "", Invalidf("unknown billing period %q (want monthly, yearly or none)", s)
}

// ParsePolicy reads an overage policy.
func ParsePolicy(s string) (Policy, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "block":
		return PolicyBlock, nil
	case "auto-grow", "autogrow", "grow":
		return PolicyAutoGrow, nil
	}
	return "", Invalidf("unknown overage policy %q (want block or auto-grow)", s)
}

// ParseUserKind reads employee or external.
func ParseUserKind(s string) (UserKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "employee", "":
		return KindEmployee, nil
	case "external", "consultant", "external-consultant":
		return KindExternal, nil
	}
	return "", Invalidf("unknown user kind %q (want employee or external)", s)
}

// ParseCurrency validates an ISO 4217 code: three letters that name a
// currency in use.
func ParseCurrency(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if len(c) != 3 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return "", Invalidf("invalid currency %q (want an ISO 4217 code like EUR)", s)
	}
	if _, ok := currencies[c]; !ok {
		return "", Invalidf("unknown currency %q (want an ISO 4217 code like EUR, USD or GBP)", s)
	}
	return c, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// Limits on what one organization holds and one operation does. Every
// count, date and amount from outside (the command line, a CSV file, the
// TUI's forms, the clock) is checked against them in the domain, so a
// typo or a hostile file gets a one-line refusal instead of an operation
// that runs for hours, eats the machine's memory or computes a wrapped
// amount.
const (
	// MaxSeats is the most licenses a product may have contracted, and
	// the largest allocation quantity.
	MaxSeats = 10_000_000
	// MaxSeatChange is the most licenses one operation adds or removes,
	// and one import creates in all. Each license is a record written in
	// the operation's single transaction, which holds all of them in
	// memory until it commits: a million is a few hundred MB; a product
	// grows to MaxSeats in several steps.
	MaxSeatChange = 1_000_000
	// MaxPrice is the highest net price of one license for one period.
	MaxPrice Money = 1_000_000_000_00
	// MaxAmount is the most a product's contracted licenses may cost for
	// one period, net. With VAT (at most 100 %) that is twice as much,
	// and even the sum over thousands of such products stays far inside
	// int64 minor units, so no invoice, prorated addition or dashboard
	// total can wrap around.
	MaxAmount Money = 10_000_000_000_000_00
)

// The times Seats accepts: 1970-01-01 up to the end of 2200. Outside
// that, time.Duration (±292 years) no longer spans the distance to today,
// so days-until and cycle arithmetic would silently saturate.
var (
	MinTime = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	// MaxTime is the first moment after the range.
	MaxTime = time.Date(2201, 1, 1, 0, 0, 0, 0, time.UTC)
)

// InTimeRange reports whether t lies in [MinTime, MaxTime).
func InTimeRange(t time.Time) bool { return !t.Before(MinTime) && t.Before(MaxTime) }

// CheckTime refuses a time outside 1970–2200, naming what it is.
func CheckTime(t time.Time, what string) error {
	if InTimeRange(t) {
		return nil
	}
	return Invalidf("%s %s is out of range (Seats works with times from 1970 to 2200)", what, t.UTC().Format(time.RFC3339))
}

// checkSeats refuses a contracted count or quantity over MaxSeats.
func checkSeats(n int, what string) error {
	if n > MaxSeats {
		return Invalidf("%s %d is over the maximum of %d", what, n, MaxSeats)
	}
	return nil
}

// checkSeatChange refuses adding or removing more than MaxSeatChange
// licenses in one operation.
func checkSeatChange(n int, what string) error {
	if n > MaxSeatChange {
		return Invalidf("%s %d is over the maximum of %d in one go (add or remove more in several steps)", what, n, MaxSeatChange)
	}
	return nil
}

// checkGrowth refuses raising a product's contracted count to to: over
// MaxSeats, or costing more than MaxAmount a period at its price.
func checkGrowth(p Product, to int) error {
	if to > MaxSeats {
		return Conflictf("%s would have %d licenses contracted, over the maximum of %d per product", p.Name, to, MaxSeats)
	}
	return checkAmount(p, to)
}

// checkAmount refuses a product whose n licenses would cost more than
// MaxAmount a period. n ≤ MaxSeats and the price ≤ MaxPrice keep the
// product itself inside int64; the division keeps the check exact.
func checkAmount(p Product, n int) error {
	if p.NetPrice <= 0 || n <= 0 {
		return nil
	}
	if int64(n) > int64(MaxAmount)/int64(p.NetPrice) {
		return Conflictf("%s: %d licenses at %s would cost %s a period, more than Seats can bill (at most %s)",
			p.Name, n, p.NetPrice.Format(), formatProduct(n, p.NetPrice), MaxAmount.Format())
	}
	return nil
}

// formatProduct renders n × price without overflowing (both are bounded,
// but the product is shown only when it is too large).
func formatProduct(n int, price Money) string {
	whole, frac := int64(price)/100, int64(price)%100
	// n × (whole + frac/100): n × whole fits, as n ≤ MaxSeats and whole ≤ 10^9.
	cents := int64(n) * frac
	return fmt.Sprintf("%d.%02d", int64(n)*whole+cents/100, cents%100)
}
