package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"descent/datasets"
	"descent/engine"
	"descent/ui"
)

// TestMain lets the tests run this test binary as descent itself.
func TestMain(m *testing.M) {
	if os.Getenv("DESCENT_AS_MAIN") == "1" {
		main()
		return
	}
	// fang wraps help to the terminal's width, up to 120 columns; the README's
	// blocks are made at 120 even when go test runs in a narrower terminal.
	os.Setenv("__FANG_TEST_WIDTH", "120")
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// serveProcess starts `descent serve args…` as a child process.
func serveProcess(t *testing.T, args ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--host-key", filepath.Join(t.TempDir(), "hk")}, args...)...)
	cmd.Env = append(os.Environ(), "DESCENT_AS_MAIN=1")
	var errOut syncBuffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return cmd, &errOut
}

func waitLog(t *testing.T, b *syncBuffer, s string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(b.String(), s) {
			return
		}
	}
	t.Fatalf("no %q in the log:\n%s", s, b.String())
}

func TestServeStopsOnSignal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		cmd, log := serveProcess(t, "--listen", "127.0.0.1:0")
		waitLog(t, log, "listening")
		begin := time.Now()
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		if err != nil || time.Since(begin) > 5*time.Second {
			t.Errorf("%v: exit %v after %v, want status 0 within 5 s", sig, err, time.Since(begin))
		}
		if !strings.Contains(log.String(), "stopped") {
			t.Errorf("%v: the log does not say stopped:\n%s", sig, log.String())
		}
	}
}

func TestServeWarnsWhenOpen(t *testing.T) {
	cmd, log := serveProcess(t, "--listen", "0.0.0.0:0")
	waitLog(t, log, "listening")
	if !strings.Contains(log.String(), "anyone who can reach 0.0.0.0:0 can connect") {
		t.Errorf("no warning for a non-loopback address:\n%s", log.String())
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
}

func TestServeFlags(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk_keys")
	if err := os.WriteFile(junk, []byte("# the class\nnot a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		// Host-key and authorized-keys files are checked before anything
		// starts; the message names the flag, the file and the line.
		{[]string{"serve", "--host-key", dir}, "--host-key " + dir + ": is a directory"},
		{[]string{"serve", "--host-key", filepath.Join(dir, "hk"), "--authorized-keys", junk}, "--authorized-keys " + junk + ":2:"},
		{[]string{"serve", "--handshake-timeout", "0"}, "--handshake-timeout"},
		{[]string{"serve", "--max-handshakes", "0"}, "--max-handshakes"},
		{[]string{"serve", "--max-sessions", "0"}, "--max-sessions"},
		{[]string{"serve", "--idle-timeout", "soon"}, "--idle-timeout"},
		{[]string{"serve", "--listen", "nowhere"}, "--listen"},
		{[]string{"serve", "--authorized-keys", "/no/such/file"}, "--authorized-keys"},
		{[]string{"serve", "--lr", "-1"}, "--lr"},
		{[]string{"serve", "--host-key", filepath.Join(dir, "hk"), "--teacher-keys", junk}, "--teacher-keys " + junk + ":2:"},
		{[]string{"serve", "--teacher-keys", dir}, "--teacher-keys"},
		{[]string{"serve", "--host-key", filepath.Join(dir, "hk"), "--headless", "--log", filepath.Join(junk, "x.log")}, "--log"},
		{[]string{"serve", "--log", "a\tb"}, "--log"},
	} {
		code, out, errOut := runCLI(c.args...)
		if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", c.args, code, out, errOut)
		}
	}
	// Nothing half-written: the refused start created no host key, and
	// no log file.
	if _, err := os.Stat(filepath.Join(dir, "hk")); !os.IsNotExist(err) {
		t.Errorf("a refused start left a host key behind: %v", err)
	}
	logFile := filepath.Join(dir, "serve.log")
	if code, _, _ := runCLI("serve", "--host-key", dir, "--log", logFile); code != 2 {
		t.Errorf("a bad --host-key with --log: exit %d", code)
	}
	if _, err := os.Stat(logFile); !os.IsNotExist(err) {
		t.Errorf("a refused start left a log file behind: %v", err)
	}
}

// In a terminal, serve is the teacher's console: q asks, y stops the
// server as SIGTERM does, and the log went to --log. (script(1) gives the
// child a terminal.)
func TestServeConsoleInATerminal(t *testing.T) {
	if _, err := exec.LookPath("script"); err != nil {
		t.Skip("no script(1) to give the server a terminal")
	}
	dir := t.TempDir()
	logFile := filepath.Join(dir, "state", "serve.log")
	line := fmt.Sprintf("stty cols 100 rows 30; exec %q serve --listen 127.0.0.1:0 --host-key %q --log %q",
		os.Args[0], filepath.Join(dir, "hk"), logFile)
	cmd := exec.Command("script", "-qfec", line, "/dev/null")
	cmd.Env = append(os.Environ(), "DESCENT_AS_MAIN=1", "TERM=xterm-256color")
	keys, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var screen syncBuffer
	cmd.Stdout, cmd.Stderr = &screen, &screen
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	waitLog(t, &screen, "no student is connected")
	if !strings.Contains(screen.String(), "students type") || !strings.Contains(screen.String(), "SHA256:") {
		t.Errorf("the console does not show what students type and the host key:\n%s", screen.String())
	}
	keys.Write([]byte("q"))
	waitLog(t, &screen, "stop the server")
	begin := time.Now()
	keys.Write([]byte("y"))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("y did not stop the server within 5 s")
	}
	t.Logf("stopped %v after y", time.Since(begin))
	logged, err := os.ReadFile(logFile)
	if err != nil || !strings.Contains(string(logged), "listening") || !strings.Contains(string(logged), "stopped") {
		t.Errorf("the log file: %v\n%s", err, logged)
	}
	if !strings.Contains(screen.String(), "the log is in "+logFile) {
		t.Errorf("no word on where the log is:\n%s", screen.String())
	}
}

// Headless, the log goes to stderr, and to --log FILE too when given.
func TestServeHeadlessLog(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "serve.log")
	cmd, log := serveProcess(t, "--listen", "127.0.0.1:0", "--headless", "--log", logFile)
	waitLog(t, log, "listening")
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	logged, _ := os.ReadFile(logFile)
	for _, out := range []string{log.String(), string(logged)} {
		if !strings.Contains(out, "listening") || !strings.Contains(out, "students type") || !strings.Contains(out, "stopped") {
			t.Errorf("a log without listening, students type or stopped:\n%s", out)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a child's writer and the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// BenchmarkIdleProgram measures what descent's view costs in a terminal
// while nothing happens (paused at its first frame, 100×30): the CPU of
// this process as a percentage of one core and its threads' context
// switches a second, over 3 s, with the renderer at Bubble Tea's default
// 60 Hz and at localFPS (programOptions).
func BenchmarkIdleProgram(b *testing.B) {
	for _, fps := range []int{60, localFPS} {
		b.Run(fmt.Sprintf("renderer-%dHz", fps), func(b *testing.B) {
			in, keys := io.Pipe()
			defer keys.Close()
			hours, _ := datasets.Lookup("hours")
			p := tea.NewProgram(ui.New(ui.Options{Config: engine.Lecture(), Data: hours}), tea.WithFPS(fps),
				tea.WithInput(in), tea.WithOutput(io.Discard), tea.WithWindowSize(100, 30), tea.WithoutSignalHandler())
			done := make(chan struct{})
			go func() { p.Run(); close(done) }()
			time.Sleep(500 * time.Millisecond)
			b.ResetTimer()
			for range b.N {
				t0, c0, w0 := cpuTime(), contextSwitches(), time.Now()
				time.Sleep(3 * time.Second)
				el := time.Since(w0)
				b.ReportMetric(float64(cpuTime()-t0)/float64(el)*100, "cpu-%")
				b.ReportMetric(float64(contextSwitches()-c0)/el.Seconds(), "switches/s")
			}
			b.StopTimer()
			p.Quit()
			<-done
		})
	}
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// contextSwitches counts the context switches of this process's threads
// from /proc (0 elsewhere).
func contextSwitches() int64 {
	tasks, _ := os.ReadDir("/proc/self/task")
	var n int64
	for _, t := range tasks {
		data, _ := os.ReadFile("/proc/self/task/" + t.Name() + "/status")
		for _, l := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(strings.TrimPrefix(l, "non"), "voluntary_ctxt_switches:"); ok {
				x, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				n += x
			}
		}
	}
	return n
}
