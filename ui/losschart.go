package ui

import (
	"fmt"
	"math"
	"sort"

	"descent/engine"
)

// lossChart draws the mean loss against the update number for each of
// runs, w columns wide and h lines high, on a log scale unless linear.
// The axis stops a few decades above the starting loss, so a diverging run
// leaves the chart (its last point becomes ▲) instead of flattening the
// others. The single view and the compare view draw it.
func lossChart(c common, runs []*engine.Run, linear bool, w, h int) []string {
	st := c.st
	cols := max(w-12, 2)
	height := max(h-4, 2)
	total := 0
	for _, r := range runs {
		total = max(total, r.Updates()) // a compared run that diverged stopped earlier
	}
	const floor = -32.0 // 1e-32: below that, a loss shows at the floor
	scale := func(v float64) float64 {
		if linear {
			return v
		}
		if v <= 0 {
			return floor
		}
		return math.Max(math.Log10(v), floor)
	}
	series := make([][]float64, len(runs))
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for i, r := range runs {
		hist := r.History()
		ys := make([]float64, cols)
		for c := range ys {
			t := float64(total) * float64(c) / float64(max(cols-1, 1))
			k := sort.Search(len(hist), func(k int) bool { return float64(hist[k].Update) > t }) - 1
			ys[c] = scale(hist[max(k, 0)].MSE)
		}
		series[i] = ys
		for _, y := range ys {
			if !math.IsNaN(y) && !math.IsInf(y, 0) {
				ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
			}
		}
	}
	ceiling := scale(runs[0].MSEAt(runs[0].Init()))
	if linear {
		ceiling, ymin = 2*ceiling, math.Min(ymin, 0)
	} else {
		ceiling += 3
	}
	ymax = math.Min(ymax, ceiling)
	var scaleName string
	if !(ymax > ymin) {
		ymin, ymax = ymin-1, ymin+1
		if math.IsInf(ymin, 0) || math.IsNaN(ymin) {
			ymin, ymax = 0, 1
		}
	}
	spec := plotSpec{height: height, ymin: ymin, ymax: ymax}.normalized()
	spec.yLabel, scaleName = logTicks(spec, 9).label, c.tr("log scale")
	if linear {
		spec.yLabel, scaleName = linearTicks(spec, 9).label, c.tr("linear scale")
	}
	// Whole updates across: 0 at the left, the last update at the right.
	spec.xTicks = roundXTicks(0, float64(total), cols, 1, func(t float64) (int, bool) {
		return int(math.Round(t / float64(max(total, 1)) * float64(cols-1))), t <= float64(total)
	}, func(t, _ float64) string { return fmt.Sprintf("%.0f", t) })
	geom := spec.geometry() // the same for every run's series
	var cnv *canvas
	var legend []string
	for i, ys := range series {
		sty, glyph := &st.current, "●"
		if len(runs) > 1 {
			sty, glyph = &st.runs[i], runGlyphs[i]
			legend = append(legend, sty.Render(glyph+" "+runLabel(runs, i)))
		}
		spec.ys = ys
		ci := spec.draw(geom)
		if cnv == nil {
			cnv = ci
			if len(runs) > 1 {
				cnv.styleDrawn(sty)
			}
		} else {
			cnv.overlay(ci, sty)
		}
		if ry, ok := cnv.row(ys[cols-1]); ok {
			cnv.set(cols-1, ry, glyph, sty)
		} else if !math.IsNaN(ys[cols-1]) && len(runs) == 1 {
			cnv.set(cols-1, 0, "▲", sty) // above the chart
		} else if !math.IsNaN(ys[cols-1]) {
			cnv.set(cols-1, 0, glyph, sty) // a compared run above the chart: its own glyph at the top, ▲ being a run's
		}
	}
	name := st.strong.Render(c.tr("mean loss vs update"))
	title := firstFit(w, name+st.subtle.Render(" ("+c.trf("%s; l switches", scaleName)+")"), name)
	if len(legend) > 0 {
		title = legendLine(append([]string{name}, legend...), w)
	}
	return append([]string{padTo(title, w)}, cnv.render(st.curve, w)...)
}

// runLabel names compared run i in a legend: by its α, or by its
// optimizer where the runs differ in optimizer rather than α.
func runLabel(runs []*engine.Run, i int) string {
	label := num(runs[i].LR(), 3)
	if runs[i].Optimizer().Kind != runs[0].Optimizer().Kind || runs[i].LR() == runs[0].LR() && i > 0 {
		label = runs[i].Optimizer().Kind.String()
	}
	if i == 0 && len(runs) > 1 && runs[1].Optimizer().Kind != runs[0].Optimizer().Kind {
		label = runs[0].Optimizer().Kind.String()
	}
	return label
}
