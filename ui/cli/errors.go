package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// usageError is bad usage: the command line itself is wrong (exit 2),
// as opposed to a well-formed request the domain refused (exit 1).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error {
	return &usageError{msg: fmt.Sprintf(format, a...)}
}

// asUsage turns a value parser's refusal (model.ParseMoney and friends)
// into bad usage: an unparsable value on the command line.
func asUsage(err error) error {
	if err == nil {
		return nil
	}
	return &usageError{msg: err.Error()}
}

// errCancelled is a confirmation answered with anything but yes.
var errCancelled = errors.New("cancelled; nothing changed")

// report prints err as one line on stderr and returns the exit code: 0
// for nil, 2 for bad usage (with a pointer to the right --help), 1 for
// everything else.
func report(stderr io.Writer, cmd *command, err error) int {
	if err == nil {
		return exitOK
	}
	var u *usageError
	if errors.As(err, &u) {
		help := "seats --help"
		prefix := ""
		if cmd != nil {
			help = "seats " + cmd.name + " --help"
			prefix = cmd.name + ": "
		}
		fmt.Fprintf(stderr, "seats: %s%s (see '%s')\n", prefix, oneLine(u.msg), help)
		return exitUsage
	}
	fmt.Fprintf(stderr, "seats: %s\n", oneLine(err.Error()))
	return exitFailed
}

// oneLine keeps a message to one line whatever it quotes, and makes it
// safe for a terminal: a message may quote a damaged file's bytes or a
// name someone typed, and an escape or a bidi override in it must not
// reach the terminal as a control.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), "; ")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return '\uFFFD'
		}
		return r
	}, s)
}
