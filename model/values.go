package model

import (
	"errors"
	"fmt"
	"math"
	"net/mail"
	"strconv"
	"strings"
	"time"
)

// Money is an amount in a currency's minor units (cents for EUR, yen for
// JPY, fils for BHD: see MinorUnits). Amounts are never floats, and an
// amount means nothing without its currency, so formatting and parsing
// both take the currency's code.
type Money int64

// Format renders an amount with the currency's digits after the point:
// 1234.50 for EUR, 1200 for JPY, 12.345 for BHD.
func (m Money) Format(currency string) string {
	return formatDecimal(int64(m), MinorUnits(currency))
}

// formatDecimal renders v, in units of 10^-digits, as a decimal number.
func formatDecimal(v int64, digits int) string {
	sign := ""
	u := uint64(v)
	if v < 0 {
		sign, u = "-", uint64(-v) // -MinInt64 wraps to itself, which as uint64 is right
	}
	if digits == 0 {
		return sign + strconv.FormatUint(u, 10)
	}
	scale := uint64(pow10(digits))
	return fmt.Sprintf("%s%d.%0*d", sign, u/scale, digits, u%scale)
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

// ParseMoney reads an amount in the currency ("12", "12.5", "12.50" for
// EUR; "1200" for JPY; "12.345" for BHD) into its minor units: never
// negative, never with more decimals than the currency has.
func ParseMoney(s, currency string) (Money, error) {
	digits := MinorUnits(currency)
	v, err := parseDecimal(s, digits)
	if err == errTooPrecise {
		if digits == 0 {
			return 0, Invalidf("invalid amount %q: %s has no decimals (want a whole number like 1200)", strings.TrimSpace(s), currency)
		}
		return 0, Invalidf("invalid amount %q: %s has at most %d decimals", strings.TrimSpace(s), currency, digits)
	}
	if err != nil {
		return 0, Invalidf("invalid amount %q (want a number like 12.50)", strings.TrimSpace(s))
	}
	return Money(v), nil
}

// MaxMinorUnits is the most decimals any currency has.
const MaxMinorUnits = 3

// CheckAmount tells whether s reads as an amount in some currency: input
// checked before the currency is known (bad usage must change nothing)
// is read again with ParseMoney once it is.
func CheckAmount(s string) error {
	_, err := parseDecimal(s, MaxMinorUnits)
	switch {
	case err == errTooPrecise:
		return Invalidf("invalid amount %q: no currency has more than %d decimals", strings.TrimSpace(s), MaxMinorUnits)
	case err != nil:
		return Invalidf("invalid amount %q (want a number like 12.50)", strings.TrimSpace(s))
	}
	return nil
}

var errTooPrecise = errors.New("too many decimals")

// parseDecimal reads a non-negative decimal number with at most digits
// decimals into units of 10^-digits.
func parseDecimal(s string, digits int) (int64, error) {
	s = strings.TrimSpace(s)
	bad := errors.New("bad number")
	if s == "" || s[0] == '-' || s[0] == '+' {
		return 0, bad
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && frac == "") || len(whole) > 13 || !allDigits(whole) || (hasDot && !allDigits(frac)) {
		return 0, bad
	}
	if len(frac) > digits {
		// Trailing zeros say nothing: 1200.00 yen is 1200 yen.
		if strings.Trim(frac[digits:], "0") != "" {
			return 0, errTooPrecise
		}
		frac = frac[:digits]
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, bad
	}
	var f int64
	if frac != "" {
		f, _ = strconv.ParseInt(frac, 10, 64)
	}
	f *= pow10(digits - len(frac))
	return w*pow10(digits) + f, nil
}

// ParseVAT reads a VAT percentage like "21" or "5.5" into hundredths of a percent.
func ParseVAT(s string) (int, error) {
	v, err := parseDecimal(s, 2)
	if err != nil || v > 100_00 {
		return 0, Invalidf("invalid VAT %q (want a percentage from 0 to 100, like 21 or 5.5)", s)
	}
	return int(v), nil
}

// FormatVAT renders hundredths of a percent as "21" or "5.5".
func FormatVAT(basis int) string {
	s := formatDecimal(int64(basis), 2)
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
func checkGrowth(p Product, to int, currency string) error {
	if to > MaxSeats {
		return Conflictf("%s would have %d licenses contracted, over the maximum of %d per product", p.Name, to, MaxSeats)
	}
	return checkAmount(p, to, currency)
}

// checkAmount refuses a product whose n licenses would cost more than
// MaxAmount a period. n ≤ MaxSeats and the price ≤ MaxPrice keep the
// product itself inside int64; the division keeps the check exact.
func checkAmount(p Product, n int, currency string) error {
	if p.NetPrice <= 0 || n <= 0 {
		return nil
	}
	if int64(n) > int64(MaxAmount)/int64(p.NetPrice) {
		return Conflictf("%s: %d licenses at %s %s would cost %s %s a period, more than Seats can bill (at most %s)",
			p.Name, n, p.NetPrice.Format(currency), currency, formatProduct(n, p.NetPrice, currency), currency, MaxAmount.Format(currency))
	}
	return nil
}

// formatProduct renders n × price without overflowing (both are bounded,
// but the product is shown only when it is too large).
func formatProduct(n int, price Money, currency string) string {
	digits := MinorUnits(currency)
	scale := pow10(digits)
	whole, frac := int64(price)/scale, int64(price)%scale
	// n × (whole + frac/scale): n × whole fits, as n ≤ MaxSeats and whole ≤ 10^11.
	minor := int64(n) * frac
	if digits == 0 {
		return strconv.FormatInt(int64(n)*whole, 10)
	}
	return fmt.Sprintf("%d.%0*d", int64(n)*whole+minor/scale, digits, minor%scale)
}
