package ui

import (
	"math"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"descent/engine"
)

// compareView is the compare view: 2 to 6 runs on the same data, model,
// mode and start, each with its own α (or optimizer), stepped together;
// their points on one loss curve, from wideW×wideH their losses on one
// chart beside it, and a table of their regimes, factors, updates to
// reach a loss of 1e-6, losses and weights. The compared runs are the
// lab's; the view holds which one is selected.
//
// Its own keys: tab selects the next run, A adds a run, X removes the
// selected one, l switches the loss chart's scale, and a click on the
// curve starts every run there. α, the presets and o act on the selected
// run; the rest are the lab's (lab.go); c and v are the root's (root.go).
type compareView struct {
	sel  int // the selected compared run
	keys compareKeys
}

// compareKeys are the compare view's own keys.
type compareKeys struct {
	Select, AddRun, RemoveRun, Scale key.Binding
}

func newCompareView(lang Lang) compareView {
	k := keysIn(lang)
	return compareView{keys: compareKeys{
		Select:    k("tab", "next run", "tab"),
		AddRun:    k("A", "add a run", "A"),
		RemoveRun: k("X", "remove run", "X"),
		Scale:     k("l", "log/linear", "l"),
	}}
}

// openCompareMsg asks the compare view to compare these learning rates,
// or these optimizers at the main run's α; with neither it shows the
// runs it has, or the four presets when it has none.
type openCompareMsg struct {
	lrs  []float64
	opts []engine.Optimizer
}

// update answers the compare view's keys, clicks and the switch to it,
// and hands the rest to the lab with the compared runs in scope.
func (v compareView) update(msg tea.Msg, c common, l *lab) (compareView, tea.Cmd) {
	switch msg := msg.(type) {
	case openCompareMsg:
		var cmd tea.Cmd
		switch {
		case len(msg.opts) >= 2:
			cmd = l.openCompareOptimizers(msg.opts, l.comparing(0))
			v.sel = 0
		case len(msg.lrs) >= 2:
			cmd = l.openCompare(msg.lrs, l.comparing(0))
			v.sel = 0
		case len(l.cmp) < 2:
			var lrs []float64
			for _, p := range l.run.Presets() {
				lrs = append(lrs, p.LR)
			}
			cmd = l.openCompare(lrs, l.comparing(0))
			v.sel = 0
		}
		l.refit(zoomForce, l.comparing(v.sel))
		return v, cmd
	case clickMsg:
		if l.entry.open() {
			return v, nil
		}
		return v, v.click(c, l, msg)
	case tea.KeyPressMsg:
		if l.entry.open() {
			break
		}
		switch {
		case key.Matches(msg, v.keys.Select):
			v.sel = (v.sel + 1) % len(l.cmp)
			l.refit(zoomForce, l.comparing(v.sel))
			return v, nil
		case key.Matches(msg, v.keys.AddRun):
			var cmd tea.Cmd
			v.sel, cmd = l.addRun(v.sel, l.comparing(v.sel))
			return v, cmd
		case key.Matches(msg, v.keys.RemoveRun):
			ok, cmd := l.removeRun(v.sel, l.comparing(v.sel))
			if ok {
				v.sel = min(v.sel, len(l.cmp)-1)
			}
			return v, cmd
		case key.Matches(msg, v.keys.Scale):
			l.toggleScale(c)
			return v, nil
		}
	}
	return v, l.update(msg, l.comparing(v.sel))
}

// help lists the compare view's keys and the lab's.
func (v compareView) help(l *lab) keyHelp {
	k := l.namedKeys()
	return keyHelp{
		short: k.short(),
		full: [][]key.Binding{
			k.stepping(),
			k.alphaAndStart(),
			append(k.settings(v.keys.Select), v.keys.Scale),
			k.presets(),
			{v.keys.AddRun, v.keys.RemoveRun},
		},
	}
}

// compareHint is what the status line suggests when nothing else is to
// be said.
const compareHint = "tab picks a run · ↑/↓ its α · A adds a run · X removes one · c closes"

// compareFrame is where the compare view's parts go: the curve at the top
// left, the loss chart beside it when wide, the table and the status
// under them.
type compareFrame struct {
	curve  rect
	table  []string
	status []string
}

func (v compareView) frame(c common, l *lab, b body) compareFrame {
	w := c.lay.width
	table := v.table(c, l, w)
	focus := l.focus(l.comparing(v.sel))
	status := statusLines(c, focus, l.param, l.messageLines(c, focus, compareHint), true, w)
	// The header, the curve, a blank line, the table and the status.
	plotH := b.height - 1 - len(status) - len(table) - 1
	return compareFrame{curve: rect{x: 0, y: 1, w: c.lay.curveW, h: plotH}, table: table, status: status}
}

// view draws the compare view in the body b of a frame.
func (v compareView) view(c common, l *lab, b body) []string {
	w := c.lay.width
	f := v.frame(c, l, b)
	focus := l.focus(l.comparing(v.sel))
	what := c.trf("comparing %d learning rates", len(l.cmp))
	if comparesOptimizers(l.cmp) {
		what = c.trf("comparing %d optimizers", len(l.cmp))
	}
	lines := []string{headerLine(c, l, what, l.cmp, w)}
	plot := lossCurve{focus: focus, runs: l.cmp, sel: v.sel, j: l.param, win: l.wins[l.param]}.lines(c, f.curve.w, f.curve.h)
	if c.lay.wide {
		plot = besides(plot, lossChart(c, l.cmp, l.linear, c.lay.sideW, len(plot)))
	}
	lines = append(lines, plot...)
	lines = append(lines, "")
	lines = append(lines, f.table...)
	return append(lines, f.status...)
}

// click starts every run at the parameter value under the mouse, when the
// click lands on the curve's plot.
func (v compareView) click(c common, l *lab, msg clickMsg) tea.Cmd {
	p := v.frame(c, l, msg.body).curve
	if !p.contains(msg.x, msg.y) {
		return nil
	}
	j := l.param
	f := lossCurve{focus: l.focus(l.comparing(v.sel)), j: j, win: l.wins[j]}.frame(p.w, p.h)
	if val, ok := f.valueAt(msg.x-p.x, msg.y-p.y); ok {
		return l.startAt(j, val, l.comparing(v.sel))
	}
	return nil
}

// table lists the compared runs in at most w columns: glyph, α, the rule
// when they differ in it, regime, contraction factor (per epoch, or for an
// epoch of more than engine.LongEpoch updates the mean factor per
// update, whose epoch's power is next to 0 or beyond float64), updates to a mean
// loss within reachTol of the least, the mean loss and the chosen weight
// now. The selected run is marked ▸. Columns are aligned by display width;
// where the table is too wide its numbers lose digits, then the mean loss
// and the weight go.
func (v compareView) table(c common, l *lab, w int) []string {
	st := c.st
	j := l.param
	name := l.run.Model().Params()[j]
	rules := false
	for _, r := range l.cmp {
		rules = rules || r.Optimizer().Kind != engine.GD
	}
	cols := []string{c.tr("run"), "α"}
	if rules {
		cols = append(cols, c.tr("rule"))
	}
	long := l.run.UpdatesPerEpoch() > engine.LongEpoch
	unit := perUnit(c, l.run)
	if long {
		unit = c.tr("update")
	}
	cols = append(cols, c.tr("regime"), "×/"+unit, c.trf("to least+%s", "1e−6"), c.tr("mean loss"), name)
	lossCol := len(cols) - 2
	rows := func(digits int) [][]string {
		var out [][]string
		for i, r := range l.cmp {
			f, g := r.Factor(r.LR())
			reach := "…"
			switch {
			case r.Status() == engine.Diverged: // stopped there (scope.moving)
				reach = c.trf("diverged at %d", r.Updates())
			case i < len(l.reach):
				reach = reachText(c.lang, l.reach[i])
			}
			factor := epochFactor(r, f, digits)
			if long { // what an update does on average, as the status line says
				factor = numOff1(r.FactorPerUpdate(r.LR()), digits+1)
			}
			if math.IsNaN(f) {
				factor = "—"
			}
			row := []string{runGlyphs[i], num(r.LR(), digits+1)}
			if rules {
				row = append(row, r.Optimizer().Kind.String())
			}
			row = append(row, regimeGlyph(g)+" "+c.tr(g.String()), factor, reach, num(r.MSE(), digits), num(r.Params()[j], digits+2))
			out = append(out, row)
		}
		return out
	}
	draw := func(cells [][]string, drop map[int]bool) []string {
		widths := make([]int, len(cols))
		all := append([][]string{cols}, cells...)
		for _, row := range all {
			for k, s := range row {
				widths[k] = max(widths[k], displayWidth(s))
			}
		}
		line := func(row []string) string {
			var parts []string
			for k, s := range row {
				if !drop[k] {
					parts = append(parts, padRight(s, widths[k]))
				}
			}
			return strings.TrimRight(strings.Join(parts, "  "), " ")
		}
		out := []string{st.label.Render("  " + line(cols))}
		for i, row := range cells {
			sel := "  "
			if i == v.sel {
				sel = st.highlight.Render("▸ ")
			}
			out = append(out, sel+st.runs[i].Render(line(row)))
		}
		return out
	}
	fits := func(lines []string) bool {
		for _, s := range lines {
			if displayWidth(s) > w {
				return false
			}
		}
		return true
	}
	var out []string
	for _, try := range []struct {
		digits int
		drop   map[int]bool
	}{{4, nil}, {3, nil}, {3, map[int]bool{lossCol: true}}, {3, map[int]bool{lossCol: true, lossCol + 1: true}}} {
		if out = draw(rows(try.digits), try.drop); fits(out) {
			break
		}
	}
	return out
}

// regimeGlyph is the glyph the view marks a regime with.
func regimeGlyph(g engine.Regime) string {
	return map[engine.Regime]string{engine.Converging: "↘", engine.Oscillating: "↯", engine.Diverging: "↗", engine.Adaptive: "≈"}[g]
}

// comparesOptimizers reports whether the runs differ in their optimizer
// rather than their α.
func comparesOptimizers(runs []*engine.Run) bool {
	for _, r := range runs[min(1, len(runs)):] {
		if r.Optimizer().Kind != runs[0].Optimizer().Kind {
			return true
		}
	}
	return false
}
