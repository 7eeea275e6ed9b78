package model_test

import (
	"strings"
	"testing"

	"github.com/seats/seats/model"
)

// Parsing user input never panics, refuses with a one-line invalid-input
// error, and what it accepts survives a round trip through its format.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"12.50", "0", "7.5", "-1", "1e3", "12.345", " 3.00 ", "99999999999999", ".5", "1."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, cur := range []string{"EUR", "JPY", "BHD"} {
			m, err := model.ParseMoney(s, cur)
			if err != nil {
				oneLineInvalid(t, err)
				continue
			}
			if m < 0 {
				t.Fatalf("%q parsed to negative %d", s, m)
			}
			back, err := model.ParseMoney(m.Format(cur), cur)
			if err != nil || back != m {
				t.Fatalf("%s: %q → %d → %q → %d, %v", cur, s, m, m.Format(cur), back, err)
			}
		}
		if v, err := model.ParseVAT(s); err == nil {
			if v < 0 || v > 10000 {
				t.Fatalf("VAT %q → %d out of range", s, v)
			}
			if again, _ := model.ParseVAT(model.FormatVAT(v)); again != v {
				t.Fatalf("VAT %q → %d → %q → %d", s, v, model.FormatVAT(v), again)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-16", "2024-02-29", "2025-02-29", "26-3-16", "", "2026-13-01", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := model.ParseDate(s)
		if err != nil {
			oneLineInvalid(t, err)
			return
		}
		again, err := model.ParseDate(string(d))
		if err != nil || again != d {
			t.Fatalf("%q → %q → %q, %v", s, d, again, err)
		}
		if d != "" && model.DateOf(d.Time()) != d {
			t.Fatalf("%q: time round trip gives %q", d, model.DateOf(d.Time()))
		}
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"Ana@Example.com", "a@b", "no-at", "x@y.z ", "\"q\"@x.io", "a@b@c", "Ana Ruiz <ana@example.com>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := model.NormalizeEmail(s)
		if err != nil {
			oneLineInvalid(t, err)
			return
		}
		if e != strings.ToLower(e) || strings.ContainsAny(e, " \n<>") || strings.Count(e, "@") != 1 {
			t.Fatalf("%q normalized to %q", s, e)
		}
		again, err := model.NormalizeEmail(strings.ToUpper(e))
		if err != nil || again != e {
			t.Fatalf("%q is not stable in another case: %q %v", e, again, err)
		}
	})
}

func oneLineInvalid(t *testing.T, err error) {
	t.Helper()
	if model.CodeOf(err) != model.CodeInvalid || strings.Contains(err.Error(), "\n") {
		t.Fatalf("refusal must be a one-line invalid-input error, got %v", err)
	}
}
