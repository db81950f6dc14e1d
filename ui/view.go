package ui

import (
	"fmt"
	"math"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"descent/engine"
)

// Layout thresholds: below minW×minH the view says what it needs; from
// wideW×wideH the loss-versus-update chart and the settings join.
const (
	minW, minH   = 80, 24
	wideW, wideH = 120, 36
)

// View implements tea.Model.
func (m Model) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "descent: gradient descent, one update at a time"
	return v
}

// Render returns the frame as text with styles; it is View's content.
func (m Model) Render() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < minW || h < minH {
		return tooSmall(w, h)
	}
	digits := 7
	if w >= wideW {
		digits = 0
	}
	header := m.headerView(w)
	status := m.statusView(w)
	helpLine := m.help.View(m.keys)
	var receipt []string
	if m.help.ShowAll {
		receipt = nil
	} else {
		receipt = m.receiptView(digits)
	}
	helpLines := clipLines(strings.Split(helpLine, "\n"), w)
	fixed := 1 + len(status) + len(helpLines) + len(receipt) + 1
	lines := []string{header}
	switch {
	case m.screen == screenCompare:
		fixed = 1 + len(status) + len(helpLines)
		lines = append(lines, m.compareBody(w, h-fixed)...)
		lines = append(lines, clipLines(status, w)...)
		lines = append(lines, helpLines...)
		return strings.Join(lines[:min(len(lines), h)], "\n")
	case m.screen == screenSweep:
		fixed = 1 + len(status) + len(helpLines)
		lines = append(lines, m.sweepBody(w, h-fixed)...)
		lines = append(lines, clipLines(status, w)...)
		lines = append(lines, helpLines...)
		return strings.Join(lines[:min(len(lines), h)], "\n")
	case w >= wideW && h >= wideH:
		// Curve on the left, loss chart and settings on the right, the
		// receipt across the whole width below. Every line of the curve
		// is exactly leftW columns wide, so the columns join by plain
		// concatenation.
		leftW := w * 3 / 5
		rightW := w - leftW - 1
		curve := m.plotView(leftW, h-fixed)
		var right []string
		if m.run.Model().NumParams() > 1 && m.screen == screenSingle {
			// Several weights: the loss chart, the contour map over two of
			// them with the path, and the analysis in brief.
			chartH := max(len(curve)/3, 8)
			right = append(m.lossChartView(rightW, chartH), "")
			right = append(right, m.contourView(rightW, len(curve)-chartH-3)...)
			right = append(right, clipLines(m.briefView(), rightW)...)
		} else {
			chartH := max(len(curve)-12, 8)
			right = append(m.lossChartView(rightW, chartH), "")
			right = append(right, clipLines(m.settingsView(), rightW)...)
		}
		for i, l := range curve {
			if i < len(right) {
				l += " " + right[i]
			}
			lines = append(lines, l)
		}
	default:
		lines = append(lines, m.plotView(w, h-fixed)...)
	}
	lines = append(lines, "")
	lines = append(lines, clipLines(receipt, w)...)
	lines = append(lines, clipLines(status, w)...)
	lines = append(lines, helpLines...)
	return strings.Join(lines[:min(len(lines), h)], "\n")
}

// tooSmall says, centred in a w×h frame and never beyond it, what size
// descent needs.
func tooSmall(w, h int) string {
	msg := fmt.Sprintf("descent needs at least %d×%d; this terminal is %d×%d. Enlarge it, or press q to quit.", minW, minH, w, h)
	if w < 40 || h < 3 {
		msg = fmt.Sprintf("need %d×%d", minW, minH)
	}
	lines := strings.Split(lipgloss.NewStyle().Width(w).Align(lipgloss.Center).Render(msg), "\n")
	lines = clipLines(lines[:min(len(lines), h)], w)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
}

// clipLines cuts every line to width columns.
func clipLines(lines []string, width int) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = ansi.Truncate(l, width, "…")
	}
	return out
}

func (m Model) headerView(w int) string {
	mdl := m.run.Model()
	what := ""
	switch m.screen {
	case screenCompare:
		what = fmt.Sprintf(" · comparing %d learning rates", len(m.cmp))
	case screenSweep:
		what = " · α sweep"
	}
	if o := m.run.Optimizer(); o.Kind != engine.GD && m.screen != screenCompare {
		what = " · " + o.Kind.String() + what
	}
	left := m.st.title.Render("descent") + " " + m.st.subtle.Render(fmt.Sprintf("%s · %d points · %s · %s%s",
		m.data.Name, len(m.data.X), mdl.Formula(), modeText(m.run), what))
	var right string
	if m.playing {
		right = m.st.good.Render(fmt.Sprintf("▶ %s %d/s", tr(m.lang, "playing"), speeds[m.speed]))
	} else {
		right = m.st.subtle.Render(fmt.Sprintf("⏸ %s %d/s", tr(m.lang, "paused · autoplay"), speeds[m.speed]))
	}
	gap := w - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return ansi.Truncate(left, w, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

// click starts the run at the parameter value under the mouse, when the
// click lands on a loss curve's plot: the single curve, the compare view's
// curve, or one of the slices of a model with several weights (which also
// selects that parameter).
func (m *Model) click(x, y int) {
	if m.width < minW || m.height < minH || m.inputFor != inputNone || m.screen == screenSweep {
		return
	}
	w := m.width
	if m.screen == screenSingle && m.width >= wideW && m.height >= wideH {
		w = m.width * 3 / 5
	}
	j, x0, pw := m.param, 0, w
	if k := m.run.Model().NumParams(); k > 1 && m.screen == screenSingle {
		each := (w - (k - 1)) / k
		j = min(x/(each+1), k-1)
		x0, pw = j*(each+1), each
	}
	lines := m.curveView(j, pw, m.curveHeight())
	if len(lines) < 4 {
		return
	}
	// Row 0 of the screen is the header, row 1 the curve's title; the plot
	// rows follow until the x axis. The data columns start right after the
	// y axis glyph of the first plot row.
	axis := strings.IndexAny(ansi.Strip(lines[1]), "┤┼")
	if axis < 0 {
		return
	}
	axis = len([]rune(ansi.Strip(lines[1])[:axis]))
	cols := pw - axis - 1
	plotRows := len(lines) - 3
	cx, ry := x-x0-axis-1, y-2
	if cx < 0 || cx >= cols || ry < 0 || ry >= plotRows {
		return
	}
	lo, hi, _ := m.xRange(j, max(pw-labelWidth(pw)-3, 2))
	v := lo + (hi-lo)*float64(cx)/float64(max(cols-1, 1))
	m.param = j
	p := m.run.Init()
	p[j] = roundNice(v, hi-lo)
	m.setInit(p)
}

// labelWidth is the y labels' width of a curve panel w columns wide.
func labelWidth(w int) int {
	if w < 50 {
		return 6
	}
	return 9
}

// roundNice rounds v to about three significant digits of the span.
func roundNice(v, span float64) float64 {
	if span <= 0 || math.IsInf(span, 0) || math.IsNaN(span) {
		return v
	}
	q := math.Pow(10, math.Floor(math.Log10(span))-2)
	return math.Round(v/q) * q
}

func (m Model) curveHeight() int {
	digits := 7
	if m.width >= wideW {
		digits = 0
	}
	var receipt []string
	if !m.help.ShowAll {
		receipt = m.receiptView(digits)
	}
	return m.height - (1 + len(m.statusView(m.width)) + strings.Count(m.help.View(m.keys), "\n") + 1 + len(receipt) + 1)
}

// runGlyphs and runTrails mark the compared runs: run i is drawn with
// runGlyphs[i] now and runTrails[i] for its last few updates.
var (
	runGlyphs = []string{"●", "▲", "■", "◆", "▼", "✚"}
	runTrails = []string{"○", "△", "□", "◇", "▽", "+"}
)

// curveView draws the mean loss along parameter j, the other parameters
// held at the focused run's values: a title line, the plot and its x axis,
// exactly w columns wide and at most h lines high. On it: the current
// point of every shown run (or an arrow where it left the chart), their
// trails, w*, and for a single run the tangent, the ghost preview and the
// next sample's own curve.
func (m Model) curveView(j, w, h int) []string {
	r := m.focus()
	runs := m.shown()
	single := len(runs) == 1
	name := r.Model().Params()[j]
	p := r.Params()
	labelW := labelWidth(w) // narrower for the slices of a model with several weights
	cols := max(w-labelW-3, 2)
	height := max(h-4, 2)
	lo, hi, ticks := m.xRange(j, cols)
	xs, ys := r.LossCurve(p, j, lo, hi, cols)

	ymin, ymax := math.Inf(1), math.Inf(-1)
	clip := math.Inf(-1)
	for i, y := range ys {
		if math.IsNaN(y) || math.IsInf(y, 0) {
			continue
		}
		ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
		if xs[i] >= m.wins[j].baseLo && xs[i] <= m.wins[j].baseHi {
			clip = math.Max(clip, y)
		}
	}
	stretched := m.wins[j].hi-m.wins[j].lo > 1.6*(m.wins[j].baseHi-m.wins[j].baseLo)
	if stretched && clip > ymin && clip < ymax {
		ymax = clip * 1.05 // the loss axis is clipped to keep the parabola readable
	}
	if ymin > 0 && ymin < 0.25*ymax {
		ymin = 0 // a loss is never negative: start the axis at 0 when it is near
	}
	if !(ymax > ymin) {
		ymin, ymax = 0, 1
	}
	c := newCanvas(plotSpec{ys: ys, height: height, ymin: ymin, ymax: ymax, yLabel: labelOf(labelW),
		xlo: lo, xhi: hi, xLabel: tickLabel, xTicks: ticks})
	col := func(v float64) (int, bool) {
		if math.IsNaN(v) || math.IsInf(v, 0) || hi <= lo {
			return 0, false
		}
		f := (v - lo) / (hi - lo) * float64(cols-1)
		return int(math.Round(f)), f > -0.5 && f < float64(cols)-0.5
	}
	at := func(q engine.Vec) (int, int, bool) {
		cx, ok1 := col(q[j])
		ry, ok2 := c.row(r.MSEAt(q))
		return cx, ry, ok1 && ok2
	}
	st := m.st
	var notes []string
	sampleNote := ""
	if i, ok := r.NextSample(); ok && m.sample && single {
		x, y := r.Data()
		ss := r.SampleCurve(i, p, j, lo, hi, cols)
		for cx, v := range ss {
			if ry, ok := c.row(v); ok {
				c.setIfBlank(cx, ry, "·", &st.sample)
			}
		}
		sampleNote = st.sample.Render(fmt.Sprintf("· next sample's loss (x=%s, y=%s)", num(x[i], 4), num(y[i], 4)))
	}
	// The tangent at w: its slope is the gradient of the mean loss.
	g := r.GradAt(p)[j]
	l0 := r.MSE()
	if wc, ok := col(p[j]); ok && single && !math.IsNaN(l0) && !math.IsInf(g, 0) {
		dx := (hi - lo) / float64(cols-1)
		s := g * dx * c.ratio
		glyph := "┄"
		if s > 0.5 {
			glyph = "╱"
		} else if s < -0.5 {
			glyph = "╲"
		}
		span := max(cols/6, 3)
		for cx := wc - span; cx <= wc+span; cx++ {
			if ry, ok := c.row(l0 + g*(lo+float64(cx)*dx-p[j])); ok && cx != wc {
				c.set(cx, ry, glyph, &st.tangent)
			}
		}
	}
	for i, rr := range runs {
		trail, sty := "○", &st.trail
		if !single {
			trail, sty = runTrails[i], &st.runs[i]
		}
		for _, q := range rr.Recent(6) {
			if cx, ry, ok := at(q); ok {
				c.set(cx, ry, trail, sty)
			}
		}
	}
	if m.ghost && single {
		for _, q := range r.Preview(5) {
			if cx, ry, ok := at(q); ok {
				c.set(cx, ry, "◌", &st.ghost)
			}
		}
	}
	opt := p
	opt[j] = r.Analysis().Optimum[j]
	if cx, ry, ok := at(opt); ok {
		c.set(cx, ry, "★", &st.optimum)
	}
	// The current points, or arrows saying where they went.
	for i, rr := range runs {
		glyph, sty := "●", &st.current
		if !single {
			glyph, sty = runGlyphs[i], &st.runs[i]
		}
		q := rr.Params()
		l := rr.MSE()
		wc, inX := col(q[j])
		ry, inY := c.row(l)
		switch {
		case math.IsNaN(q[j]) || math.IsNaN(l):
			notes = append(notes, st.bad.Render(fmt.Sprintf("✗%s %s = %s: diverged", marker(single, glyph), name, num(q[j], 3))))
		case !inX && q[j] < lo:
			c.set(0, c.rows/2, "◀", sty)
			notes = append(notes, sty.Render(fmt.Sprintf("◀%s %s = %s", marker(single, glyph), name, num(q[j], 3))))
		case !inX:
			c.set(cols-1, c.rows/2, "▶", sty)
			notes = append(notes, sty.Render(fmt.Sprintf("▶%s %s = %s", marker(single, glyph), name, num(q[j], 3))))
		case !inY:
			c.set(wc, 0, "▲", sty)
			notes = append(notes, sty.Render(fmt.Sprintf("▲%s loss %s", marker(single, glyph), num(l, 3))))
		default:
			c.set(wc, ry, glyph, sty)
		}
	}
	head := []string{st.strong.Render("loss vs " + name)}
	if w >= 50 {
		head[0] = st.strong.Render(tr(m.lang, "mean loss vs ") + name)
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
		head = append(head, st.tangent.Render(tangent+" slope "+num(g, 4)), st.trail.Render("○ "+tr(m.lang, "earlier")))
	}
	if m.ghost && single {
		head = append(head, st.ghost.Render("◌ next 5"))
	}
	if sampleNote != "" {
		head = append(head, sampleNote)
	}
	return append([]string{padTo(strings.Join(head, "  "), w)}, c.render(st.curve, w)...)
}

// optLines writes out an optimizer's update of parameter j with every
// number filled in.
func (m Model) optLines(rec engine.Receipt, j, digits int) []string {
	o := m.focus().Optimizer()
	n := func(f float64) string { return num(f, digits) }
	pn := func(f float64) string { return paren(f, digits) }
	name := m.focus().Model().Params()[j]
	t := o.Terms(rec.OptBefore, rec.Opt, rec.Grad[j], j)
	g := rec.Grad[j]
	upd := func(rule string) string {
		return name + " ← " + name + " − " + rule + " = " + n(rec.Before[j]) + " − " + n(rec.LR) + " × " + pn(t.Step) + " = " + m.st.current.Render(n(rec.After[j]))
	}
	var lines []string
	switch o.Kind {
	case engine.Momentum, engine.Nesterov:
		b := "b ← μ·b + g = " + n(o.Momentum) + " × " + pn(t.B0) + " + " + pn(g) + " = " + n(t.B)
		if t.First {
			b = "b ← g = " + n(t.B) + " (the buffer starts at the first gradient)"
		}
		lines = append(lines, b)
		if o.Kind == engine.Momentum {
			lines = append(lines, upd("α·b"))
		} else {
			lines = append(lines, "g + μ·b = "+n(g)+" + "+n(o.Momentum)+" × "+pn(t.B)+" = "+n(t.Step)+";  "+upd("α·(g + μ·b)"))
		}
	case engine.Adagrad:
		lines = append(lines, "s ← s + g² = "+n(t.S0)+" + "+pn(g)+"² = "+n(t.S)+";  √s + ε = "+n(t.Denom),
			upd("α·g/(√s + ε)"))
	case engine.RMSprop:
		lines = append(lines, "s ← a·s + (1 − a)·g² = "+n(o.Alpha)+" × "+n(t.S0)+" + "+n(1-o.Alpha)+" × "+pn(g)+"² = "+n(t.S)+";  √s + ε = "+n(t.Denom),
			upd("α·g/(√s + ε)"))
	case engine.Adam:
		h := func(f float64) string { return num(f, 6) } // hyper-parameters: no float noise
		mv := []string{"m ← β1·m + (1 − β1)·g = " + n(t.M) + ";  v ← β2·v + (1 − β2)·g² = " + n(t.V)}
		if digits == 0 { // wide: the products too, a line each
			mv = []string{
				"m ← β1·m + (1 − β1)·g = " + h(o.Beta1) + " × " + pn(t.M0) + " + " + h(1-o.Beta1) + " × " + pn(g) + " = " + n(t.M),
				"v ← β2·v + (1 − β2)·g² = " + h(o.Beta2) + " × " + n(t.V0) + " + " + h(1-o.Beta2) + " × " + pn(g) + "² = " + n(t.V),
			}
		}
		lines = append(lines, mv...)
		lines = append(lines,
			fmt.Sprintf("m̂ = m/(1 − β1^%d) = %s;  v̂ = v/(1 − β2^%d) = %s;  √v̂ + ε = %s", rec.Opt.T, n(t.MHat), rec.Opt.T, n(t.VHat), n(t.Denom)),
			upd("α·m̂/(√v̂ + ε)"))
	}
	return lines
}

// marker returns " ●" for a compared run's glyph, nothing for a single run.
func marker(single bool, glyph string) string {
	if single {
		return ""
	}
	return " " + glyph
}

// slicesView draws one loss slice per parameter side by side, the chosen
// one marked, for models with several weights.
func (m Model) slicesView(w, h int) []string {
	k := m.run.Model().NumParams()
	gap := 1
	each := (w - gap*(k-1)) / k
	var out []string
	for j := 0; j < k; j++ {
		lines := m.curveView(j, each, h)
		if j == m.param {
			lines[0] = padTo(m.st.highlight.Render("▸ ")+lines[0], each)
		}
		for i, l := range lines {
			if j == 0 {
				out = append(out, l)
			} else if i < len(out) {
				out[i] += strings.Repeat(" ", gap) + l
			}
		}
	}
	for i := range out {
		out[i] = padTo(out[i], w)
	}
	return out
}

// plotView draws the single view's curve, or one slice per parameter.
func (m Model) plotView(w, h int) []string {
	if m.run.Model().NumParams() > 1 && m.screen == screenSingle {
		return m.slicesView(w, h)
	}
	return m.curveView(m.param, w, h)
}

// receiptView writes out the last update with every number filled in.
func (m Model) receiptView(digits int) []string {
	r := m.focus()
	st := m.st
	mdl := r.Model()
	k := mdl.NumParams()
	names := mdl.Params()
	rec, ok := r.Last()
	if !ok {
		lines := []string{
			st.strong.Render(tr(m.lang, "no update yet")) + st.subtle.Render(tr(m.lang, " · press space or n to take the first one")),
			"  " + mdl.Formula() + "   loss = (ŷ − y)²",
		}
		for jj := 0; jj < k; jj++ {
			lines = append(lines, "  "+mdl.GradFormula(jj)+"   "+names[jj]+" ← "+names[jj]+" − α·∂loss/∂"+names[jj])
		}
		return lines
	}
	n := func(f float64) string { return num(f, digits) }
	var lines []string
	x, _ := r.Data()
	if rec.Size == 1 {
		lines = append(lines, st.strong.Render(fmt.Sprintf("%s %d", tr(m.lang, "update"), rec.Update))+st.subtle.Render(fmt.Sprintf(
			" · %s %d · %s %d %s %d: x = %s, y = %s", tr(m.lang, "epoch"), rec.Epoch, tr(m.lang, "sample"), rec.Index+1, tr(m.lang, "of"), len(x), n(rec.X), n(rec.Y))))
		phi := mdl.Features(rec.X)
		var terms []string
		for jj := 0; jj < k; jj++ {
			if mdl.Feature(jj) == "1" {
				terms = append(terms, paren(rec.Before[jj], digits))
			} else {
				terms = append(terms, n(phi[jj])+" × "+paren(rec.Before[jj], digits))
			}
		}
		lines = append(lines, "  "+mdl.Formula()+" = "+strings.Join(terms, " + ")+" = "+st.strong.Render(n(rec.YHat)))
		lines = append(lines, "  loss = (ŷ − y)² = ("+n(rec.YHat)+" − "+paren(rec.Y, digits)+")² = "+st.strong.Render(n(rec.LossBefore)))
		for jj := 0; jj < k; jj++ {
			factor := "2"
			if f := mdl.Feature(jj); f != "1" {
				factor = "2 × " + paren(phi[jj], digits)
			}
			grad := mdl.GradFormula(jj) + " = " + factor + " × (" + n(rec.YHat) + " − " + paren(rec.Y, digits) + ") = " + st.strong.Render(n(rec.Grad[jj]))
			upd := names[jj] + " ← " + names[jj] + " − α·∂loss/∂" + names[jj] + " = " + n(rec.Before[jj]) + " − " + n(rec.LR) + " × " + paren(rec.Grad[jj], digits) + " = " + st.current.Render(n(rec.After[jj]))
			switch {
			case k == 1 && r.Optimizer().Kind != engine.GD:
				lines = append(lines, "  "+grad)
				for _, l := range m.optLines(rec, jj, digits) {
					lines = append(lines, "  "+l)
				}
			case k == 1:
				lines = append(lines, "  "+grad, "  "+upd)
			case digits == 0: // wide: every step of the update
				upd = names[jj] + " ← " + n(rec.Before[jj]) + " − " + n(rec.LR) + " × " + paren(rec.Grad[jj], digits) + " = " + st.current.Render(n(rec.After[jj]))
				lines = append(lines, "  "+grad+"   "+upd)
			default: // narrow: the new value; the Δ line below gives the step
				lines = append(lines, "  "+grad+"  ⇒ "+names[jj]+" = "+st.current.Render(n(rec.After[jj])))
			}
		}
	} else {
		what := fmt.Sprintf("all %d samples, mean gradient", rec.Size)
		if rec.Size < len(x) || r.Config().Mode == engine.MiniBatch {
			what = fmt.Sprintf("mini-batch of %d from sample %d", rec.Size, rec.Index+1)
		}
		lines = append(lines, st.strong.Render(fmt.Sprintf("update %d", rec.Update))+st.subtle.Render(fmt.Sprintf(" · epoch %d · %s", rec.Epoch, what)))
		lines = append(lines, "  "+strings.Replace(mdl.Formula(), "ŷ", "ŷᵢ", 1)+" for each sample i;  loss = mean (ŷᵢ − yᵢ)² = "+st.strong.Render(n(rec.LossBefore)))
		for jj := 0; jj < k; jj++ {
			f := strings.TrimSuffix(strings.TrimPrefix(mdl.GradFormula(jj), "∂loss/∂"+names[jj]+" = "), "")
			f = strings.ReplaceAll(strings.ReplaceAll(f, "ŷ − y", "ŷᵢ − yᵢ"), "xw − y", "xᵢw − yᵢ")
			f = strings.Replace(f, "2x", "2xᵢ", 1)
			lines = append(lines, "  ∂loss/∂"+names[jj]+" = mean "+f+" = "+st.strong.Render(n(rec.Grad[jj]))+
				"   "+names[jj]+" ← "+n(rec.Before[jj])+" − "+n(rec.LR)+" × "+paren(rec.Grad[jj], digits)+" = "+st.current.Render(n(rec.After[jj])))
		}
	}
	var deltas []string
	for jj := 0; jj < k; jj++ {
		deltas = append(deltas, "Δ"+names[jj]+" = "+signed(rec.After[jj]-rec.Before[jj], digits))
	}
	which := tr(m.lang, "sample")
	if rec.Size > 1 {
		which = tr(m.lang, "batch")
	}
	deltas = append(deltas, fmt.Sprintf("Δloss = %s (%s %s → %s)", signed(rec.LossAfter-rec.LossBefore, digits), which, n(rec.LossBefore), n(rec.LossAfter)))
	lines = append(lines, "  "+st.subtle.Render(strings.Join(deltas, "   ")))
	return lines
}

// lastEpoch is the 0-based epoch of the last update taken, as the
// receipt shows it, or 0 at the start.
func lastEpoch(r *engine.Run) int {
	if r.Updates() == 0 {
		return 0
	}
	return (r.Updates() - 1) / r.UpdatesPerEpoch()
}

// regimeBadge shows the engine's verdict on α with a glyph and a colour.
func (m Model) regimeBadge(a engine.Analysis) string {
	per := "/" + tr(m.lang, "epoch")
	if m.run.UpdatesPerEpoch() == 1 {
		per = "/" + tr(m.lang, "update")
	}
	f := "×" + num(a.Factor, 3) + per
	switch a.Regime {
	case engine.Adaptive:
		return m.st.highlight.Render(tr(m.lang, "≈ adaptive step: no fixed-α bound"))
	case engine.Converging:
		return m.st.good.Render("↘ " + tr(m.lang, "converging") + " " + f)
	case engine.Oscillating:
		return m.st.warn.Render("↯ " + tr(m.lang, "oscillating") + " " + f)
	}
	return m.st.bad.Render("↗ " + tr(m.lang, "diverging") + " " + f)
}

func (m Model) statusView(w int) []string {
	r := m.focus()
	st := m.st
	a := r.Analysis()
	j := m.param
	name := r.Model().Params()[j]
	sep := st.subtle.Render(" │ ")
	lab := func(s string) string { return st.label.Render(s) }
	stable := tr(m.lang, "every α")
	switch {
	case math.IsNaN(a.LRMaxStable):
		stable = r.Optimizer().Kind.String()
	case !math.IsInf(a.LRMaxStable, 0):
		stable = tr(m.lang, "stable < ") + num(a.LRMaxStable, 4)
	}
	line1 := strings.Join([]string{
		lab("α ") + st.highlight.Render(num(r.LR(), 6)) + lab(" ("+stable+")"),
		lab(startLabel(name)) + num(r.Init()[j], 6),
		lab(name+"* ") + st.optimum.Render(num(tidy(a.Optimum[j], a.Optimum), 6)),
		lab(tr(m.lang, "update ")) + st.strong.Render(fmt.Sprint(r.Updates())) + lab(tr(m.lang, " · epoch ")) + fmt.Sprint(lastEpoch(r)),
		lab("ŷ(4) = ") + num(r.Predict(4), 6),
	}, sep)
	var state string
	switch r.Status() {
	case engine.Converged:
		state = st.good.Render(tr(m.lang, "✓ converged"))
	case engine.Diverged:
		state = st.bad.Render(tr(m.lang, "✗ diverged"))
	default:
		state = st.subtle.Render(tr(m.lang, "· running"))
	}
	line2 := strings.Join([]string{m.regimeBadge(a), lab(tr(m.lang, "mean loss ")) + num(r.MSE(), 6), state}, sep)
	// The third line says what just happened, asks for input, or hints.
	line3 := st.subtle.Render(m.hint())
	if m.msg != "" {
		line3 = st.warn.Render(m.msg)
	}
	if m.inputFor != inputNone {
		line3 = m.input.View() + st.subtle.Render("   enter applies · esc cancels")
		if m.inputErr != "" {
			line3 += "  " + st.errText.Render("✗ "+m.inputErr)
		}
	}
	return []string{line1, line2, line3}
}

// hint suggests what to try next when nothing else is to be said.
func (m Model) hint() string {
	switch m.screen {
	case screenCompare:
		return "tab picks a run · ↑/↓ its α · A adds a run · X removes one · c closes"
	case screenSweep:
		return "[ and ] change the number of updates · ↑/↓ move α · v closes"
	}
	return tr(m.lang, "try 1–4 for α presets · c to compare learning rates · v to sweep α")
}

// lossChartView draws the mean loss against the update number for every
// shown run, on a log scale unless linear is chosen. The axis stops a few
// decades above the starting loss, so a diverging run leaves the chart
// (its last point becomes ▲) instead of flattening the others.
func (m Model) lossChartView(w, h int) []string {
	st := m.st
	runs := m.shown()
	cols := max(w-12, 2)
	height := max(h-4, 2)
	total := runs[0].Updates()
	const floor = -32.0 // 1e-32: below that, a loss shows at the floor
	scale := func(v float64) float64 {
		if m.linear {
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
	if m.linear {
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
	label, scaleName := logLabels((ymax-ymin)/float64(height)), "log scale"
	if m.linear {
		label, scaleName = axisLabel, "linear scale"
	}
	spec := plotSpec{height: height, ymin: ymin, ymax: ymax, yLabel: label,
		xlo: 0, xhi: float64(max(total, 1)), xLabel: func(f float64) string { return fmt.Sprintf("%.0f", f) }, xTicks: max(cols/12, 2)}
	var c *canvas
	var legend []string
	for i, ys := range series {
		sty, glyph := &st.current, "●"
		if len(runs) > 1 {
			sty, glyph = &st.runs[i], runGlyphs[i]
			label := num(runs[i].LR(), 3)
			if runs[i].Optimizer().Kind != runs[0].Optimizer().Kind || runs[i].LR() == runs[0].LR() && i > 0 {
				label = runs[i].Optimizer().Kind.String()
			}
			if i == 0 && len(runs) > 1 && runs[1].Optimizer().Kind != runs[0].Optimizer().Kind {
				label = runs[0].Optimizer().Kind.String()
			}
			legend = append(legend, sty.Render(glyph+" "+label))
		}
		spec.ys = ys
		ci := newCanvas(spec)
		if c == nil {
			c = ci
			for r := 0; r <= c.rows && len(runs) > 1; r++ {
				for x := c.axisCol + 1; x < len(c.cells[r]); x++ {
					if c.cells[r][x].glyph != " " {
						c.cells[r][x].style = sty
					}
				}
			}
		} else {
			c.overlay(ci, sty)
		}
		if ry, ok := c.row(ys[cols-1]); ok {
			c.set(cols-1, ry, glyph, sty)
		} else if !math.IsNaN(ys[cols-1]) {
			c.set(cols-1, 0, "▲", sty)
		}
	}
	title := st.strong.Render("mean loss vs update") + st.subtle.Render(" ("+scaleName+"; l switches)")
	if len(legend) > 0 {
		title = st.strong.Render("mean loss vs update ") + strings.Join(legend, " ")
	}
	return append([]string{ansi.Truncate(title, w, "…")}, c.render(st.curve, w)...)
}

// briefView sums up the analysis in two lines, under the contour map.
func (m Model) briefView() []string {
	a := m.run.Analysis()
	var opt, iv []string
	for j, n := range m.run.Model().Params() {
		opt = append(opt, n+"* "+num(tidy(a.Optimum[j], a.Optimum), 4))
	}
	for _, v := range a.StableIntervals {
		iv = append(iv, "("+num(v[0], 4)+", "+num(v[1], 4)+")")
	}
	return []string{
		m.st.label.Render("optimum ") + strings.Join(opt, ", ") + m.st.label.Render(" · condition ") + num(a.Condition, 4),
		m.st.label.Render("α converges in ") + strings.Join(iv, " ∪ "),
	}
}

// settingsView lists the run's settings and the engine's analysis.
func (m Model) settingsView() []string {
	r := m.run
	st := m.st
	a := r.Analysis()
	mdl := r.Model()
	var iv []string
	for _, v := range a.StableIntervals {
		iv = append(iv, "("+num(v[0], 4)+", "+num(v[1], 4)+")")
	}
	var opt []string
	for j, n := range mdl.Params() {
		opt = append(opt, n+"* = "+num(tidy(a.Optimum[j], a.Optimum), 6))
	}
	lab := func(s string) string { return st.label.Render(fmt.Sprintf("%-18s", s)) }
	lines := []string{
		st.strong.Render("settings and analysis"),
		lab("data") + m.data.Name + st.subtle.Render(fmt.Sprintf(" (%d points)", len(m.data.X))),
		lab("model") + mdl.Formula(),
		lab("mode") + modeText(r),
		lab("α") + st.highlight.Render(num(r.LR(), 0)),
		lab("largest stable α") + num(a.LRMaxStable, 6),
		lab("α converges in") + strings.Join(iv, " ∪ "),
		lab("optimum") + strings.Join(opt, ", "),
		lab("curvature") + num(a.Curvatures[mdl.NumParams()-1], 5),
		lab("regime") + m.regimeBadge(a),
	}
	if mdl.NumParams() > 1 {
		lines = append(lines, lab("condition")+num(a.Condition, 5))
	}
	if m.data.Description != "" {
		lines = append(lines, st.subtle.Render(m.data.Description))
	}
	return lines
}

// padTo cuts or pads s to exactly w columns.
func padTo(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	if n := ansi.StringWidth(s); n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// startLabel names a parameter's starting value: "w0" for the lecture's
// w, as its flag is called, and "start b" for the others ("w20" would read
// as a number).
func startLabel(name string) string {
	if name == "w" {
		return "w0 "
	}
	return "start " + name + " "
}

// tidy shows as 0 a component of v that is rounding noise next to the
// largest: the least-squares solve of the lecture's exercise gives b* =
// −1e−14 where the mathematics says 0.
func tidy(x float64, v engine.Vec) float64 {
	big := 0.0
	for _, c := range v {
		big = math.Max(big, math.Abs(c))
	}
	if math.Abs(x) < 1e-9*big {
		return 0
	}
	return x
}

// xRange widens parameter j's window to round numbers so that the x
// axis's ticks, about one per 14 columns and at least three, fall on them;
// it returns the range and the number of ticks.
func (m Model) xRange(j, cols int) (lo, hi float64, ticks int) {
	lo, hi = m.wins[j].lo, m.wins[j].hi
	n := max(cols/14, 2)
	step := niceStep((hi - lo) / float64(n))
	if step <= 0 || math.IsNaN(step) || math.IsInf(step, 0) {
		return lo, hi, n + 1
	}
	lo = math.Floor(lo/step+1e-9) * step
	k := int(math.Ceil((hi-lo)/step - 1e-9))
	return lo, lo + float64(k)*step, k + 1
}

// niceStep rounds s up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(s float64) float64 {
	if !(s > 0) || math.IsInf(s, 0) {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(s)))
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if f*p >= s*(1-1e-9) {
			return f * p
		}
	}
	return 10 * p
}
