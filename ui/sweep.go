package ui

import (
	"context"
	"math"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"descent/engine"
)

// sweepView is the α sweep: the mean loss after N updates against about
// 60 log-spaced α, with the largest stable α, the stable intervals and the
// main run's α marked — a one-dimensional phase diagram of the lab's
// settings. It steps no run.
//
// Its own keys: [ and ] change N; space, b and p say that the sweep shows
// α, not a run. α, the presets, the start, the optimizer, the mode and the
// data change the main run (lab.go) and the sweep follows; c and v are the
// root's (root.go).
type sweepView struct {
	n      int // index into sweepNs
	seen   int // the lab's settings the last sweep was asked for
	keys   sweepKeys
	cancel context.CancelFunc // stops the sweep in flight, which a new one replaces
}

// sweepResult is a finished sweep, which the lab keeps: the swept
// learning rates, the mean loss after n updates at each, and the lab's
// settings it was made for.
type sweepResult struct {
	lrs, mse []float64
	n        int
	settings int
}

// sweepNs are the update counts the sweep offers.
var sweepNs = []int{1, 2, 5, 10, 20, 30, 50, 100, 200, 500, 1000}

// sweepKeys are the sweep's own keys.
type sweepKeys struct {
	More, Less, Param, Pair key.Binding
}

func newSweepView(lang Lang) sweepView {
	k := keysIn(lang)
	return sweepView{n: 5, keys: sweepKeys{ // 30 updates
		More:  k("]", "sweep N up", "]"),
		Less:  k("[", "sweep N down", "["),
		Param: k("tab", "next parameter", "tab"),
		Pair:  k("[/]", "updates N", "[", "]"),
	}}
}

// compute sweeps α for the lab's settings: on large data off the event
// loop, the last sweep staying on screen meanwhile.
func (v *sweepView) compute(l *lab, s scope) tea.Cmd {
	v.seen = l.settings
	n, settings := sweepNs[v.n], l.settings
	lrs := l.run.Analysis().SweepLRs(60)
	p, start := l.run.Problem(), l.run.Start()
	if v.cancel != nil {
		v.cancel()
	}
	var ctx context.Context
	ctx, v.cancel = context.WithCancel(context.Background())
	return l.do(jobSweep, l.trf("sweeping %d values of α over %d updates each", len(lrs), n), s, func() func(*lab, scope) tea.Cmd {
		mse, err := p.Sweep(ctx, start, lrs, n)
		if err != nil {
			return func(*lab, scope) tea.Cmd { return nil } // replaced by a newer sweep
		}
		return func(l *lab, _ scope) tea.Cmd {
			l.swept = sweepResult{lrs: lrs, mse: mse, n: n, settings: settings}
			return nil
		}
	})
}

// update answers the sweep's keys and the switch to it, and hands the
// rest to the lab with the main run in scope, sweeping again when they
// change its settings.
func (v sweepView) update(msg tea.Msg, c common, l *lab) (sweepView, tea.Cmd) {
	s := l.single()
	switch msg := msg.(type) {
	case shownMsg:
		return v, v.compute(l, s)
	case tea.KeyPressMsg:
		if l.entry.open() {
			break
		}
		k := l.keys
		switch {
		case key.Matches(msg, k.Step), key.Matches(msg, k.Back), key.Matches(msg, k.Play):
			l.msg = l.tr("the sweep shows α, not a run: v goes back to the run")
			return v, nil
		case key.Matches(msg, v.keys.More), key.Matches(msg, v.keys.Less):
			if key.Matches(msg, v.keys.More) {
				v.n = min(v.n+1, len(sweepNs)-1)
			} else {
				v.n = max(v.n-1, 0)
			}
			return v, v.compute(l, s)
		case key.Matches(msg, v.keys.Param):
			l.nextParam(s)
			return v, nil
		}
	}
	cmd := l.update(msg, s)
	if l.settings != v.seen {
		cmd = tea.Batch(cmd, v.compute(l, s))
	}
	return v, cmd
}

// help lists the sweep's keys and the lab's that act here.
func (v sweepView) help(l *lab) keyHelp {
	k := l.namedKeys()
	return keyHelp{
		short: []key.Binding{v.keys.Pair, k.LRPair, k.W0Pair},
		full: [][]key.Binding{
			{v.keys.Less, v.keys.More, k.Faster, k.Slower},
			k.alphaAndStart(),
			k.settings(v.keys.Param),
			k.presets(),
		},
	}
}

// sweepHint is what the status line suggests when nothing else is to be
// said.
const sweepHint = "[ and ] change the number of updates · ↑/↓ move α · v closes"

// view draws the sweep in the body b of a frame.
func (v sweepView) view(c common, l *lab, b body) []string {
	w := c.lay.width
	lines := []string{headerLine(c, l, joinWhat(optimizerTag(l.run), c.tr("α sweep")), []*engine.Run{l.run}, w)}
	status := statusLines(c, l.run, l.param, l.messageLines(c, l.run, sweepHint), false, w)
	lines = append(lines, v.chart(c, l, w, b.height-1-len(status))...)
	return append(lines, status...)
}

// chart draws the mean loss after N updates against α on log scales, w
// columns wide and h lines high, with the current α, the largest stable α
// and the stable intervals marked.
func (v sweepView) chart(c common, l *lab, w, h int) []string {
	st := c.st
	a := l.run.Analysis()
	sw := l.swept
	n, lrs, mse := sw.n, sw.lrs, sw.mse
	if len(lrs) < 2 || len(mse) != len(lrs) {
		return []string{st.subtle.Render(c.tr("no sweep yet"))}
	}
	cols := max(w-12, 2)
	notes := 3
	height := max(h-4-notes, 2)
	lo, hi := lrs[0], lrs[len(lrs)-1]
	colLR := func(c int) float64 { return lo * math.Pow(hi/lo, float64(c)/float64(cols-1)) }
	colOf := func(lr float64) (int, bool) {
		if !(lr > 0) {
			return 0, false
		}
		f := math.Log(lr/lo) / math.Log(hi/lo) * float64(cols-1)
		return int(math.Round(f)), f > -0.5 && f < float64(cols)-0.5
	}
	start := l.run.MSEAt(l.run.Init())
	ceiling := math.Log10(math.Max(start, 1e-300)) + 2
	const floor = -32.0
	value := func(v float64) float64 {
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0) || math.Log10(v) > ceiling:
			return math.NaN() // off the top: diverged
		case v <= 0:
			return floor
		}
		return math.Max(math.Log10(v), floor)
	}
	ys := make([]float64, cols)
	for c := range ys {
		// The sweep's point nearest in log α.
		want, k := math.Log(colLR(c)), 0
		for i := range lrs {
			if math.Abs(math.Log(lrs[i])-want) < math.Abs(math.Log(lrs[k])-want) {
				k = i
			}
		}
		ys[c] = value(mse[k])
	}
	// A stable interval narrower than a column still shows: the swept α
	// nearest its middle claims that column.
	for _, iv := range a.StableIntervals[min(1, len(a.StableIntervals)):] {
		mid, k := math.Sqrt(iv[0]*iv[1]), 0
		for i := range lrs {
			if math.Abs(lrs[i]-mid) < math.Abs(lrs[k]-mid) {
				k = i
			}
		}
		if x, ok := colOf(lrs[k]); ok {
			ys[x] = value(mse[k])
		}
	}
	ymin, ymax := math.Inf(1), ceiling
	for _, y := range ys {
		if !math.IsNaN(y) {
			ymin = math.Min(ymin, y)
		}
	}
	if !(ymax > ymin) {
		ymin = ymax - 1
	}
	spec := plotSpec{ys: ys, height: height, ymin: ymin, ymax: ymax}.normalized()
	spec.yLabel = logTicks(spec, 9).label
	// α's powers of ten across (or every 1-2-5 when the sweep spans little).
	spec.xTicks = roundXTicks(math.Log10(lo), math.Log10(hi), cols, 1, func(e float64) (int, bool) {
		return colOf(math.Pow(10, e))
	}, func(e, _ float64) string { return num(math.Pow(10, e), 2) })
	cnv := newCanvas(spec)
	// Diverged α: an arrow at the top of their column.
	for x, y := range ys {
		if math.IsNaN(y) {
			cnv.set(x, 0, "↑", &st.bad)
		}
	}
	// The largest stable α as a dotted vertical line.
	if x, ok := colOf(a.LRMaxStable); ok {
		for r := 0; r <= cnv.rows; r++ {
			cnv.setIfBlank(x, r, "┆", &st.warn)
		}
	}
	// The current α on the curve.
	lr := l.run.LR()
	cur := ""
	if x, ok := colOf(lr); ok {
		if ry, ok := cnv.row(ys[x]); ok {
			cnv.set(x, ry, "●", &st.current)
		} else {
			cnv.set(x, 0, "●", &st.current)
		}
	} else {
		cur = st.current.Render("  " + c.trf("● α %s off the sweep", num(lr, 3)))
	}
	title := st.strong.Render(c.trf("mean loss after %d updates vs α", n))
	lines := []string{padTo(firstFit(w, title+st.subtle.Render("  "+c.tr("(log scales; [ and ] change the count)"))+cur, title+cur, title), w)}
	lines = append(lines, cnv.render(st.curve, w)...)
	// A band under the axis: █ where α converges.
	var band strings.Builder
	band.WriteString(st.label.Render(padLeftW(c.tr("converges")+" ", cnv.axisCol+1)))
	for x := 0; x < cols; x++ {
		in := false
		for _, iv := range a.StableIntervals {
			if l := colLR(x); l > iv[0] && l < iv[1] {
				in = true
			}
		}
		if in {
			band.WriteString(st.good.Render("█"))
		} else {
			band.WriteString(" ")
		}
	}
	largest := st.warn.Render("┆ " + c.trf("largest stable α %s", stableBound(a)))
	stable := st.subtle.Render("   " + c.trf("stable for α in %s", intervals(a)))
	diverged := st.bad.Render("↑ " + c.tr("diverged"))
	above := st.subtle.Render(" " + c.trf("(loss above %s after %d updates)", num(math.Pow(10, ceiling), 2), n))
	now := st.current.Render("● " + c.trf("α now %s", num(lr, 4)))
	lines = append(lines, padTo(band.String(), w),
		padTo(firstFit(w, largest+stable, largest+st.subtle.Render("   "+c.trf("stable for α in %s", intervalsAt(a, 3))), largest), w),
		padTo(firstFit(w, diverged+above+"   "+now, diverged+"   "+now, now), w))
	return lines
}
