package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"descent/datasets"
	"descent/engine"
)

// lessonView is the guided lesson: the lecture's story, one page at a
// time, with a live widget on every page (the narration is in
// lessontext.go). It holds its own runs and draws its receipts with the
// same renderer as the single view.
//
// Its keys: → and pgdown next page, ← and pgup back, space (or enter) acts
// on the page, ↑/↓ change its value, i opens the interactive view with the
// page's settings. q is the root's (root.go).
type lessonView struct {
	page     int // 0-based
	hours    datasets.Dataset
	w        float64     // the w the widgets of pages 2–4 show
	reveal   int         // derivation lines shown on page 5
	question bool        // page 1: the question row shown
	run      *engine.Run // page 6: the lecture's run, one update at a time
	train    *engine.Run // page 7: the lecture's run, one epoch at a time
	lines    []string    // page 7: the printout so far
	preset   int         // page 8: the chosen preset
	quad     *engine.Run // page 9: exercise 3-2
	keys     lessonKeys
}

// lessonKeys are the lesson's keys.
type lessonKeys struct{ Next, Prev, Act, Up, Down, Open key.Binding }

func newLessonView(lang Lang) lessonView {
	hours, _ := datasets.Lookup("hours")
	k := keysIn(lang)
	l := lessonView{hours: hours, w: 1, keys: lessonKeys{
		Next: k("→", "next", "right", "pgdown"),
		Prev: k("←", "back", "left", "pgup"),
		Act:  k("space", "act on the page", "space", "enter"),
		Up:   k("↑", "value up", "up"),
		Down: k("↓", "value down", "down"),
		Open: k("i", "try it in the view", "i"),
	}}
	l.run, _ = engine.New(engine.Lecture())
	l.train, _ = engine.New(engine.Lecture())
	q := engine.Lecture()
	q.Model, q.Init = engine.ModelQuad, engine.Vec{1, 1, 1}
	l.quad, _ = engine.New(q)
	return l
}

// openViewMsg asks the root to open the interactive view with these
// options.
type openViewMsg struct{ o Options }

// update answers the lesson's keys.
func (l lessonView) update(msg tea.Msg, c common) (lessonView, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return l, nil
	}
	switch {
	case key.Matches(k, l.keys.Next):
		l.page = min(l.page+1, lessonPages-1)
	case key.Matches(k, l.keys.Prev):
		l.page = max(l.page-1, 0)
	case key.Matches(k, l.keys.Up), key.Matches(k, l.keys.Down):
		d := 1
		if key.Matches(k, l.keys.Down) {
			d = -1
		}
		l.adjust(d)
	case key.Matches(k, l.keys.Act):
		l.act()
	case key.Matches(k, l.keys.Open):
		o := l.viewOptions(c)
		return l, func() tea.Msg { return openViewMsg{o} }
	}
	return l, nil
}

// help lists the lesson's keys; its footer shows the one-line ones.
func (l lessonView) help() keyHelp {
	k := l.keys
	return keyHelp{
		short: []key.Binding{k.Next, k.Prev, k.Open},
		full:  [][]key.Binding{{k.Next, k.Prev}, {k.Act, k.Up, k.Down}, {k.Open}},
	}
}

// adjust moves the page's value up (d = 1, ↑) or down (d = −1, ↓): w on
// pages 2–4; on page 8 the ▸ marker, up or down the list of presets as
// in any list, stopping at its ends.
func (l *lessonView) adjust(d int) {
	switch l.page {
	case 1, 2, 3:
		l.w = math.Round((l.w+0.5*float64(d))*2) / 2
		l.w = min(max(l.w, -1), 5)
	case 7:
		l.preset = min(max(l.preset-d, 0), 3) // the list runs down from preset 1
	}
}

// act is what space does on the page.
func (l *lessonView) act() {
	switch l.page {
	case 0:
		l.question = !l.question
	case 1, 2, 3:
		l.adjust(1)
	case 4:
		l.reveal = min(l.reveal+1, 4)
	case 5:
		l.run.Step()
	case 6:
		e := l.train.Epoch()
		var rec engine.Receipt
		for i := 0; i < l.train.UpdatesPerEpoch(); i++ {
			rec = l.train.Step()
			l.lines = append(l.lines, fmt.Sprintf("\tgrad:  %s %s %s", engine.FormatPy(rec.X), engine.FormatPy(rec.Y), engine.FormatPy(rec.Grad[0])))
		}
		l.lines = append(l.lines, fmt.Sprintf("progress: %d w= %s loss= %s", e, engine.FormatPy(rec.After[0]), engine.FormatPy(rec.LossAfter)))
	case 7:
		l.preset = (l.preset + 1) % 4
	case 8:
		l.quad.Step()
	}
}

// viewOptions are the interactive view's settings for the page: the
// chosen α on page 8, exercise 3-2 on page 9, the lecture's otherwise.
func (l lessonView) viewOptions(c common) Options {
	cfg := engine.Lecture()
	switch l.page {
	case 1, 2, 3:
		cfg.Init = engine.Vec{l.w}
	case 7:
		cfg.LR = l.run.Presets()[l.preset].LR
	case 8:
		cfg.Model, cfg.Init = engine.ModelQuad, engine.Vec{1, 1, 1}
	}
	return Options{Config: cfg, Data: l.hours, Width: c.lay.width, Height: c.lay.height, Lang: c.lang}
}

// view draws the page in the body b of the frame, above its footer: the
// title and the page number, the narration wrapped at words to the width,
// and the page's widget.
func (l lessonView) view(c common, b body) []string {
	height := b.height
	w := c.lay.width
	st := c.st
	c.lesson = true
	p := lessonText[c.lang][l.page]
	header := firstFit(w,
		st.title.Render("descent")+" "+st.strong.Render(p.title)+st.subtle.Render("  · "+c.trf("page %d/%d", l.page+1, lessonPages)),
		st.strong.Render(p.title)+st.subtle.Render("  · "+c.trf("page %d/%d", l.page+1, lessonPages)))
	var narr []string
	for _, para := range p.narration {
		narr = append(narr, wrapWords(para, w)...)
	}
	top := append(append([]string{header, ""}, narr...), "")
	body := l.widget(c, w, max(height-len(top), 4))
	lines := append(top, body...)
	for len(lines) < height {
		lines = append(lines, "")
	}
	return lines[:min(len(lines), height)]
}

// footer is the lesson's last lines, at most two of w columns: what the
// page's own keys do, then the keys (the lesson's and the root's), each
// whole.
func (l lessonView) footer(c common, keys []key.Binding) []string {
	w := c.lay.width
	items := []string{lessonText[c.lang][l.page].action}
	for _, b := range keys {
		items = append(items, b.Help().Key+" "+b.Help().Desc)
	}
	lines := packItems(items, " · ", w)
	for i := range lines {
		lines[i] = c.st.subtle.Render(lines[i])
	}
	return lines[:min(len(lines), 2)]
}

// widget draws the page's live part in w×h.
func (l lessonView) widget(c common, w, h int) []string {
	st := c.st
	x, y := l.hours.X, l.hours.Y
	switch l.page {
	case 0: // the data
		rows := [][]string{{c.tr("hours") + " (x)", "→", c.tr("points") + " (y)"}}
		for i := range x {
			rows = append(rows, []string{num(x[i], 3), "→", num(y[i], 3)})
		}
		if l.question {
			rows = append(rows, []string{"4", "→", "?"})
		}
		out := table(rows, []bool{true, false, true}, "   ")
		out[0] = st.label.Render(out[0])
		if l.question {
			out[len(out)-1] = st.highlight.Render(out[len(out)-1])
		}
		return out
	case 1: // the loss table
		lossOf := func(w float64) []float64 {
			var out []float64
			for i := range x {
				out = append(out, l.run.Model().Loss(engine.Vec{w}, x[i], y[i]))
			}
			return out
		}
		row := func(w float64) []string {
			ls := lossOf(w)
			return []string{num(w, 3), num(ls[0], 4), num(ls[1], 4), num(ls[2], 4), num(l.run.MSEAt(engine.Vec{w}), 4)}
		}
		rows := [][]string{{"w", "x=1", "x=2", "x=3", c.tr("mean")}}
		for w := 0.0; w <= 4; w++ {
			rows = append(rows, row(w))
		}
		rows = append(rows, row(l.w))
		out := table(rows, []bool{true, true, true, true, true}, "   ")
		for i := range out {
			out[i] = "  " + out[i]
		}
		out[0] = st.label.Render(out[0])
		last := out[len(out)-1] + "  ◀ " + c.tr("your w")
		return append(out[:len(out)-1], "", st.current.Render(last))
	case 2, 3: // the loss curve; with the tangent on page 4
		return l.curve(c, w, h, l.page == 3)
	case 4: // the derivative, line by line
		all := []string{
			"loss = (ŷ − y)² = (x·w − y)²",
			"∂loss/∂w = 2(x·w − y) · ∂(x·w − y)/∂w      " + st.subtle.Render(c.tr("chain rule")),
			"∂(x·w − y)/∂w = x",
			st.strong.Render("∂loss/∂w = 2x(x·w − y)"),
		}
		return all[:l.reveal]
	case 5: // one update
		return receipt(c, l.run, w)
	case 6: // training
		out := []string{st.label.Render(fmt.Sprintf("predict (before training) 4 %s", engine.FormatPy(4*1.0)))}
		keep := max(h-3, 1)
		tail := l.lines[max(len(l.lines)-keep, 0):]
		out = append(out, tail...)
		if e := l.train.Epoch(); e == 1 {
			out = append(out, st.current.Render(c.trf("after 1 epoch: %s points predicted for 4 hours", engine.FormatPy(l.train.Predict(4)))))
		} else if e > 1 {
			out = append(out, st.current.Render(c.trf("after %d epochs: %s points predicted for 4 hours", e, engine.FormatPy(l.train.Predict(4)))))
		}
		for i := range out {
			out[i] = strings.ReplaceAll(out[i], "\t", "    ")
		}
		return out
	case 7: // learning rates
		return l.rates(c, w)
	case 8: // several weights
		return receipt(c, l.quad, w)
	}
	return nil
}

// rates is page 8's widget: the four presets, each with its α, the α it
// was derived as, its factor and what to watch for, the chosen one marked
// ▸; and the chosen α's first epochs.
func (l lessonView) rates(c common, w int) []string {
	st := c.st
	ps := l.run.Presets()
	unit := perUnit(c, l.run)
	out := []string{st.label.Render(c.trf("largest stable α %s", stableBound(l.run.Analysis())))}
	var rows [][]string
	for i, p := range ps {
		rows = append(rows, []string{strconv.Itoa(i + 1), c.tr(presetName(p)), "α = " + num(p.LR, 4),
			c.trf("(derived %s)", num(p.Derived, 4)), "×" + numOff1(p.Factor, factorDigits) + "/" + unit})
	}
	lines := table(rows, []bool{true, true, true, true, true}, "  ")
	for i, p := range ps {
		mark := "  "
		if i == l.preset {
			mark = "▸ "
		}
		line := mark + lines[i]
		watch := wrapWords(presetWatch(c.lang, p, unit), max(w-5, 20))
		for k := range watch {
			watch[k] = "     " + watch[k]
		}
		if i == l.preset {
			line = st.highlight.Render(line)
			for k := range watch {
				watch[k] = st.highlight.Render(watch[k])
			}
		} else {
			for k := range watch {
				watch[k] = st.subtle.Render(watch[k])
			}
		}
		out = append(out, line)
		out = append(out, watch...)
	}
	// The chosen α's first epochs, as w values.
	cfg := engine.Lecture()
	cfg.LR = ps[l.preset].LR
	r, _ := engine.New(cfg)
	var ws []string
	for e := 0; e < 8; e++ {
		r.Advance(r.UpdatesPerEpoch())
		ws = append(ws, num(r.Params()[0], 4))
	}
	label := st.label.Render(c.tr("w after each epoch") + ": ")
	return append(out, "", firstFit(w, label+strings.Join(ws, ", "), label+strings.Join(ws[:5], ", ")))
}

// table aligns rows of cells in columns by display width, joined by sep:
// the columns k with left[k] aligned left, the others right.
func table(rows [][]string, left []bool, sep string) []string {
	widths := map[int]int{}
	for _, row := range rows {
		for k, s := range row {
			widths[k] = max(widths[k], displayWidth(s))
		}
	}
	out := make([]string, len(rows))
	for i, row := range rows {
		var cells []string
		for k, s := range row {
			if k < len(left) && left[k] {
				cells = append(cells, padRight(s, widths[k]))
			} else {
				cells = append(cells, strings.Repeat(" ", widths[k]-displayWidth(s))+s)
			}
		}
		out[i] = strings.TrimRight(strings.Join(cells, sep), " ")
	}
	return out
}

// curve draws the mean loss for w from −1 to 5 with the table's five
// points, the chosen w and, with tangent, its tangent and the way down.
func (l lessonView) curve(c common, w, h int, tangent bool) []string {
	st := c.st
	cols := max(w-12, 2)
	lo, hi := -1.0, 5.0
	_, ys := l.run.LossCurve(engine.Vec{}, 0, lo, hi, cols)
	ymax := 0.0
	for _, y := range ys {
		ymax = math.Max(ymax, y)
	}
	col := func(v float64) int { return int(math.Round((v - lo) / (hi - lo) * float64(cols-1))) }
	spec := plotSpec{ys: ys, height: max(h-5, 3), ymin: 0, ymax: ymax}.normalized()
	spec.yLabel = linearTicks(spec, 9).label
	spec.xTicks = roundXTicks(lo, hi, cols, 1, func(v float64) (int, bool) { return col(v), true }, tickText9)
	cnv := newCanvas(spec)
	lw := l.run.MSEAt(engine.Vec{l.w})
	g := l.run.GradAt(engine.Vec{l.w})[0]
	r0, on := cnv.onCurve(col(l.w), lw)
	glyph := "┄"
	if tangent && on {
		glyph = drawTangent(cnv, col(l.w), r0, g*(hi-lo)/float64(cols-1)*cnv.ratio, &st.tangent)
	}
	for v := 0.0; v <= 4; v++ {
		if r, ok := cnv.onCurve(col(v), l.run.MSEAt(engine.Vec{v})); ok {
			cnv.set(col(v), r, "○", &st.trail)
		}
	}
	cnv.set(col(2), cnv.rows, "★", &st.optimum)
	if on {
		cnv.set(col(l.w), r0, "●", &st.current)
	}
	out := cnv.render(st.curve, w)
	note := fmt.Sprintf("● w = %s   %s = %s", num(l.w, 3), c.tr("mean loss"), num(lw, 4))
	if tangent {
		way := c.tr("downhill is →: w should grow")
		switch {
		case g > 0:
			way = c.tr("downhill is ←: w should shrink")
		case g == 0:
			way = c.tr("flat: this is the bottom")
		}
		note += fmt.Sprintf("   %s %s = %s: %s", glyph, c.tr("slope"), num(g, 4), way)
	}
	return append([]string{st.current.Render(note)}, out...)
}
