package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	gossh "golang.org/x/crypto/ssh"
)

// heapInUse returns the live heap after a collection, in bytes.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func TestClampSize(t *testing.T) {
	// Sides are cut to 300 and 100; an area over 20000 cells is scaled by
	// √(20000/area): 300×100 by 0.8165 to 244.9×81.6, 300×70 by 0.9759 to
	// 292.8×68.3, 250×100 by 0.8944 to 223.6×89.4.
	for _, c := range []struct{ w, h, ww, wh int }{
		{80, 24, 80, 24}, {200, 100, 200, 100}, {300, 66, 300, 66}, {-1, -5, 0, 0}, {1 << 16, 3, 300, 3},
		{300, 100, 244, 81}, {301, 101, 244, 81}, {10000, 10000, 244, 81}, {65535, 65535, 244, 81},
		{300, 70, 292, 68}, {250, 1000, 223, 89},
	} {
		if w, h := clampSize(c.w, c.h); w != c.ww || h != c.wh {
			t.Errorf("clampSize(%d, %d) = %d×%d, want %d×%d", c.w, c.h, w, h, c.ww, c.wh)
		}
	}
}

// The filter gives the view the SSH window's size and drops other sizes
// (reports in the client's input stream), and passes at most inputBurst
// input events at once.
func TestFilter(t *testing.T) {
	v := &session{width: 80, height: 24}
	for _, c := range []struct {
		in, want tea.Msg
	}{
		{tea.WindowSizeMsg{Width: 80, Height: 24}, tea.WindowSizeMsg{Width: 80, Height: 24}}, // Bubble Tea's first
		{tea.WindowSizeMsg{Width: 1000, Height: 1000}, nil},                                  // CSI 8;1000;1000 t
		{sshWindowMsg{244, 81}, tea.WindowSizeMsg{Width: 244, Height: 81}},
		{tea.WindowSizeMsg{Width: 80, Height: 24}, nil},
		{tea.SuspendMsg{}, tea.ResumeMsg{}},
		{tea.PasteMsg{}, nil},
		{tea.PasteMsg{Content: "0.1"}, tea.PasteMsg{Content: "0.1"}},
	} {
		if got := v.filter(nil, c.in); got != c.want {
			t.Errorf("filter(%#v) = %#v, want %#v", c.in, got, c.want)
		}
	}
	passed := 0
	for i := 0; i < 1000; i++ {
		if v.filter(nil, tea.KeyPressMsg{Code: 'n', Text: "n"}) != nil {
			passed++
		}
	}
	// Two events went to the pastes and the size above.
	if passed < inputBurst-3 || passed > inputBurst {
		t.Errorf("%d of 1000 keys at once passed, want the burst of %d", passed, inputBurst)
	}
	type tick struct{}
	if v.filter(nil, tick{}) != (tick{}) {
		t.Error("a message of the view's own was dropped")
	}
}

func TestBucket(t *testing.T) {
	var b bucket
	now := time.Unix(1000, 0)
	n := 0
	for b.take(now) {
		n++
	}
	if n != inputBurst {
		t.Errorf("a full bucket held %d, want %d", n, inputBurst)
	}
	n = 0
	for i := 0; i < 1000; i++ { // one second in milliseconds
		now = now.Add(time.Millisecond)
		if b.take(now) {
			n++
		}
	}
	if n < inputRate-1 || n > inputRate+1 {
		t.Errorf("%d events in a second, want %d", n, inputRate)
	}
}

// A client asking for a huge terminal, at the start or by window changes
// or in its input stream, gets a view drawn at most 300×100: the server's
// memory stays bounded and the session works.
func TestHugeTerminalsAreClamped(t *testing.T) {
	_, addr := start(t, nil)
	before := heapInUse()
	c := connect(t, addr, 10000, 10000)
	c.waitFor(t, "mean loss vs w", 10*time.Second)
	c.sess.WindowChange(65535, 65535)
	c.in.Write([]byte("\x1b[8;1000;1000t")) // a size report in the input
	c.in.Write([]byte("nnn"))
	c.waitFor(t, "1.260688", 10*time.Second)
	// At 300×100 a session holds a few MB; at 10000×10000 Bubble Tea's
	// cell buffer alone would take gigabytes.
	if grew := int64(heapInUse()) - int64(before); grew > 64<<20 {
		t.Errorf("one session with a huge terminal grew the heap by %d MB", grew>>20)
	}
	// The cursor is never sent beyond row 100 or column 300.
	c.mu.Lock()
	out := c.out.String()
	c.mu.Unlock()
	if r, col := farthestCursor(out); r > MaxHeight || col > MaxWidth {
		t.Errorf("the view drew at row %d, column %d", r, col)
	}
}

// farthestCursor returns the largest row and column of the absolute cursor
// moves (CSI row;col H) in out.
func farthestCursor(out string) (row, col int) {
	for i := 0; ; {
		j := strings.Index(out[i:], "\x1b[")
		if j < 0 {
			return row, col
		}
		i += j + 2
		var r, c int
		var final byte
		if n, _ := fmt.Sscanf(out[i:], "%d;%d%c", &r, &c, &final); n == 3 && final == 'H' {
			row, col = max(row, r), max(col, c)
		}
	}
}

// A burst of window changes during autoplay must not deadlock the session
// (the screen writer waiting for the client's window while the connection
// reader waits to hand over a window change), and afterwards the server
// still stops within its deadline.
func TestWindowChangeFloodDuringAutoplay(t *testing.T) {
	s, addr := start(t, nil)
	c := connect(t, addr, 120, 40)
	c.waitFor(t, "mean loss vs w", 10*time.Second)
	c.in.Write([]byte("1++++p")) // a slow α and fast autoplay: frames keep coming
	time.Sleep(200 * time.Millisecond)
	sizes := [][2]int{{300, 100}, {80, 24}, {200, 60}, {120, 40}}
	for i := 0; i < 5000; i++ {
		sz := sizes[i%len(sizes)]
		if err := c.sess.WindowChange(sz[1], sz[0]); err != nil {
			t.Fatalf("window change %d: %v", i, err)
		}
	}
	// The session recovers: it answers keys with frames.
	c.sess.WindowChange(40, 120)
	c.toggleHelp(t, 10*time.Second)
	// Another student is served meanwhile.
	d := connect(t, addr, 80, 24)
	d.waitFor(t, "mean loss vs w", 10*time.Second)
	shutdownWithin(t, s, 4*time.Second)
}

// toggleHelp opens the full help (? draws "α too small" whole) and closes
// it again (the receipt's "loss = (ŷ − y)²" comes back), each within d.
func (c *client) toggleHelp(t testing.TB, d time.Duration) {
	t.Helper()
	for _, want := range []string{"α too small", "loss = (ŷ − y)²"} {
		c.mu.Lock()
		c.out.Reset()
		c.mu.Unlock()
		c.in.Write([]byte("?"))
		c.waitFor(t, want, d)
	}
}

// shutdownWithin shuts s down with a deadline of d and checks that it
// returns within d and a second.
func shutdownWithin(t testing.TB, s *Server, d time.Duration) {
	t.Helper()
	begin := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	s.Shutdown(ctx)
	if took := time.Since(begin); took > d+time.Second {
		t.Errorf("shutdown took %v", took)
	}
}

// waitClosed waits for the server to close conn.
func waitClosed(t testing.TB, conn *gossh.Client, what string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- conn.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Errorf("%s stayed open", what)
	}
}

// A client that stops reading leaves its view waiting on a full window;
// shutdown still returns by its deadline and closes the connection.
func TestShutdownWithAClientThatReadsNothing(t *testing.T) {
	t.Parallel()
	if raceEnabled {
		t.Skip("filling 2 MiB of window takes the race detector too long")
	}
	s, addr := start(t, nil)
	conn := dial(t, addr)
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	sess.RequestPty("xterm-256color", 80, 240, gossh.TerminalModes{})
	sess.StdinPipe()
	sess.StdoutPipe() // never read: the server's window to us fills up
	sess.Shell()
	fillWindow(t, sess)
	shutdownWithin(t, s, time.Second)
	waitClosed(t, conn, "the stuck client's connection")
	if open, _ := s.counts(); open != 0 {
		t.Errorf("%d connections open after shutdown", open)
	}
}

// fillWindow resizes sess, a 240×80 session whose client reads nothing,
// until the server's writer waits for the client's window. Each frame
// after a resize redraws 240×80 cells (the renderer draws rendererFPS
// frames a second); 2 MiB of output fill the window, and the view's writer
// then waits for a window update that never comes.
func fillWindow(t testing.TB, sess *gossh.Session) {
	t.Helper()
	for i := 0; i%10 != 0 || !writerWaits(); i++ {
		if i == 20000 {
			t.Fatal("the server's writer never waited for the client")
		}
		sess.WindowChange(80, 240-i%2)
		time.Sleep(time.Millisecond)
	}
}

// halfOpen opens n TCP connections to addr from the loopback address
// from and sends nothing on them.
func halfOpen(t testing.TB, addr, from string, n int) []net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
	var raws []net.Conn
	for i := 0; i < n; i++ {
		raw, err := d.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		raws = append(raws, raw)
	}
	t.Cleanup(func() {
		for _, r := range raws {
			r.Close()
		}
	})
	return raws
}

// Connections that never finish logging in are closed after the
// handshake timeout, and no more than MaxHandshakes wait at once: more
// drop the oldest of the address with the most, so a student logging in
// from elsewhere meanwhile gets in.
func TestHalfOpenConnectionsAreClosed(t *testing.T) {
	s, addr := start(t, func(c *Config) {
		c.HandshakeTimeout = 1500 * time.Millisecond // a student logs in well within it, even under -race
		c.MaxHandshakes = 20
	})
	fds := openFiles()
	flooding := make(chan []net.Conn)
	go func() { flooding <- halfOpen(t, addr, "127.0.0.2", 100) }()
	c := connect(t, addr, 80, 24)
	raws := <-flooding
	c.waitFor(t, "mean loss vs w", 10*time.Second)
	// Every half-open connection has been accepted once it reads the
	// server's version line or its end.
	for _, r := range raws {
		r.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := r.Read(make([]byte, 64)); err != nil && err != io.EOF {
			t.Fatal(err)
		}
	}
	if open, waiting := s.counts(); waiting > 20 || open > 21 {
		t.Errorf("%d connections open, %d waiting; want at most 20 waiting", open, waiting)
	}
	waitUntil(t, 5*time.Second, "the half-open connections closed", func() bool {
		open, waiting := s.counts()
		return open == 1 && waiting == 0
	})
	// The client ends read the end of the connection.
	for _, r := range raws {
		r.SetReadDeadline(time.Now().Add(2 * time.Second))
		if _, err := io.ReadAll(r); err != nil {
			t.Fatalf("a half-open connection is still open: %v", err)
		}
		r.Close()
	}
	c.in.Write([]byte("n"))
	c.waitFor(t, "update 1", 10*time.Second)
	if fds > 0 {
		waitUntil(t, 5*time.Second, "descriptors back to the baseline", func() bool { return openFiles() <= fds+2 })
	}
}

// A client that logs in and then opens no session is closed too.
func TestLoggedInWithoutSessionIsClosed(t *testing.T) {
	s, addr := start(t, func(c *Config) { c.HandshakeTimeout = 300 * time.Millisecond })
	waitClosed(t, dial(t, addr), "a connection without a session")
	if open, _ := s.counts(); open != 0 {
		t.Errorf("%d connections open", open)
	}
}

// Connections whose session has ended wait like those logging in: a
// client that keeps them open cannot pile them up.
func TestEndedSessionsDoNotPileUp(t *testing.T) {
	s, addr := start(t, func(c *Config) {
		c.MaxSessions = 1
		c.MaxHandshakes = 5
	})
	first := connect(t, addr, 80, 24)
	first.waitFor(t, "mean loss vs w", 10*time.Second)
	for i := 0; i < 20; i++ {
		sess, err := dial(t, addr).NewSession()
		if err != nil {
			continue // dropped to make room: fine
		}
		sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{})
		var out bytes.Buffer
		sess.Stderr = &out
		sess.Shell()
		sess.Wait() // "the classroom is full"; the connection stays open
	}
	// The last refused session may still be ending.
	waitUntil(t, 2*time.Second, "at most 1 session running and 5 connections waiting", func() bool {
		open, waiting := s.counts()
		return open <= 1+5 && waiting <= 5
	})
	first.in.Write([]byte("n"))
	first.waitFor(t, "update 1", 10*time.Second)
}

// A connection may hold two session channels at once, no more.
func TestSessionChannelsPerConnection(t *testing.T) {
	_, addr := start(t, nil)
	conn := dial(t, addr)
	var err error
	for i := 0; i < 3 && err == nil; i++ {
		_, err = conn.NewSession()
		if i < 2 && err != nil {
			t.Fatalf("session channel %d refused: %v", i+1, err)
		}
	}
	if err == nil {
		t.Error("a third session channel was opened")
	}
}

// Environment variables are bounded, and a client cannot set the one the
// server uses to find a session's channel.
func TestEnvironmentIsBounded(t *testing.T) {
	_, addr := start(t, nil)
	conn := dial(t, addr)
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Setenv(envChannel, "1"); err == nil {
		t.Errorf("the client set %s", envChannel)
	}
	refused := 0
	for i := 0; i < 200; i++ {
		if sess.Setenv(fmt.Sprintf("V%d", i), "x") != nil {
			refused++
		}
	}
	if refused != 200-maxEnvVars+1 {
		t.Errorf("%d of 200 variables refused, want %d", refused, 200-maxEnvVars+1)
	}
	if sess.Setenv("BIG", strings.Repeat("x", 10000)) == nil {
		t.Error("a 10 kB variable was accepted")
	}
}

// After IdleTimeout without a key the view quits, restoring the terminal
// (main screen, no mouse tracking, cursor shown) before the connection
// closes, and says why. Keys keep a session alive.
func TestIdleTimeoutRestoresTheTerminal(t *testing.T) {
	_, addr := start(t, func(c *Config) { c.IdleTimeout = 600 * time.Millisecond })
	busy := connect(t, addr, 80, 24)
	c := connect(t, addr, 80, 24)
	c.waitFor(t, "mean loss vs w", 10*time.Second)
	for i := 0; i < 8; i++ {
		busy.in.Write([]byte("n"))
		time.Sleep(150 * time.Millisecond)
	}
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the idle session stayed open")
	}
	out := c.out.String()
	tail := out[strings.LastIndex(out, "mean loss vs w"):]
	for name, seq := range map[string]string{
		"leave the alternate screen": "\x1b[?1049l", "show the cursor": "\x1b[?25h",
		"stop mouse button tracking": "\x1b[?1002l", "stop mouse motion tracking": "\x1b[?1003l", "stop SGR mouse": "\x1b[?1006l",
	} {
		if !strings.Contains(tail, seq) {
			t.Errorf("the idle session did not %s (%q)", name, seq)
		}
	}
	if i, j := strings.LastIndex(tail, "\x1b[?1049l"), strings.Index(tail, "without a key pressed"); j < 0 || j < i {
		t.Errorf("no notice after the restored screen: %q", tail[max(0, len(tail)-300):])
	}
	select {
	case <-busy.done:
		t.Error("a student pressing keys was closed as idle")
	default:
	}
}

// writerWaits reports whether a goroutine waits for an SSH channel window,
// as the server's writer to a client that reads nothing does.
func writerWaits() bool {
	buf := make([]byte, 1<<20)
	return bytes.Contains(buf[:runtime.Stack(buf, true)], []byte("ssh.(*window).reserve"))
}

// waitUntil polls cond until it holds or d passes.
func waitUntil(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// openFiles counts this process's open file descriptors, or -1 where
// /proc is missing.
func openFiles() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents)
}

// slowReader returns its chunks one per Read, sleeping before those
// marked.
type slowReader struct {
	chunks []string
	sleeps map[int]time.Duration
	i      int
}

func (r *slowReader) Read(p []byte) (int, error) {
	if r.i == len(r.chunks) {
		return 0, io.EOF
	}
	time.Sleep(r.sleeps[r.i])
	r.sleeps[r.i] = 0
	n := copy(p, r.chunks[r.i])
	if r.chunks[r.i] = r.chunks[r.i][n:]; r.chunks[r.i] == "" {
		r.i++
	}
	return n, nil
}

func TestInputGuard(t *testing.T) {
	big := strings.Repeat("a", flushEvery)
	for _, c := range []struct {
		name   string
		chunks []string
		sleeps map[int]time.Duration
		want   string
	}{
		{"keys pass as they are", []string{"n", "n", "\x1b[A"}, map[int]time.Duration{}, "nn\x1b[A"},
		{"a pause ends any paste", []string{"\x1b[200~abc", "def"}, map[int]time.Duration{1: flushPause + 10*time.Millisecond},
			"\x1b[200~abc" + pasteEnd + "def"},
		{"a stream gets a pause and a paste end", []string{"\x1bP" + big, "more"}, map[int]time.Duration{},
			"\x1bP" + big[:flushEvery-2] + pasteEnd + "aamore"},
	} {
		g := &inputGuard{r: &slowReader{chunks: c.chunks, sleeps: c.sleeps}}
		begin := time.Now()
		got, _ := io.ReadAll(g)
		if string(got) != c.want {
			t.Errorf("%s: %q…, want %q…", c.name, clip(string(got)), clip(c.want))
		}
		if strings.Contains(c.name, "a stream") && time.Since(begin) < flushPause {
			t.Errorf("%s: no pause", c.name)
		}
	}
}

// Input that never finishes an escape sequence or a paste, streamed as
// fast as the client can, keeps the server's memory bounded and other
// students served.
func TestEndlessInputSequences(t *testing.T) {
	_, addr := start(t, nil)
	good := connect(t, addr, 80, 24)
	good.waitFor(t, "mean loss vs w", 10*time.Second)
	before := heapInUse()
	stop := make(chan struct{})
	var flooders []*client
	for _, start := range []string{"\x1bP", "\x1b]", "\x1b[200~", "\x1b[1"} {
		c := connect(t, addr, 80, 24)
		c.waitFor(t, "mean loss vs w", 10*time.Second)
		flooders = append(flooders, c)
		go func() {
			c.in.Write([]byte(start))
			chunk := bytes.Repeat([]byte("1"), 32<<10)
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := c.in.Write(chunk); err != nil {
					return
				}
			}
		}()
	}
	for begin := time.Now(); time.Since(begin) < 2500*time.Millisecond; {
		good.toggleHelp(t, 5*time.Second)
		time.Sleep(100 * time.Millisecond)
	}
	// Each flooder may have filled its channel's 2 MiB window (some 3 MiB
	// of packets on the heap); beyond that, a session's decoder holds a few
	// KiB. Without the guard, the four grew the heap by some 40 MB a second.
	if grew := int64(heapInUse()) - int64(before); grew > 48<<20 {
		t.Errorf("4 endless sequences grew the heap by %d MB", grew>>20)
	}
	close(stop)
	for _, c := range flooders {
		c.conn.Close()
	}
}

// lockedBuffer is a log destination safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A flood of connections makes a line or two in the log, not one per
// connection; a student refused for a wrong key is logged.
func TestFloodsAreLoggedAsCounts(t *testing.T) {
	var logged lockedBuffer
	_, teacher := newKey(t)
	keys := writeKeys(t, teacher)
	s, addr := start(t, func(c *Config) {
		c.Log = &logged
		c.AuthorizedKeys = keys
		c.HandshakeTimeout = 300 * time.Millisecond
		c.MaxHandshakes = 10
	})
	halfOpen(t, addr, "127.0.0.2", 100)
	stranger, _ := newKey(t)
	if loginWith(t, addr, stranger) {
		t.Fatal("a stranger's key got in")
	}
	waitUntil(t, 5*time.Second, "every connection closed", func() bool {
		open, _ := s.counts()
		return open == 0
	})
	out := logged.String()
	for what, want := range map[string]int{
		"dropped connections without a session": 1, "closed connections without a session": 1,
		"connections failed": 1, "permission denied": 1,
	} {
		if got := strings.Count(out, what); got != want {
			t.Errorf("%d lines with %q, want %d:\n%s", got, what, want, out)
		}
	}
}
