package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A field is a flag that sets one field of a record (--price sets a
// product's net price). One table of fields per record serves three
// jobs: the flags it declares, their help, and the edit that applies the
// flags given. Values are parsed before the database is opened, so a bad
// one is bad usage and nothing is touched.
type field[T any] struct {
	def flagDef
	set func(*T, []string) error
}

// valueField parses the flag's value with parse and stores it at at(record).
func valueField[T, V any](name, arg, help string, parse func(string) (V, error), at func(*T) *V) field[T] {
	return field[T]{
		def: flagDef{name: name, kind: valueFlag, arg: arg, help: help},
		set: func(t *T, vs []string) error {
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
		set: func(t *T, vs []string) error {
			*at(t) = slices.Clone(vs)
			return nil
		},
	}
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
		if err := f.set(&scratch, vs); err != nil {
			return nil, usagef("--%s: %v", f.def.name, err)
		}
		given = append(given, f)
	}
	return func(t *T) error {
		for _, f := range given {
			if err := f.set(t, c.args.list(f.def.name)); err != nil {
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
