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

// shown returns the runs on screen: the compared runs in the compare view,
// the single run otherwise.
func (m Model) shown() []*engine.Run {
	if m.screen == screenCompare {
		return m.cmp
	}
	return []*engine.Run{m.run}
}

// refit recomputes every parameter's window; force refits even when the
// runs are inside them.
func (m *Model) refit(force bool) {
	m.relabel()
	k := m.run.Model().NumParams()
	if len(m.wins) != k {
		m.wins = make([]window, k)
		force = true
	}
	a := m.run.Analysis()
	runs := m.shown()
	for j := 0; j < k; j++ {
		var vals []float64
		for _, r := range runs {
			// Beside other runs, a diverging one gets an arrow rather than
			// a window stretched until the others' parabola is a sliver.
			if _, g := r.Factor(r.LR()); len(runs) > 1 && g == engine.Diverging {
				continue
			}
			vals = append(vals, r.Params()[j])
		}
		m.wins[j].fit(a.Optimum[j], m.run.Init()[j], vals, force)
	}
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

// relabel names the chosen parameter in the help of the keys that change
// its start: "← w0 − 0.1" for the lecture's w, "← b start − 0.1" for others.
func (m *Model) relabel() {
	name := m.run.Model().Params()[min(m.param, m.run.Model().NumParams()-1)]
	start := name + "0"
	if name != "w" {
		start = name + " " + tr(m.lang, "start")
	}
	m.keys.W0Down.SetHelp("←", start+" − 0.1")
	m.keys.W0Up.SetHelp("→", start+" + 0.1")
	m.keys.TypeW0.SetHelp("w", tr(m.lang, "type")+" "+start)
	m.keys.W0Pair.SetHelp("←/→", start)
}
