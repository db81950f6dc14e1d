package ui

import (
	"strings"

	"descent/datasets"
	"descent/engine"
)

// settingsPanel lists r's settings on data and the engine's analysis of
// them in lines of at most w columns. The single view draws it beside the
// curve on wide screens.
func settingsPanel(c common, r *engine.Run, data datasets.Dataset, w int) []string {
	st := c.st
	a := r.Analysis()
	mdl := r.Model()
	opt := func(d int) string {
		var out []string
		for j, n := range mdl.Params() {
			out = append(out, n+"* = "+optimumText(a, j, d))
		}
		return strings.Join(out, ", ")
	}
	rows := [][2]string{
		{c.tr("data"), dataName(data) + st.subtle.Render(" ("+c.trf("%d points", len(data.X))+")")},
		{c.tr("model"), mdl.Formula()},
		{c.tr("mode"), modeText(c, r)},
		{"α", st.highlight.Render(num(r.LR(), 0))},
		{c.tr("largest stable α"), stableBound(a)},
		{c.tr("α converges in"), intervals(a)},
		{c.tr("optimum"), opt(optimumDigits)},
		{c.tr("curvature"), num(a.Curvatures[mdl.NumParams()-1], 5)},
		{c.tr("regime"), regimeBadge(c, r, a, factorDigits)},
	}
	if mdl.NumParams() > 1 {
		rows = append(rows, [2]string{c.tr("condition"), num(a.Condition, 5)})
	}
	labelW := 0
	for _, row := range rows {
		labelW = max(labelW, displayWidth(row[0]))
	}
	lines := []string{st.strong.Render(c.tr("settings and analysis"))}
	room := max(w-labelW-2, 8)
	for i, row := range rows {
		value := row[1]
		switch i {
		case 5:
			value = firstFit(room, value, intervalsAt(a, 3))
		case 6:
			value = firstFit(room, opt(optimumDigits), opt(4), opt(3))
		case 8:
			value = firstFit(room, value, regimeBadge(c, r, a, 3), regimeBadge(c, r, a, 2))
		}
		// A value still too wide goes on under itself, broken at spaces.
		for k, part := range wrapWords(value, room) {
			label := strings.Repeat(" ", labelW+2)
			if k == 0 {
				label = st.label.Render(padRight(row[0], labelW+2))
			}
			lines = append(lines, label+part)
		}
	}
	if d := dataDescription(c.lang, data); d != "" {
		lines = append(lines, wrapWords(st.subtle.Render(d), w)...)
	}
	return lines
}

// analysisBrief sums up the analysis of r in lines of at most w columns,
// under the contour map.
func analysisBrief(c common, r *engine.Run, w int) []string {
	st := c.st
	a := r.Analysis()
	opt := func(d int) string {
		var out []string
		for j, n := range r.Model().Params() {
			out = append(out, n+"* "+optimumText(a, j, d))
		}
		return strings.Join(out, ", ")
	}
	lab := func(s string) string { return st.label.Render(s) }
	return []string{
		firstFit(w,
			lab(c.tr("optimum")+" ")+opt(optimumDigits)+lab(" · "+c.tr("condition")+" ")+num(a.Condition, 4),
			lab(c.tr("optimum")+" ")+opt(4)+lab(" · "+c.tr("condition")+" ")+num(a.Condition, 4),
			lab(c.tr("optimum")+" ")+opt(3)+lab(" · "+c.tr("condition")+" ")+num(a.Condition, 3),
			lab(c.tr("optimum")+" ")+opt(3)),
		firstFit(w, lab(c.tr("α converges in")+" ")+intervals(a), lab(c.tr("α converges in")+" ")+intervalsAt(a, 3)),
	}
}

// intervals writes the α intervals in which the analysis converges, such
// as "(0, 0.204) ∪ (0.4765, 0.519)".
func intervals(a engine.Analysis) string { return intervalsAt(a, stableDigits) }

// intervalsAt is intervals with digits significant digits.
func intervalsAt(a engine.Analysis, digits int) string {
	var iv []string
	for _, v := range a.StableIntervals {
		iv = append(iv, "("+num(v[0], digits)+", "+num(v[1], digits)+")")
	}
	return strings.Join(iv, " ∪ ")
}
