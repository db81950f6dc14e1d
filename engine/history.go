package engine

// UndoDepth is how many of the most recent updates Back can undo exactly.
const UndoDepth = 1 << 17 // 131 072

// TrailPoints bounds the thinned history kept for charts.
const TrailPoints = 2048

// undoEntry is the state an update started from: the parameters and the α it used.
type undoEntry struct {
	p  Vec
	lr float64
}

// undoRing keeps the last UndoDepth undo entries; older ones fall off.
type undoRing struct {
	buf  []undoEntry
	sts  []OptState // the optimizer's state, for runs with one; parallel to buf
	head int        // index of the next write
	n    int        // entries held
}

func (u *undoRing) clear() { u.head, u.n = 0, 0 }

func (u *undoRing) len() int { return u.n }

// push records the first k entries of p, the rate lr and, when st is not
// nil, the optimizer's state.
func (u *undoRing) push(p *Vec, k int, lr float64, st *OptState) {
	if len(u.buf) < UndoDepth && u.head == len(u.buf) {
		u.buf = append(u.buf, undoEntry{})
	}
	e := &u.buf[u.head]
	for j := 0; j < k; j++ {
		e.p[j] = p[j]
	}
	e.lr = lr
	if st != nil {
		for len(u.sts) <= u.head {
			u.sts = append(u.sts, OptState{})
		}
		u.sts[u.head] = *st
	}
	u.head++
	if u.head == UndoDepth {
		u.head = 0
	}
	if u.n < UndoDepth {
		u.n++
	}
}

// at returns the i-th most recent entry (0 is the newest); i < len().
func (u *undoRing) at(i int) undoEntry {
	j := u.head - 1 - i
	if j < 0 {
		j += UndoDepth
	}
	return u.buf[j]
}

// state returns the optimizer state of the i-th most recent entry, zero
// when none was recorded.
func (u *undoRing) state(i int) OptState {
	j := u.head - 1 - i
	if j < 0 {
		j += UndoDepth
	}
	if j < len(u.sts) {
		return u.sts[j]
	}
	return OptState{}
}

func (u *undoRing) peek() (undoEntry, OptState, bool) {
	if u.n == 0 {
		return undoEntry{}, OptState{}, false
	}
	return u.at(0), u.state(0), true
}

func (u *undoRing) pop() (undoEntry, OptState, bool) {
	e, st, ok := u.peek()
	if ok {
		u.head--
		if u.head < 0 {
			u.head += UndoDepth
		}
		u.n--
	}
	return e, st, ok
}

// Point is one entry of a run's thinned history.
type Point struct {
	Update int     // updates taken when the point was recorded
	P      Vec     // the parameters then
	MSE    float64 // the mean squared error over all data then
}

// trail keeps every stride-th state; when it holds TrailPoints points it
// drops every other one and doubles the stride, so memory stays flat.
type trail struct {
	pts    []Point
	known  int // pts[:known] have their MSE filled in
	stride int
	next   int // the next update number to record: a multiple of stride
}

func (h *trail) reset(p Vec) {
	h.pts = append(h.pts[:0], Point{Update: 0, P: p})
	h.known = 0
	h.stride = 1
	h.next = 1
}

func (h *trail) add(t int, p Vec) {
	if t != h.next {
		return
	}
	if len(h.pts) == TrailPoints {
		h.stride *= 2
		kept := h.pts[:0]
		for _, q := range h.pts {
			if q.Update%h.stride == 0 {
				kept = append(kept, q)
			}
		}
		h.pts = kept
		h.known = 0
		if t%h.stride != 0 {
			h.next = (t/h.stride + 1) * h.stride
			return
		}
	}
	h.pts = append(h.pts, Point{Update: t, P: p})
	h.next = t + h.stride
}

// trim drops the points recorded after update t.
func (h *trail) trim(t int) {
	for len(h.pts) > 1 && h.pts[len(h.pts)-1].Update > t {
		h.pts = h.pts[:len(h.pts)-1]
	}
	h.known = min(h.known, len(h.pts))
	h.next = (t/h.stride + 1) * h.stride
}

// History returns the thinned history from the start up to now, the
// current state last: every update while there have been fewer than
// TrailPoints, then every 2nd, 4th, … so that at most TrailPoints+1 points
// come back. The slice is fresh.
func (r *Run) History() []Point {
	h := &r.trail
	for ; h.known < len(h.pts); h.known++ {
		h.pts[h.known].MSE = r.MSEAt(h.pts[h.known].P)
	}
	out := make([]Point, len(h.pts), len(h.pts)+1)
	copy(out, h.pts)
	if last := out[len(out)-1]; last.Update != r.t {
		out = append(out, Point{Update: r.t, P: r.p, MSE: r.MSE()})
	}
	return out
}
