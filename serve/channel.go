package serve

import (
	"strings"
	"sync"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Bounds on what a client may set in its session's environment before
// the session starts: LANG, TERM, NO_COLOR and their like fit easily.
const (
	maxEnvVars  = 64
	maxEnvBytes = 4096 // name and value together
)

// window is a session's terminal size as the client last gave it: the
// newest size wins, and setting it never waits.
type window struct {
	mu            sync.Mutex
	width, height int
	changed       chan struct{} // holds a token while a change is unread
}

func newWindow() *window { return &window{changed: make(chan struct{}, 1)} }

// set records a size and signals the change without waiting.
func (w *window) set(width, height int) {
	w.mu.Lock()
	w.width, w.height = width, height
	w.mu.Unlock()
	select {
	case w.changed <- struct{}{}:
	default:
	}
}

// size returns the latest size.
func (w *window) size() (width, height int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.width, w.height
}

// sessionChannel handles a "session" channel. A connection gets one at a
// time. Its requests pass through guard before the ssh package's session
// sees them.
func (s *Server) sessionChannel(srv *ssh.Server, sc *gossh.ServerConn, nc gossh.NewChannel, ctx ssh.Context) {
	c := connOf(ctx)
	if c == nil {
		nc.Reject(gossh.ConnectionFailed, "descent: unknown connection")
		return
	}
	id, win, ok := c.openChannel()
	if !ok {
		nc.Reject(gossh.ResourceShortage, "descent: too many sessions on one connection")
		return
	}
	defer c.closeChannel(id)
	ssh.DefaultSessionHandler(srv, sc, guardedChannel{NewChannel: nc, id: id, win: win}, ctx)
}

// envChannel is the environment variable through which guard tells a
// session which channel it runs on, so that it finds its window. Clients
// cannot set it.
const envChannel = "DESCENT_CHANNEL"

// channelID returns the channel id guard put in a session's environment,
// and the environment without it.
func channelID(env []string) (string, []string) {
	id := ""
	rest := env[:0:0]
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, envChannel+"="); ok {
			id = v
			continue
		}
		rest = append(rest, kv)
	}
	return id, rest
}

// guardedChannel is a session channel whose requests go through guard.
type guardedChannel struct {
	gossh.NewChannel
	id  string
	win *window
}

// Accept accepts the channel and hands on its requests through guard.
func (g guardedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := g.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go guard(reqs, out, g.id, g.win)
	return ch, out, nil
}

// guard reads every request of a session channel as soon as it arrives,
// so the connection's reader never waits on a session (it would then stop
// reading the client's window updates, and a session writing to a full
// window would wait forever). Window changes are answered here and only
// recorded in win, newest first; the session reads them when it can.
// Environment variables are bounded; signals, breaks, agent and X11
// forwarding are refused. The rest (pty-req, shell, exec, subsystem, env)
// goes on to the ssh package's session, which answers them at once;
// before the first shell, exec or subsystem request guard adds the
// channel's id to the environment (envChannel).
func guard(in <-chan *gossh.Request, out chan<- *gossh.Request, id string, win *window) {
	defer close(out)
	envs := 0
	named := false
	for req := range in {
		switch req.Type {
		case "window-change":
			var m struct{ Columns, Rows, Width, Height uint32 }
			ok := gossh.Unmarshal(req.Payload, &m) == nil
			if ok {
				win.set(dimension(m.Columns), dimension(m.Rows))
			}
			req.Reply(ok, nil)
			continue
		case "pty-req":
			var m struct {
				Term                         string
				Columns, Rows, Width, Height uint32
				Modes                        string
			}
			if !named && gossh.Unmarshal(req.Payload, &m) == nil {
				win.set(dimension(m.Columns), dimension(m.Rows))
			}
		case "env":
			var m struct{ Name, Value string }
			envs++
			if envs > maxEnvVars || len(req.Payload) > maxEnvBytes ||
				gossh.Unmarshal(req.Payload, &m) != nil || m.Name == envChannel {
				req.Reply(false, nil)
				continue
			}
		case "shell", "exec", "subsystem":
			if !named {
				named = true
				out <- &gossh.Request{Type: "env", Payload: gossh.Marshal(struct{ Name, Value string }{envChannel, id})}
			}
		case "signal", "break", "auth-agent-req@openssh.com", "x11-req":
			req.Reply(false, nil)
			continue
		}
		out <- req
	}
}

// dimension turns a size the client sent into an int; the session clamps
// it to what it draws.
func dimension(n uint32) int {
	if n > 1<<16 {
		return 1 << 16
	}
	return int(n)
}
