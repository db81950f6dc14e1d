package ui

import (
	"fmt"
	"math"

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
		switch {
		case len(msg.opts) >= 2:
			l.openCompareOptimizers(msg.opts)
			v.sel = 0
		case len(msg.lrs) >= 2:
			l.openCompare(msg.lrs)
			v.sel = 0
		case len(l.cmp) < 2:
			var lrs []float64
			for _, p := range l.run.Presets() {
				lrs = append(lrs, p.LR)
			}
			l.openCompare(lrs)
			v.sel = 0
		}
		l.refit(zoomForce, l.comparing(v.sel))
		return v, nil
	case clickMsg:
		if !l.entry.open() {
			v.click(c, l, msg)
		}
		return v, nil
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
			v.sel, _ = l.addRun(v.sel)
			return v, nil
		case key.Matches(msg, v.keys.RemoveRun):
			if l.removeRun(v.sel) {
				v.sel = min(v.sel, len(l.cmp)-1)
			}
			return v, nil
		case key.Matches(msg, v.keys.Scale):
			l.linear = !l.linear
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
// left, the loss chart beside it when wide, the table under them.
type compareFrame struct {
	curve rect
	table []string
}

func (v compareView) frame(c common, l *lab, b body) compareFrame {
	table := v.table(c, l)
	// The header, the curve, a blank line, the table and three status lines.
	plotH := b.height - 1 - 3 - len(table) - 1
	return compareFrame{curve: rect{x: 0, y: 1, w: c.lay.curveW, h: plotH}, table: table}
}

// view draws the compare view in the body b of a frame.
func (v compareView) view(c common, l *lab, b body) []string {
	w := c.lay.width
	f := v.frame(c, l, b)
	focus := l.focus(l.comparing(v.sel))
	what := fmt.Sprintf(c.tr(" · comparing %d learning rates"), len(l.cmp))
	if comparesOptimizers(l.cmp) {
		what = fmt.Sprintf(c.tr(" · comparing %d optimizers"), len(l.cmp))
	}
	lines := []string{headerLine(c, l, what, w)}
	plot := lossCurve{focus: focus, runs: l.cmp, sel: v.sel, j: l.param, win: l.wins[l.param]}.lines(c, f.curve.w, f.curve.h)
	if c.lay.wide {
		plot = besides(plot, lossChart(c.st, l.cmp, l.linear, c.lay.sideW, len(plot)))
	}
	lines = append(lines, plot...)
	lines = append(lines, "")
	lines = append(lines, f.table...)
	return append(lines, clipLines(statusLines(c, focus, l.param, l.messageLine(c, focus, compareHint)), w)...)
}

// click starts every run at the parameter value under the mouse, when the
// click lands on the curve's plot.
func (v compareView) click(c common, l *lab, msg clickMsg) {
	p := v.frame(c, l, msg.body).curve
	if !p.contains(msg.x, msg.y) {
		return
	}
	j := l.param
	f := lossCurve{focus: l.focus(l.comparing(v.sel)), j: j, win: l.wins[j]}.frame(p.w, p.h)
	if val, ok := f.valueAt(msg.x-p.x, msg.y-p.y); ok {
		l.startAt(j, val, l.comparing(v.sel))
	}
}

// table lists the compared runs: glyph, α, regime, contraction factor,
// updates to reach the target loss, the mean loss and w now. The selected
// run is marked ▸.
func (v compareView) table(c common, l *lab) []string {
	st := c.st
	j := l.param
	name := l.run.Model().Params()[j]
	per := "epoch"
	if l.run.UpdatesPerEpoch() == 1 {
		per = "update"
	}
	head := fmt.Sprintf("  run %-9s %-13s %-9s %-14s %-10s %s", "α", "regime", "×/"+per, "to loss<1e-6", "mean loss", name)
	rules := false
	for _, r := range l.cmp {
		rules = rules || r.Optimizer().Kind != engine.GD
	}
	if rules {
		head = fmt.Sprintf("  run %-9s %-9s %-13s %-9s %-14s %-10s %s", "α", "rule", "regime", "×/"+per, "to loss<1e-6", "mean loss", name)
	}
	lines := []string{st.label.Render(head)}
	for i, r := range l.cmp {
		f, g := r.Factor(r.LR())
		reach := "…"
		switch {
		case r.Status() == engine.Diverged: // stopped there (scope.moving)
			reach = fmt.Sprintf(c.tr("diverged at %d"), r.Updates())
		case i < len(l.reach):
			reach = reachVerdict(l.reach[i])
			if l.reach[i].Updates >= 0 {
				reach = fmt.Sprintf("%d updates", l.reach[i].Updates)
			}
		}
		badge := map[engine.Regime]string{engine.Converging: "↘ converging", engine.Oscillating: "↯ oscillating",
			engine.Diverging: "↗ diverging", engine.Adaptive: "≈ adaptive"}[g]
		sel := "  "
		if i == v.sel {
			sel = st.highlight.Render("▸ ")
		}
		factor := num(f, 4)
		if math.IsNaN(f) {
			factor = "—"
		}
		reach = padRight(reach, 14) // by display width: the Korean text is wider than its runes
		row := fmt.Sprintf("%s  %-9s %-13s %-9s %s %-10s %s", runGlyphs[i], num(r.LR(), 5), badge, factor, reach,
			num(r.MSE(), 4), num(r.Params()[j], 6))
		if rules {
			row = fmt.Sprintf("%s  %-9s %-9s %-13s %-9s %s %-10s %s", runGlyphs[i], num(r.LR(), 5), r.Optimizer().Kind, badge, factor, reach,
				num(r.MSE(), 4), num(r.Params()[j], 6))
		}
		lines = append(lines, sel+st.runs[i].Render(row))
	}
	return clipLines(lines, c.lay.width)
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
