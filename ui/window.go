package ui

import (
	"math"

	"descent/engine"
)

// window is the range of one parameter that its loss curve shows. It holds
// w*, w0 and w with a margin and stays put while w is inside it, so the
// picture does not jump every frame; it refits when w leaves, up to a sane
// width beyond which w is shown by an arrow at the edge.
type window struct {
	lo, hi         float64
	baseLo, baseHi float64 // the window w* and w0 alone call for
}

// saneFactor bounds how much wider than its starting window a window grows.
const saneFactor = 4

// fitWindows refits one window per parameter of r's model around r's
// optimum and start, to hold the current values of runs; force refits even
// when the runs are inside. Beside other runs, a diverging one is left out:
// it gets an arrow rather than a window stretched until the others'
// parabola is a sliver.
func fitWindows(wins []window, r *engine.Run, runs []*engine.Run, force bool) []window {
	k := r.Model().NumParams()
	if len(wins) != k {
		wins = make([]window, k)
		force = true
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
		wins[j].fit(a.Optimum[j], r.Init()[j], vals, force)
	}
	return wins
}

// fit refits the window around the optimum c for the start w0 and the
// current values ws.
func (win *window) fit(c, w0 float64, ws []float64, force bool) {
	if math.IsNaN(c) || math.IsInf(c, 0) {
		c = w0
	}
	half := 1.35 * math.Abs(w0-c)
	if half < 1e-9*math.Max(1, math.Abs(c)) {
		half = math.Max(1, math.Abs(c)/2)
	}
	win.baseLo, win.baseHi = c-half, c+half
	inside := win.hi > win.lo
	for _, w := range ws {
		inside = inside && w >= win.lo && w <= win.hi
	}
	if !force && inside {
		return
	}
	h := half
	for _, w := range ws {
		if !math.IsNaN(w) && !math.IsInf(w, 0) {
			h = math.Max(h, math.Min(math.Abs(w-c)*1.15, saneFactor*half))
		}
	}
	win.lo, win.hi = c-h, c+h
}

// stretched reports whether the window grew well beyond its base, as it
// does when w runs away.
func (win window) stretched() bool {
	return win.hi-win.lo > 1.6*(win.baseHi-win.baseLo)
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
