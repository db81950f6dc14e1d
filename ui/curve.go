package ui

import (
	"fmt"
	"math"
	"strings"

	"descent/engine"
)

// runGlyphs and runTrails mark the compared runs: run i is drawn with
// runGlyphs[i] now and runTrails[i] for its last few updates.
var (
	runGlyphs = []string{"●", "▲", "■", "◆", "▼", "✚"}
	runTrails = []string{"○", "△", "□", "◇", "▽", "+"}
)

// lossCurve is what a loss curve panel shows: the mean loss along parameter j,
// the other parameters held at focus's values, over the window win; on it
// the current point of each of runs (or an arrow where it left the chart),
// their trails and the optimum, and for a single run the tangent, the
// ghost preview and the next sample's own curve.
type lossCurve struct {
	focus  *engine.Run
	runs   []*engine.Run // one: the single view's markers; more: the compared runs'
	j      int
	win    window
	ghost  bool // the next five updates as ◌
	sample bool // the next sample's own loss curve, dotted
}

// curveFrame is one loss curve panel's geometry at its size: the
// parameter's range across, the loss's range up, and the chart asciigraph
// draws. The curve is drawn from it, and a click measured against it.
type curveFrame struct {
	lo, hi float64
	cols   int // data columns
	spec   plotSpec
}

// labelWidth is the y labels' width of a curve panel w columns wide.
func labelWidth(w int) int {
	if w < 50 {
		return 6
	}
	return 9
}

// frame lays the curve out in a panel w columns wide and h lines high: a
// title line, the plot and its x axis.
func (cv lossCurve) frame(w, h int) curveFrame {
	labelW := labelWidth(w) // narrower for the slices of a model with several weights
	cols := max(w-labelW-3, 2)
	height := max(h-4, 2)
	lo, hi, ticks := cv.win.xRange(cols)
	xs, ys := cv.focus.LossCurve(cv.focus.Params(), cv.j, lo, hi, cols)
	ymin, ymax := math.Inf(1), math.Inf(-1)
	clip := math.Inf(-1)
	for i, y := range ys {
		if math.IsNaN(y) || math.IsInf(y, 0) {
			continue
		}
		ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
		if xs[i] >= cv.win.baseLo && xs[i] <= cv.win.baseHi {
			clip = math.Max(clip, y)
		}
	}
	if cv.win.stretched() && clip > ymin && clip < ymax {
		ymax = clip * 1.05 // the loss axis is clipped to keep the parabola readable
	}
	if ymin > 0 && ymin < 0.25*ymax {
		ymin = 0 // a loss is never negative: start the axis at 0 when it is near
	}
	if !(ymax > ymin) {
		ymin, ymax = 0, 1
	}
	return curveFrame{lo: lo, hi: hi, cols: cols,
		spec: plotSpec{ys: ys, height: height, ymin: ymin, ymax: ymax, yLabel: labelOf(labelW),
			xlo: lo, xhi: hi, xLabel: tickLabel, xTicks: ticks}}
}

// col returns the data column of parameter value v, and whether it is on
// the chart.
func (f curveFrame) col(v float64) (int, bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) || f.hi <= f.lo {
		return 0, false
	}
	x := (v - f.lo) / (f.hi - f.lo) * float64(f.cols-1)
	return int(math.Round(x)), x > -0.5 && x < float64(f.cols)-0.5
}

// valueAt returns the parameter value a click on cell (x, y) of the panel
// picks, counted from the panel's top-left corner (the title line is row
// 0): the value drawn in that column, rounded to about three significant
// digits of the range; and whether that cell is on the plot.
func (f curveFrame) valueAt(x, y int) (float64, bool) {
	g := f.spec.geometry()
	cx, ry := x-g.axisCol-1, y-1
	if cx < 0 || cx >= f.cols || ry < 0 || ry > g.rows {
		return 0, false
	}
	v := f.lo + (f.hi-f.lo)*float64(cx)/float64(max(f.cols-1, 1))
	return roundNice(v, f.hi-f.lo), true
}

// lines draws the curve exactly w columns wide and at most h lines high.
func (cv lossCurve) lines(c common, w, h int) []string {
	r := cv.focus
	j := cv.j
	single := len(cv.runs) == 1
	name := r.Model().Params()[j]
	p := r.Params()
	f := cv.frame(w, h)
	lo, hi, cols := f.lo, f.hi, f.cols
	cnv := newCanvas(f.spec)
	at := func(q engine.Vec) (int, int, bool) {
		cx, ok1 := f.col(q[j])
		ry, ok2 := cnv.row(r.MSEAt(q))
		return cx, ry, ok1 && ok2
	}
	st := c.st
	var notes []string
	sampleNote := ""
	if i, ok := r.NextSample(); ok && cv.sample && single {
		x, y := r.Data()
		ss := r.SampleCurve(i, p, j, lo, hi, cols)
		for cx, v := range ss {
			if ry, ok := cnv.row(v); ok {
				cnv.setIfBlank(cx, ry, "·", &st.sample)
			}
		}
		sampleNote = st.sample.Render(fmt.Sprintf("· next sample's loss (x=%s, y=%s)", num(x[i], 4), num(y[i], 4)))
	}
	// The tangent at w: its slope is the gradient of the mean loss.
	g := r.GradAt(p)[j]
	l0 := r.MSE()
	if wc, ok := f.col(p[j]); ok && single && !math.IsNaN(l0) && !math.IsInf(g, 0) {
		dx := (hi - lo) / float64(cols-1)
		s := g * dx * cnv.ratio
		glyph := "┄"
		if s > 0.5 {
			glyph = "╱"
		} else if s < -0.5 {
			glyph = "╲"
		}
		span := max(cols/6, 3)
		for cx := wc - span; cx <= wc+span; cx++ {
			if ry, ok := cnv.row(l0 + g*(lo+float64(cx)*dx-p[j])); ok && cx != wc {
				cnv.set(cx, ry, glyph, &st.tangent)
			}
		}
	}
	for i, rr := range cv.runs {
		trail, sty := "○", &st.trail
		if !single {
			trail, sty = runTrails[i], &st.runs[i]
		}
		for _, q := range rr.Recent(6) {
			if cx, ry, ok := at(q); ok {
				cnv.set(cx, ry, trail, sty)
			}
		}
	}
	if cv.ghost && single {
		for _, q := range r.Preview(5) {
			if cx, ry, ok := at(q); ok {
				cnv.set(cx, ry, "◌", &st.ghost)
			}
		}
	}
	opt := p
	opt[j] = r.Analysis().Optimum[j]
	if cx, ry, ok := at(opt); ok {
		cnv.set(cx, ry, "★", &st.optimum)
	}
	// The current points, or arrows saying where they went.
	for i, rr := range cv.runs {
		glyph, sty := "●", &st.current
		if !single {
			glyph, sty = runGlyphs[i], &st.runs[i]
		}
		q := rr.Params()
		l := rr.MSE()
		wc, inX := f.col(q[j])
		ry, inY := cnv.row(l)
		switch {
		case math.IsNaN(q[j]) || math.IsNaN(l):
			notes = append(notes, st.bad.Render(fmt.Sprintf("✗%s %s = %s: diverged", marker(single, glyph), name, num(q[j], 3))))
		case !inX && q[j] < lo:
			cnv.set(0, cnv.rows/2, "◀", sty)
			notes = append(notes, sty.Render(fmt.Sprintf("◀%s %s = %s", marker(single, glyph), name, num(q[j], 3))))
		case !inX:
			cnv.set(cols-1, cnv.rows/2, "▶", sty)
			notes = append(notes, sty.Render(fmt.Sprintf("▶%s %s = %s", marker(single, glyph), name, num(q[j], 3))))
		case !inY:
			cnv.set(wc, 0, "▲", sty)
			notes = append(notes, sty.Render(fmt.Sprintf("▲%s loss %s", marker(single, glyph), num(l, 3))))
		default:
			cnv.set(wc, ry, glyph, sty)
		}
	}
	head := []string{st.strong.Render("loss vs " + name)}
	if w >= 50 {
		head[0] = st.strong.Render(c.tr("mean loss vs ") + name)
	}
	head = append(head, notes...) // off-chart and diverged notes first: they matter most
	if single && len(notes) == 0 {
		head = append(head, st.current.Render("● "+name+" "+num(p[j], 5)))
	}
	head = append(head, st.optimum.Render("★ "+name+"* "+num(tidy(opt[j], r.Analysis().Optimum), 5)))
	if single {
		tangent := "╱"
		if g < 0 {
			tangent = "╲"
		}
		head = append(head, st.tangent.Render(tangent+" slope "+num(g, 4)), st.trail.Render("○ "+c.tr("earlier")))
	}
	if cv.ghost && single {
		head = append(head, st.ghost.Render("◌ next 5"))
	}
	if sampleNote != "" {
		head = append(head, sampleNote)
	}
	return append([]string{padTo(strings.Join(head, "  "), w)}, cnv.render(st.curve, w)...)
}

// marker returns " ●" for a compared run's glyph, nothing for a single run.
func marker(single bool, glyph string) string {
	if single {
		return ""
	}
	return " " + glyph
}

// slices draws one loss slice per parameter of r's model side by side in
// the panels, the chosen parameter's marked ▸, each exactly as wide as its
// panel; the lines are w columns wide.
func slices(c common, r *engine.Run, wins []window, chosen int, ghost, sample bool, panels []rect, w int) []string {
	var out []string
	for j, p := range panels {
		lines := lossCurve{focus: r, runs: []*engine.Run{r}, j: j, win: wins[j], ghost: ghost, sample: sample}.lines(c, p.w, p.h)
		if j == chosen {
			lines[0] = padTo(c.st.highlight.Render("▸ ")+lines[0], p.w)
		}
		for i, l := range lines {
			if j == 0 {
				out = append(out, l)
			} else if i < len(out) {
				out[i] += " " + l
			}
		}
	}
	for i := range out {
		out[i] = padTo(out[i], w)
	}
	return out
}
