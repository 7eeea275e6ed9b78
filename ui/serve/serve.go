// Package serve is `seats serve`: the terminal UI and the command line
// over SSH, for every admin by public key, all on one shared store and
// all seeing each other's changes at once.
//
// Who a session is comes from the key that actually authenticated it
// (sess.PublicKey), never from the login name it asked for, and what that
// user may do from Seats' own user records, read again on every action.
// Nothing in a session is global: each has its own program, renderer,
// keymap and styles.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/charmbracelet/wish/recover"
	"github.com/muesli/termenv"
	"github.com/seats/seats/model"
	"github.com/seats/seats/ui/cli"
	"github.com/seats/seats/ui/tui/common"
	gossh "golang.org/x/crypto/ssh"
)

// Config is one server's settings.
type Config struct {
	// DB is the store every session shares; serve does not close it.
	DB cli.Database
	// Now is the clock of every session (nil: time.Now).
	Now            func() time.Time
	Listen         string
	HostKey        string
	AuthorizedKeys string
	MaxSessions    int
	// Idle logs out a terminal UI session with no key or mouse input for
	// this long.
	Idle time.Duration
	// Grace is how long sessions are warned before a stop closes them
	// (0: 5 s).
	Grace time.Duration
	// Handshake is how long a connection may take to authenticate and
	// open a session (0: 10 s).
	Handshake time.Duration
	// Poll is how often the server looks for changes by other processes
	// on the file (0: 500 ms); a store that tells of them (PostgreSQL's
	// NOTIFY) is heard at once.
	Poll time.Duration
	// Log receives one structured line per session (nil: discarded).
	Log io.Writer
	// NotifyEvery is how often a notify pass runs (0: every minute;
	// negative: never).
	NotifyEvery time.Duration
}

// Server is a running `seats serve`.
type Server struct {
	cfg         Config
	svc         *model.Service
	keys        *authorizedKeys
	hub         *hub
	log         *log.Logger
	attempts    *attempts
	ssh         *ssh.Server
	listener    net.Listener
	fingerprint string
	// snapshots are the rows the sessions' tabs share.
	snapshots *common.Snapshots

	mu       sync.Mutex
	sessions map[*session]struct{}
	active   atomic.Int64
	stopping atomic.Bool
}

// connectBurst is how many connections one address may open at once
// before it is held to one a second: enough for a team behind one NAT
// opening their sessions together, too few for a password guesser's pace
// (which key-only auth makes pointless anyway) or a flood.
const connectBurst = 64

// New checks the configuration, loads (or creates) the host key and
// reads the authorized keys; it does not listen yet.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 5 * time.Second
	}
	if cfg.Handshake <= 0 {
		cfg.Handshake = 10 * time.Second
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = cli.DefaultMaxSessions
	}
	if cfg.Idle <= 0 {
		cfg.Idle = cli.DefaultIdle
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 500 * time.Millisecond
	}
	signer, err := hostKey(cfg.HostKey)
	if err != nil {
		return nil, err
	}
	keys, err := newAuthorizedKeys(cfg.AuthorizedKeys)
	if err != nil {
		return nil, fmt.Errorf("%v (list each admin's public key there, their Seats email as its comment)", err)
	}
	s := &Server{
		cfg:         cfg,
		svc:         model.NewService(cfg.DB, cfg.Now),
		keys:        keys,
		log:         log.NewWithOptions(cfg.Log, log.Options{ReportTimestamp: true, Prefix: "seats serve"}),
		attempts:    newAttempts(connectBurst, time.Second),
		sessions:    map[*session]struct{}{},
		snapshots:   common.NewSnapshots(),
		fingerprint: gossh.FingerprintSHA256(signer.PublicKey()),
	}
	s.hub = newHub(s.svc, cfg.Poll)
	for _, p := range keys.problems {
		s.log.Warn("authorized keys: skipped", "file", cfg.AuthorizedKeys, "problem", p)
	}
	s.ssh, err = wish.NewServer(
		wish.WithAddress(cfg.Listen),
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		// Public keys only: with no handler at all the SSH library would
		// let everyone in, and passwords have no place on a jump host.
		wish.WithPublicKeyAuth(s.authorize),
		func(srv *ssh.Server) error {
			srv.ConnCallback = s.accept
			srv.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
				return &gossh.ServerConfig{MaxAuthTries: 6}
			}
			return nil
		},
		wish.WithMiddleware(recover.MiddlewareWithLogger(
			s.log.StandardLog(log.StandardLogOptions{ForceLevel: log.ErrorLevel}),
			bm.MiddlewareWithProgramHandler(s.program, termenv.Ascii),
			s.session,
		)),
	)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// notifier is a store that tells of commits by other processes and hosts
// (store.Notifier).
type notifier interface {
	Listen(ctx context.Context, fn func(seq uint64)) error
}

// Fingerprint is the host key's SHA256 fingerprint, for admins to check
// on first connect.
func (s *Server) Fingerprint() string { return s.fingerprint }

// Listen binds the address; Addr then says where.
func (s *Server) Listen() error {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v", s.cfg.Listen, err)
	}
	s.listener = ln
	return nil
}

// Addr is the address listened on.
func (s *Server) Addr() net.Addr { return s.listener.Addr() }

// Serve answers connections until ctx ends, then stops gracefully: every
// session is told, given the grace period, then closed.
func (s *Server) Serve(ctx context.Context) error {
	if s.listener == nil {
		if err := s.Listen(); err != nil {
			return err
		}
	}
	hubCtx, stopHub := context.WithCancel(context.Background())
	defer stopHub()
	go s.hub.run(hubCtx, s.recheck)
	// PostgreSQL tells of other hosts' commits as they happen; a file is
	// polled by the hub.
	if n, ok := s.cfg.DB.(notifier); ok {
		go n.Listen(hubCtx, func(uint64) { s.hub.committed() })
	}
	go s.watchKeys(hubCtx)
	// The notify loop ends with the server: Serve returns only once it has.
	looped := make(chan struct{})
	go func() { defer close(looped); s.notifyLoop(hubCtx) }()
	defer func() { stopHub(); <-looped }()
	served := make(chan error, 1)
	go func() { served <- s.ssh.Serve(s.listener) }()
	select {
	case err := <-served:
		if errors.Is(err, ssh.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	s.stop()
	return nil
}

// stop warns every session, waits up to the grace period for them to end,
// then closes what is left.
func (s *Server) stop() {
	s.stopping.Store(true)
	s.log.Info("stopping", "sessions", s.active.Load(), "grace", s.cfg.Grace)
	// New connections are refused from here on.
	s.listener.Close()
	notice := fmt.Sprintf("the server is stopping: this session ends in %s", s.cfg.Grace)
	for _, ss := range s.live() {
		ss.tell(notice)
	}
	deadline := time.Now().Add(s.cfg.Grace)
	for s.active.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	for _, ss := range s.live() {
		ss.end("the server stopped")
	}
	// Let the programs restore their terminals before the connections go.
	for i := 0; i < 20 && s.active.Load() > 0; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	s.ssh.Close()
}

func (s *Server) live() []*session {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*session, 0, len(s.sessions))
	for ss := range s.sessions {
		out = append(out, ss)
	}
	return out
}

// accept limits connection attempts per address and bounds the time a
// connection may take to start a session.
func (s *Server) accept(ctx ssh.Context, conn net.Conn) net.Conn {
	if s.stopping.Load() || !s.attempts.allow(conn.RemoteAddr(), time.Now()) {
		s.log.Warn("connection refused", "remote", conn.RemoteAddr().String(), "reason", "too many attempts")
		return nil
	}
	hc := newHandshakeConn(conn, s.cfg.Handshake)
	ctx.SetValue(handshakeKey{}, hc)
	return hc
}

type handshakeKey struct{}

// authorize only answers whether the key is in the file now. It stores
// nothing: the SSH library asks it about keys a client merely offers,
// without proving it holds them, so the session's user is decided later
// from the key that signed (CVE-2024-45337's bug class).
func (s *Server) authorize(_ ssh.Context, key ssh.PublicKey) bool {
	_, ok := s.keys.email(key)
	return ok
}

// watchKeys notices an edited authorized-keys file within a second.
func (s *Server) watchKeys(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	seen := s.keys.version()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			// Any call may have reread the file first; the count says
			// whether anyone did since the last look.
			if v := s.keys.version(); v != seen {
				seen = v
				s.recheck()
			}
		}
	}
}

// recheck ends every session whose key left the file or whose user may no
// longer act (terminated, removed).
func (s *Server) recheck() {
	for _, ss := range s.live() {
		if err := s.allowed(ss); err != nil {
			ss.end(err.Error())
		}
	}
}

// allowed says whether a session may go on: its key still listed for its
// user, and the user still able to act.
func (s *Server) allowed(ss *session) error {
	if err := s.keyAllowed(ss); err != nil {
		return err
	}
	_, err := s.svc.ResolveActor(ss.email)
	return err
}

// keyAllowed is the check every action of a session passes first; the
// domain checks the user's role inside the action's own transaction.
func (s *Server) keyAllowed(ss *session) error {
	if e, ok := s.keys.email(ss.key); !ok || e != ss.email {
		return errors.New("your key is no longer in the server's authorized keys")
	}
	return nil
}

// Run serves until SIGINT or SIGTERM, printing where and with which host
// key first.
func Run(cfg Config) error {
	s, err := New(cfg)
	if err != nil {
		return err
	}
	if err := s.Listen(); err != nil {
		return err
	}
	// wish's middlewares log through charmbracelet/log's default logger:
	// in the process that runs serve, that is serve's log.
	log.SetDefault(s.log)
	s.log.Info("listening", "addr", s.Addr().String(), "host key", s.Fingerprint(), "authorized keys", cfg.AuthorizedKeys)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return s.Serve(ctx)
}
