package model_test

import (
	"strings"
	"testing"

	"github.com/seats/seats/model"
)

// Amounts are formatted and parsed with the currency's own minor units:
// none for JPY, two for EUR, three for BHD.
func TestMoneyFollowsTheCurrencysMinorUnits(t *testing.T) {
	for _, c := range []struct {
		currency string
		minor    model.Money
		text     string
	}{
		{"JPY", 1200, "1200"},
		{"JPY", 0, "0"},
		{"EUR", 1250, "12.50"},
		{"EUR", 5, "0.05"},
		{"BHD", 12345, "12.345"},
		{"BHD", 7, "0.007"},
		{"EUR", -1250, "-12.50"},
	} {
		if got := c.minor.Format(c.currency); got != c.text {
			t.Errorf("%d %s formats as %q, want %q", c.minor, c.currency, got, c.text)
		}
		if c.minor < 0 {
			continue
		}
		back, err := model.ParseMoney(c.text, c.currency)
		if err != nil || back != c.minor {
			t.Errorf("%q %s parses as %d (%v), want %d", c.text, c.currency, back, err, c.minor)
		}
	}
	for _, c := range []struct {
		text, currency string
		minor          model.Money
	}{{"12.5", "BHD", 12500}, {"12", "BHD", 12000}, {"1200.00", "JPY", 1200}, {"12.5", "EUR", 1250}, {"12.340", "EUR", 1234}} {
		if got, err := model.ParseMoney(c.text, c.currency); err != nil || got != c.minor {
			t.Errorf("%q %s parses as %d (%v), want %d", c.text, c.currency, got, err, c.minor)
		}
	}
}

func TestMoneyRefusesMoreDecimalsThanTheCurrencyHas(t *testing.T) {
	for _, c := range []struct{ text, currency, want string }{
		{"12.5", "JPY", "JPY has no decimals"},
		{"12.345", "EUR", "EUR has at most 2 decimals"},
		{"12.3456", "BHD", "BHD has at most 3 decimals"},
		{"abc", "EUR", "want a number"},
	} {
		_, err := model.ParseMoney(c.text, c.currency)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q %s: got %v, want one line saying %q", c.text, c.currency, err, c.want)
		}
		if model.CodeOf(err) != model.CodeInvalid {
			t.Errorf("%q %s: %v is not invalid input", c.text, c.currency, err)
		}
	}
}
