// Package serve runs descent's classroom server: every student who connects
// over SSH gets an interactive view of their own, with nothing to install.
//
// Usage:
//
//	s, err := serve.New(serve.Config{Listen: "127.0.0.1:2222", HostKey: "host_ed25519",
//		MaxSessions: 100, Session: func() ui.Options { return ui.Options{Config: engine.Lecture(), Data: hours} }})
//	var ce *serve.ConfigError
//	if errors.As(err, &ce) { … "--" + ce.Error(), exit status 2 }
//	go s.ListenAndServe()
//	…
//	s.Shutdown(ctx) // tells every session, then closes everything by ctx's deadline
//
// Students type `ssh -p 2222 <host>` (`ssh -t -p 2222 <host> lesson` for
// the lesson, `-- --lang ko` for Korean; the client's LANG or LC_ALL
// choose the language too). A connection that asks for anything else, or
// has no terminal, gets one line and is closed; there is no shell, no
// port forwarding and no agent forwarding.
//
// The class is owned by a hub (hub.go): one goroutine that keeps the
// roster and what the teachers set, and hands each view the latest
// without ever waiting on one. Teachers see it on the console: the
// terminal that runs the server (RunConsole) or, for the keys in
// Config.TeacherKeys, `ssh -t -p 2222 <host> console`. From there they
// push settings, open lesson pages, lock the settings and lead the class
// through their own run.
//
// Nothing a client sends may take the classroom down. A session draws at
// most MaxWidth×MaxHeight, and MaxCells, whatever size the client claims;
// window changes
// are recorded as they arrive (the newest wins) and never hold up the
// connection; input is bounded so that no escape sequence or paste grows
// without end, and input events beyond a person's pace are dropped. A
// connection has Config.HandshakeTimeout to start its session, and at most
// Config.MaxHandshakes wait at once. Shutdown ends every connection by its
// deadline, whatever the client does. The host key and authorized keys
// files are checked whole before the server starts.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/recover"
	gossh "golang.org/x/crypto/ssh"

	"descent/ui"
)

// Config configures the server.
type Config struct {
	Listen string // address to listen on, such as 127.0.0.1:2222
	// HostKey is the path of the host key. When nothing is there, an
	// ed25519 key is created (mode 0600, with only missing folders made,
	// mode 0700). A key others may read is refused, unless
	// AllowOpenHostKey; RSA and ECDSA keys are served with a warning.
	HostKey string
	// AllowOpenHostKey serves a host key file that group or others can read.
	AllowOpenHostKey bool
	MaxSessions      int // students at once (teachers not counted); one more is refused politely
	// IdleTimeout ends a session with no key pressed (nor window change)
	// for this long: the view quits, restoring the student's terminal, and
	// says why. Zero means never.
	IdleTimeout time.Duration
	// AuthorizedKeys, if set, is an OpenSSH authorized_keys file: only its
	// keys may connect, each from where its from="…" allows. The whole
	// file is checked by New.
	AuthorizedKeys string
	// HandshakeTimeout is how long a connection has from being accepted
	// to running its session (key exchange, login, terminal and shell
	// requests), and, after its session ends, to start another or leave;
	// then it is closed. Zero means DefaultHandshakeTimeout.
	HandshakeTimeout time.Duration
	// MaxHandshakes is how many connections may be waiting at once:
	// logging in (accepted, with no session running yet), or left open
	// after their session ended. One more drops the oldest of the address
	// that has the most. Zero means DefaultMaxHandshakes.
	MaxHandshakes int
	// TeacherKeys, if set, is an OpenSSH authorized_keys file of the
	// teachers: a client that logs in with one of its keys (from where its
	// from= allows) may open the console. The server then asks every
	// client for a public key; one not in the file lets a student in when
	// AuthorizedKeys is not set (by keyboard-interactive authentication
	// with no question, which OpenSSH tries after its keys), and as
	// AuthorizedKeys says otherwise.
	TeacherKeys string
	// Lang is the language of a session that asks for none (neither
	// --lang nor LC_ALL, LC_MESSAGES or LANG); empty is English.
	Lang ui.Lang
	// AskNames opens each student's session with a screen asking for the
	// name the roster shows; the SSH user name is offered.
	AskNames bool
	// Join is the command students type, which the console shows; empty
	// makes it from Listen (ssh -p PORT HOST, with this machine's address
	// when Listen's host is unspecified).
	Join string
	// Session returns the options of a new session's view: the defaults
	// every student starts from, which teachers push from too.
	Session func() ui.Options
	// Log receives start, connect, disconnect, refusal and error lines,
	// and what teachers do; nil is stderr. The consoles show the latest.
	Log io.Writer
}

// Defaults for the zero values of Config.
const (
	// DefaultHandshakeTimeout gives a student's ssh ample time to log in
	// over a slow network; OpenSSH's clients need a few round trips.
	DefaultHandshakeTimeout = 10 * time.Second
	// DefaultMaxHandshakes lets a whole class connect at the same moment.
	DefaultMaxHandshakes = 64
)

// Server is a running classroom server.
type Server struct {
	cfg         Config
	ssh         *ssh.Server
	log         *log.Logger
	fingerprint string
	sessions    atomic.Int64 // students' and consoles'
	students    atomic.Int64
	consoles    atomic.Int64
	stopping    atomic.Bool
	stop        chan struct{} // closed when the server starts stopping
	stopOnce    sync.Once
	hub         *hub
	lines       *logLines
	fps         int  // rendererFPS when the server was made
	beat        bool // onTheBeat when the server was made
	teachers    *authorizedKeys

	connMu   sync.Mutex
	conns    map[*conn]struct{}
	byRemote map[string]*conn // from accept until the ssh package is done
	waiting  []*conn          // connections without a running session, oldest first

	dropped, timedOut, failures tally
}

// sessionFPS caps each session's autoplay frames; the updates per second
// are the same (more per frame), and at the default speed of 10 updates a
// second every update is drawn. Drawing and diffing a frame costs about
// 0.6 ms of CPU: 100 students autoplaying at 10 frames a second, with the
// teacher's console, keep keystroke-to-frame p99 under 100 ms on two
// cores, where 15 did not. (A variable for the benchmarks.)
var sessionFPS = 10

// rendererFPS is how often a session's renderer looks for a new frame to
// send. Bubble Tea's renderer wakes at this rate even while nothing
// changes (60 by default): with 100 idle students that alone costs about
// 7 % of a core at 60, 2–4 % at 30 on a common beat (rendererOnTheBeat).
// A key waits up to one period for its frame: at 20 a second the median
// keystroke-to-frame time doubled under load, at 30 it is that of 60.
// (A variable for the benchmarks; New reads it.)
var rendererFPS = 30

// rendererOnTheBeat starts every session's renderer on a common beat
// (onTheBeat), so that idle sessions wake the runtime together: 100 idle
// students then cost about half the CPU. (A variable for the benchmarks.)
var rendererOnTheBeat = true

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

// New checks cfg and builds the server; it does not listen yet. It reads
// (or creates) the host key and reads the whole authorized keys file, so
// that a server that starts is one students can enter. Every problem with
// a setting is a *ConfigError.
func New(cfg Config) (*Server, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, stop: make(chan struct{}), lines: newLogLines(), fps: rendererFPS, beat: rendererOnTheBeat,
		conns: map[*conn]struct{}{}, byRemote: map[string]*conn{}}
	out := cfg.Log
	if out == nil {
		out = os.Stderr
	}
	s.log = log.NewWithOptions(io.MultiWriter(out, s.lines), log.Options{ReportTimestamp: true, Prefix: "descent serve"})
	var keys *authorizedKeys
	if cfg.AuthorizedKeys != "" {
		var err error
		if keys, err = readAuthorizedKeys(cfg.AuthorizedKeys); err != nil {
			return nil, err
		}
	}
	if cfg.TeacherKeys != "" {
		var err error
		if s.teachers, err = readTeacherKeys(cfg.TeacherKeys); err != nil {
			return nil, err
		}
	}
	hk, err := loadHostKey(cfg.HostKey, cfg.AllowOpenHostKey)
	if err != nil {
		return nil, err
	}
	s.fingerprint = gossh.FingerprintSHA256(hk.signer.PublicKey())
	if hk.created {
		s.log.Info("created a host key", "path", cfg.HostKey, "fingerprint", s.fingerprint)
	}
	if hk.warning != "" {
		s.log.Warn(hk.warning)
	}
	for _, k := range []*authorizedKeys{keys, s.teachers} {
		if k != nil {
			for _, w := range k.warnings {
				s.log.Warn(w)
			}
		}
	}
	s.dropped.log = func(n int, last string) {
		s.log.Warn("dropped connections without a session: too many at once", "count", n, "max", cfg.MaxHandshakes, "last from", last)
	}
	s.timedOut.log = func(n int, last string) {
		s.log.Warn("closed connections without a session", "count", n, "after", cfg.HandshakeTimeout, "last from", last)
	}
	s.failures.log = func(n int, last string) {
		s.log.Warn("connections failed", "count", n, "last", last)
	}
	srv := &ssh.Server{
		Addr:                     cfg.Listen,
		ConnCallback:             s.accept,
		ConnectionFailedCallback: s.failed,
		ConnectionCloseCallback:  s.ended,
		ChannelHandlers:          map[string]ssh.ChannelHandler{"session": s.sessionChannel},
		RequestHandlers:          map[string]ssh.RequestHandler{},
		SubsystemHandlers:        map[string]ssh.SubsystemHandler{},
	}
	srv.AddHostKey(hk.signer)
	if err := srv.SetOption(wish.WithMiddleware(
		// Applied innermost first: the view, then the checks around it; a
		// panic anywhere in them ends only its own session, logged.
		recover.MiddlewareWithLogger(s.log,
			func(ssh.Handler) ssh.Handler { return s.view },
			s.limit,
			s.checked,
		),
		s.logged,
		s.track,
	)); err != nil {
		return nil, err
	}
	s.authenticate(srv, keys)
	s.ssh = srv
	s.hub = newHub(cfg.MaxSessions, s.lines, s.log)
	return s, nil
}

// authenticate sets how clients log in. With neither AuthorizedKeys nor
// TeacherKeys, nobody is asked anything. With AuthorizedKeys, only its keys
// (and the teachers') get in. With TeacherKeys alone, every client is
// asked for its keys, so that a teacher's is found whichever the client
// offers first, and a client that has none of the teachers' gets in with
// keyboard-interactive authentication that asks nothing.
func (s *Server) authenticate(srv *ssh.Server, keys *authorizedKeys) {
	if keys == nil && s.teachers == nil {
		return
	}
	srv.PublicKeyHandler = func(ctx ssh.Context, key ssh.PublicKey) bool {
		if s.teachers != nil && s.teachers.permits(key, ctx.RemoteAddr()) {
			return true
		}
		if keys == nil {
			return false // a student: keyboard-interactive lets them in
		}
		if keys.permits(key, ctx.RemoteAddr()) {
			return true
		}
		if keys.known(key) || s.teachers != nil && s.teachers.known(key) {
			s.log.Warn("refused: key not allowed from this address (from=)", "remote", ctx.RemoteAddr().String(), "user", clip(ctx.User()))
		}
		return false
	}
	if keys == nil {
		srv.KeyboardInteractiveHandler = func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }
	}
}

// teacher reports whether sess logged in with a teacher's key.
func (s *Server) teacher(sess ssh.Session) bool {
	k := sess.PublicKey()
	return s.teachers != nil && k != nil && s.teachers.permits(k, sess.RemoteAddr())
}

// check fills in defaults and refuses settings out of range.
func (cfg *Config) check() error {
	bad := func(setting, problem string) error { return &ConfigError{Setting: setting, Problem: problem} }
	switch {
	case cfg.MaxSessions <= 0:
		return bad(SettingMaxSessions, fmt.Sprintf("%d: want at least 1", cfg.MaxSessions))
	case cfg.IdleTimeout < 0:
		return bad(SettingIdleTimeout, fmt.Sprintf("%v: want a duration such as 30m (0 for none)", cfg.IdleTimeout))
	case cfg.HandshakeTimeout < 0:
		return bad(SettingHandshakeTimeout, fmt.Sprintf("%v: want a duration such as 10s", cfg.HandshakeTimeout))
	case cfg.MaxHandshakes < 0:
		return bad(SettingMaxHandshakes, fmt.Sprintf("%d: want at least 1", cfg.MaxHandshakes))
	case cfg.HostKey == "":
		return bad(SettingHostKey, "no path given")
	case cfg.Session == nil:
		return errors.New("serve: no session options")
	}
	if cfg.HandshakeTimeout == 0 {
		cfg.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if cfg.MaxHandshakes == 0 {
		cfg.MaxHandshakes = DefaultMaxHandshakes
	}
	return nil
}

// Sessions returns how many sessions are open.
func (s *Server) Sessions() int { return int(s.sessions.Load()) }

// Fingerprint returns the SHA256 fingerprint of the host key, as ssh
// shows it to a student connecting for the first time.
func (s *Server) Fingerprint() string { return s.fingerprint }

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
		"authorized keys", s.cfg.AuthorizedKeys != "", "teacher keys", s.teachers != nil, "host key", s.fingerprint,
		"students type", s.join())
	return s.ssh.Serve(l)
}

// Shutdown stops the server: it stops listening, closes connections that
// have no session running, tells every session's view to quit (each student
// reads why, on a restored terminal), and waits for them until ctx is
// done. Then it closes every connection, whatever its state, and
// returns; it never waits on a client.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopOnce.Do(func() {
		s.stopping.Store(true)
		close(s.stop)
	})
	// A context that is already done makes ssh.Server.Shutdown close the
	// listeners and return at once.
	now, cancel := context.WithCancel(context.Background())
	cancel()
	s.ssh.Shutdown(now)
	s.log.Info("stopping", "sessions", s.Sessions())
	s.closeWaiting()
	for s.Sessions() > 0 && ctx.Err() == nil {
		wait(ctx, 10*time.Millisecond)
	}
	wait(ctx, 50*time.Millisecond) // let the last goodbyes reach the wire
	s.closeConns()
	s.hub.close()
	return s.ssh.Close()
}

// wait sleeps for d or until ctx is done.
func wait(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// logged logs each connection and its end.
func (s *Server) logged(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		s.log.Info("connect", "remote", sess.RemoteAddr().String(), "user", clip(sess.User()), "sessions", s.Sessions()+1)
		next(sess)
		s.log.Info("disconnect", "remote", sess.RemoteAddr().String(), "after", time.Since(start).Round(time.Second), "sessions", s.Sessions())
	}
}

// limit refuses a student beyond MaxSessions, or a console beyond
// maxConsoles, with one polite line; teachers never take students' places.
func (s *Server) limit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		args, _ := sess.Context().Value(argsKey{}).(sessionArgs)
		lang := s.langOf(sess, args)
		count, most, line := &s.students, int64(s.cfg.MaxSessions), ui.ClassFullLine(lang, s.cfg.MaxSessions)
		if args.console {
			count, most, line = &s.consoles, maxConsoles, ui.ConsolesFullLine(lang, maxConsoles)
		}
		n := count.Add(1)
		defer count.Add(-1)
		if n > most {
			s.log.Warn("refused: full", "remote", sess.RemoteAddr().String(), "max", most, "console", args.console)
			wish.Fatalln(sess, line)
			return
		}
		s.sessions.Add(1)
		defer s.sessions.Add(-1)
		next(sess)
	}
}

// Warn writes msg to the server's log as a warning: to Config.Log and to
// the log pane of the teachers' consoles.
func (s *Server) Warn(msg string) { s.log.Warn(msg) }

// langOf is the language of a client's session: what it asked for with
// --lang, else what its environment names (clientLang), else the
// server's --lang, else English.
func (s *Server) langOf(sess ssh.Session, args sessionArgs) ui.Lang {
	if args.lang != "" {
		return args.lang
	}
	if l, ok := clientLang(sess.Environ()); ok {
		return l
	}
	if s.cfg.Lang != "" {
		return s.cfg.Lang
	}
	return ui.English
}

// maxConsoles is how many teachers' consoles may be open at once, besides
// MaxSessions students.
const maxConsoles = 16

// argsKey is where a session's arguments are kept in its context.
type argsKey struct{}

// checked lets a session through to its view only when it asks for
// nothing but what descent serves (parseArgs), has a terminal, and, for
// the console, logged in with a teacher's key; anything else gets one line
// and is closed.
func (s *Server) checked(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		refuse := func(why, line string) {
			s.log.Warn("refused: "+why, "remote", sess.RemoteAddr().String(), "user", clip(sess.User()),
				"command", clip(strings.Join(sess.Command(), " ")))
			wish.Fatalln(sess, line)
		}
		args, err := parseArgs(sess.Command())
		lang := s.langOf(sess, args)
		var bad *argsError
		if errors.As(err, &bad) {
			refuse("arguments", ui.ArgsRefusedLine(lang, bad.word, bad.badLang, s.join()))
			return
		}
		if _, _, ok := sess.Pty(); !ok {
			refuse("no terminal", ui.NoTerminalLine(lang, s.join()))
			return
		}
		if args.console && !s.teacher(sess) {
			refuse("console without a teacher's key", ui.NotATeacherLine(lang))
			return
		}
		sess.Context().SetValue(argsKey{}, args)
		next(sess)
	}
}

// clip shortens what a client chose (a user name, a command) for the log:
// a line is no place for kilobytes of it.
func clip(s string) string {
	const most = 64
	if len(s) <= most {
		return s
	}
	cut := most
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// join is the command students type: Config.Join, or ssh -p PORT HOST made
// from Listen, with this machine's address when Listen's host is
// unspecified (0.0.0.0 or ::).
func (s *Server) join() string {
	if s.cfg.Join != "" {
		return s.cfg.Join
	}
	return JoinCommand(s.cfg.Listen)
}

// JoinCommand returns what students type to reach a server listening on
// addr: ssh -p PORT HOST (ssh HOST on port 22). An unspecified host (0.0.0.0,
// ::, empty) becomes this machine's first address that is not a loopback
// one, or its host name.
func JoinCommand(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "ssh " + addr
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = thisMachine()
	}
	if port == "22" {
		return "ssh " + host
	}
	return "ssh -p " + port + " " + host
}

// thisMachine is the address students most likely reach this machine at:
// its first IPv4 address that is not a loopback one, or its host name.
func thisMachine() string {
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
				return n.IP.String()
			}
		}
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "localhost"
}

// RunConsole runs the teacher's console on the terminal that runs the
// server, with opts (its input, output, …), until the teacher quits it —
// which asks first, and after which the caller stops the server — or ctx
// ends. lang is its language.
func (s *Server) RunConsole(ctx context.Context, lang ui.Lang, opts ...tea.ProgramOption) error {
	c := s.hub.newConsole("local")
	s.hub.send(consoleMsg{c})
	defer s.hub.send(consoleLeaveMsg{c})
	o := s.cfg.Session()
	o.Lang = lang
	p := tea.NewProgram(ui.NewConsole(o, ui.ConsoleOptions{Join: s.join(), Fingerprint: s.fingerprint, Local: true, Send: c.send}),
		append(opts, tea.WithContext(ctx))...)
	v := &session{p: p, done: make(chan struct{})}
	defer close(v.done)
	go deliver(v, c.box, 0)
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}
