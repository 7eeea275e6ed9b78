package model

import (
	"fmt"
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

// RoundDiv divides a non-negative numerator by a positive denominator,
// rounding half up.
func RoundDiv(num, den int64) int64 {
	if den <= 0 {
		return 0
	}
	if num < 0 {
		return -RoundDiv(-num, den)
	}
	return (2*num + den) / (2 * den)
}

// VATOf is the VAT on a net amount, rounded half up to a minor unit.
func VATOf(net Money, basis int) Money {
	return Money(RoundDiv(int64(net)*int64(basis), 10000))
}

// Date is a civil date, YYYY-MM-DD; empty means none. It sorts as a string.
type Date string

const dateLayout = "2006-01-02"

// ParseDate validates a YYYY-MM-DD date; empty is allowed (no date).
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return "", Invalidf("invalid date %q (want YYYY-MM-DD)", s)
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

// ParseCurrency validates an ISO 4217 code (three letters).
func ParseCurrency(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if len(c) != 3 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return "", Invalidf("invalid currency %q (want an ISO 4217 code like EUR)", s)
	}
	return c, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
