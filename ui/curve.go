package ui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"descent/engine"
)

// runGlyphs and runTrails mark the compared runs: run i is drawn with
// runGlyphs[i] now and runTrails[i] for its last few updates.
var (
	runGlyphs = []string{"●", "▲", "■", "◆", "▼", "✚"}
	runTrails = []string{"○", "△", "□", "◇", "▽", "+"}
)

// sliceGlyph marks the bottom of a slice of a model with several weights,
// which is not the optimum ★ unless every other weight is at its best.
const sliceGlyph = "✕"

// lossCurve is what a loss curve panel shows: the mean loss along parameter j,
// the other parameters held at focus's values, over the window win; on it
// the current point of each of runs (or an arrow where it left the chart),
// their trails and the optimum, and for a single run the tangent, the
// next update's step, the ghost preview, the next sample's own curve and,
// for several weights, the slice's own bottom.
type lossCurve struct {
	focus  *engine.Run
	runs   []*engine.Run // one: the single view's markers; more: the compared runs'
	sel    int           // the compared run drawn last, over the others
	j      int
	win    window
	ghost  bool   // the next five updates as ◌
	sample bool   // the next sample's own loss curve, dotted
	mark   string // before the title: ▸ on the chosen slice
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
// title line, the plot and its x axis. Both axes fit the window: across,
// the window widened to round ticks; up, from 0 to the loss at the
// window's rim, so the curve is a bowl spanning the panel at any zoom.
func (cv lossCurve) frame(w, h int) curveFrame {
	labelW := labelWidth(w) // narrower for the slices of a model with several weights
	cols := max(w-labelW-3, 2)
	height := max(h-4, 2)
	lo, hi := cv.win.lo, cv.win.hi
	_, ys := cv.focus.LossCurve(cv.focus.Params(), cv.j, lo, hi, cols)
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for _, y := range ys {
		if !isBadF(y) {
			ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
		}
	}
	switch {
	case ymin == ymax && ymax > 0: // a loss that w does not change: drawn half way up
		ymin, ymax = 0, 2*ymax
	case ymin >= 0 && ymin < 0.25*ymax:
		ymin = 0 // a loss is never negative: start the axis at 0 when it is near
	}
	f := curveFrame{lo: lo, hi: hi, cols: cols}
	f.spec = plotSpec{ys: ys, height: height, ymin: ymin, ymax: ymax}.normalized()
	f.spec.yLabel = linearTicks(f.spec, labelW).label
	f.spec.xTicks = roundXTicks(lo, hi, cols, 0, f.col, tickText9)
	return f
}

// col returns the data column of parameter value v, and whether it is on
// the chart. Column c shows the curve from the c-th sample to the next,
// so v belongs to the column whose span holds it.
func (f curveFrame) col(v float64) (int, bool) {
	if isBadF(v) || f.hi <= f.lo {
		return 0, false
	}
	x := (v - f.lo) / (f.hi - f.lo) * float64(f.cols-1)
	if x < -1e-9 || x > float64(f.cols-1)+1e-9 {
		return int(math.Floor(x)), false
	}
	return min(int(math.Floor(x+1e-9)), f.cols-2), true
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

// tangentHalf is half the tangent's length, in columns (a row counts as
// two): the same at every size, so it never becomes a second curve.
const tangentHalf = 6.0

// tangentGlyph is the glyph of a line rising s rows per column (s > 0:
// up to the right): ┄ when nearly flat, ┆ when nearly upright, ╱ or ╲
// between. None of them is one of the curve's.
func tangentGlyph(s float64) string {
	deg := math.Atan(2*s) * 180 / math.Pi // a row is about two columns tall
	switch {
	case math.Abs(deg) < 22.5:
		return "┄"
	case math.Abs(deg) > 67.5:
		return "┆"
	case deg > 0:
		return "╱"
	}
	return "╲"
}

// drawTangent draws the tangent through data column wc, row r0 of cnv
// rising s rows per column: a short straight segment of fixed length in
// its own glyph, over the curve, which it touches there. It returns the
// glyph.
func drawTangent(cnv *canvas, wc, r0 int, s float64, st *painter) string {
	glyph := tangentGlyph(s)
	th := math.Atan(2 * s) // a row is about two columns tall
	put := func(cx, ry int) {
		if (cx != wc || ry != r0) && ry >= 0 && ry <= cnv.rows {
			cnv.set(cx, ry, glyph, st)
		}
	}
	// One cell per column when the segment is wider than tall, else one
	// per row, so that it reads as one straight line.
	if math.Abs(2*s) <= 1 {
		n := int(math.Round(tangentHalf * math.Cos(th)))
		for dx := -n; dx <= n; dx++ {
			put(wc+dx, r0-int(math.Round(float64(dx)*s)))
		}
		return glyph
	}
	n := int(math.Round(tangentHalf * math.Abs(math.Sin(th)) / 2))
	for dr := -n; dr <= n; dr++ {
		put(wc-int(math.Round(float64(dr)/s)), r0+dr)
	}
	return glyph
}

// drawStep draws a step from data column from to data column to on the x
// axis's line, rightwards or not: a heavy shaft with its head at to, cut
// at the chart's edge; a step within one column is its head alone.
func drawStep(cnv *canvas, from, to int, right bool, st *painter) {
	head, dir := "▶", 1
	if !right {
		head, dir = "◀", -1
	}
	to = min(max(to, 0), cnv.cols-1)
	for x := from; x != to; x += dir {
		cnv.setAxis(x, "━", st)
	}
	cnv.setAxis(to, head, st)
}

// legend joins the title line's items, most important first, dropping
// whole items that do not fit w columns rather than cutting one, and pads
// the line to w columns.
func legend(items []string, w int) string { return padTo(legendLine(items, w), w) }

// legendLine is legend without the padding.
func legendLine(items []string, w int) string {
	var kept []string
	used := 0
	for i, it := range items {
		n := ansi.StringWidth(it)
		if i > 0 {
			n += 2
		}
		if used+n > w && i > 0 {
			continue
		}
		kept, used = append(kept, it), used+n
	}
	return strings.Join(kept, "  ")
}

// packItems joins items with sep into lines of at most w columns, as
// many on a line as fit, each item whole (one wider than w alone on its
// line).
func packItems(items []string, sep string, w int) []string {
	var lines []string
	line := ""
	for _, it := range items {
		switch {
		case line == "":
			line = it
		case ansi.StringWidth(line+sep+it) <= w:
			line += sep + it
		default:
			lines = append(lines, line)
			line = it
		}
	}
	return append(lines, line)
}

// lines draws the curve exactly w columns wide and at most h lines high.
func (cv lossCurve) lines(c common, w, h int) []string {
	r := cv.focus
	j := cv.j
	single := len(cv.runs) == 1
	name := r.Model().Params()[j]
	k := r.Model().NumParams()
	p := r.Params()
	f := cv.frame(w, h)
	lo, hi, cols := f.lo, f.hi, f.cols
	cnv := newCanvas(f.spec)
	// at places parameters q: on the curve when q lies on the drawn slice
	// (one parameter, or q's other parameters are the focus's), else at
	// its own loss.
	at := func(q engine.Vec) (int, int, bool) {
		cx, ok1 := f.col(q[j])
		onSlice := k == 1 || q == withParam(p, j, q[j])
		var ry int
		var ok2 bool
		if onSlice {
			ry, ok2 = cnv.onCurve(cx, r.MSEAt(q))
		} else {
			ry, ok2 = cnv.row(r.MSEAt(q))
		}
		return cx, ry, ok1 && ok2
	}
	st := c.st
	var notes []string
	sampleItem := ""
	if i, ok := r.NextSample(); ok && cv.sample && single {
		x, y := r.Data()
		ss := r.SampleCurve(i, p, j, lo, hi, cols)
		for cx, v := range ss {
			if ry, ok := cnv.row(v); ok {
				cnv.setIfBlank(cx, ry, "·", &st.sample)
			}
		}
		sampleItem = st.sample.Render("· " + c.trf("next sample's loss (x=%s, y=%s)", num(x[i], 4), num(y[i], 4)))
	}
	// The tangent at w, whose slope is the gradient of the mean loss, and
	// the next update's step along the w axis.
	g := r.GradAt(p)[j]
	tangent, step := "", ""
	if single {
		if wc, ry, ok := at(p); ok && !isBadF(g) {
			dx := (hi - lo) / float64(cols-1)
			tangent = drawTangent(cnv, wc, ry, g*dx*cnv.ratio, &st.tangent)
		}
		if next := r.Preview(1); len(next) == 1 && !isBadF(next[0][j]) && next[0][j] != p[j] {
			if wc, ok := f.col(p[j]); ok {
				to, _ := f.col(next[0][j])
				drawStep(cnv, wc, to, next[0][j] >= p[j], &st.current)
			}
			step = st.current.Render("━▶ " + c.tr("next step") + " " + signed(next[0][j]-p[j], 4))
		}
	}
	bottom := math.NaN()
	if single && k > 1 {
		if m, ok := r.SliceMinimum(p, j); ok {
			bottom = m
			if cx, ry, ok := at(withParam(p, j, m)); ok {
				cnv.set(cx, ry, sliceGlyph, &st.ghost)
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
	opt := withParam(p, j, r.Analysis().Optimum[j])
	if cx, ry, ok := at(opt); ok {
		cnv.set(cx, ry, "★", &st.optimum)
	}
	// The current points, the selected run's last, or arrows saying where
	// they went.
	taken := map[[2]int][]string{}
	var order []int
	for i := range cv.runs {
		if i != cv.sel {
			order = append(order, i)
		}
	}
	order = append(order, min(max(cv.sel, 0), len(cv.runs)-1))
	for _, i := range order {
		rr := cv.runs[i]
		glyph, sty := "●", &st.current
		if !single {
			glyph, sty = runGlyphs[i], &st.runs[i]
		}
		q := rr.Params()
		l := rr.MSE()
		wc, inX := f.col(q[j])
		_, ry, inY := at(q)
		switch {
		case !single && rr.Status() == engine.Diverged:
			notes = append(notes, st.bad.Render(fmt.Sprintf("✗%s %s", marker(single, glyph), c.trf("diverged at update %d", rr.Updates()))))
		case isBadF(q[j]) || isBadF(l):
			notes = append(notes, st.bad.Render(fmt.Sprintf("✗%s %s = %s: %s", marker(single, glyph), name, num(q[j], 3), c.tr("the loss overflows float64"))))
		case !inX && q[j] < lo:
			cnv.set(0, cnv.rows/2, "◀", sty)
			notes = append(notes, sty.Render(fmt.Sprintf("◀%s %s = %s", marker(single, glyph), name, num(q[j], 3))))
		case !inX:
			cnv.set(cols-1, cnv.rows/2, "▶", sty)
			notes = append(notes, sty.Render(fmt.Sprintf("▶%s %s = %s", marker(single, glyph), name, num(q[j], 3))))
		case !inY:
			cnv.set(wc, 0, "▲", sty)
			notes = append(notes, sty.Render(fmt.Sprintf("▲%s %s %s", marker(single, glyph), c.tr("loss"), num(l, 3))))
		default:
			cnv.set(wc, ry, glyph, sty)
			taken[[2]int{wc, ry}] = append(taken[[2]int{wc, ry}], glyph)
		}
	}
	if !single {
		for _, i := range order { // in drawing order: the glyph on top last
			q := cv.runs[i].Params()
			wc, _ := f.col(q[j])
			_, ry, _ := at(q)
			if gs := taken[[2]int{wc, ry}]; len(gs) > 1 {
				notes = append(notes, st.subtle.Render(strings.Join(gs, "")+" "+c.tr("at the same point")))
				delete(taken, [2]int{wc, ry})
			}
		}
	}
	title := cv.mark + st.strong.Render(c.trf("loss vs %s", name))
	if w >= 50 {
		title = cv.mark + st.strong.Render(c.trf("mean loss vs %s", name))
	}
	items := append([]string{title}, notes...) // off-chart and diverged notes first: they matter most
	if single && len(notes) == 0 {
		items = append(items, st.current.Render("● "+name+" "+num(p[j], 5)))
	}
	items = append(items, st.optimum.Render("★ "+name+"* "+optimumText(r.Analysis(), j, keptDigits(c, r, j))))
	if !isBadF(bottom) {
		items = append(items, st.ghost.Render(sliceGlyph+" "+c.tr("bottom")+" "+num(bottom, 4)))
	}
	if step != "" {
		items = append(items, step)
	}
	if tangent != "" {
		items = append(items, st.tangent.Render(tangent+" "+c.tr("slope")+" "+num(g, 4)))
	}
	if single {
		items = append(items, st.trail.Render("○ "+c.tr("earlier")))
	}
	if cv.ghost && single {
		items = append(items, st.ghost.Render("◌ "+c.tr("next 5")))
	}
	if sampleItem != "" {
		items = append(items, sampleItem)
	}
	room := w
	if w < c.lay.curveW { // a slice beside another: its title stops short of the next
		room = w - headingGap
	}
	return append([]string{padTo(legendLine(items, room), w)}, cnv.render(st.curve, w)...)
}

// headingGap is how many columns the titles of two panels side by side
// keep apart besides the column between the panels, so that they stand
// three columns apart at least and read as two: a slice's title stops
// short of the next slice, and the side column's title (the loss chart's)
// starts after them.
const headingGap = 2

// withParam returns p with parameter j set to v.
func withParam(p engine.Vec, j int, v float64) engine.Vec {
	p[j] = v
	return p
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
	drawn := -1 // the columns the panels take, one apart
	for j, p := range panels {
		drawn += p.w + 1
		cv := lossCurve{focus: r, runs: []*engine.Run{r}, j: j, win: wins[j], ghost: ghost, sample: sample}
		if j == chosen {
			cv.mark = c.st.highlight.Render("▸ ")
		}
		lines := cv.lines(c, p.w, p.h)
		for i, l := range lines {
			if j == 0 {
				out = append(out, l)
			} else if i < len(out) {
				out[i] += " " + l
			}
		}
	}
	for i := range out { // every panel's lines are exactly as wide as it: no need to measure
		if drawn < w {
			out[i] += strings.Repeat(" ", w-drawn)
		}
	}
	return out
}

// slicesNote says, under the slices, why each slice's bottom is not the
// optimum, in w columns.
func slicesNote(c common, w int) string {
	return padTo(c.st.subtle.Render(firstFit(w, c.tr(sliceNote), c.tr(sliceNoteShort))), w)
}

// sliceNote is the line under the slices of a model with several
// weights; sliceNoteShort where it does not fit.
const (
	sliceNote      = "✕ lowest with the others held as now · ★ lowest with all of them free"
	sliceNoteShort = "✕ lowest with the others held · ★ all free"
)
