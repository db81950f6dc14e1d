package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"descent/engine"
)

// singleView is the single view: one run, its loss curve (one slice per
// parameter for models with several weights), the receipt of its last
// update and its status; from wideW×wideH the loss-versus-update chart and
// the settings (or, for several weights, a contour map) beside the curve.
// It shows and moves the lab's main run.
//
// Its own keys: tab picks the next parameter, l switches the loss chart's
// scale, g shows the ghost preview, s the next sample's curve, and a click
// on a curve starts the run there. The rest are the lab's (lab.go); c and
// v, which switch screens, are the root's (root.go).
type singleView struct {
	ghost  bool // the next five updates as ◌
	sample bool // the next sample's own loss curve
	fit    bool // the data and the model's line (fit.go)
	keys   singleKeys
}

// singleKeys are the single view's own keys.
type singleKeys struct {
	Param, Scale, Ghost, SampleCurve, Fit key.Binding
}

func newSingleView(lang Lang) singleView {
	k := keysIn(lang)
	return singleView{keys: singleKeys{
		Param:       k("tab", "next parameter", "tab"),
		Scale:       k("l", "log/linear", "l"),
		Ghost:       k("g", "ghost preview", "g"),
		SampleCurve: k("s", "sample's curve", "s"),
		Fit:         k("f", "fit: data and model", "f"),
	}}
}

// update answers the single view's keys, clicks and the switch to it, and
// hands the rest to the lab with the main run in scope.
func (v singleView) update(msg tea.Msg, c common, l *lab) (singleView, tea.Cmd) {
	s := l.single()
	switch msg := msg.(type) {
	case shownMsg:
		if l.winsCmp {
			l.refit(zoomForce, s) // the windows were the compared runs'
		}
		return v, nil
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
		case key.Matches(msg, v.keys.Param):
			l.nextParam(s)
			return v, nil
		case key.Matches(msg, v.keys.Scale):
			l.toggleScale(c)
			return v, nil
		case key.Matches(msg, v.keys.Ghost):
			v.ghost = !v.ghost
			return v, nil
		case key.Matches(msg, v.keys.SampleCurve):
			v.sample = !v.sample
			return v, nil
		case key.Matches(msg, v.keys.Fit):
			v.fit = !v.fit
			return v, nil
		}
	}
	return v, l.update(msg, s)
}

// help lists the single view's keys and the lab's.
func (v singleView) help(l *lab) keyHelp {
	k := l.namedKeys()
	return keyHelp{
		short: k.short(),
		full: [][]key.Binding{
			k.stepping(),
			k.alphaAndStart(),
			append(k.settings(v.keys.Param), v.keys.Scale, v.keys.Ghost),
			append(k.presets(), v.keys.SampleCurve, v.keys.Fit),
		},
	}
}

// singleFrame is where the single view's parts go in a frame of the given
// height above the help bar: the curve panels (one per parameter) and,
// when wide, the side column beside them; the receipt below, whose height
// decides theirs. Below wideW×wideH the fit panel, when shown, takes the
// curves' place. The view draws with it and a click is measured against
// it.
type singleFrame struct {
	panels  []rect
	fit     rect // the fit panel in the curves' place; empty when wide or not shown
	side    rect
	receipt []string
	status  []string
}

func (v singleView) frame(c common, l *lab, b body) singleFrame {
	var f singleFrame
	w := c.lay.width
	if !b.fullHelp { // the full help takes the receipt's place
		f.receipt = receipt(c, l.run, w)
	}
	f.status = statusLines(c, l.run, l.param, l.messageLines(c, l.run, singleHint), false, w)
	// The header, the line under the curves, the receipt and the status.
	curveH := b.height - (1 + 1 + len(f.receipt) + len(f.status))
	area := rect{x: 0, y: 1, w: c.lay.curveW, h: curveH}
	switch k := l.run.Model().NumParams(); {
	case v.fit && !c.lay.wide:
		f.fit = area
	case k > 1:
		f.panels = area.panels(k)
	default:
		f.panels = []rect{area}
	}
	if c.lay.wide {
		f.side = rect{x: c.lay.curveW + 1, y: 1, w: c.lay.sideW, h: curveH}
	}
	return f
}

// view draws the single view in the body b of a frame.
func (v singleView) view(c common, l *lab, b body) []string {
	w := c.lay.width
	f := v.frame(c, l, b)
	lines := []string{headerLine(c, l, optimizerTag(l.run), []*engine.Run{l.run}, w)}
	var plot []string
	below := "" // the line under the curves
	switch {
	case f.fit.w > 0:
		plot = fitPanel(c, l.run, f.fit.w, f.fit.h)
	case len(f.panels) > 1:
		plot = slices(c, l.run, l.wins, l.param, v.ghost, v.sample, f.panels, c.lay.curveW)
		below = slicesNote(c, w)
	default:
		p := f.panels[0]
		plot = lossCurve{focus: l.run, runs: []*engine.Run{l.run}, j: l.param, win: l.wins[l.param],
			ghost: v.ghost, sample: v.sample}.lines(c, p.w, p.h)
	}
	if c.lay.wide {
		// The curve on the left, the loss chart and the settings (or the
		// contour map) on the right, the receipt across the whole width
		// below. Every line of the curve is exactly curveW columns wide.
		plot = besides(plot, v.side(c, l, f.side.w, len(plot)))
	}
	lines = append(lines, plot...)
	lines = append(lines, below)
	lines = append(lines, f.receipt...)
	return append(lines, f.status...)
}

// toggleScale switches the loss chart between log and linear, and says so
// where the chart is not drawn.
func (l *lab) toggleScale(c common) {
	l.linear = !l.linear
	if c.lay.wide {
		return
	}
	scale := l.tr("log")
	if l.linear {
		scale = l.tr("linear")
	}
	l.msg = l.trf("the loss chart, on a %s scale now, shows from %d×%d", scale, wideW, wideH)
}

// singleHint is what the status line suggests when nothing else is to be
// said.
const singleHint = "try 1–4 for α presets · c to compare learning rates · v to sweep α"

// side draws the side column, w wide beside a curve of h lines: the loss
// chart, then the settings; for several weights the loss chart, the
// contour map over two of them with the path, and the analysis in brief.
//
// With the fit panel shown, it takes the place of the settings or of the
// contour map, under a shorter loss chart.
func (v singleView) side(c common, l *lab, w, h int) []string {
	if v.fit {
		chartH := max(h/3, 8)
		right := append(lossChart(c, []*engine.Run{l.run}, l.linear, w, chartH), "")
		return append(right, fitPanel(c, l.run, w, h-chartH-1)...)
	}
	if l.run.Model().NumParams() > 1 {
		chartH := max(h/3, 8)
		right := append(lossChart(c, []*engine.Run{l.run}, l.linear, w, chartH), "")
		right = append(right, contour(c, l.run, l.param, l.wins, w, h-chartH-3)...)
		return append(right, analysisBrief(c, l.run, w)...)
	}
	panel := settingsPanel(c, l.run, l.data, w)
	chartH := max(h-len(panel)-1, 8)
	right := append(lossChart(c, []*engine.Run{l.run}, l.linear, w, chartH), "")
	return append(right, panel...)
}

// click starts the run at the parameter value under the mouse, when the
// click lands on the plot of a curve; on a slice of a model with several
// weights it also chooses that parameter.
func (v singleView) click(c common, l *lab, msg clickMsg) tea.Cmd {
	panels := v.frame(c, l, msg.body).panels
	for j, p := range panels {
		if !p.contains(msg.x, msg.y) {
			continue
		}
		if len(panels) == 1 {
			j = l.param
		}
		f := lossCurve{focus: l.run, j: j, win: l.wins[j]}.frame(p.w, p.h)
		if val, ok := f.valueAt(msg.x-p.x, msg.y-p.y); ok {
			return l.startAt(j, val, l.single())
		}
		return nil
	}
	return nil
}
