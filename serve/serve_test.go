package serve

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"descent/datasets"
	"descent/engine"
	"descent/ui"
)

// start runs a server on a random loopback port and returns its address.
func start(t testing.TB, mut func(*Config)) (*Server, string) {
	t.Helper()
	hours, _ := datasets.Lookup("hours")
	cfg := Config{
		Listen: "127.0.0.1:0", HostKey: filepath.Join(t.TempDir(), "keys", "host_ed25519"), MaxSessions: 100,
		IdleTimeout: time.Minute, Log: io.Discard,
		Session: func() ui.Options { return ui.Options{Config: engine.Lecture(), Data: hours} },
	}
	if mut != nil {
		mut(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(l)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Shutdown(ctx)
	})
	return s, l.Addr().String()
}

// client is one student: an SSH session with a PTY running the view.
type client struct {
	conn *gossh.Client
	sess *gossh.Session
	in   io.WriteCloser
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
	size [2]int // the terminal's columns and rows, as last set by redraw
}

func dial(t testing.TB, addr string) *gossh.Client {
	t.Helper()
	conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "student", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

func connect(t testing.TB, addr string, w, h int) *client {
	t.Helper()
	return openSession(t, addr, w, h, true)
}

// openSession opens a student's session with a w×h terminal; keep says
// whether the client keeps what it reads (or only reads it).
func openSession(t testing.TB, addr string, w, h int, keep bool) *client {
	t.Helper()
	c := &client{conn: dial(t, addr), done: make(chan struct{})}
	sess, err := c.conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	c.sess = sess
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	c.in, _ = sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go c.read(stdout, keep)
	t.Cleanup(func() { c.conn.Close() })
	return c
}

// read reads the session's output until it ends, keeping it when keep is
// set, and then closes c.done.
func (c *client) read(stdout io.Reader, keep bool) {
	defer close(c.done)
	buf := make([]byte, 32*1024)
	for {
		n, err := stdout.Read(buf)
		if keep {
			c.mu.Lock()
			c.out.Write(buf[:n])
			c.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// waitFor waits until the output holds s.
func (c *client) waitFor(t testing.TB, s string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		ok := bytes.Contains(c.out.Bytes(), []byte(s))
		c.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t.Fatalf("no %q in %d bytes of output", s, c.out.Len())
}

func TestSessionStepsTheLecture(t *testing.T) {
	_, addr := start(t, nil)
	c := connect(t, addr, 100, 30)
	c.waitFor(t, "mean loss vs w", 10*time.Second)
	c.in.Write([]byte("nnn"))
	// The lecture's third update: w = 1.0984 + 0.162288 = 1.260688.
	c.waitFor(t, "1.260688", 10*time.Second)
	// A window change reaches the view: below 80×24 it says so.
	if err := c.sess.WindowChange(20, 60); err != nil {
		t.Fatal(err)
	}
	c.waitFor(t, "needs at least", 10*time.Second)
}

// firstUpdate connects a student at 80×24 who takes one update.
func firstUpdate(t testing.TB, addr string) *client {
	t.Helper()
	c := connect(t, addr, 80, 24)
	c.waitFor(t, "mean loss vs w", 20*time.Second)
	c.in.Write([]byte("n"))
	c.waitFor(t, "update 1", 20*time.Second)
	return c
}

func TestFiftySessionsAtOnce(t *testing.T) {
	t.Parallel()
	s, addr := start(t, nil)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			firstUpdate(t, addr)
		}()
	}
	wg.Wait()
	if n := s.Sessions(); n != 50 {
		t.Errorf("%d sessions open, want 50", n)
	}
}

func TestRefusals(t *testing.T) {
	_, addr := start(t, func(c *Config) { c.MaxSessions = 2 })
	// A command is refused with one line.
	conn := dial(t, addr)
	sess, _ := conn.NewSession()
	out, err := sess.CombinedOutput("ls -la")
	if err == nil || !strings.Contains(string(out), "is not something descent takes here") {
		t.Errorf("exec: %v, %q", err, out)
	}
	// No terminal: refused too.
	sess, _ = conn.NewSession()
	if out, _ := sess.CombinedOutput(""); !strings.Contains(string(out), "this needs a terminal") {
		t.Errorf("no pty: %q", out)
	}
	// The third session of two is refused politely.
	a, b := connect(t, addr, 80, 24), connect(t, addr, 80, 24)
	a.waitFor(t, "mean loss vs w", 10*time.Second)
	b.waitFor(t, "mean loss vs w", 10*time.Second)
	sessC, _ := dial(t, addr).NewSession()
	sessC.RequestPty("xterm", 24, 80, gossh.TerminalModes{})
	var outC, errC bytes.Buffer
	sessC.Stderr, sessC.Stdout = &errC, &outC
	sessC.Shell()
	sessC.Wait()
	if !strings.Contains(errC.String()+outC.String(), "classroom is full") {
		t.Errorf("third session: %q %q", outC.String(), errC.String())
	}
	// Port forwarding is refused.
	if _, err := conn.Dial("tcp", "127.0.0.1:22"); err == nil {
		t.Error("a direct-tcpip channel was accepted")
	}
}

func TestJunkAndDroppedClientsHurtNoOne(t *testing.T) {
	s, addr := start(t, nil)
	good := connect(t, addr, 80, 24)
	good.waitFor(t, "mean loss vs w", 10*time.Second)
	// Junk bytes on the port.
	for i := 0; i < 5; i++ {
		raw, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		raw.Write([]byte("GET / HTTP/1.1\r\n\r\n\x00\xff\xfe junk"))
		raw.Close()
	}
	// A client that vanishes mid-frame.
	gone := connect(t, addr, 120, 40)
	gone.waitFor(t, "mean loss", 10*time.Second)
	gone.in.Write([]byte("p+++++"))
	time.Sleep(100 * time.Millisecond)
	gone.conn.Close()
	// The first student goes on.
	good.in.Write([]byte("n"))
	good.waitFor(t, "update 1", 10*time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for s.Sessions() != 1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := s.Sessions(); n != 1 {
		t.Errorf("%d sessions after a client vanished, want 1", n)
	}
}

func TestPanicEndsOnlyItsSession(t *testing.T) {
	var calls atomic.Int64
	hours, _ := datasets.Lookup("hours")
	s, addr := start(t, func(c *Config) {
		c.Session = func() ui.Options {
			if calls.Add(1) == 1 {
				panic("a broken session")
			}
			return ui.Options{Config: engine.Lecture(), Data: hours}
		}
	})
	bad := connect(t, addr, 80, 24)
	select {
	case <-bad.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the panicking session stayed open")
	}
	good := connect(t, addr, 80, 24)
	good.waitFor(t, "mean loss vs w", 10*time.Second)
	if n := s.Sessions(); n != 1 {
		t.Errorf("%d sessions, want 1", n)
	}
}

func TestHostKeyIsPrivateAndReused(t *testing.T) {
	key := filepath.Join(t.TempDir(), "k", "host_ed25519")
	_, addr := start(t, func(c *Config) { c.HostKey = key })
	fi, err := os.Stat(key)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %v, want 0600", fi.Mode().Perm())
	}
	first := fingerprint(t, addr)
	_, addr2 := start(t, func(c *Config) { c.HostKey = key })
	if second := fingerprint(t, addr2); first != second {
		t.Error("the host key was not reused")
	}
}

func fingerprint(t *testing.T, addr string) string {
	var fp string
	conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", HostKeyCallback: func(_ string, _ net.Addr, k gossh.PublicKey) error {
		fp = gossh.FingerprintSHA256(k)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	return fp
}

func TestAuthorizedKeysOnly(t *testing.T) {
	dir := t.TempDir()
	keys := filepath.Join(dir, "authorized_keys")
	os.WriteFile(keys, []byte("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH7cTzJ6z6mHh1gA7L3qsqqQ3W2sCzyVq3H2mdV2xQ0j teacher\n"), 0o600)
	_, addr := start(t, func(c *Config) { c.AuthorizedKeys = keys })
	if _, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "x", HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second}); err == nil {
		t.Error("a client without a listed key got in")
	}
}

func TestShutdownTellsSessions(t *testing.T) {
	s, addr := start(t, nil)
	c := connect(t, addr, 80, 24)
	c.waitFor(t, "mean loss vs w", 10*time.Second)
	shutdownWithin(t, s, 4*time.Second)
	c.waitFor(t, "server is stopping", 5*time.Second)
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		t.Error("the session did not end")
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:2222": true, "localhost:1": true, "[::1]:2222": true, "0.0.0.0:2222": false, ":2222": false, "10.0.0.5:22": false} {
		if IsLoopback(addr) != want {
			t.Errorf("IsLoopback(%q) = %v", addr, !want)
		}
	}
}

// BenchmarkFiftyAutoplaying measures, with 50 students autoplaying at once,
// the time from a keystroke to the frame that shows it (? opens the full
// help, which draws "α too small" whole), and the memory each session
// holds. It reports p50 and p99 latency and MB per session. Keystrokes
// arrive at random moments, as a room's do; the 50 clients decrypt and
// search their output on the same two cores as the server, which the
// figures include.
func BenchmarkFiftyAutoplaying(b *testing.B) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	_, addr := start(b, nil)
	const n = 50
	clients := make([]*client, n)
	for i := range clients {
		clients[i] = connect(b, addr, 100, 30)
		clients[i].waitFor(b, "mean loss vs w", 30*time.Second)
		clients[i].in.Write([]byte("1++++p")) // a slow α, fast autoplay
	}
	time.Sleep(500 * time.Millisecond)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	var lat latencies
	b.ResetTimer()
	for round := 0; round < b.N; round++ {
		var wg sync.WaitGroup
		for _, c := range clients {
			wg.Add(1)
			go func(c *client, jitter time.Duration) {
				defer wg.Done()
				time.Sleep(jitter)
				c.sampleLatency(&lat)
			}(c, time.Duration(rand.IntN(200))*time.Millisecond)
		}
		wg.Wait()
	}
	b.StopTimer()
	lat.report(b)
	b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/n/1e6, "MB/session")
}

// latencies collects keystroke-to-frame times from many clients.
type latencies struct {
	mu  sync.Mutex
	all []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.all = append(l.all, d)
	l.mu.Unlock()
}

// report reports the median, the 99th percentile and the largest.
func (l *latencies) report(b *testing.B) { l.reportAs(b, "") }

// reportAs reports as report does, each metric's name after prefix.
func (l *latencies) reportAs(b *testing.B, prefix string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.all) == 0 {
		return
	}
	sort.Slice(l.all, func(i, j int) bool { return l.all[i] < l.all[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(l.all[len(l.all)/2]), prefix+"p50-ms")
	b.ReportMetric(ms(l.all[len(l.all)*99/100]), prefix+"p99-ms")
	b.ReportMetric(ms(l.all[len(l.all)-1]), prefix+"max-ms")
}

// sampleLatency times two keystrokes and the frames that show them: ?
// opens the full help ("α too small" is drawn whole), ? again brings back
// the receipt ("loss = (ŷ − y)²").
func (c *client) sampleLatency(lat *latencies) {
	c.timeKeys(lat, helpKeys, helpWants)
}

// helpKeys open and close the full help; helpWants are in the frames
// that show them.
var (
	helpKeys  = [2]string{"?", "?"}
	helpWants = [2]string{"α too small", "loss = (ŷ − y)²"}
)

// New reports a bad setting as a *ConfigError and creates nothing.
func TestNewRefusesBadSettings(t *testing.T) {
	hours, _ := datasets.Lookup("hours")
	dir := t.TempDir()
	base := Config{Listen: "127.0.0.1:0", HostKey: filepath.Join(dir, "k", "hk"), MaxSessions: 10, Log: io.Discard,
		Session: func() ui.Options { return ui.Options{Config: engine.Lecture(), Data: hours} }}
	for _, c := range []struct {
		mut     func(*Config)
		setting string
	}{
		{func(c *Config) { c.MaxSessions = 0 }, SettingMaxSessions},
		{func(c *Config) { c.IdleTimeout = -time.Second }, SettingIdleTimeout},
		{func(c *Config) { c.HandshakeTimeout = -time.Second }, SettingHandshakeTimeout},
		{func(c *Config) { c.MaxHandshakes = -1 }, SettingMaxHandshakes},
		{func(c *Config) { c.AuthorizedKeys = filepath.Join(dir, "none") }, SettingAuthorizedKeys},
		{func(c *Config) { c.HostKey = dir }, SettingHostKey},
	} {
		cfg := base
		c.mut(&cfg)
		_, err := New(cfg)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Setting != c.setting {
			t.Errorf("want a %s error, got %v", c.setting, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "k")); err == nil {
		t.Error("a refused configuration created the host key's folder")
	}
}

// loginWith tries to log in with key and reports whether it got in.
func loginWith(t *testing.T, addr string, key gossh.Signer) bool {
	t.Helper()
	conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "student", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// from= is enforced: a key is let in only from where one of its lines
// allows; other keys never.
func TestFromIsEnforced(t *testing.T) {
	t.Parallel()
	anywhere, a := newKey(t)
	elsewhere, b := newKey(t)
	here, c := newKey(t)
	notHere, d := newKey(t)
	both, e := newKey(t)
	stranger, _ := newKey(t)
	keys := writeKeys(t, a, `from="10.9.9.9" `+b, `from="127.0.0.0/8" `+c, `from="*,!127.0.0.1" `+d,
		`from="10.9.9.9" `+e, `from="127.0.0.1" `+e)
	_, addr := start(t, func(cfg *Config) { cfg.AuthorizedKeys = keys })
	for name, c := range map[string]struct {
		key gossh.Signer
		in  bool
	}{
		"no from=": {anywhere, true}, `from="10.9.9.9"`: {elsewhere, false}, `from="127.0.0.0/8"`: {here, true},
		`from="*,!127.0.0.1"`: {notHere, false}, "two lines, the second allows": {both, true}, "not listed": {stranger, false},
	} {
		if got := loginWith(t, addr, c.key); got != c.in {
			t.Errorf("%s: let in %v, want %v", name, got, c.in)
		}
	}
}
