package ui

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"descent/engine"
)

// lossChart draws the mean loss against the update number for each of
// runs, w columns wide and h lines high, on a log scale unless linear.
// The axis stops a few decades above the starting loss, so a diverging run
// leaves the chart (its last point becomes ▲) instead of flattening the
// others. Before the first update a run is one point at update 0, drawn
// as a point. Compared runs are named in the title, on lines of their own
// under it when one line cannot hold them all, and each run's glyph sits
// on its own line where that line shows (markRuns). The single view and
// the compare view draw it.
func lossChart(c common, runs []*engine.Run, linear bool, w, h int) []string {
	st := c.st
	var legend []string
	if len(runs) > 1 {
		for i := range runs {
			legend = append(legend, st.runs[i].Render(runGlyphs[i]+" "+runLabel(runs, i)))
		}
	}
	name := st.strong.Render(c.tr("mean loss vs update"))
	scaleName := c.tr("log scale")
	if linear {
		scaleName = c.tr("linear scale")
	}
	// The title starts headingGap columns in, away from the curve's title
	// beside it.
	room := w - headingGap
	title := []string{firstFit(room, name+st.subtle.Render(" ("+c.trf("%s; l switches", scaleName)+")"), name)}
	if len(legend) > 0 {
		title = legendLines(name, legend, room)
	}
	for i := range title {
		title[i] = padTo(strings.Repeat(" ", headingGap)+title[i], w)
	}
	return append(title, lossPlot(c, runs, linear, w, h-len(title))...)
}

// legendLines is a chart's title name followed by the items of its legend
// in lines of w columns: all on one line when they fit, else the name
// alone and the items under it, as many on a line as fit, each whole.
func legendLines(name string, items []string, w int) []string {
	if line := strings.Join(append([]string{name}, items...), "  "); ansi.StringWidth(line) <= w {
		return []string{line}
	}
	return append([]string{name}, packItems(items, "  ", w)...)
}

// lossPlot is lossChart's plot and axes, h lines high: the mean loss of
// each of runs against the update number.
func lossPlot(c common, runs []*engine.Run, linear bool, w, h int) []string {
	st := c.st
	cols := max(w-12, 2)
	height := max(h-3, 2)
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
	// last is the column of the last update: the right edge, or the left
	// one at update 0, where the chart is one point and not a line.
	last := cols - 1
	if total == 0 {
		last = 0
	}
	series := make([][]float64, len(runs))
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for i, r := range runs {
		hist := r.History()
		ys := make([]float64, cols)
		for c := range ys {
			if c > last {
				ys[c] = math.NaN()
				continue
			}
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
	if !(ymax > ymin) {
		ymin, ymax = ymin-1, ymin+1
		if math.IsInf(ymin, 0) || math.IsNaN(ymin) {
			ymin, ymax = 0, 1
		}
	}
	spec := plotSpec{height: height, ymin: ymin, ymax: ymax}.normalized()
	spec.yLabel = logTicks(spec, 9).label
	if linear {
		spec.yLabel = linearTicks(spec, 9).label
	}
	// Whole updates across: 0 at the left, the last update at the right.
	spec.xTicks = roundXTicks(0, float64(total), cols, 1, func(t float64) (int, bool) {
		return int(math.Round(t / float64(max(total, 1)) * float64(cols-1))), t <= float64(total)
	}, func(t, _ float64) string { return fmt.Sprintf("%.0f", t) })
	geom := spec.geometry() // the same for every run's series
	var cnv *canvas
	styles := make([]*painter, len(runs))
	glyphs := make([]string, len(runs))
	for i, ys := range series {
		styles[i], glyphs[i] = &st.current, "●"
		if len(runs) > 1 {
			styles[i], glyphs[i] = &st.runs[i], runGlyphs[i]
		}
		spec.ys = ys
		ci := spec.draw(geom)
		if cnv == nil {
			cnv = ci
			if len(runs) > 1 {
				cnv.styleDrawn(styles[i])
			}
		} else {
			cnv.overlay(ci, styles[i])
		}
	}
	markRuns(cnv, series, last, styles, glyphs)
	return cnv.render(st.curve, w)
}

// markRuns puts each run's glyph on cnv at its last point, in column
// last: where another run's glyph took that cell first, at the latest
// point further left where the run's own line shows, so that without
// colour every line is still told apart by its glyph. A run above the
// chart gets its glyph at the top (▲ for a single run).
func markRuns(cnv *canvas, series [][]float64, last int, styles []*painter, glyphs []string) {
	taken := map[[2]int]bool{}
	put := func(col, row int, glyph string, st *painter) {
		cnv.set(col, row, glyph, st)
		taken[[2]int{col, row}] = true
	}
	for i, ys := range series {
		y := ys[last]
		ry, ok := cnv.row(y)
		switch {
		case !ok && math.IsNaN(y):
			continue
		case !ok && len(series) == 1:
			put(last, 0, "▲", styles[i]) // above the chart
			continue
		case !ok:
			ry = 0 // a compared run above the chart: its own glyph at the top, ▲ being a run's
		}
		if !taken[[2]int{last, ry}] {
			put(last, ry, glyphs[i], styles[i])
			continue
		}
		// Where the run's own line shows, else anywhere on its path (the
		// line drawn over it there runs the same way), clear of the
		// other glyphs.
		free := func(col, r int) bool { return !taken[[2]int{col, r}] && !taken[[2]int{col + 1, r}] }
		own := func(col, r int) bool {
			x := cnv.axisCol + 1 + col
			return r < len(cnv.cells) && x < len(cnv.cells[r]) && cnv.cells[r][x].style == styles[i]
		}
		for _, onOwn := range []bool{true, false} {
			col := last - 1
			for ; col >= 0; col-- {
				if r, ok := cnv.row(ys[col]); ok && free(col, r) && (own(col, r) || !onOwn) {
					put(col, r, glyphs[i], styles[i])
					break
				}
			}
			if col >= 0 {
				break
			}
		}
	}
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
