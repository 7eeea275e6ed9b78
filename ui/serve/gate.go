package serve

import (
	"errors"

	"github.com/seats/seats/model"
)

// gate is a session's view of the shared store: every transaction first
// checks that the session's key is still authorized, and every commit
// tells the hub, which tells every session.
type gate struct {
	model.Store
	s  *Server
	ss *session
}

func (s *Server) gate(ss *session) gate { return gate{Store: s.cfg.DB, s: s, ss: ss} }

func (g gate) Update(fn func(model.Tx) error) error {
	if err := g.check(); err != nil {
		return err
	}
	err := g.Store.Update(fn)
	if err == nil {
		g.s.hub.committed()
	}
	return err
}

func (g gate) View(fn func(model.Tx) error) error {
	if err := g.check(); err != nil {
		return err
	}
	return g.Store.View(fn)
}

// check refuses the transaction of a session whose key left the file, and
// ends the session: it has no rights left to use.
func (g gate) check() error {
	err := g.s.keyAllowed(g.ss)
	if err != nil {
		g.ss.end(err.Error())
	}
	return err
}

// sessionDB is what a command run over SSH opens: the gated shared store,
// which the command must not close.
type sessionDB struct {
	gate
	db interface {
		Path() string
		Check() ([]string, error)
	}
}

func (d sessionDB) Path() string             { return d.db.Path() }
func (d sessionDB) Close() error             { return nil }
func (d sessionDB) Check() ([]string, error) { return d.db.Check() }
func (d sessionDB) Backup(string, bool) error {
	return errors.New("backup is not available over SSH")
}
