package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/seats/seats/model"
)

// storeError is an error of the store, said in one line for the user; it
// keeps PostgreSQL's error underneath so a retry can recognize it.
type storeError struct {
	msg   string
	cause error
}

func (e *storeError) Error() string { return e.msg }
func (e *storeError) Unwrap() error { return e.cause }

// explain turns an error of pgx or the server into one line that names
// the database (never with its password) and says what to do.
func (db *DB) explain(err error) error {
	var (
		se    *storeError
		me    *model.Error
		pe    *pgconn.PgError
		ce    *pgconn.ConnectError
		errno syscall.Errno
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se), errors.As(err, &me):
		return err
	case errors.As(err, &pe) && pe.Code == "55P03":
		return db.wrap(err, "the organization in schema %s of %s is in use by another seats writer; waited %s", db.schema, db.name, db.opts.Timeout)
	case errors.As(err, &pe) && pe.Code == "57014":
		return db.wrap(err, "%s: a statement ran past statement_timeout (%s) or was cancelled; the transaction was rolled back, nothing was changed", db.name, db.stmtTimeout)
	case errors.As(err, &pe) && (pe.Code == "28P01" || pe.Code == "28000"):
		return db.wrap(err, "cannot connect to %s: %s", db.name, pe.Message)
	case errors.As(err, &pe) && strings.HasPrefix(pe.Code, "3F"):
		return db.wrap(err, "%s: %s", db.name, pe.Message)
	case errors.As(err, &pe) && pe.Code == "23505":
		return db.wrap(err, "%s: %s (%s); nothing was changed", db.name, pe.Message, pe.Detail)
	case errors.As(err, &pe):
		return db.wrap(err, "%s: PostgreSQL said: %s (SQLSTATE %s)", db.name, pe.Message, pe.Code)
	case errors.As(err, &ce) && errors.As(err, &errno):
		return db.wrap(err, "cannot connect to %s: %v (is the server running there?)", db.name, errno)
	case errors.As(err, &ce):
		return db.wrap(err, "cannot connect to %s: %s", db.name, cause(ce.Unwrap()))
	case errors.Is(err, context.DeadlineExceeded):
		return db.wrap(err, "%s did not answer in time", db.name)
	case pgconn.SafeToRetry(err), pgconn.Timeout(err):
		return db.wrap(err, "%s: the connection to the server was lost (%s)", db.name, cause(err))
	}
	return db.wrap(err, "%s: %s", db.name, cause(err))
}

func (db *DB) wrap(err error, format string, a ...any) error {
	return &storeError{msg: scrub(oneLine(fmt.Sprintf(format, a...)), db.secret), cause: err}
}

// cause is the innermost message of err: pgx nests its context around
// the system's or the server's own words.
func cause(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Message
	}
	for {
		inner := errors.Unwrap(err)
		if inner == nil {
			return err.Error()
		}
		err = inner
	}
}

// retryable reports a failure PostgreSQL asks the client to retry.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// redact is the URL as it may be shown: without its password, even when
// it cannot be parsed.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		if pw := passwordOf(dsn); pw != "" {
			return strings.ReplaceAll(dsn, pw, "xxxxx")
		}
		if err != nil {
			return "the PostgreSQL URL"
		}
		return dsn
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// passwordOf digs the password out of a URL that may not parse, so that
// it can be scrubbed from messages that quote the URL.
func passwordOf(dsn string) string {
	if u, err := url.Parse(dsn); err == nil {
		if pw, ok := u.User.Password(); ok {
			return pw
		}
		return u.Query().Get("password")
	}
	rest, ok := strings.CutPrefix(dsn, "postgres://")
	if !ok {
		rest, _ = strings.CutPrefix(dsn, "postgresql://")
	}
	userinfo, _, found := strings.Cut(rest, "@")
	if !found {
		return ""
	}
	_, pw, _ := strings.Cut(userinfo, ":")
	return pw
}

func scrub(s, secret string) string {
	if secret == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, "xxxxx")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
