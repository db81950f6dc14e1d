package ui

import "math"

// window is the range of the chosen parameter that the loss curve shows.
// It holds w*, w0 and w with a margin and stays put while w is inside it,
// so the picture does not jump every frame; it refits when w leaves, up to
// a sane width beyond which w is shown by an arrow at the edge.
type window struct {
	lo, hi float64
	baseLo float64 // the window w*, w0 alone call for
	baseHi float64
	saneLo float64 // the widest window ever shown
	saneHi float64
	center float64 // w*, or w0 when w* is not finite
}

// saneFactor bounds how much wider than the starting window it may grow.
const saneFactor = 4

// refit recomputes the window; force refits even when w is inside it.
func (m *Model) refit(force bool) {
	j := m.param
	a := m.run.Analysis()
	c := a.Optimum[j]
	w0 := m.run.Init()[j]
	w := m.run.Params()[j]
	if math.IsNaN(c) || math.IsInf(c, 0) {
		c = w0
	}
	half := 1.35 * math.Abs(w0-c)
	if half < 1e-9*math.Max(1, math.Abs(c)) {
		half = math.Max(1, math.Abs(c)/2)
	}
	win := &m.win
	win.center = c
	win.baseLo, win.baseHi = c-half, c+half
	win.saneLo, win.saneHi = c-saneFactor*half, c+saneFactor*half
	inside := w >= win.lo && w <= win.hi && win.hi > win.lo
	if !force && inside {
		return
	}
	win.lo, win.hi = win.baseLo, win.baseHi
	if math.IsNaN(w) || math.IsInf(w, 0) {
		return
	}
	if d := math.Abs(w - c); d*1.15 > half {
		h := math.Min(d*1.15, saneFactor*half)
		win.lo, win.hi = c-h, c+h
	}
}
