package ui

import (
	"math"
	"strings"

	"descent/engine"
)

// shades are the contour map's levels, from the lowest loss to the
// highest: they read without colour.
var shades = []string{" ", "·", "░", "▒", "▓", "█"}

// contour draws the mean loss of r over parameter a (across) and the next
// one (up), the others held at their current values, within their windows
// wins, shaded by the loss's order of magnitude above the map's minimum,
// with the path of the run, its current point and the optimum on it. It is
// exactly w columns wide and h lines high. The single view draws it beside
// the slices of a model with several weights.
func contour(c common, r *engine.Run, a int, wins []window, w, h int) []string {
	st := c.st
	k := r.Model().NumParams()
	b := (a + 1) % k
	names := r.Model().Params()
	const labelW = 8
	cols, rows := max(w-labelW-1, 4), max(h-3, 3)
	xlo, xhi, _ := wins[a].xRange(cols)
	ylo, yhi := wins[b].lo, wins[b].hi
	p := r.Params()
	at := func(c, rr int) engine.Vec {
		q := p
		q[a] = xlo + (xhi-xlo)*float64(c)/float64(cols-1)
		q[b] = yhi - (yhi-ylo)*float64(rr)/float64(rows-1)
		return q
	}
	vals := make([][]float64, rows)
	lmin, lmax := math.Inf(1), math.Inf(-1)
	for rr := range vals {
		vals[rr] = make([]float64, cols)
		for c := range vals[rr] {
			v := r.MSEAt(at(c, rr))
			vals[rr][c] = v
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lmin, lmax = math.Min(lmin, v), math.Max(lmax, v)
			}
		}
	}
	// Shade by the loss above the map's minimum as a fraction of the map's
	// range, on a log scale: in a long flat valley the contours are
	// ellipses, not one dark band.
	cuts := []float64{1e-4, 1e-3, 1e-2, 0.05, 0.25}
	top := lmax - lmin
	grid := make([][]cell, rows)
	for rr := range grid {
		grid[rr] = make([]cell, cols)
		for c := range grid[rr] {
			lvl := len(shades) - 1
			if d := vals[rr][c] - lmin; !math.IsNaN(d) && !math.IsInf(d, 0) && top > 0 {
				lvl = 0
				for _, cut := range cuts {
					if d > cut*top {
						lvl++
					}
				}
			}
			grid[rr][c] = cell{glyph: shades[lvl], style: &st.sample}
		}
	}
	put := func(q engine.Vec, glyph string, sty *painter) bool {
		if isBadF(q[a]) || isBadF(q[b]) || xhi <= xlo || yhi <= ylo {
			return false
		}
		c := int(math.Round((q[a] - xlo) / (xhi - xlo) * float64(cols-1)))
		rr := int(math.Round((yhi - q[b]) / (yhi - ylo) * float64(rows-1)))
		if c < 0 || c >= cols || rr < 0 || rr >= rows {
			return false
		}
		grid[rr][c] = cell{glyph: glyph, style: sty}
		return true
	}
	for _, pt := range r.History() {
		put(pt.P, "∘", &st.trail)
	}
	for _, q := range r.Recent(30) {
		put(q, "∘", &st.trail)
	}
	put(r.Analysis().Optimum, "★", &st.optimum)
	off := !put(p, "●", &st.current)
	name := st.strong.Render(c.trf("loss over %s → and %s ↑", names[a], names[b]))
	key := st.subtle.Render("  " + c.tr("darker = higher · ∘ path"))
	gone := ""
	if off {
		gone = st.current.Render("  " + c.tr("● off the map"))
	}
	lines := []string{padTo(firstFit(w, name+key+gone, name+gone, name), w)}
	label := labelOf(labelW - 1)
	for rr, row := range grid {
		lab := strings.Repeat(" ", labelW-1)
		if rr == 0 || rr == rows-1 || rr == rows/2 {
			lab = label(roundNice(yhi-(yhi-ylo)*float64(rr)/float64(rows-1), yhi-ylo))
		}
		var bld strings.Builder
		bld.WriteString(st.subtle.Render(lab + "┤"))
		for c := 0; c < len(row); {
			e, sty := c, row[c].style
			var run strings.Builder
			for ; e < len(row) && row[e].style == sty; e++ {
				run.WriteString(row[e].glyph)
			}
			bld.WriteString(sty.Render(run.String()))
			c = e
		}
		lines = append(lines, padTo(bld.String(), w))
	}
	axis := strings.Repeat(" ", labelW-1) + "└" + strings.Repeat("─", cols)
	lo, hi := tickLabel(xlo), tickLabel(xhi)
	ticks := strings.Repeat(" ", labelW) + lo + strings.Repeat(" ", max(cols-len([]rune(lo))-len([]rune(hi)), 1)) + hi
	return append(lines, padTo(st.subtle.Render(axis), w), padTo(st.subtle.Render(ticks), w))
}

func isBadF(f float64) bool { return math.IsNaN(f) || math.IsInf(f, 0) }
