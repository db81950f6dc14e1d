package ui

import (
	"math"

	"descent/engine"
)

// window is the range of one parameter that its loss curve shows. It is
// centred on the optimum and holds the start, the current values and, for
// a model with several weights, the bottom of the slice, with a margin. It
// stays put while they are inside it, so the picture does not jump every
// frame, and grows as far as they go when they leave: a parabola looks the
// same at every zoom, so a diverging w stays on the wall of a bowl that
// spans the panel.
type window struct {
	lo, hi float64
}

// Zooms: how a refit may change a window.
type zoom int

const (
	zoomGrow  zoom = iota // refit only when a value left the window
	zoomUndo              // as zoomGrow, and shrink back when the values came back well inside
	zoomForce             // refit to the values now
)

// margin is how far beyond the farthest value a refitted window reaches,
// as a multiple of that value's distance from the centre.
const margin = 1.15

// shrinkFactor is how much wider than its values call for a window may be
// before an undo zooms back in.
const shrinkFactor = 2

// fitWindows refits one window per parameter of r's model around r's
// optimum and start, to hold the current values of runs and, for a single
// run of several parameters, the bottom of each of its slices. Beside other runs, a
// diverging one is left out: it gets an arrow rather than a window
// stretched until the others' parabola is a sliver. Alone, a diverging
// run is followed at every update: its window holds its last two points,
// growing and shrinking with them, so that the point stays up the wall
// of a bowl that looks the same at every zoom, with the point before it
// on the picture too.
func fitWindows(wins []window, r *engine.Run, runs []*engine.Run, z zoom) []window {
	k := r.Model().NumParams()
	if len(wins) != k {
		wins = make([]window, k)
		z = zoomForce
	}
	var before []engine.Vec
	if len(runs) == 1 {
		if _, g := runs[0].Factor(runs[0].LR()); g == engine.Diverging {
			before, z = runs[0].Recent(1), zoomForce
		}
	}
	a := r.Analysis()
	for j := 0; j < k; j++ {
		var vals []float64
		for _, rr := range runs {
			if _, g := rr.Factor(rr.LR()); len(runs) > 1 && g == engine.Diverging {
				continue
			}
			vals = append(vals, rr.Params()[j])
		}
		for _, q := range before {
			vals = append(vals, q[j])
		}
		if k > 1 && len(runs) == 1 { // the single view marks the slice's bottom
			if m, ok := runs[0].SliceMinimum(runs[0].Params(), j); ok {
				vals = append(vals, m)
			}
		}
		c := a.Optimum[j]
		wins[j].fit(c, r.Init()[j], vals, z)
		wins[j].keepFinite(r, c, j)
	}
	return wins
}

// fit refits the window around the optimum c for the start w0 and the
// values ws, as z allows.
func (win *window) fit(c, w0 float64, ws []float64, z zoom) {
	if isBadF(c) {
		c = w0
	}
	half := 1.35 * math.Abs(w0-c)
	if half < 1e-9*math.Max(1, math.Abs(c)) {
		half = math.Max(1, math.Abs(c)/2)
	}
	need := half
	inside := win.hi > win.lo
	for _, w := range ws {
		if isBadF(w) {
			continue
		}
		need = math.Min(math.Max(need, margin*math.Abs(w-c)), 1e300)
		inside = inside && w >= win.lo && w <= win.hi
	}
	now := (win.hi - win.lo) / 2
	switch {
	case z == zoomForce, !inside:
	case z == zoomUndo && now > shrinkFactor*need:
	default:
		return
	}
	win.lo, win.hi = c-need, c+need
}

// keepFinite narrows the window of parameter j, centred on c, until the
// mean loss at its edges is a finite number: beyond, the loss overflows
// float64 and there is no curve to draw.
func (win *window) keepFinite(r *engine.Run, c float64, j int) {
	p := r.Params()
	for i := 0; i < 400; i++ {
		lo, hi := p, p
		lo[j], hi[j] = win.lo, win.hi
		if !isBadF(r.MSEAt(lo)) && !isBadF(r.MSEAt(hi)) {
			return
		}
		win.lo, win.hi = c-(c-win.lo)/4, c+(win.hi-c)/4
	}
}

// xRange widens the window to round numbers so that the x axis's ticks,
// about one per 14 of cols columns and at least three, fall on them; it
// returns the range and the number of ticks.
func (win window) xRange(cols int) (lo, hi float64, ticks int) {
	lo, hi = win.lo, win.hi
	n := max(cols/14, 2)
	step := niceStep((hi - lo) / float64(n))
	if step <= 0 || math.IsNaN(step) || math.IsInf(step, 0) {
		return lo, hi, n + 1
	}
	lo = math.Floor(lo/step+1e-9) * step
	k := int(math.Ceil((hi-lo)/step - 1e-9))
	return lo, lo + float64(k)*step, k + 1
}

// niceStep rounds s up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(s float64) float64 {
	if !(s > 0) || math.IsInf(s, 0) {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(s)))
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if f*p >= s*(1-1e-9) {
			return f * p
		}
	}
	return 10 * p
}
