package serve

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// contextSwitches counts the context switches of this process's threads,
// voluntary and not, from /proc (0 elsewhere).
func contextSwitches() int64 {
	tasks, _ := os.ReadDir("/proc/self/task")
	var n int64
	for _, t := range tasks {
		b, err := os.ReadFile("/proc/self/task/" + t.Name() + "/status")
		if err != nil {
			continue
		}
		for _, l := range strings.Split(string(b), "\n") {
			for _, p := range []string{"voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:"} {
				if v, ok := strings.CutPrefix(l, p); ok {
					x, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
					n += x
				}
			}
		}
	}
	return n
}

// busy measures the CPU this process uses over d, as a percentage of one
// core, and its context switches a second.
func busy(d time.Duration) (cpu, switches float64) {
	t0, c0, w0 := cpuTime(), contextSwitches(), time.Now()
	time.Sleep(d)
	el := time.Since(w0)
	return float64(cpuTime()-t0) / float64(el) * 100, float64(contextSwitches()-c0) / el.Seconds()
}

// BenchmarkIdle100 measures what 100 students cost the server while none
// of them does anything (each paused at the first frame of the view at
// 80×24) and the teacher's console is open at 120×40: the CPU of the whole
// process (the idle clients cost nothing) as a percentage of one core, and
// its context switches a second, over 5 s, with each session's renderer
// waking 60 times a second (Bubble Tea's default), rendererFPS times (30),
// and once; each on the common beat (onTheBeat) or not.
func BenchmarkIdle100(b *testing.B) {
	for _, c := range []struct {
		fps  int
		beat bool
	}{{60, false}, {60, true}, {rendererFPS, false}, {rendererFPS, true}, {1, true}} {
		name := fmt.Sprintf("renderer-%dHz", c.fps)
		if !c.beat {
			name += "-unaligned"
		}
		b.Run(name, func(b *testing.B) {
			defer func(fps int, beat bool) { rendererFPS, rendererOnTheBeat = fps, beat }(rendererFPS, rendererOnTheBeat)
			rendererFPS, rendererOnTheBeat = c.fps, c.beat
			raiseFileLimit(b, 2000)
			_, addr, key := classroom(b, func(c *Config) { c.IdleTimeout = 0 })
			students := joinClass(b, addr, 100, "")
			for _, c := range students {
				c.forget()
			}
			teacher := join(b, addr, login{user: "teacher", key: key, cmd: "console", w: 120, h: 40})
			teacher.waitFor(b, "classroom", 30*time.Second)
			teacher.redrawUntil(b, 120, 40, "100 students")
			b.ResetTimer()
			for range b.N {
				cpu, sw := busy(5 * time.Second)
				b.ReportMetric(cpu, "cpu-%")
				b.ReportMetric(sw, "switches/s")
			}
		})
	}
}

// BenchmarkClass100 runs a class of 100 students at 80×24, each
// autoplaying at 100 updates a second, and a teacher's console at 120×40
// watching them, all over ssh on this machine: the clients decrypt and
// search their output on the same cores as the server. Each student, at
// random moments, times a keystroke until the frame that shows it (? opens
// the full help, ? again brings back the receipt); the teacher does the
// same on the console (p asks what to push, x, no answer, takes the
// question back; esc would wait out the terminal's escape timeout).
// Each round lasts 10 s. It reports the latencies of students and console
// (p50, p99, max), the heap each session adds (server and client, after
// a collection), the process's CPU, and the goroutines and descriptors
// before the class came and after it left.
func BenchmarkClass100(b *testing.B) { benchClass(b, false) }

// BenchmarkFollow100 is BenchmarkClass100 with the class following the
// teacher ("follow me"): the teacher's own run autoplays at 100 updates a
// second and every student's view replays it update by update, the
// heaviest path of the classroom. Students time their keystrokes as in
// BenchmarkClass100; the teacher, on their own run, does not.
func BenchmarkFollow100(b *testing.B) { benchClass(b, true) }

// setAlpha types α = 0.0001 (which never converges in a benchmark's
// time) on the α line, then + + + (100 updates a second) and p.
const setAlpha = "a\x7f\x7f\x7f\x7f\x7f\x7f\x7f0.0001\r+++p"

func benchClass(b *testing.B, follow bool) {
	if v := os.Getenv("DESCENT_SESSION_FPS"); v != "" { // to try other caps
		defer func(old int) { sessionFPS = old }(sessionFPS)
		sessionFPS, _ = strconv.Atoi(v)
	}
	raiseFileLimit(b, 2000)
	s, addr, key := classroom(b, func(c *Config) { c.IdleTimeout = 0 })
	warm := join(b, addr, login{user: "warm"}) // what every session shares is loaded once
	warm.waitFor(b, "mean loss vs w", 10*time.Second)
	warm.conn.Close()
	settle(s)
	fds, goroutines := openFiles(), runtime.NumGoroutine()
	before := heapInUse()
	const n = 100
	own := setAlpha
	if follow {
		own = ""
	}
	students := joinClass(b, addr, n, own)
	teacher := join(b, addr, login{user: "teacher", key: key, cmd: "console", w: 120, h: 40})
	teacher.waitFor(b, "classroom", 30*time.Second)
	teacher.redrawUntil(b, 120, 40, fmt.Sprint(n, " students"))
	if follow {
		teacher.in.Write([]byte("f"))
		teacher.waitFor(b, "follow me", 10*time.Second)
		teacher.in.Write([]byte("i" + setAlpha))
		students[n-1].waitFor(b, "following", 30*time.Second)
	}
	perSession := float64(int64(heapInUse())-int64(before)) / (n + 1) / 1e6
	for _, c := range students {
		c.forget()
	}
	var studentLat, consoleLat latencies
	var cpu float64
	b.ResetTimer()
	for range b.N {
		stop := make(chan struct{})
		var samplers sync.WaitGroup
		sample := func(c *client, lat *latencies, keys, wants [2]string) {
			defer samplers.Done()
			for {
				select {
				case <-stop:
					return
				case <-time.After(time.Duration(200+rand.IntN(600)) * time.Millisecond):
				}
				c.timeKeys(lat, keys, wants)
			}
		}
		for _, c := range students {
			samplers.Add(1)
			go sample(c, &studentLat, helpKeys, helpWants)
		}
		if !follow {
			samplers.Add(1)
			go sample(teacher, &consoleLat, [2]string{"p", "x"}, [2]string{"enter everything", "lesson pages go to"})
		}
		cpu, _ = busy(10 * time.Second)
		close(stop)
		samplers.Wait()
	}
	b.StopTimer()
	studentLat.reportAs(b, "student-")
	if !follow {
		consoleLat.reportAs(b, "console-")
	}
	b.ReportMetric(perSession, "MB/session")
	b.ReportMetric(cpu, "cpu-%")
	for _, c := range append(students, teacher) {
		c.conn.Close()
	}
	settle(s)
	b.ReportMetric(float64(goroutines), "goroutines-before")
	b.ReportMetric(float64(runtime.NumGoroutine()), "goroutines-after")
	b.ReportMetric(float64(fds), "fds-before")
	b.ReportMetric(float64(openFiles()), "fds-after")
}

// joinClass connects n students at 80×24, ten at a time, each of whom
// types keys once the view is up.
func joinClass(b *testing.B, addr string, n int, keys string) []*client {
	students := make([]*client, n)
	var wg sync.WaitGroup
	for i := range students {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := join(b, addr, login{user: fmt.Sprint("s", i)})
			c.waitFor(b, "mean loss vs w", 60*time.Second)
			c.in.Write([]byte(keys))
			students[i] = c
		}()
		if i%10 == 9 {
			wg.Wait()
		}
	}
	wg.Wait()
	return students
}

// timeKeys times two keystrokes, each until the frame that shows its
// want (in the bytes the client read, which a person's terminal shows); a
// frame that has not come in 5 s counts as 5 s.
func (c *client) timeKeys(lat *latencies, keys, wants [2]string) {
	for i := range keys {
		c.forget()
		t0 := time.Now()
		c.in.Write([]byte(keys[i]))
		want := []byte(wants[i])
		for time.Since(t0) < 5*time.Second {
			c.mu.Lock()
			got := bytes.Contains(c.out.Bytes(), want)
			c.mu.Unlock()
			if got {
				break
			}
			time.Sleep(time.Millisecond)
		}
		lat.add(time.Since(t0))
		time.Sleep(50 * time.Millisecond)
	}
}
