package model

import (
	"errors"
	"fmt"
)

// Code classifies a refusal so interfaces can react (exit codes, prompts).
type Code string

const (
	CodeInvalid   Code = "invalid"   // bad input
	CodeNotFound  Code = "not_found" // no such record
	CodeForbidden Code = "forbidden" // the actor's role may not do this
	CodeConflict  Code = "conflict"  // a rule forbids it in the current state
	CodeNoSeat    Code = "no_seat"   // no license available on a block product
	CodeConfirm   Code = "confirm"   // allowed, but only once the caller confirms
	CodeCorrupt   Code = "corrupt"   // the stored data is damaged
	CodeUnchanged Code = "unchanged" // an edit whose result equals the record: nothing written
)

// Error is a refused action with a one-line reason.
type Error struct {
	Code Code
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

func newErr(c Code, format string, a ...any) error {
	return &Error{Code: c, Msg: fmt.Sprintf(format, a...)}
}

// Invalidf reports bad input.
func Invalidf(format string, a ...any) error { return newErr(CodeInvalid, format, a...) }

// NotFoundf reports a missing record.
func NotFoundf(format string, a ...any) error { return newErr(CodeNotFound, format, a...) }

// Forbiddenf reports an action the actor's role does not allow.
func Forbiddenf(format string, a ...any) error { return newErr(CodeForbidden, format, a...) }

// Conflictf reports an action a rule forbids in the current state.
func Conflictf(format string, a ...any) error { return newErr(CodeConflict, format, a...) }

// Corruptf reports damaged stored data.
func Corruptf(format string, a ...any) error { return newErr(CodeCorrupt, format, a...) }

// Unchangedf reports an edit that would change nothing, so nothing was
// written (no record, no event). Interfaces say "no changes"; see
// IsUnchanged.
func Unchangedf(format string, a ...any) error { return newErr(CodeUnchanged, format, a...) }

// IsUnchanged reports whether err is an edit that changed nothing.
func IsUnchanged(err error) bool { return CodeOf(err) == CodeUnchanged }

// ErrNotFound is what a Tx returns for a missing record; the domain turns
// it into a message naming the thing.
var ErrNotFound = errors.New("not found")

// CodeOf returns the code of a domain error, or "" for other errors.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
