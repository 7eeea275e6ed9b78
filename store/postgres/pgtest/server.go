// Package pgtest starts a throwaway PostgreSQL server for tests, in the
// manner of etcd's and CockroachDB's integration tests: the Debian
// binaries, initdb into a fresh directory, and a server that listens on a
// Unix socket in that directory only, so nothing else on the machine can
// reach it and two test binaries never collide on a port. It is stopped
// and removed by Stop.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Superuser is the role initdb creates; PasswordUser is a second role
// whose connections must give a password (Password), for the tests that
// prove a password never reaches an error.
const (
	Superuser    = "seats"
	PasswordUser = "seats_pw"
	Password     = "s3cret-Pa55word"
)

// Server is one running PostgreSQL server.
type Server struct {
	Dir    string // removed by Stop
	Socket string // the directory holding the Unix socket
	bin    string
	opts   string   // the server's settings, for Restart
	run    []string // the command prefix that drops root
}

// Start initializes and starts a server for tests: durability is not
// under test, so fsync is off, which keeps hundreds of throwaway schemas
// fast on a small machine. It fails, rather than skips, when PostgreSQL
// is not installed: CI installs it (.ci/run).
func Start() (*Server, error) { return start(false) }

// StartDurable starts a server that syncs as a production one does
// (fsync and synchronous_commit on), for benchmarks.
func StartDurable() (*Server, error) { return start(true) }

func start(durable bool) (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "seats-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, Socket: filepath.Join(dir, "sock"), bin: bin}
	ok := false
	defer func() {
		if !ok {
			s.Stop()
		}
	}()
	if err := s.dropRoot(); err != nil {
		return nil, err
	}
	data := filepath.Join(dir, "data")
	if err := s.mkdir(data, s.Socket); err != nil {
		return nil, err
	}
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte("unused\n"), 0o644); err != nil {
		return nil, err
	}
	if out, err := s.cmd("initdb", "-D", data, "-U", Superuser, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, lastLine(out))
	}
	// The password role authenticates by SCRAM; everyone else is trusted
	// on the private socket.
	hba := fmt.Sprintf("local all %s scram-sha-256\nlocal all all trust\n", PasswordUser)
	if err := os.WriteFile(filepath.Join(data, "pg_hba.conf"), []byte(hba), 0o644); err != nil {
		return nil, err
	}
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories='%s' -c max_connections=200", s.Socket)
	if !durable {
		opts += " -c fsync=off -c full_page_writes=off"
	}
	s.opts = opts
	if err := s.Restart(); err != nil {
		return nil, err
	}
	if err := s.Exec(context.Background(), "CREATE ROLE "+PasswordUser+" LOGIN PASSWORD '"+Password+"'"); err != nil {
		return nil, err
	}
	ok = true
	return s, nil
}

// binDir finds the newest installed PostgreSQL's binaries.
func binDir() (string, error) {
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(found) == 0 {
		if p, err := exec.LookPath("initdb"); err == nil {
			return filepath.Dir(p), nil
		}
		return "", errors.New("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql")
	}
	sort.Slice(found, func(i, j int) bool { return version(found[i]) < version(found[j]) })
	return filepath.Dir(found[len(found)-1]), nil
}

func version(initdb string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return n
}

// dropRoot arranges for the server to run as an unprivileged user when
// the tests run as root, since initdb and postgres refuse root.
func (s *Server) dropRoot() error {
	if os.Geteuid() != 0 {
		return nil
	}
	name := "postgres"
	u, err := user.Lookup(name)
	if err != nil {
		name = "nobody"
		if u, err = user.Lookup(name); err != nil {
			return errors.New("running as root and neither a postgres nor a nobody user exists to run PostgreSQL as")
		}
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chmod(s.Dir, 0o755); err != nil {
		return err
	}
	s.run = []string{"setpriv", "--reuid=" + u.Uid, "--regid=" + u.Gid, "--clear-groups", "--"}
	if _, err := exec.LookPath("setpriv"); err != nil {
		s.run = []string{"runuser", "-u", name, "--"}
	}
	chown = func(path string) error { return os.Chown(path, uid, gid) }
	return nil
}

var chown = func(string) error { return nil }

func (s *Server) mkdir(dirs ...string) error {
	for _, d := range dirs {
		if err := os.Mkdir(d, 0o700); err != nil {
			return err
		}
		if err := chown(d); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) cmd(name string, args ...string) *exec.Cmd {
	argv := append(append(append([]string{}, s.run...), filepath.Join(s.bin, name)), args...)
	c := exec.Command(argv[0], argv[1:]...)
	c.Dir = s.Dir
	c.Env = append(os.Environ(), "LC_ALL=C")
	// The server must not die with a test's process group on ctrl-c
	// before Stop has run; Stop ends it.
	c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return c
}

// Stop ends the server immediately and removes its directory.
func (s *Server) Stop() {
	if _, err := os.Stat(filepath.Join(s.Dir, "data", "postmaster.pid")); err == nil {
		_ = s.cmd("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "immediate", "-w", "stop").Run()
	}
	os.RemoveAll(s.Dir)
}

// Restart starts the server on its data again after Kill.
func (s *Server) Restart() error {
	data := filepath.Join(s.Dir, "data")
	if out, err := s.cmd("pg_ctl", "-D", data, "-l", filepath.Join(s.Socket, "log"), "-w", "-t", "60", "-o", s.opts, "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.Socket, "log"))
		return fmt.Errorf("pg_ctl start: %v: %s %s", err, lastLine(out), lastLine(log))
	}
	return nil
}

// Kill stops the server at once (as a crash would: no shutdown
// checkpoint, clients cut off) without removing it.
func (s *Server) Kill() error {
	out, err := s.cmd("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "immediate", "-w", "stop").CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, lastLine(out))
	}
	return nil
}

// URL is a connection URL for the superuser to database "postgres" with
// the given query (without '?'), e.g. "search_path=org1".
func (s *Server) URL(query string) string {
	u := fmt.Sprintf("postgres://%s@/postgres?host=%s", Superuser, s.Socket)
	if query != "" {
		u += "&" + query
	}
	return u
}

// PasswordURL connects as PasswordUser with password pw.
func (s *Server) PasswordURL(pw string) string {
	return fmt.Sprintf("postgres://%s:%s@/postgres?host=%s", PasswordUser, pw, s.Socket)
}

// Exec runs SQL as the superuser.
func (s *Server) Exec(ctx context.Context, sql string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, s.URL(""))
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, sql)
	return err
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return lines[len(lines)-1]
}
