package serve

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// room is students autoplaying on a server while a benchmark does
// something else; each samples its keystroke-to-frame latency over and
// over.
type room struct {
	students []*client
	lat      latencies
	stop     chan struct{}
	wg       sync.WaitGroup
}

// newRoom connects n students at 100×30, autoplaying, and starts sampling.
func newRoom(b *testing.B, addr string, n int) *room {
	r := &room{stop: make(chan struct{})}
	for range n {
		c := connect(b, addr, 100, 30)
		c.waitFor(b, "mean loss vs w", 30*time.Second)
		c.in.Write([]byte("1++++p"))
		r.students = append(r.students, c)
	}
	for _, c := range r.students {
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			for {
				select {
				case <-r.stop:
					return
				case <-time.After(time.Duration(100+rand.IntN(200)) * time.Millisecond):
				}
				c.sampleLatency(&r.lat)
			}
		}()
	}
	return r
}

// end stops sampling and reports the latencies.
func (r *room) end(b *testing.B) {
	close(r.stop)
	r.wg.Wait()
	r.lat.report(b)
}

// memoryPeak samples the heap in use and the resident set until stopped.
type memoryPeak struct {
	heap, rss uint64
	stop      chan struct{}
	done      chan struct{}
}

func watchMemory() *memoryPeak {
	m := &memoryPeak{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			m.heap = max(m.heap, ms.HeapInuse)
			m.rss = max(m.rss, residentSet())
			select {
			case <-m.stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	return m
}

// end stops sampling and reports the peaks in MB.
func (m *memoryPeak) end(b *testing.B) {
	close(m.stop)
	<-m.done
	b.ReportMetric(float64(m.heap)/1e6, "peak-heap-MB")
	if m.rss > 0 {
		b.ReportMetric(float64(m.rss)/1e6, "peak-RSS-MB")
	}
}

// residentSet returns this process's resident set in bytes, or 0 where
// /proc is missing.
func residentSet() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkHugeAndFloodingClients runs 10 students autoplaying, first
// alone ("quiet") and then ("attacked") while three clients claim huge
// terminals (10000×10000 at the start, then 65535×65535 by window change
// and 1000×1000 in their input) and two flood window changes during
// autoplay, 5000 at a time. The attackers' clients share the two cores.
// It reports the peak heap and resident set of the whole process (server
// and all clients), the students' keystroke-to-frame latency, how long a
// flooder takes to answer a key once it stops, and how long shutdown takes
// afterwards. Each round lasts 3 s.
func BenchmarkHugeAndFloodingClients(b *testing.B) {
	for _, attacked := range []bool{false, true} {
		name := map[bool]string{false: "quiet", true: "attacked"}[attacked]
		b.Run(name, func(b *testing.B) { huge(b, attacked) })
	}
}

func huge(b *testing.B, attacked bool) {
	s, addr := start(b, nil)
	r := newRoom(b, addr, 10)
	mem := watchMemory()
	var recover latencies
	b.ResetTimer()
	for range b.N {
		if !attacked {
			time.Sleep(3 * time.Second)
			continue
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for _, size := range [][2]int{{10000, 10000}, {65535, 65535}, {1000, 1000}} {
			c := openSession(b, addr, size[0], size[1], false)
			c.in.Write([]byte("1++++p"))
			c.sess.WindowChange(65535, 65535)
			c.in.Write([]byte("\x1b[8;1000;1000t"))
			defer c.conn.Close()
		}
		var flooders []*client
		for range 2 {
			c := connect(b, addr, 120, 40)
			c.waitFor(b, "mean loss vs w", 10*time.Second)
			c.in.Write([]byte("1++++p"))
			flooders = append(flooders, c)
			wg.Add(1)
			go func() {
				defer wg.Done()
				sizes := [][2]int{{300, 100}, {80, 24}, {200, 60}, {120, 40}}
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					sz := sizes[i%len(sizes)]
					c.sess.WindowChange(sz[1], sz[0])
					if i%5000 == 4999 {
						c.mu.Lock()
						c.out.Reset()
						c.mu.Unlock()
						time.Sleep(100 * time.Millisecond)
					}
				}
			}()
		}
		time.Sleep(3 * time.Second)
		close(stop)
		wg.Wait()
		for _, c := range flooders {
			c.sess.WindowChange(40, 120)
			t0 := time.Now()
			c.toggleHelp(b, 10*time.Second)
			recover.add(time.Since(t0))
			c.conn.Close()
		}
	}
	b.StopTimer()
	mem.end(b)
	r.end(b)
	if attacked {
		recover.mu.Lock()
		b.ReportMetric(float64(slicesMax(recover.all).Microseconds())/1000, "flooder-recovers-ms")
		recover.mu.Unlock()
	}
	begin := time.Now()
	shutdownWithin(b, s, 4*time.Second)
	b.ReportMetric(time.Since(begin).Seconds(), "shutdown-s")
}

func slicesMax(ds []time.Duration) time.Duration {
	m := time.Duration(0)
	for _, d := range ds {
		m = max(m, d)
	}
	return m
}

// BenchmarkHalfOpen3000 opens 3000 TCP connections that never log in, as
// fast as it can, while 10 students autoplay and a new student logs in
// every 200 ms. The flood comes from 127.0.0.2 ("other machine") or from
// 127.0.0.1, the students' own address ("same address"). It reports the
// most connections and descriptors open at once, how long until every
// half-open connection is closed (the handshake timeout is 10 s), the
// descriptors and goroutines after against before, the students'
// latency, and the new logins' time to the first frame and failures.
func BenchmarkHalfOpen3000(b *testing.B) {
	for _, from := range []struct{ name, ip string }{{"other-machine", "127.0.0.2"}, {"same-address", "127.0.0.1"}} {
		b.Run(from.name, func(b *testing.B) {
			raiseFileLimit(b, 8000)
			s, addr := start(b, nil)
			r := newRoom(b, addr, 10)
			time.Sleep(500 * time.Millisecond)
			fds, goroutines := openFiles(), runtime.NumGoroutine()
			var logins latencies
			failed := 0
			b.ResetTimer()
			for range b.N {
				peakOpen, peakFDs := 0, 0
				stop := make(chan struct{})
				watched := make(chan struct{})
				go func() {
					defer close(watched)
					for {
						open, _ := s.counts()
						peakOpen, peakFDs = max(peakOpen, open), max(peakFDs, openFiles())
						select {
						case <-stop:
							return
						case <-time.After(20 * time.Millisecond):
						}
					}
				}()
				loginsDone := make(chan struct{})
				go func() {
					defer close(loginsDone)
					for {
						select {
						case <-stop:
							return
						case <-time.After(200 * time.Millisecond):
						}
						t0 := time.Now()
						if c, ok := tryConnect(addr); ok {
							logins.add(time.Since(t0))
							c.Close()
						} else {
							failed++
						}
					}
				}()
				d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from.ip)}}
				var raws []net.Conn
				floodStart := time.Now()
				for range 3000 {
					raw, err := d.Dial("tcp", addr)
					if err != nil {
						b.Fatal(err)
					}
					raws = append(raws, raw)
				}
				b.ReportMetric(time.Since(floodStart).Seconds(), "flood-s")
				begin := time.Now()
				for {
					if open, _ := s.counts(); open <= len(r.students) {
						break
					}
					if time.Since(begin) > 30*time.Second {
						b.Fatal("half-open connections still open after 30 s")
					}
					time.Sleep(20 * time.Millisecond)
				}
				b.ReportMetric(time.Since(floodStart).Seconds(), "all-closed-after-s")
				close(stop)
				<-watched
				<-loginsDone
				for _, raw := range raws {
					raw.Close()
				}
				b.ReportMetric(float64(peakOpen), "peak-conns")
				b.ReportMetric(float64(peakFDs), "peak-fds")
			}
			b.StopTimer()
			r.end(b)
			logins.mu.Lock()
			if n := len(logins.all); n > 0 {
				b.ReportMetric(float64(slicesMax(logins.all).Microseconds())/1000, "login-max-ms")
			}
			b.ReportMetric(float64(len(logins.all)), "logins")
			logins.mu.Unlock()
			b.ReportMetric(float64(failed), "logins-failed")
			time.Sleep(500 * time.Millisecond)
			b.ReportMetric(float64(fds), "fds-before")
			b.ReportMetric(float64(openFiles()), "fds-after")
			b.ReportMetric(float64(goroutines), "goroutines-before")
			b.ReportMetric(float64(runtime.NumGoroutine()), "goroutines-after")
		})
	}
}

// tryConnect logs in a student and waits for the first frame; false if
// that fails or takes more than 10 s.
func tryConnect(addr string) (net.Conn, bool) {
	raw, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return nil, false
	}
	raw.SetDeadline(time.Now().Add(10 * time.Second))
	sc, chans, reqs, err := gossh.NewClientConn(raw, addr, &gossh.ClientConfig{
		User: "student", HostKeyCallback: gossh.InsecureIgnoreHostKey()})
	if err != nil {
		raw.Close()
		return nil, false
	}
	conn := gossh.NewClient(sc, chans, reqs)
	sess, err := conn.NewSession()
	if err != nil {
		conn.Close()
		return nil, false
	}
	sess.RequestPty("xterm-256color", 30, 100, nil)
	out, _ := sess.StdoutPipe()
	if sess.Shell() != nil {
		conn.Close()
		return nil, false
	}
	var seen bytes.Buffer
	buf := make([]byte, 32<<10)
	for !bytes.Contains(seen.Bytes(), []byte("mean loss vs w")) {
		n, err := out.Read(buf)
		seen.Write(buf[:n])
		if err != nil {
			conn.Close()
			return nil, false
		}
	}
	return raw, true
}

// BenchmarkComeAndGo200 lets 200 students come and go, 20 at a time: each
// logs in, takes an update, and leaves, half by quitting (q) and half by
// dropping the connection. It reports the goroutines and descriptors
// before and after, once the server has settled.
func BenchmarkComeAndGo200(b *testing.B) {
	s, addr := start(b, nil)
	warm := connect(b, addr, 80, 24) // the first session loads what every session shares
	warm.waitFor(b, "mean loss vs w", 10*time.Second)
	warm.conn.Close()
	settle(s)
	fds, goroutines := openFiles(), runtime.NumGoroutine()
	b.ResetTimer()
	for range b.N {
		for wave := range 10 {
			var wg sync.WaitGroup
			for i := range 20 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := firstUpdate(b, addr)
					if (wave+i)%2 == 0 {
						c.in.Write([]byte("q"))
						<-c.done
					}
					c.conn.Close()
				}()
			}
			wg.Wait()
		}
	}
	b.StopTimer()
	settle(s)
	b.ReportMetric(float64(goroutines), "goroutines-before")
	b.ReportMetric(float64(runtime.NumGoroutine()), "goroutines-after")
	b.ReportMetric(float64(fds), "fds-before")
	b.ReportMetric(float64(openFiles()), "fds-after")
}

// settle waits until the server has no session nor connection and the
// goroutine count has stopped falling.
func settle(s *Server) {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if open, _ := s.counts(); open == 0 && s.Sessions() == 0 {
			break
		}
	}
	for n, i := runtime.NumGoroutine(), 0; i < 40; i++ {
		time.Sleep(50 * time.Millisecond)
		if m := runtime.NumGoroutine(); m >= n {
			break
		} else {
			n = m
		}
	}
}

// BenchmarkSessionMemory measures the live heap each autoplaying session
// adds (server and client together, after a collection) at a terminal
// size as the client claims it: at most 300×100 is drawn whatever it
// claims.
func BenchmarkSessionMemory(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {240, 80}, {300, 100}, {1000, 1000}, {10000, 10000}, {65535, 65535}} {
		b.Run(strconv.Itoa(size[0])+"x"+strconv.Itoa(size[1]), func(b *testing.B) {
			_, addr := start(b, nil)
			warm := connect(b, addr, 80, 24) // what every session shares is loaded once
			warm.waitFor(b, "mean loss vs w", 10*time.Second)
			const n = 5
			for range b.N {
				before := heapInUse()
				var cs []*client
				for range n {
					c := openSession(b, addr, size[0], size[1], false)
					c.in.Write([]byte("1++++p"))
					cs = append(cs, c)
				}
				time.Sleep(2 * time.Second)
				b.ReportMetric(float64(int64(heapInUse())-int64(before))/n/1e6, "MB/session")
				for _, c := range cs {
					c.conn.Close()
				}
			}
		})
	}
}
