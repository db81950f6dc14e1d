package serve

import (
	"context"
	"io"
	"math"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"github.com/charmbracelet/colorprofile"

	"descent/ui"
)

// MaxWidth, MaxHeight and MaxCells bound the size a session draws at: at
// most 300 columns, 100 rows and 20000 cells. A larger terminal gets the
// frame in its top-left corner, so that what a client claims about its
// terminal cannot make the server allocate more. Bubble Tea keeps three
// buffers of about 100 bytes a cell, so a session at 20000 cells holds
// some 7 MB; at 300×100 it would hold 12.
const (
	MaxWidth  = 300
	MaxHeight = 100
	MaxCells  = 20000
)

// quitGrace is how long a session's view gets to quit and restore the
// student's terminal before its connection is closed regardless.
const quitGrace = 2 * time.Second

// clampSize bounds a terminal size to what a session draws: each side to
// its maximum, then both by the same factor down to MaxCells.
func clampSize(width, height int) (int, int) {
	w, h := min(max(width, 0), MaxWidth), min(max(height, 0), MaxHeight)
	if w*h > MaxCells {
		f := math.Sqrt(float64(MaxCells) / float64(w*h))
		w, h = int(float64(w)*f), int(float64(h)*f)
	}
	return w, h
}

// track marks a session running on its connection for as long as it runs
// (the connection does not wait meanwhile).
func (s *Server) track(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if c := connOf(sess.Context()); c != nil {
			c.sessionStarted()
			defer c.sessionEnded()
		}
		next(sess)
	}
}

// activity is a session's input, noting when the student last typed.
type activity struct {
	r    io.Reader
	last atomic.Int64 // unix nanoseconds
}

func (a *activity) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.touch()
	}
	return n, err
}

func (a *activity) touch() { a.last.Store(time.Now().UnixNano()) }

func (a *activity) idle() time.Duration { return time.Since(time.Unix(0, a.last.Load())) }

// Why a session's view ended, when the server ended it.
const (
	endedByUser int32 = iota
	endedIdle
	endedStopping
)

// session is one student's view while it runs.
type session struct {
	s     *Server
	sess  ssh.Session
	conn  *conn
	p     *tea.Program
	in    *activity
	kill  context.CancelFunc // ends the view at once, without restoring
	ended atomic.Int32       // why the server ended it, if it did
	done  chan struct{}      // closed when the view has ended

	// Owned by the view's event loop (filter).
	width, height int    // the size the view was last given
	events        bucket // input events it may still handle
}

// view runs a student's view: a Bubble Tea program of its own, with the
// client's terminal size (clamped), TERM and NO_COLOR (any value turns
// colour off). Window changes reach it newest first and never hold up the
// connection. When the student types nothing for IdleTimeout, or the
// server stops, the view quits, which restores the student's terminal,
// and then says why; a view that cannot quit within quitGrace (its client
// reads nothing) has its connection closed.
func (s *Server) view(sess ssh.Session) {
	c := connOf(sess.Context())
	id, env := channelID(sess.Environ())
	var win *window
	if c != nil {
		win = c.window(id)
	}
	if win == nil {
		wish.Fatalln(sess, "descent: no terminal size.")
		return
	}
	pty, _, _ := sess.Pty()
	args, _ := sess.Context().Value(argsKey{}).(sessionArgs)
	width, height := clampSize(win.size())
	o := s.cfg.Session()
	o.FrameRate = sessionFPS
	o.Width, o.Height = width, height
	o.Lang = s.langOf(sess, args)
	envs := append(env, "TERM="+pty.Term)
	profile := colorprofile.Env(envs)
	for _, kv := range envs {
		if v, ok := strings.CutPrefix(kv, "NO_COLOR="); ok && v != "" {
			profile = colorprofile.ASCII
		}
	}
	v := &session{s: s, sess: sess, conn: c, in: &activity{r: sess}, done: make(chan struct{}), width: width, height: height}
	v.in.touch()
	ctx, kill := context.WithCancel(context.Background())
	defer kill()
	v.kill = kill
	var model tea.Model
	var deliverAll func() // started once the program exists
	remote := sess.RemoteAddr().String()
	if args.console {
		c := s.hub.newConsole(remote)
		s.hub.send(consoleMsg{c})
		defer s.hub.send(consoleLeaveMsg{c})
		model = ui.NewConsole(o, ui.ConsoleOptions{Join: s.join(), Fingerprint: s.fingerprint, Send: c.send})
		deliverAll = func() { go deliver(v, c.box, 0) }
		s.log.Info("console opened", "remote", remote, "user", clip(sess.User()))
	} else {
		m := newMember(ui.CleanName(sess.User()), remote)
		model = ui.NewStudent(o, ui.StudentLink{Name: m.user, AskName: s.cfg.AskNames, Report: s.hub.reporter(m)}, args.lesson)
		s.hub.send(joinMsg{m})
		defer s.hub.send(leaveMsg{m})
		deliverAll = func() { go deliver(v, m.box, time.Second/time.Duration(sessionFPS)) }
	}
	v.p = tea.NewProgram(model,
		tea.WithContext(ctx),
		tea.WithInput(&inputGuard{r: v.in}),
		tea.WithOutput(sess),
		tea.WithEnvironment(envs),
		tea.WithColorProfile(profile),
		tea.WithWindowSize(width, height),
		tea.WithoutSignalHandler(),
		tea.WithFilter(v.filter),
		tea.WithFPS(s.fps),
	)
	deliverAll()
	go v.resize(win, width, height)
	go v.watch()
	if s.beat {
		onTheBeat(time.Second / time.Duration(s.fps))
	}
	_, err := v.p.Run()
	close(v.done)
	if err != nil && v.ended.Load() == endedByUser && sess.Context().Err() == nil {
		s.log.Warn("view ended", "remote", sess.RemoteAddr().String(), "error", err)
	}
	switch v.ended.Load() {
	case endedIdle:
		s.log.Info("idle: closed", "remote", sess.RemoteAddr().String(), "after", s.cfg.IdleTimeout)
		wish.Println(sess, ui.IdleLine(o.Lang, s.cfg.IdleTimeout)+"\r")
	case endedStopping:
		wish.Println(sess, ui.GoodbyeLine(o.Lang)+"\r")
	}
}

// onTheBeat waits for the next multiple of period since the Unix epoch:
// a program started then starts its renderer's ticker on the beat every
// session's ticker keeps, so that idle sessions' tickers fire together and
// the runtime wakes once for all of them rather than once for each.
func onTheBeat(period time.Duration) {
	now := time.Now()
	time.Sleep(now.Truncate(period).Add(period).Sub(now))
}

// deliver hands the view what the hub leaves in box, only the latest and
// at most one every gap, until the view ends. Sending waits for the view;
// the hub never does.
func deliver[T any](v *session, box *slot[T], gap time.Duration) {
	var last time.Time
	for {
		select {
		case <-v.done:
			return
		case <-box.ready:
		}
		if wait := gap - time.Since(last); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-v.done:
				t.Stop()
				return
			case <-t.C:
			}
		}
		if msg, ok := box.take(); ok {
			v.p.Send(msg)
			last = time.Now()
		}
	}
}

// resize hands the view each new window size, newest first, until it
// ends. Sending may wait for the view; the connection never does.
func (v *session) resize(win *window, width, height int) {
	for {
		select {
		case <-v.done:
			return
		case <-win.changed:
		}
		v.in.touch()
		w, h := clampSize(win.size())
		if w == width && h == height {
			continue
		}
		width, height = w, h
		v.p.Send(sshWindowMsg{width: w, height: h})
	}
}

// watch ends the view when its connection ends, the student has been
// idle for IdleTimeout, or the server stops.
func (v *session) watch() {
	timeout := v.s.cfg.IdleTimeout
	var idle <-chan time.Time
	var t *time.Timer
	if timeout > 0 {
		t = time.NewTimer(timeout)
		defer t.Stop()
		idle = t.C
	}
	for {
		select {
		case <-v.done:
			return
		case <-v.sess.Context().Done():
			v.kill()
			return
		case <-v.s.stop:
			v.end(endedStopping)
			return
		case <-idle:
			if d := v.in.idle(); d < timeout {
				t.Reset(timeout - d)
				continue
			}
			v.end(endedIdle)
			return
		}
	}
}

// end asks the view to quit, so that it restores the terminal, and closes
// the connection if it has not quit within quitGrace.
func (v *session) end(why int32) {
	v.ended.Store(why)
	go v.p.Quit() // returns once the view takes it or has ended
	select {
	case <-v.done:
	case <-v.sess.Context().Done():
		v.kill()
	case <-time.After(quitGrace):
		v.kill()
		if v.conn != nil {
			v.conn.Close()
		}
	}
}
