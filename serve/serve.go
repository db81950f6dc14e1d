// Package serve runs descent's classroom server: every student who connects
// over SSH gets an interactive view of their own, with nothing to install.
//
// Usage:
//
//	s, err := serve.New(serve.Config{Listen: "127.0.0.1:2222", HostKey: "host_ed25519",
//		Session: func() ui.Options { return ui.Options{Config: engine.Lecture(), Data: hours} }})
//	if err != nil { … }
//	go s.ListenAndServe()
//	…
//	s.Shutdown(ctx) // tells every session, then closes within the context's time
//
// Students type `ssh -p 2222 <host>`. A connection that asks to run a
// command, or has no terminal, gets one line and is closed; there is no
// shell, no port forwarding and no agent forwarding.
package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/activeterm"
	bm "charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/recover"
	"github.com/charmbracelet/colorprofile"

	"descent/ui"
)

// Config configures the server.
type Config struct {
	Listen         string        // address to listen on, such as 127.0.0.1:2222
	HostKey        string        // path of the ed25519 host key; created (mode 0600) when missing
	MaxSessions    int           // sessions at once; one more is refused politely
	IdleTimeout    time.Duration // a connection with no traffic for this long is closed
	AuthorizedKeys string        // if set, only these public keys may connect
	// Session returns the options of a new session's view: the defaults
	// every student starts from.
	Session func() ui.Options
	// Logger receives start, connect, disconnect, refusal and error lines;
	// nil logs to stderr.
	Logger *log.Logger
}

// Server is a running classroom server.
type Server struct {
	cfg      Config
	ssh      *ssh.Server
	log      *log.Logger
	sessions atomic.Int64
	mu       sync.Mutex
	programs map[*tea.Program]struct{}
	stopping atomic.Bool
}

// sessionFPS caps each session's autoplay frames: 50 students autoplaying
// on a 2-core machine stay responsive at 15 frames per second, and the
// updates per second are the same (more per frame).
const sessionFPS = 15

// DefaultHostKey returns the default host key path: descent/host_ed25519
// in the user's data directory ($XDG_DATA_HOME, or ~/.local/share).
func DefaultHostKey() string {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "descent", "host_ed25519")
}

// IsLoopback reports whether a listen address only accepts connections
// from this machine.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// New builds the server; it does not listen yet.
func New(cfg Config) (*Server, error) {
	if cfg.MaxSessions <= 0 {
		return nil, fmt.Errorf("max sessions %d: want at least 1", cfg.MaxSessions)
	}
	if cfg.Session == nil {
		return nil, errors.New("no session options")
	}
	if err := os.MkdirAll(filepath.Dir(cfg.HostKey), 0o700); err != nil {
		return nil, fmt.Errorf("host key directory: %w", err)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, programs: map[*tea.Program]struct{}{}}
	if s.log == nil {
		s.log = log.NewWithOptions(os.Stderr, log.Options{ReportTimestamp: true, Prefix: "descent serve"})
	}
	opts := []ssh.Option{
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPath(cfg.HostKey),
		wish.WithMiddleware(
			// Applied innermost first: the goodbye, the view, then the
			// checks around it; a panic anywhere in them ends only its
			// own session, logged.
			recover.MiddlewareWithLogger(s.log,
				s.farewell,
				bm.MiddlewareWithProgramHandler(s.program),
				activeterm.Middleware(),
				s.onlyTheApp,
				s.limit,
			),
			s.logged,
		),
	}
	if cfg.IdleTimeout > 0 {
		opts = append(opts, wish.WithIdleTimeout(cfg.IdleTimeout))
	}
	if cfg.AuthorizedKeys != "" {
		if _, err := os.Stat(cfg.AuthorizedKeys); err != nil {
			return nil, fmt.Errorf("authorized keys: %w", err)
		}
		opts = append(opts, wish.WithAuthorizedKeys(cfg.AuthorizedKeys))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, err
	}
	srv.ConnectionFailedCallback = func(c net.Conn, err error) {
		s.log.Warn("connection failed", "remote", c.RemoteAddr(), "error", err)
	}
	s.ssh = srv
	return s, nil
}

// Sessions returns how many sessions are open.
func (s *Server) Sessions() int { return int(s.sessions.Load()) }

// ListenAndServe listens on the configured address and serves until
// Shutdown; it then returns ssh.ErrServerClosed.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return err
	}
	return s.Serve(l)
}

// Serve serves connections from l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	s.log.Info("listening", "address", l.Addr().String(), "max sessions", s.cfg.MaxSessions,
		"authorized keys", s.cfg.AuthorizedKeys != "")
	return s.ssh.Serve(l)
}

// Shutdown tells every session the server is stopping, ends their views,
// and closes the server, waiting for sessions until ctx is done.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopping.Store(true)
	s.mu.Lock()
	for p := range s.programs {
		p.Quit()
	}
	s.mu.Unlock()
	s.log.Info("stopping", "sessions", s.Sessions())
	// Each session says goodbye as its view ends; then the connections,
	// which clients would keep open, are closed.
	for s.Sessions() > 0 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // let the last goodbyes reach the wire
	return s.ssh.Close()
}

// logged logs each connection and its end.
func (s *Server) logged(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		s.log.Info("connect", "remote", sess.RemoteAddr().String(), "user", sess.User(), "sessions", s.Sessions()+1)
		next(sess)
		s.log.Info("disconnect", "remote", sess.RemoteAddr().String(), "after", time.Since(start).Round(time.Second), "sessions", s.Sessions())
	}
}

// limit refuses a session beyond MaxSessions with one polite line.
func (s *Server) limit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if n := s.sessions.Add(1); n > int64(s.cfg.MaxSessions) {
			s.sessions.Add(-1)
			s.log.Warn("refused: full", "remote", sess.RemoteAddr().String(), "max", s.cfg.MaxSessions)
			wish.Fatalln(sess, fmt.Sprintf("descent: the classroom is full (%d sessions); please try again in a moment.", s.cfg.MaxSessions))
			return
		}
		defer s.sessions.Add(-1)
		next(sess)
	}
}

// onlyTheApp refuses a request to run a command: descent serves its view.
func (s *Server) onlyTheApp(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if cmd := sess.Command(); len(cmd) > 0 {
			s.log.Warn("refused: command", "remote", sess.RemoteAddr().String(), "command", strings.Join(cmd, " "))
			wish.Fatalln(sess, "descent: this server only shows descent; connect without a command (ssh -p PORT HOST).")
			return
		}
		next(sess)
	}
}

// program makes a session's view: its own run, the client's terminal size,
// TERM and NO_COLOR (any value turns colour off).
func (s *Server) program(sess ssh.Session) *tea.Program {
	o := s.cfg.Session()
	o.FrameRate = sessionFPS
	pty, _, _ := sess.Pty()
	o.Width, o.Height = pty.Window.Width, pty.Window.Height
	opts := bm.MakeOptions(sess)
	for _, kv := range sess.Environ() {
		if v, ok := strings.CutPrefix(kv, "NO_COLOR="); ok && v != "" {
			opts = append(opts, tea.WithColorProfile(colorprofile.ASCII))
		}
	}
	p := tea.NewProgram(ui.New(o), opts...)
	s.mu.Lock()
	s.programs[p] = struct{}{}
	s.mu.Unlock()
	go func() {
		<-sess.Context().Done()
		s.mu.Lock()
		delete(s.programs, p)
		s.mu.Unlock()
	}()
	return p
}

// farewell tells a student whose view ended because the server is
// stopping why it ended.
func (s *Server) farewell(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		next(sess)
		if s.stopping.Load() {
			wish.Println(sess, "descent: the server is stopping. Thank you, and goodbye.\r")
		}
	}
}
