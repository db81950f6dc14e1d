package serve

import (
	"net"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"charm.land/ssh"
)

// conn is one TCP connection to the server, from accept to close. While
// no session runs on it (it is logging in, or its session has ended) it
// is waiting: at most Config.MaxHandshakes connections wait at once, and
// each is closed when it has waited Config.HandshakeTimeout. So the
// connections open are at most MaxHandshakes plus those running a session,
// however fast a client opens them.
type conn struct {
	net.Conn
	s      *Server
	remote netip.Addr

	// Guarded by s.connMu.
	waiting  bool               // on s.waiting
	closed   bool               // off the books
	byServer bool               // closed by the server (dropped, timed out, stopping)
	running  int                // sessions whose handler runs
	windows  map[string]*window // of the open session channels, by id
	channels int                // session channels ever opened
	timer    *time.Timer        // closes the connection when it has waited too long
}

// connKey is where a connection's *conn is kept in its ssh.Context.
type connKey struct{}

// connOf returns the connection a context belongs to, or nil.
func connOf(ctx ssh.Context) *conn {
	c, _ := ctx.Value(connKey{}).(*conn)
	return c
}

// accept tracks a new connection (ssh.Server.ConnCallback); it starts
// waiting.
func (s *Server) accept(ctx ssh.Context, raw net.Conn) net.Conn {
	if s.stopping.Load() {
		return nil
	}
	c := &conn{Conn: raw, s: s, remote: addrOf(raw.RemoteAddr())}
	s.connMu.Lock()
	s.conns[c] = struct{}{}
	s.byRemote[raw.RemoteAddr().String()] = c
	c.timer = time.AfterFunc(s.cfg.HandshakeTimeout, c.expire)
	victim := s.waitLocked(c)
	s.connMu.Unlock()
	s.drop(victim)
	ctx.SetValue(connKey{}, c)
	return c
}

// waitLocked puts c on the list of waiting connections and (re)starts its
// timer. When MaxHandshakes connections are waiting already, it takes one
// off to be dropped and returns it: the oldest from the address that has
// the most, so that one machine opening connections by the thousand
// crowds out itself rather than the students.
func (s *Server) waitLocked(c *conn) (victim *conn) {
	if len(s.waiting) >= s.cfg.MaxHandshakes {
		victim = s.victimLocked()
		victim.byServer = true
		victim.forgetLocked()
	}
	c.waiting = true
	s.waiting = append(s.waiting, c)
	c.timer.Reset(s.cfg.HandshakeTimeout)
	return victim
}

// drop closes a connection taken off the waiting list to make room.
func (s *Server) drop(victim *conn) {
	if victim != nil {
		s.dropped.add(victim.remote.String())
		victim.Close()
	}
}

// victimLocked picks the connection to drop when too many are waiting:
// the oldest of those from the address with the most.
func (s *Server) victimLocked() *conn {
	count := map[netip.Addr]int{}
	var worst netip.Addr
	most := 0
	for _, c := range s.waiting {
		count[c.remote]++
		if count[c.remote] > most {
			most, worst = count[c.remote], c.remote
		}
	}
	for _, c := range s.waiting {
		if c.remote == worst {
			return c
		}
	}
	return s.waiting[0]
}

// stopWaitingLocked takes c off the list of waiting connections.
func (s *Server) stopWaitingLocked(c *conn) {
	if !c.waiting {
		return
	}
	c.waiting = false
	c.timer.Stop()
	for i, d := range s.waiting {
		if d == c {
			s.waiting = append(s.waiting[:i], s.waiting[i+1:]...)
			break
		}
	}
}

// expire closes the connection if it is still waiting when its time is up.
func (c *conn) expire() {
	c.s.connMu.Lock()
	waiting := c.waiting
	c.byServer = c.byServer || waiting
	c.s.connMu.Unlock()
	if waiting {
		c.s.timedOut.add(c.remote.String())
		c.Close()
	}
}

// Close closes the connection and forgets it.
func (c *conn) Close() error {
	c.s.connMu.Lock()
	c.forgetLocked()
	c.s.connMu.Unlock()
	return c.Conn.Close()
}

// forgetLocked takes the connection off the server's books; closing it
// may follow outside the lock.
func (c *conn) forgetLocked() {
	c.s.stopWaitingLocked(c)
	c.closed = true
	delete(c.s.conns, c)
}

// sessionStarted marks a session running on the connection: it no longer
// waits.
func (c *conn) sessionStarted() {
	c.s.connMu.Lock()
	defer c.s.connMu.Unlock()
	c.running++
	c.s.stopWaitingLocked(c)
}

// sessionEnded marks a session's end; with none left running, the
// connection waits again.
func (c *conn) sessionEnded() {
	c.s.connMu.Lock()
	c.running--
	var victim *conn
	if c.running == 0 && !c.closed {
		victim = c.s.waitLocked(c)
	}
	c.s.connMu.Unlock()
	c.s.drop(victim)
}

// maxChannels is how many session channels a connection may have open at
// once: one for the view, and one more so that a client opening its next
// session while the last one closes is not refused. Each channel may hold
// up to 2 MiB of input its session has not read.
const maxChannels = 2

// openChannel opens a session channel on the connection and returns its
// id and window; false when maxChannels are open already.
func (c *conn) openChannel() (string, *window, bool) {
	c.s.connMu.Lock()
	defer c.s.connMu.Unlock()
	if len(c.windows) >= maxChannels || c.closed {
		return "", nil, false
	}
	if c.windows == nil {
		c.windows = map[string]*window{}
	}
	c.channels++
	id := strconv.Itoa(c.channels)
	w := newWindow()
	c.windows[id] = w
	return id, w, true
}

// closeChannel forgets a closed session channel.
func (c *conn) closeChannel(id string) {
	c.s.connMu.Lock()
	defer c.s.connMu.Unlock()
	delete(c.windows, id)
}

// window returns the window of the open session channel id, or nil.
func (c *conn) window(id string) *window {
	c.s.connMu.Lock()
	defer c.s.connMu.Unlock()
	return c.windows[id]
}

// failed logs a connection that ended before it had a session
// (ssh.Server.ConnectionFailedCallback), unless the server closed it
// itself and has counted it already.
func (s *Server) failed(nc net.Conn, err error) {
	remote := nc.RemoteAddr().String()
	s.connMu.Lock()
	c := s.byRemote[remote]
	byServer := c != nil && c.byServer
	s.connMu.Unlock()
	if !byServer {
		s.failures.add(remote + ": " + err.Error())
	}
}

// ended forgets a connection the ssh package is done with
// (ssh.Server.ConnectionCloseCallback, called after failed).
func (s *Server) ended(nc net.Conn) {
	s.connMu.Lock()
	delete(s.byRemote, nc.RemoteAddr().String())
	s.connMu.Unlock()
}

// closeConns closes every connection, whatever its state.
func (s *Server) closeConns() {
	s.connMu.Lock()
	all := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		all = append(all, c)
	}
	s.connMu.Unlock()
	s.closeByServer(all)
}

// closeWaiting closes every connection that has no session running.
func (s *Server) closeWaiting() {
	s.connMu.Lock()
	all := append([]*conn(nil), s.waiting...)
	s.connMu.Unlock()
	s.closeByServer(all)
}

// closeByServer closes connections on the server's own account.
func (s *Server) closeByServer(all []*conn) {
	s.connMu.Lock()
	for _, c := range all {
		c.byServer = true
	}
	s.connMu.Unlock()
	for _, c := range all {
		c.Close()
	}
}

// counts returns how many connections are open and how many of them are
// waiting.
func (s *Server) counts() (open, waiting int) {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	return len(s.conns), len(s.waiting)
}

// tallyEvery is how often a tally logs at most.
const tallyEvery = 10 * time.Second

// tally logs the first of a kind of event at once, then at most one line
// every tallyEvery with how many more there were, so that a flood of
// connections cannot flood the log.
type tally struct {
	log   func(n int, last string)
	mu    sync.Mutex
	n     int
	last  string
	armed bool
}

// add counts one event; last describes it.
func (t *tally) add(last string) {
	t.mu.Lock()
	t.n++
	t.last = last
	if t.armed {
		t.mu.Unlock()
		return
	}
	t.armed = true
	n := t.n
	t.n = 0
	t.mu.Unlock()
	t.log(n, last)
	time.AfterFunc(tallyEvery, t.flush)
}

// flush logs what was counted since the last line.
func (t *tally) flush() {
	t.mu.Lock()
	n, last := t.n, t.last
	t.n = 0
	if n == 0 {
		t.armed = false
		t.mu.Unlock()
		return
	}
	t.mu.Unlock()
	t.log(n, last)
	time.AfterFunc(tallyEvery, t.flush)
}
