package ui

import (
	"fmt"
	"strings"

	"descent/datasets"
	"descent/engine"
)

// settingsPanel lists r's settings on data and the engine's analysis of
// them. The single view draws it beside the curve on wide screens.
func settingsPanel(c common, r *engine.Run, data datasets.Dataset) []string {
	st := c.st
	a := r.Analysis()
	mdl := r.Model()
	var opt []string
	for j, n := range mdl.Params() {
		opt = append(opt, n+"* = "+num(tidy(a.Optimum[j], a.Optimum), 6))
	}
	lab := func(s string) string { return st.label.Render(fmt.Sprintf("%-18s", s)) }
	lines := []string{
		st.strong.Render("settings and analysis"),
		lab("data") + data.Name + st.subtle.Render(fmt.Sprintf(" (%d points)", len(data.X))),
		lab("model") + mdl.Formula(),
		lab("mode") + modeText(r),
		lab("α") + st.highlight.Render(num(r.LR(), 0)),
		lab("largest stable α") + num(a.LRMaxStable, 6),
		lab("α converges in") + intervals(a),
		lab("optimum") + strings.Join(opt, ", "),
		lab("curvature") + num(a.Curvatures[mdl.NumParams()-1], 5),
		lab("regime") + regimeBadge(c, a, r.UpdatesPerEpoch()),
	}
	if mdl.NumParams() > 1 {
		lines = append(lines, lab("condition")+num(a.Condition, 5))
	}
	if data.Description != "" {
		lines = append(lines, st.subtle.Render(data.Description))
	}
	return lines
}

// analysisBrief sums up the analysis of r in two lines, under the contour
// map.
func analysisBrief(st styles, r *engine.Run) []string {
	a := r.Analysis()
	var opt []string
	for j, n := range r.Model().Params() {
		opt = append(opt, n+"* "+num(tidy(a.Optimum[j], a.Optimum), 4))
	}
	return []string{
		st.label.Render("optimum ") + strings.Join(opt, ", ") + st.label.Render(" · condition ") + num(a.Condition, 4),
		st.label.Render("α converges in ") + intervals(a),
	}
}

// intervals writes the α intervals in which the analysis converges, such
// as "(0, 0.204) ∪ (0.4765, 0.519)".
func intervals(a engine.Analysis) string {
	var iv []string
	for _, v := range a.StableIntervals {
		iv = append(iv, "("+num(v[0], 4)+", "+num(v[1], 4)+")")
	}
	return strings.Join(iv, " ∪ ")
}
