package ui

import (
	"fmt"
	"math"

	"descent/engine"
)

// fitMaxPoints is the most data points the fit panel draws; beyond, it
// draws every k-th, so a frame costs the same for a million rows.
const fitMaxPoints = 2000

// fitCloud is the most data points the fit panel draws one by one, as ◆;
// more are drawn as a cloud ░.
const fitCloud = 50

// fitResiduals is the most data points whose distance to the line the fit
// panel draws: the error each point's loss squares.
const fitResiduals = 12

// fitPanel draws the data and the model at r's current parameters, w
// columns wide and h lines high: the points ◆ (a cloud ░ when there are
// many), the model's line (or curve) now, the line it started as, dotted,
// the prediction for x = 4 ◎, and for a few points the distance from each
// to the line, whose square is its loss. As the run learns, the line
// moves onto the points.
func fitPanel(c common, r *engine.Run, w, h int) []string {
	st := c.st
	mdl := r.Model()
	xs, ys := r.Data()
	stride := max(1, (len(xs)+fitMaxPoints-1)/fitMaxPoints)
	const at = 4.0 // the lecture's question: 4 hours → ? points
	xlo, xhi := at, at
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for i := 0; i < len(xs); i += stride {
		xlo, xhi = math.Min(xlo, xs[i]), math.Max(xhi, xs[i])
		ylo, yhi = math.Min(ylo, ys[i]), math.Max(yhi, ys[i])
	}
	p := r.Params()
	pred := mdl.Predict(p, at)
	span := math.Max(yhi-ylo, 1e-9*math.Max(1, math.Abs(yhi)))
	if !isBadF(pred) && pred > ylo-2*span && pred < yhi+2*span {
		ylo, yhi = math.Min(ylo, pred), math.Max(yhi, pred) // the prediction too, unless it is far off
	}
	if ylo > 0 && ylo < 0.5*yhi {
		ylo = 0
	}
	pad := 0.05 * (xhi - xlo)
	if pad == 0 {
		pad = math.Max(1, math.Abs(xlo)/10)
	}
	xlo, xhi = xlo-pad, xhi+pad
	labelW := labelWidth(w)
	cols, height := max(w-labelW-3, 2), max(h-4, 2)
	colX := func(c int) float64 { return xlo + (xhi-xlo)*float64(c)/float64(cols-1) }
	col := func(x float64) (int, bool) {
		f := (x - xlo) / (xhi - xlo) * float64(cols-1)
		return int(math.Round(f)), f > -0.5 && f < float64(cols)-0.5
	}
	line := make([]float64, cols)
	for i := range line {
		line[i] = mdl.Predict(p, colX(i))
	}
	spec := plotSpec{ys: line, height: height, ymin: ylo, ymax: yhi}.normalized()
	spec.yLabel = linearTicks(spec, labelW).label
	spec.xTicks = roundXTicks(xlo, xhi, cols, 0, col, tickText9)
	cnv := newCanvas(spec)
	start := r.Init()
	for i := range line {
		if ry, ok := cnv.row(mdl.Predict(start, colX(i))); ok {
			cnv.setIfBlank(i, ry, "·", &st.sample)
		}
	}
	if len(xs) <= fitResiduals {
		for i := range xs {
			cx, ok := col(xs[i])
			r0, ok0 := cnv.row(ys[i])
			r1, ok1 := cnv.row(mdl.Predict(p, xs[i]))
			if !ok || !ok0 {
				continue
			}
			if !ok1 { // the line is off the panel: the distance runs to its edge
				r1 = 0
				if mdl.Predict(p, xs[i]) < ylo {
					r1 = cnv.rows
				}
			}
			for ry := min(r0, r1) + 1; ry < max(r0, r1); ry++ {
				cnv.setIfBlank(cx, ry, "┆", &st.subtle)
			}
		}
	}
	// A few points are each a ◆ over the line; many are a cloud ░ under
	// it, which the line and the prediction stay visible over.
	dot, cloud := "◆", len(xs) > fitCloud
	if cloud {
		dot = "░"
	}
	for i := 0; i < len(xs); i += stride {
		if cx, ok := col(xs[i]); ok {
			if ry, ok := cnv.row(ys[i]); ok && cloud {
				cnv.setIfBlank(cx, ry, dot, &st.subtle)
			} else if ok {
				cnv.set(cx, ry, dot, &st.strong)
			}
		}
	}
	if cx, ok := col(at); ok {
		if ry, ok := cnv.row(pred); ok {
			cnv.set(cx, ry, "◎", &st.current)
		}
	}
	items := []string{
		st.strong.Render(c.tr("data and model") + ": " + mdl.Formula()),
		st.strong.Render(dot + " " + c.tr("data")),
		st.current.Render(fmt.Sprintf("◎ ŷ(%s) = %s", num(at, 3), num(pred, 4))),
		st.subtle.Render("┆ " + c.tr("error")),
		st.sample.Render("· " + c.tr("at the start")),
	}
	if len(xs) > fitResiduals {
		items = append(items[:3], items[4])
	}
	return append([]string{legend(items, w)}, cnv.render(st.curve, w)...)
}
