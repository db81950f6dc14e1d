package ui

import (
	"cmp"
	"fmt"
	"math"
	slc "slices"
	"strings"

	"descent/engine"
)

// The class on one picture, for the teacher's console: the loss curve of
// the teacher's data and model with every student's current w on it, and
// the α strip with every student's α against the stable intervals. Only
// the students whose run the picture describes are on it: the curve shows
// those on the same data and model, the strip those whose analysis is the
// teacher's (the same data, model, mode and optimizer); the legend counts
// the others.

// classPicture draws the picture w×h from the teacher's run in l: the
// curve above, the α strip's lines below.
func classPicture(c common, l *lab, students []Student, w, h int) []string {
	if l.run == nil || h <= 0 || w < 20 {
		return nil
	}
	strip := alphaStrip(c, l, students, w)
	if h < len(strip)+6 {
		return strip[:min(len(strip), h)]
	}
	return append(classCurve(c, l, students, w, h-len(strip)), strip...)
}

// onCurve reports whether s's run is on the teacher's curve: the same data
// and model.
func onCurve(l *lab, s Student) bool {
	return s.HasRun && s.Data == l.data.Name && s.Model == l.run.Model().Name()
}

// onStrip reports whether the teacher's analysis of α holds for s's run:
// the same data, model, mode (with its batch and shuffle) and optimizer
// (with its hyper-parameters).
func onStrip(l *lab, s Student) bool {
	c := l.run.Config()
	return onCurve(l, s) && s.Mode == c.Mode.String() && s.Optimizer == c.Optimizer.Kind.String() &&
		(c.Mode != engine.MiniBatch || s.Batch == c.Batch) && s.Shuffle == c.Shuffle && s.Settings == c.Optimizer
}

// mark is a place on a picture holding n students: one student's state
// glyph, or their number.
type mark struct {
	x, y  int
	n     int
	state runState // the state of one of them
}

// width is how many columns the mark takes: one glyph, or its number's
// digits.
func (m mark) width() int {
	if m.n == 1 {
		return 1
	}
	return len(fmt.Sprint(m.n))
}

// gather merges marks that would touch, so that no two numbers run into
// one another ("2" beside "7" is not 27): a mark and the next one along x
// closer than a blank column become one, counting both, placed where the
// larger was.
func gather(marks []mark) []mark {
	slc.SortFunc(marks, func(a, b mark) int { return cmp.Compare(a.x, b.x) })
	var out []mark
	for _, m := range marks {
		if n := len(out); n > 0 && m.x <= out[n-1].x+out[n-1].width() {
			last := &out[n-1]
			if m.n > last.n {
				last.x, last.y, last.state = m.x, m.y, m.state
			}
			last.n += m.n
			continue
		}
		out = append(out, m)
	}
	if len(out) < len(marks) {
		return gather(out) // a merged mark may have grown into the next
	}
	return out
}

// classCurve draws the teacher's loss curve along the chosen parameter, w
// columns wide and h lines high, with the students on it: one glyph a
// cell (their state's, or how many share the cell), arrows with counts for
// those beyond the window, and the optimum ★. The window holds the
// teacher's and grows, up to four times, for students outside it.
func classCurve(c common, l *lab, students []Student, w, h int) []string {
	st := c.st
	r := l.run
	j := l.param
	a := r.Analysis()
	win := window{}
	if j < len(l.wins) {
		win = l.wins[j]
	}
	if !(win.hi > win.lo) {
		win = fitWindows(nil, r, []*engine.Run{r}, zoomForce)[j]
	}
	centre := a.Optimum[j]
	if isBadF(centre) {
		centre = (win.lo + win.hi) / 2
	}
	half := math.Max(win.hi-centre, centre-win.lo)
	var ws []float64
	var on []Student
	other, diverged := 0, 0
	for _, s := range students {
		switch {
		case !onCurve(l, s):
			if s.HasRun {
				other++
			}
			continue
		case s.Status == engine.Diverged || isBadF(s.Params[j]) || isBadF(s.MeanLoss):
			diverged++
			continue
		}
		on = append(on, s)
		if math.Abs(s.Params[j]-centre) <= 4*half {
			ws = append(ws, s.Params[j])
		}
	}
	win.fit(centre, r.Init()[j], ws, zoomGrow)
	win.keepFinite(r, centre, j)
	f := lossCurve{focus: r, runs: []*engine.Run{r}, j: j, win: win}.frame(w, h)
	cnv := newCanvas(f.spec)
	p := r.Params()
	k := r.Model().NumParams()
	at := func(q engine.Vec) (int, int, bool) {
		cx, okX := f.col(q[j])
		var ry int
		var okY bool
		if k == 1 || q == withParam(p, j, q[j]) {
			ry, okY = cnv.onCurve(cx, r.MSEAt(q))
		} else {
			ry, okY = cnv.row(r.MSEAt(q))
		}
		return cx, ry, okX && okY
	}
	if cx, ry, ok := at(withParam(p, j, a.Optimum[j])); ok {
		cnv.set(cx, ry, "★", &st.optimum)
	}
	// The teacher's own point, under the students'.
	if cx, ry, ok := at(p); ok {
		cnv.set(cx, ry, "◆", &st.highlight)
	}
	var marks []mark
	left, right, above := 0, 0, 0
	for _, s := range on {
		q := s.Params
		cx, ry, ok := at(q)
		switch {
		case ok:
			marks = append(marks, mark{x: cx, y: ry, n: 1, state: stateOf(s)})
		case q[j] < f.lo:
			left++
		case q[j] > f.hi:
			right++
		default:
			above++
		}
	}
	for _, mk := range gather(marks) {
		paint := mk.state.paint(st)
		text := studentGlyph(mk.state)
		if mk.n > 1 {
			paint, text = st.current, fmt.Sprint(mk.n)
		}
		for i, r := range text {
			cnv.set(mk.x+i, mk.y, string(r), &paint)
		}
	}
	if left > 0 {
		cnv.set(0, cnv.rows/2, "◀", &st.current)
		for i, r := range fmt.Sprint(left) {
			cnv.set(1+i, cnv.rows/2, string(r), &st.current)
		}
	}
	if right > 0 {
		n := fmt.Sprint(right)
		for i, r := range n {
			cnv.set(f.cols-1-len(n)+i, cnv.rows/2, string(r), &st.current)
		}
		cnv.set(f.cols-1, cnv.rows/2, "▶", &st.current)
	}
	name := r.Model().Params()[j]
	items := []string{st.strong.Render(fmt.Sprintf(c.tr("the class on %s (%s)"), l.data.Name, r.Model().Formula()))}
	some := c.trf("● %d students' %s", len(on), name)
	if len(on) == 1 {
		some = c.trf("● %d student's %s", len(on), name)
	}
	items = append(items, st.current.Render(some))
	if diverged > 0 {
		items = append(items, st.bad.Render(fmt.Sprintf(c.tr("✗ %d diverged"), diverged)))
	}
	if above > 0 {
		items = append(items, st.bad.Render(fmt.Sprintf(c.tr("▲ %d above the chart"), above)))
	}
	if other > 0 {
		items = append(items, st.subtle.Render(fmt.Sprintf(c.tr("%d on other data"), other)))
	}
	items = append(items, st.optimum.Render("★ "+name+"* "+num(tidy(a.Optimum[j], a.Optimum), 5)),
		st.highlight.Render("◆ "+c.tr("your run")))
	items = append(items, st.subtle.Render(c.tr("a number: that many students there")))
	return append([]string{legend(items, w)}, cnv.render(st.curve, w)...)
}

// studentGlyph marks one student on the curve: ● for a run going on,
// its state's glyph for one that ended.
func studentGlyph(rs runState) string {
	if rs.name == statePlaying.name || rs.name == statePaused.name {
		return "●"
	}
	return rs.glyph
}

// alphaStrip draws where the class's α stand against the stable
// intervals of the teacher's settings, w columns wide, in four lines: how
// many students have each α (their number in the column of their α); the
// band █ where α converges with ┆ at the largest stable α; the α axis;
// and a sentence counting them.
func alphaStrip(c common, l *lab, students []Student, w int) []string {
	st := c.st
	a := l.run.Analysis()
	lo, hi := a.SweepRange()
	var lrs []float64
	other := 0
	for _, s := range students {
		switch {
		case onStrip(l, s) && s.LR > 0:
			lrs = append(lrs, s.LR)
		case s.HasRun:
			other++
		}
	}
	for _, lr := range append(lrs, l.run.LR()) {
		lo, hi = math.Min(lo, lr/1.5), math.Max(hi, lr*1.5)
	}
	const labelW = 9
	cols := max(w-labelW, 2)
	colOf := func(lr float64) int {
		return min(max(int(math.Round(math.Log(lr/lo)/math.Log(hi/lo)*float64(cols-1))), 0), cols-1)
	}
	colLR := func(x float64) float64 { return lo * math.Pow(hi/lo, x/float64(cols-1)) }
	stable := func(lr float64) bool {
		for _, iv := range a.StableIntervals {
			if lr > iv[0] && lr < iv[1] {
				return true
			}
		}
		return false
	}
	// stableCol reports whether column x, which stands for the α from
	// half a column left of it to half a column right, holds stable α: a
	// narrow interval (0.4765 to 0.519 on the lecture's data) shows even
	// when it falls between two columns' centres.
	stableCol := func(x int) bool {
		from, to := colLR(float64(x)-0.5), colLR(float64(x)+0.5)
		for _, iv := range a.StableIntervals {
			if iv[0] < to && iv[1] > from {
				return true
			}
		}
		return false
	}
	adaptive := a.Regime == engine.Adaptive
	var marks []mark
	inStable := 0
	allStable := map[int]bool{} // per column: every student's α there is stable
	for _, lr := range lrs {
		x := colOf(lr)
		marks = append(marks, mark{x: x, n: 1})
		was, seen := allStable[x]
		allStable[x] = (was || !seen) && stable(lr)
		if stable(lr) {
			inStable++
		}
	}
	row := make([]string, cols)
	for _, mk := range gather(marks) {
		paint := st.bad
		if adaptive || allStable[mk.x] {
			paint = st.good
		}
		for i, r := range fmt.Sprint(mk.n) {
			if mk.x+i < cols {
				row[mk.x+i] = paint.Render(string(r))
			}
		}
	}
	var who, band strings.Builder
	who.WriteString(st.label.Render(padRight(c.tr("students"), labelW)))
	band.WriteString(st.label.Render(padRight(c.tr("stable"), labelW)))
	you := colOf(l.run.LR())
	maxCol := -1
	if !math.IsInf(a.LRMaxStable, 0) && !math.IsNaN(a.LRMaxStable) && a.LRMaxStable > lo && a.LRMaxStable < hi {
		maxCol = colOf(a.LRMaxStable)
	}
	for x := 0; x < cols; x++ {
		switch {
		case row[x] != "":
			who.WriteString(row[x])
		case x == you:
			who.WriteString(st.highlight.Render("◆"))
		default:
			who.WriteString(" ")
		}
		switch {
		case x == maxCol:
			band.WriteString(st.warn.Render("┆"))
		case !adaptive && stableCol(x):
			band.WriteString(st.good.Render("█"))
		default:
			band.WriteString(st.subtle.Render("·"))
		}
	}
	// The α axis: powers of ten (or 1-2-5 steps when the range is short).
	axis := []rune(strings.Repeat(" ", cols))
	ticks := roundXTicks(math.Log10(lo), math.Log10(hi), cols, 1, func(e float64) (int, bool) {
		x := math.Log(math.Pow(10, e)/lo) / math.Log(hi/lo) * float64(cols-1)
		return int(math.Round(x)), x > -0.5 && x < float64(cols)-0.5
	}, func(e, _ float64) string { return num(math.Pow(10, e), 2) })
	end := -1
	for _, t := range ticks {
		rs := []rune(t.label)
		start := max(t.col-len(rs)/2, 0)
		if start <= end+1 || start+len(rs) > cols {
			continue
		}
		copy(axis[start:], rs)
		end = start + len(rs) - 1
	}
	axisLine := st.label.Render(padRight("α", labelW)) + st.subtle.Render(string(axis))
	var sum []string
	switch {
	case adaptive:
		adapts := c.trf("%d students' α · %s adapts its step: no fixed-α bound", len(lrs), l.run.Optimizer().Kind)
		if len(lrs) == 1 {
			adapts = c.trf("%d student's α · %s adapts its step: no fixed-α bound", len(lrs), l.run.Optimizer().Kind)
		}
		sum = []string{st.subtle.Render(adapts)}
	default:
		diverge := c.trf("%d diverge", len(lrs)-inStable)
		if len(lrs)-inStable == 1 {
			diverge = c.trf("%d diverges", 1)
		}
		converge := c.trf("%d of %d students' α converge", inStable, len(lrs))
		if len(lrs) == 1 {
			converge = c.trf("%d of %d student's α converges", inStable, len(lrs))
		}
		sum = []string{st.good.Render(converge),
			st.bad.Render(diverge)}
	}
	if other > 0 {
		sum = append(sum, st.subtle.Render(fmt.Sprintf(c.tr("%d on other settings"), other)))
	}
	if !adaptive {
		sum = append(sum, st.warn.Render("┆ "+c.tr("largest stable α")+" "+num(a.LRMaxStable, 4)))
	}
	return []string{padTo(who.String(), w), padTo(band.String(), w), padTo(axisLine, w), legend(sum, w)}
}
