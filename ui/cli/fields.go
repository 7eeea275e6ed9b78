package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/seats/seats/model"
)

// A field is a flag that sets one field of a record (--net-price sets a
// product's net price). One table of fields per record serves three
// jobs: the flags it declares, their help, and the edit that applies the
// flags given. Values are parsed before the database is opened, so a bad
// one is bad usage and nothing is touched.
type field[T any] struct {
	def flagDef
	// set applies the flag's values; currency is the organization's, for
	// amounts, and "" while only checking them before the database is open.
	set func(t *T, vs []string, currency string) error
}

// valueField parses the flag's value with parse and stores it at at(record).
func valueField[T, V any](name, arg, help string, parse func(string) (V, error), at func(*T) *V) field[T] {
	return field[T]{
		def: flagDef{name: name, kind: valueFlag, arg: arg, help: help},
		set: func(t *T, vs []string, _ string) error {
			v, err := parse(vs[len(vs)-1])
			if err != nil {
				return err
			}
			*at(t) = v
			return nil
		},
	}
}

func textField[T any](name, arg, help string, at func(*T) *string) field[T] {
	return valueField(name, arg, help, func(s string) (string, error) { return s, nil }, at)
}

func boolField[T any](name, help string, at func(*T) *bool) field[T] {
	f := valueField(name, "", help, strconv.ParseBool, at)
	f.def.kind = boolFlag
	return f
}

// listField collects a repeatable flag (--user A --user B).
func listField[T any](name, arg, help string, at func(*T) *[]string) field[T] {
	return field[T]{
		def: flagDef{name: name, kind: listFlag, arg: arg, help: help},
		set: func(t *T, vs []string, _ string) error {
			*at(t) = slices.Clone(vs)
			return nil
		},
	}
}

// moneyField is an amount in the organization's currency: before the
// database is open it only has to read as an amount in some currency;
// applied, it is read in the currency's own minor units (12.345 is fine
// for BHD, 12.5 is refused for JPY).
func moneyField[T any](name, arg, help string, at func(*T) *model.Money) field[T] {
	return field[T]{
		def: flagDef{name: name, kind: valueFlag, arg: arg, help: help},
		set: func(t *T, vs []string, currency string) error {
			if currency == "" {
				return model.CheckAmount(vs[len(vs)-1])
			}
			v, err := model.ParseMoney(vs[len(vs)-1], currency)
			if err != nil {
				// Bad usage like any other bad value, though only the
				// currency could tell.
				return usagef("--%s: %v", name, err)
			}
			*at(t) = v
			return nil
		},
	}
}

// renamed gives a field its old flag names, still taken (see flagDef.aliases).
func renamed[T any](f field[T], old ...string) field[T] {
	f.def.aliases = old
	return f
}

// fieldFlags declares the flags of a field table.
func fieldFlags[T any](fs ...[]field[T]) []flagDef {
	var defs []flagDef
	for _, group := range fs {
		for _, f := range group {
			defs = append(defs, f.def)
		}
	}
	return defs
}

// patch parses every field flag given on the command line and returns
// the edit that applies them to a record; fields not given stay as they are.
func patch[T any](c *call, fs []field[T]) (func(*T) error, error) {
	var scratch T
	var given []field[T]
	for _, f := range fs {
		vs := c.args.list(f.def.name)
		if len(vs) == 0 {
			continue
		}
		if err := f.set(&scratch, vs, ""); err != nil {
			return nil, usagef("--%s: %v", f.def.name, err)
		}
		given = append(given, f)
	}
	return func(t *T) error {
		for _, f := range given {
			if err := f.set(t, c.args.list(f.def.name), c.currency); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// maxCount bounds counts typed on the command line; the domain has its
// own, lower limits with their own messages.
const maxCount = 1_000_000_000

// parseCount reads a whole number of zero or more.
func parseCount(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > maxCount {
		return 0, fmt.Errorf("%q is not a whole number from 0 to %d", cut(s, 40), maxCount)
	}
	return n, nil
}

// parsePositive reads a whole number of one or more.
func parsePositive(s string) (int, error) {
	n, err := parseCount(s)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("%q is not a whole number of 1 or more", cut(s, 40))
	}
	return n, nil
}

// countArg reads positional argument i as a positive count.
func (c *call) countArg(i int) (int, error) {
	n, err := parsePositive(c.pos(i))
	if err != nil {
		return 0, usagef("%s: %v", c.cmd.args[i], err)
	}
	return n, nil
}
