package serve

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/cli"
	"github.com/seats/seats/ui/termsafe"
	"github.com/seats/seats/ui/tui"
)

// session is one SSH session: a terminal UI or one command.
type session struct {
	key    ssh.PublicKey
	email  string
	remote string
	mail   mailbox

	mu      sync.Mutex
	program *tea.Program // nil for a command
	// reason is why the server ended the session, told to its user.
	reason string
	// lastInput is when the user last typed or clicked (Unix nanoseconds).
	lastInput atomic.Int64
}

type sessionKey struct{}

// tell shows a lasting notice in a terminal UI session.
func (ss *session) tell(text string) {
	ss.mu.Lock()
	p := ss.program
	ss.mu.Unlock()
	if p != nil {
		go p.Send(tui.Notice(text))
	}
}

// end stops a terminal UI session, saying why once it has closed.
func (ss *session) end(reason string) {
	ss.mu.Lock()
	if ss.reason == "" {
		ss.reason = reason
	}
	p := ss.program
	ss.mu.Unlock()
	if p != nil {
		p.Quit()
	}
}

func (ss *session) endReason() string {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.reason
}

// session is the outer middleware: it resolves who the session belongs to
// from the key that authenticated, admits it within the limits, runs a
// command itself or hands a terminal session on to the UI, and logs one
// line when it ends.
func (s *Server) session(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if hc, ok := sess.Context().Value(handshakeKey{}).(*handshakeConn); ok {
			hc.release()
		}
		start := time.Now()
		key := sess.PublicKey()
		email, ok := s.keys.email(key)
		what := "tui"
		args := sess.Command()
		if len(args) > 0 && args[0] == "seats" {
			args = args[1:]
		}
		if len(args) > 0 {
			what = termsafe.Line(strings.Join(args, " "))
		}
		fields := []any{"user", email, "remote", sess.RemoteAddr().String(), "key", fingerprint(key), "session", what}
		code, logged := 0, false
		logEnd := func() {
			if !logged {
				logged = true
				s.log.Info("session", append(fields, "exit", code, "duration", time.Since(start).Round(time.Millisecond))...)
			}
		}
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("session failed", append(fields, "error", fmt.Sprint(r))...)
				fmt.Fprintln(sess.Stderr(), "seats: internal error; nothing was changed by it")
				sess.Exit(1)
				return
			}
			logEnd()
		}()
		// The line is logged before the exit status goes out: whoever
		// reads the log once the client has ended finds the session in it.
		exit := func(c int) {
			code = c
			logEnd()
			sess.Exit(c)
		}
		refuse := func(msg string) {
			fields = append(fields, "refused", msg)
			fmt.Fprintf(sess.Stderr(), "seats: %s\n", termsafe.Line(msg))
			exit(1)
		}
		switch {
		case !ok:
			refuse("your key is not in the server's authorized keys")
			return
		case s.stopping.Load():
			refuse("the server is stopping; try again in a moment")
			return
		}
		if n := s.active.Add(1); n > int64(s.cfg.MaxSessions) {
			s.active.Add(-1)
			refuse(fmt.Sprintf("the server is full (%d sessions); try again later", s.cfg.MaxSessions))
			return
		}
		defer s.active.Add(-1)
		if _, err := s.svc.ResolveActor(email); err != nil {
			refuse(err.Error())
			return
		}
		ss := &session{key: key, email: email, remote: sess.RemoteAddr().String()}
		ss.lastInput.Store(time.Now().UnixNano())
		s.mu.Lock()
		s.sessions[ss] = struct{}{}
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			delete(s.sessions, ss)
			s.mu.Unlock()
		}()
		_, _, pty := sess.Pty()
		switch {
		case len(args) > 0:
			exit(s.command(sess, ss, args))
		case !pty:
			fmt.Fprintln(sess.Stderr(), "seats: no terminal: connect with ssh -t for the terminal UI, or run a command (ssh HOST help)")
			exit(2)
		default:
			sess.Context().SetValue(sessionKey{}, ss)
			next(sess)
			if r := ss.endReason(); r != "" {
				fields = append(fields, "ended", r)
				fmt.Fprintf(sess.Stderr(), "seats: %s\n", termsafe.Line(r))
			}
		}
	}
}

// command runs one command line as the session's user.
func (s *Server) command(sess ssh.Session, ss *session, args []string) int {
	return cli.Run(cli.Env{
		Args:   args,
		Stdin:  sess,
		Stdout: sess,
		Stderr: sess.Stderr(),
		Getenv: sessionEnv(sess),
		// The emulated terminal has no line discipline to answer a
		// prompt on: confirmations take --yes over SSH.
		IsTerminal: func() bool { return false },
		Open: func(string, cli.OpenOptions) (cli.Database, error) {
			return sessionDB{gate: s.gate(ss), db: s.cfg.DB}, nil
		},
		Remote: &cli.Remote{Actor: ss.email, Path: s.cfg.DB.Path(), Now: s.cfg.Now},
	})
}

// program builds a terminal UI session's program for wish's Bubble Tea
// middleware, which feeds it window sizes and ends it with the session.
func (s *Server) program(sess ssh.Session) *tea.Program {
	ss, ok := sess.Context().Value(sessionKey{}).(*session)
	if !ok {
		return nil
	}
	p, err := tui.NewProgram(model.NewService(s.gate(ss), s.cfg.Now), tui.Options{
		Actor:     ss.email,
		Input:     &touchReader{r: sess, at: &ss.lastInput},
		Output:    sess,
		Renderer:  bm.MakeRenderer(sess),
		Getenv:    sessionEnv(sess),
		Context:   sess.Context(),
		Live:      true,
		NoSignals: true,
		Snapshots: s.snapshots,
	})
	if err != nil {
		fmt.Fprintf(sess.Stderr(), "seats: %s\n", termsafe.Line(err.Error()))
		sess.Exit(1)
		return nil
	}
	ss.mu.Lock()
	ss.program = p
	ss.mu.Unlock()
	ss.mail = s.hub.subscribe()
	go s.feed(sess, ss, p)
	return p
}

// feed passes the hub's changes to the program and logs out an idle user.
// p.Send waits for the program, so it runs here, never in the hub.
func (s *Server) feed(sess ssh.Session, ss *session, p *tea.Program) {
	defer s.hub.unsubscribe(ss.mail)
	idle := time.NewTicker(min(s.cfg.Idle/4, time.Second))
	defer idle.Stop()
	for {
		select {
		case <-sess.Context().Done():
			return
		case c := <-ss.mail:
			p.Send(tui.Changed(c.Seq, c.Due))
		case <-idle.C:
			if time.Since(time.Unix(0, ss.lastInput.Load())) > s.cfg.Idle {
				ss.end(fmt.Sprintf("logged out after %s without input", s.cfg.Idle))
				return
			}
		}
	}
}

// touchReader notes the time of every key or mouse input.
type touchReader struct {
	r  io.Reader
	at *atomic.Int64
}

func (t *touchReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.at.Store(time.Now().UnixNano())
	}
	return n, err
}

// sessionEnv is the part of the client's environment a session honours:
// colour preferences. Nothing else the client sends (SEATS_DB, SEATS_NOW,
// SEATS_DEBUG) may steer the server.
func sessionEnv(sess ssh.Session) func(string) string {
	return func(k string) string {
		if k != "NO_COLOR" && k != "TERM" && k != "COLORFGBG" {
			return ""
		}
		for _, kv := range sess.Environ() {
			if v, ok := strings.CutPrefix(kv, k+"="); ok {
				return v
			}
		}
		return ""
	}
}
