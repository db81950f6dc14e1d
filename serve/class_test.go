package serve

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"descent/ui"
)

// classroom starts a server with a teacher's key in --teacher-keys and
// returns it, its address and the teacher's key.
func classroom(t testing.TB, mut func(*Config)) (*Server, string, gossh.Signer) {
	t.Helper()
	key, line := newKey(t)
	s, addr := start(t, func(c *Config) {
		c.TeacherKeys = writeKeys(t, line)
		if mut != nil {
			mut(c)
		}
	})
	return s, addr, key
}

// login is how a test client logs in, and what it asks for.
type login struct {
	user string
	key  gossh.Signer // nil: keyboard-interactive with no question, as a student without a key
	env  map[string]string
	cmd  string // the words after the host; "" for none
	w, h int
}

// dialAs logs in as user with key, or without one (keyboard-interactive
// that asks nothing, as OpenSSH tries after its keys).
func dialAs(t testing.TB, addr, user string, key gossh.Signer) *gossh.Client {
	t.Helper()
	auth := []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	if key != nil {
		auth = append([]gossh.AuthMethod{gossh.PublicKeys(key)}, auth...)
	}
	conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: user, Auth: auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// join connects a client as l says, with a terminal, and starts reading.
func join(t testing.TB, addr string, l login) *client {
	t.Helper()
	c := &client{conn: dialAs(t, addr, l.user, l.key), done: make(chan struct{})}
	sess, err := c.conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	c.sess = sess
	for k, v := range l.env {
		if err := sess.Setenv(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if l.w == 0 {
		l.w, l.h = 80, 24
	}
	c.size = [2]int{l.w, l.h}
	if err := sess.RequestPty("xterm-256color", l.h, l.w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	c.in, _ = sess.StdinPipe()
	stdout, _ := sess.StdoutPipe()
	sess.Stderr = writerFunc(func(p []byte) (int, error) { // one line refusing a client
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.out.Write(p)
	})
	if l.cmd == "" {
		err = sess.Shell()
	} else {
		err = sess.Start(l.cmd)
	}
	if err != nil {
		t.Fatal(err)
	}
	go c.read(stdout, true)
	return c
}

// writerFunc is a function that is an io.Writer.
type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// text is what the client read so far, without escape sequences.
func (c *client) text() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return ansi.Strip(c.out.String())
}

// forget drops what the client read so far.
func (c *client) forget() {
	c.mu.Lock()
	c.out.Reset()
	c.mu.Unlock()
}

// redraw makes the view draw its whole frame again (a new size erases the
// screen first) and waits until it shows want; it returns the frame's
// text, drawn top to bottom.
func (c *client) redraw(t testing.TB, w, h int, want string) string {
	t.Helper()
	if c.size == [2]int{w, h} {
		w++ // the same size draws nothing
	}
	c.size = [2]int{w, h}
	c.forget()
	if err := c.sess.WindowChange(h, w); err != nil {
		t.Fatal(err)
	}
	c.waitFor(t, want, 10*time.Second)
	time.Sleep(300 * time.Millisecond) // the rest of the frame
	return c.text()
}

// redrawUntil redraws the view (as redraw does, at w or w+1 columns)
// until one whole frame shows every one of wants, and
// returns that frame's text. The renderer writes only the cells that
// change, so a count going from 0 to 3 shows as "3" alone in what the
// client reads; a whole frame shows it all.
func (c *client) redrawUntil(t testing.TB, w, h int, wants ...string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for i := 0; ; i++ {
		frame := c.redraw(t, w, h, wants[0])
		ok := true
		for _, want := range wants {
			ok = ok && strings.Contains(frame, want)
		}
		if ok {
			return frame
		}
		if time.Now().After(deadline) {
			t.Fatalf("no frame with all of %q:\n%s", wants, frame)
		}
	}
}

// between returns what lies between the first from and the next to in s.
func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	mid, _, _ := strings.Cut(rest, to)
	return mid
}

// Three students appear on the teacher's console with their α; a push of
// α reaches all three; the lock refuses a change and says so; follow me
// mirrors the teacher's updates on every student's view.
func TestConsoleLeadsTheClass(t *testing.T) {
	t.Parallel()
	_, addr, key := classroom(t, nil)
	var class []*client
	for _, s := range []struct {
		user, keys, says string
	}{{"alice", "\x1b[A", "α = 0.02"}, {"bob", "\x1b[A\x1b[A", "α = 0.05"}, {"carol", "\x1b[B", "α = 0.005"}} {
		c := join(t, addr, login{user: s.user})
		c.waitFor(t, "mean loss vs w", 10*time.Second)
		c.in.Write([]byte(s.keys))
		c.waitFor(t, s.says, 10*time.Second)
		class = append(class, c)
	}
	teacher := join(t, addr, login{user: "teacher", key: key, cmd: "console", w: 120, h: 40})
	teacher.waitFor(t, "classroom", 10*time.Second)
	frame := teacher.redrawUntil(t, 120, 40, "3 students", "alice", "bob", "carol")
	for _, row := range []struct{ name, next, lr string }{{"alice", "bob", "0.02"}, {"bob", "carol", "0.05"}, {"carol", "the class on", "0.005"}} {
		if got := between(frame, row.name, row.next); !strings.Contains(got, " "+row.lr+" ") {
			t.Errorf("the console's row of %s does not show α %s: %q", row.name, row.lr, got)
		}
	}
	// Push: the teacher's α (the lecture's 0.01) to everyone.
	for _, c := range class {
		c.forget()
	}
	teacher.in.Write([]byte("pa"))
	for _, c := range class {
		c.waitFor(t, "the teacher set α = 0.01", 10*time.Second)
	}
	// Lock: a student's ↑ is refused, and says why.
	teacher.in.Write([]byte("l"))
	class[0].waitFor(t, "locked", 10*time.Second)
	class[0].forget()
	class[0].in.Write([]byte("\x1b[A"))
	class[0].waitFor(t, "α is locked by the teacher", 10*time.Second)
	// Follow me: the teacher takes the lecture's three updates on their
	// own run; every student's view shows w = 1.260688.
	teacher.in.Write([]byte("f"))
	for _, c := range class {
		c.waitFor(t, "you follow the teacher's run", 10*time.Second)
	}
	teacher.in.Write([]byte("i"))
	time.Sleep(200 * time.Millisecond)
	teacher.in.Write([]byte("nnn"))
	for _, c := range class {
		c.waitFor(t, "1.260688", 10*time.Second)
	}
	teacher.redrawUntil(t, 120, 40, "update 3", "1.260688", "the class follows your run")
}

// A lesson page the teacher opens reaches the class.
func TestConsoleOpensALessonPage(t *testing.T) {
	t.Parallel()
	_, addr, key := classroom(t, nil)
	student := join(t, addr, login{user: "dana"})
	student.waitFor(t, "mean loss vs w", 10*time.Second)
	teacher := join(t, addr, login{user: "teacher", key: key, cmd: "console", w: 120, h: 40})
	teacher.waitFor(t, "classroom", 10*time.Second)
	teacher.redrawUntil(t, 120, 40, "1 student", "dana")
	teacher.in.Write([]byte("g5"))
	student.waitFor(t, "page 5/9", 10*time.Second)
	teacher.redraw(t, 121, 40, "opened lesson page 5 for everyone")
}

// `lesson`, with LANG=ko_KR.UTF-8 from the client (OpenSSH's SendEnv),
// opens the Korean lesson; -- --lang ko and serve's default do too, and
// --lang en wins over the client's LANG.
func TestLessonInKorean(t *testing.T) {
	t.Parallel()
	_, addr, _ := classroom(t, nil)
	const korean = "학생들이 1, 2, 3시간 공부해서 2, 4, 6점을 받았습니다."
	c := join(t, addr, login{user: "kim", cmd: "lesson", env: map[string]string{"LANG": "ko_KR.UTF-8"}})
	c.waitFor(t, korean, 10*time.Second)
	c = join(t, addr, login{user: "lee", cmd: "--lang ko", env: map[string]string{"LANG": "en_US.UTF-8"}})
	c.waitFor(t, "평균 손실", 10*time.Second)
	c = join(t, addr, login{user: "park", cmd: "lesson --lang en", env: map[string]string{"LC_ALL": "ko_KR.UTF-8"}})
	c.waitFor(t, "Students studied 1, 2 and 3 hours", 10*time.Second)
	_, addr2, _ := classroom(t, func(c *Config) { c.Lang = ui.Korean })
	c = join(t, addr2, login{user: "choi", cmd: "lesson", env: map[string]string{"LANG": "C.UTF-8"}})
	c.waitFor(t, korean, 10*time.Second)
}

// A student may ask for lesson, --lang en|ko and (teachers) console;
// anything else is refused with one line, and the console is refused to a
// key that is not a teacher's.
func TestStudentArgumentsAreRefused(t *testing.T) {
	t.Parallel()
	_, addr, _ := classroom(t, nil)
	stranger, _ := newKey(t)
	ko := map[string]string{"LANG": "ko_KR.UTF-8"}
	for _, c := range []struct {
		cmd  string
		key  gossh.Signer
		says string
		env  map[string]string
	}{
		{"--data /etc/shadow", nil, `"--data" is not something descent takes here`, nil},
		{"--data /etc/shadow", nil, `descent가 여기서 받지 않는 것입니다: "--data"`, ko},
		{"console", nil, "콘솔은 선생님용입니다", ko},
		{"lesson --data=/etc/passwd", nil, `"--data=/etc/passwd" is not something`, nil},
		{"--lang fr", nil, "--lang fr: want en or ko", nil},
		{"lesson lesson", nil, `"lesson" is not something`, nil},
		{"ls -la", nil, `"ls" is not something`, nil},
		{"console", nil, "the console is for teachers", nil},
		{"console", stranger, "the console is for teachers", nil},
	} {
		cl := join(t, addr, login{user: "mallory", key: c.key, cmd: c.cmd, env: c.env})
		<-cl.done
		cl.sess.Wait() // stderr copied too
		out := cl.text()
		if !strings.Contains(out, c.says) || strings.Count(strings.TrimSpace(out), "\n") != 0 {
			t.Errorf("%q: %q, want one line with %q", c.cmd, out, c.says)
		}
	}
}

// With --teacher-keys and no --authorized-keys, a client without a key
// gets in (keyboard-interactive, asked nothing); with a teacher's key the
// console opens.
func TestTeachersAndStudentsLogIn(t *testing.T) {
	t.Parallel()
	_, addr, key := classroom(t, nil)
	other, _ := newKey(t)
	// Another key is not a teacher's: the client goes on to
	// keyboard-interactive, and is a student.
	conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "eve", HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Auth: []gossh.AuthMethod{gossh.PublicKeys(other), gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return nil, nil
		})}})
	if err != nil {
		t.Fatalf("a student with a key of their own: %v", err)
	}
	conn.Close()
	teacher := join(t, addr, login{user: "teacher", key: key, cmd: "console"})
	teacher.waitFor(t, "no student is connected", 10*time.Second)
}

// Names on the roster are unique: the SSH user name, then -2, -3; a name
// typed on joining replaces it.
func TestRosterNames(t *testing.T) {
	t.Parallel()
	_, addr, key := classroom(t, func(c *Config) { c.AskNames = true })
	a := join(t, addr, login{user: "alice"})
	b := join(t, addr, login{user: "alice"})
	c := join(t, addr, login{user: "alice"})
	for _, x := range []*client{a, b, c} {
		x.waitFor(t, "Your name on the teacher's roster", 10*time.Second)
	}
	a.in.Write([]byte("\r"))
	b.in.Write([]byte("\r"))
	c.in.Write([]byte("Zoë Park\r"))
	teacher := join(t, addr, login{user: "teacher", key: key, cmd: "console", w: 120, h: 40})
	teacher.waitFor(t, "classroom", 10*time.Second)
	teacher.redrawUntil(t, 120, 40, "3 students", "alice ", "alice-2 ", "Zoë Park ")
}

// The console on the server's own terminal: q asks, y stops it; so does
// the end of its context (SIGTERM).
func TestLocalConsole(t *testing.T) {
	t.Parallel()
	s, _, _ := classroom(t, nil)
	in, keys := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- s.RunConsole(context.Background(), ui.English, tea.WithInput(in), tea.WithOutput(io.Discard),
			tea.WithWindowSize(120, 40), tea.WithoutSignalHandler())
	}()
	time.Sleep(300 * time.Millisecond)
	keys.Write([]byte("q"))
	time.Sleep(100 * time.Millisecond)
	select {
	case <-done:
		t.Fatal("q stopped the console without asking")
	default:
	}
	keys.Write([]byte("y"))
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("y did not stop the console")
	}
	ctx, cancel := context.WithCancel(context.Background())
	in2, _ := io.Pipe()
	go func() {
		done <- s.RunConsole(ctx, ui.English, tea.WithInput(in2), tea.WithOutput(io.Discard), tea.WithWindowSize(80, 24), tea.WithoutSignalHandler())
	}()
	time.Sleep(300 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the console did not end with its context")
	}
}

// JoinCommand says what students type.
func TestJoinCommand(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1:2222": "ssh -p 2222 127.0.0.1", "10.1.2.3:22": "ssh 10.1.2.3", "[::1]:2200": "ssh -p 2200 ::1",
	} {
		if got := JoinCommand(addr); got != want {
			t.Errorf("%s: %q, want %q", addr, got, want)
		}
	}
	if got := JoinCommand("0.0.0.0:2222"); strings.Contains(got, "0.0.0.0") || !strings.HasPrefix(got, "ssh -p 2222 ") {
		t.Errorf("0.0.0.0:2222: %q, want this machine's address", got)
	}
}

// The arguments a client may send, and the language its environment asks
// for.
func TestParseArgsAndClientLang(t *testing.T) {
	for _, c := range []struct {
		words []string
		want  sessionArgs
		ok    bool
	}{
		{nil, sessionArgs{}, true},
		{[]string{"lesson"}, sessionArgs{lesson: true}, true},
		{[]string{"console", "--lang", "ko"}, sessionArgs{console: true, lang: ui.Korean}, true},
		{[]string{"--lang=en", "lesson"}, sessionArgs{lesson: true, lang: ui.English}, true},
		{[]string{"--lang"}, sessionArgs{}, false},
		{[]string{"--lang", "ko", "--lang", "en"}, sessionArgs{}, false},
		{[]string{"lesson", "console"}, sessionArgs{}, false},
		{[]string{"--data", "/etc/shadow"}, sessionArgs{}, false},
	} {
		got, err := parseArgs(c.words)
		if (err == nil) != c.ok || c.ok && got != c.want {
			t.Errorf("%q: %+v, %v", c.words, got, err)
		}
	}
	for _, c := range []struct {
		env  []string
		want ui.Lang
		ok   bool
	}{
		{[]string{"LANG=ko_KR.UTF-8"}, ui.Korean, true},
		{[]string{"LANG=ko_KR.UTF-8", "LC_ALL=en_GB.UTF-8"}, ui.English, true},
		{[]string{"LC_ALL=C", "LANG=ko_KR.UTF-8"}, ui.Korean, true},
		{[]string{"LANG=C.UTF-8"}, "", false},
		{[]string{"TERM=xterm"}, "", false},
	} {
		got, ok := clientLang(c.env)
		if got != c.want || ok != c.ok {
			t.Errorf("%q: %v %v", c.env, got, ok)
		}
	}
}

// The hub never waits on a view: a student whose client reads nothing
// does not hold up pushes to the others nor the console.
func TestSilentStudentHoldsUpNobody(t *testing.T) {
	t.Parallel()
	if raceEnabled {
		t.Skip("filling 2 MiB of window takes the race detector too long")
	}
	_, addr, key := classroom(t, nil)
	sess, _ := dialAs(t, addr, "silent", nil).NewSession()
	sess.RequestPty("xterm-256color", 80, 240, gossh.TerminalModes{})
	sess.StdinPipe()
	sess.StdoutPipe() // never read
	sess.Shell()
	fillWindow(t, sess)
	other := join(t, addr, login{user: "ok"})
	other.waitFor(t, "mean loss vs w", 10*time.Second)
	teacher := join(t, addr, login{user: "teacher", key: key, cmd: "console", w: 120, h: 40})
	teacher.waitFor(t, "students", 10*time.Second)
	teacher.in.Write([]byte("pa"))
	other.waitFor(t, "the teacher set α = 0.01", 10*time.Second)
	teacher.in.Write([]byte("g3"))
	other.waitFor(t, "The loss graph", 10*time.Second)
	teacher.forget()
	teacher.in.Write([]byte("l"))
	teacher.waitFor(t, "locked", 5*time.Second)
}
