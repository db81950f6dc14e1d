package ui

import (
	"fmt"
	"math"
	"strings"

	"descent/engine"
)

// compareTable lists the compared runs: glyph, α, regime, contraction
// factor, updates to reach the target loss, the mean loss and w now. The
// selected run is marked ▸.
func (m Model) compareTable(w int) []string {
	st := m.st
	j := m.param
	name := m.run.Model().Params()[j]
	per := "epoch"
	if m.run.UpdatesPerEpoch() == 1 {
		per = "update"
	}
	head := fmt.Sprintf("  run %-9s %-13s %-9s %-14s %-10s %s", "α", "regime", "×/"+per, "to loss<1e-6", "mean loss", name)
	rules := false
	for _, r := range m.cmp {
		rules = rules || r.Optimizer().Kind != engine.GD
	}
	if rules {
		head = fmt.Sprintf("  run %-9s %-9s %-13s %-9s %-14s %-10s %s", "α", "rule", "regime", "×/"+per, "to loss<1e-6", "mean loss", name)
	}
	lines := []string{st.label.Render(head)}
	for i, r := range m.cmp {
		f, g := r.Factor(r.LR())
		reach := "…"
		if i < len(m.reach) {
			reach = m.reach[i].Verdict
			if m.reach[i].Updates >= 0 {
				reach = fmt.Sprintf("%d updates", m.reach[i].Updates)
			}
		}
		badge := map[engine.Regime]string{engine.Converging: "↘ converging", engine.Oscillating: "↯ oscillating",
			engine.Diverging: "↗ diverging", engine.Adaptive: "≈ adaptive"}[g]
		sel := "  "
		if i == m.sel {
			sel = st.highlight.Render("▸ ")
		}
		factor := num(f, 4)
		if math.IsNaN(f) {
			factor = "—"
		}
		row := fmt.Sprintf("%s  %-9s %-13s %-9s %-14s %-10s %s", runGlyphs[i], num(r.LR(), 5), badge, factor, reach,
			num(r.MSE(), 4), num(r.Params()[j], 6))
		if rules {
			row = fmt.Sprintf("%s  %-9s %-9s %-13s %-9s %-14s %-10s %s", runGlyphs[i], num(r.LR(), 5), r.Optimizer().Kind, badge, factor, reach,
				num(r.MSE(), 4), num(r.Params()[j], 6))
		}
		lines = append(lines, sel+st.runs[i].Render(row))
	}
	return clipLines(lines, w)
}

// compareBody lays out the compare view: the loss curve with every run on
// it and, on wide screens, the loss-versus-update chart beside it; the
// table below.
func (m Model) compareBody(w, h int) []string {
	table := m.compareTable(w)
	plotH := h - len(table) - 1
	var lines []string
	if w >= wideW && m.height >= wideH {
		leftW := w * 3 / 5
		curve := m.curveView(m.param, leftW, plotH)
		chart := m.lossChartView(w-leftW-1, len(curve))
		for i, l := range curve {
			if i < len(chart) {
				l += " " + chart[i]
			}
			lines = append(lines, l)
		}
	} else {
		lines = m.curveView(m.param, w, plotH)
	}
	lines = append(lines, "")
	return append(lines, table...)
}

// sweepBody draws the α sweep: the mean loss after N updates against α on
// log scales, with the current α, the largest stable α and the stable
// intervals marked.
func (m Model) sweepBody(w, h int) []string {
	st := m.st
	a := m.run.Analysis()
	n := sweepNs[m.sweepN]
	lrs, mse := m.sweepLRs, m.sweepMSE
	if len(lrs) < 2 || len(mse) != len(lrs) {
		return []string{st.subtle.Render("no sweep")}
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
	start := m.run.MSEAt(m.run.Init())
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
	c := newCanvas(plotSpec{ys: ys, height: height, ymin: ymin, ymax: ymax, yLabel: logLabels((ymax - ymin) / float64(height)),
		xlo: 0, xhi: 1, xLabel: func(t float64) string { return num(lo*math.Pow(hi/lo, t), 2) }, xTicks: max(cols/12, 2)})
	// Diverged α: an arrow at the top of their column.
	for x, y := range ys {
		if math.IsNaN(y) {
			c.set(x, 0, "↑", &st.bad)
		}
	}
	// The largest stable α as a dotted vertical line.
	if x, ok := colOf(a.LRMaxStable); ok {
		for r := 0; r <= c.rows; r++ {
			c.setIfBlank(x, r, "┆", &st.warn)
		}
	}
	// The current α on the curve.
	lr := m.run.LR()
	cur := ""
	if x, ok := colOf(lr); ok {
		if ry, ok := c.row(ys[x]); ok {
			c.set(x, ry, "●", &st.current)
		} else {
			c.set(x, 0, "●", &st.current)
		}
	} else {
		cur = st.current.Render("  ● α " + num(lr, 3) + " off the sweep")
	}
	lines := []string{padTo(st.strong.Render(fmt.Sprintf("mean loss after %d updates vs α", n))+
		st.subtle.Render("  (log scales; [ and ] change the count)")+cur, w)}
	lines = append(lines, c.render(st.curve, w)...)
	// A band under the axis: █ where α converges.
	var band strings.Builder
	band.WriteString(st.label.Render(fmt.Sprintf("%*s", c.axisCol+1, "converges ")))
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
	var iv []string
	for _, v := range a.StableIntervals {
		iv = append(iv, "("+num(v[0], 4)+", "+num(v[1], 4)+")")
	}
	lines = append(lines, padTo(band.String(), w),
		padTo(st.warn.Render("┆ largest stable α "+num(a.LRMaxStable, 5))+st.subtle.Render("   stable for α in "+strings.Join(iv, " ∪ ")), w),
		padTo(st.bad.Render("↑ diverged")+st.subtle.Render(fmt.Sprintf(" (loss above %s after %d updates)   ", num(math.Pow(10, ceiling), 2), n))+
			st.current.Render("● α now "+num(lr, 4)), w))
	return lines
}
