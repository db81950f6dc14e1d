package ui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"descent/datasets"
	"descent/engine"
)

// Lang is the language of the lesson's narration and of the view's labels.
type Lang string

// The languages descent speaks.
const (
	English Lang = "en"
	Korean  Lang = "ko"
)

// DetectLang picks the language from LC_ALL, LC_MESSAGES or LANG (as
// getenv returns them): Korean for ko…, English otherwise.
func DetectLang(getenv func(string) string) Lang {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "ko") {
				return Korean
			}
			return English
		}
	}
	return English
}

// ParseLang returns the language called s ("en" or "ko").
func ParseLang(s string) (Lang, error) {
	switch Lang(s) {
	case English, Korean:
		return Lang(s), nil
	}
	return "", fmt.Errorf("unknown language %q (want en or ko)", s)
}

// lessonPages is how many pages the lesson has.
const lessonPages = 9

// Lesson is the guided lesson: the lecture's story, one page at a time,
// with a live widget on every page. It implements tea.Model; `i` hands
// over to the interactive view with the page's settings.
type Lesson struct {
	lang     Lang
	page     int // 0-based
	width    int
	height   int
	st       styles
	hours    datasets.Dataset
	w        float64     // the w the widgets of pages 2–4 show
	reveal   int         // derivation lines shown on page 5
	question bool        // page 1: the question row shown
	run      *engine.Run // page 6: the lecture's run, one update at a time
	train    *engine.Run // page 7: the lecture's run, one epoch at a time
	lines    []string    // page 7: the printout so far
	preset   int         // page 8: the chosen preset
	quad     *engine.Run // page 9: exercise 3-2
	view     Model       // renders receipts
	keys     lessonKeys
}

type lessonKeys struct{ Next, Prev, Act, Up, Down, Open, Quit key.Binding }

// NewLesson returns the lesson at width×height in lang.
func NewLesson(lang Lang, width, height int) Lesson {
	hours, _ := datasets.Lookup("hours")
	l := Lesson{lang: lang, width: width, height: height, st: newStyles(true), hours: hours, w: 1,
		keys: lessonKeys{
			Next: key.NewBinding(key.WithKeys("right", "pgdown")),
			Prev: key.NewBinding(key.WithKeys("left", "pgup")),
			Act:  key.NewBinding(key.WithKeys("space", "enter")),
			Up:   key.NewBinding(key.WithKeys("up")),
			Down: key.NewBinding(key.WithKeys("down")),
			Open: key.NewBinding(key.WithKeys("i")),
			Quit: key.NewBinding(key.WithKeys("q", "ctrl+c")),
		}}
	l.resetRuns()
	return l
}

func (l *Lesson) resetRuns() {
	l.run, _ = engine.New(engine.Lecture())
	l.train, _ = engine.New(engine.Lecture())
	q := engine.Lecture()
	q.Model, q.Init = engine.ModelQuad, engine.Vec{1, 1, 1}
	l.quad, _ = engine.New(q)
	l.lines = nil
	l.view = New(Options{Config: engine.Lecture(), Data: l.hours, Width: l.width, Height: l.height, Lang: l.lang})
	l.view.run = l.run
}

// Page returns the 1-based page shown.
func (l Lesson) Page() int { return l.page + 1 }

// Init implements tea.Model.
func (l Lesson) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Update implements tea.Model.
func (l Lesson) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		l.width, l.height = msg.Width, msg.Height
		l.view.width, l.view.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		l.st = newStyles(msg.IsDark())
		l.view.st = l.st
	case tea.KeyPressMsg:
		k := l.keys
		switch {
		case key.Matches(msg, k.Quit):
			return l, tea.Quit
		case key.Matches(msg, k.Next):
			l.page = min(l.page+1, lessonPages-1)
		case key.Matches(msg, k.Prev):
			l.page = max(l.page-1, 0)
		case key.Matches(msg, k.Up), key.Matches(msg, k.Down):
			d := 1
			if key.Matches(msg, k.Down) {
				d = -1
			}
			l.adjust(d)
		case key.Matches(msg, k.Act):
			l.act()
		case key.Matches(msg, k.Open):
			m := New(l.viewOptions())
			return m, m.Init()
		}
	}
	return l, nil
}

// adjust moves the page's value: w on pages 2–4, the preset on page 8.
func (l *Lesson) adjust(d int) {
	switch l.page {
	case 1, 2, 3:
		l.w = math.Round((l.w+0.5*float64(d))*2) / 2
		l.w = min(max(l.w, -1), 5)
	case 7:
		l.preset = (l.preset + d + 4) % 4
	}
}

// act is what space does on the page.
func (l *Lesson) act() {
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
func (l Lesson) viewOptions() Options {
	c := engine.Lecture()
	switch l.page {
	case 1, 2, 3:
		c.Init = engine.Vec{l.w}
	case 7:
		c.LR = l.run.Presets()[l.preset].LR
	case 8:
		c.Model, c.Init = engine.ModelQuad, engine.Vec{1, 1, 1}
	}
	return Options{Config: c, Data: l.hours, Width: l.width, Height: l.height, Lang: l.lang}
}

// View implements tea.Model.
func (l Lesson) View() tea.View {
	v := tea.NewView(l.Render())
	v.AltScreen = true
	v.WindowTitle = "descent lesson"
	return v
}

// Render returns the page as text with styles.
func (l Lesson) Render() string {
	w, h := l.width, l.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if w < minW || h < minH {
		return tooSmall(w, h)
	}
	p := lessonText[l.lang][l.page]
	header := l.st.title.Render("descent") + " " + l.st.strong.Render(p.title) +
		l.st.subtle.Render(fmt.Sprintf("  · %s %d/%d", tr(l.lang, "page"), l.page+1, lessonPages))
	narr := strings.Split(lipgloss.NewStyle().Width(w).Render(strings.Join(p.narration, "\n")), "\n")
	footer := l.st.subtle.Render(tr(l.lang, "lesson keys") + "  ·  " + p.action)
	top := append(append([]string{header, ""}, narr...), "")
	body := l.widget(w, max(h-len(top)-1, 4))
	lines := append(top, body...)
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	lines = clipLines(lines[:min(len(lines), h-1)], w)
	return strings.Join(append(lines, clipLines([]string{footer}, w)...), "\n")
}

// widget draws the page's live part in w×h.
func (l Lesson) widget(w, h int) []string {
	st := l.st
	x, y := l.hours.X, l.hours.Y
	switch l.page {
	case 0: // the data
		rows := []string{st.label.Render(tr(l.lang, "hours") + " (x)  →  " + tr(l.lang, "points") + " (y)")}
		for i := range x {
			rows = append(rows, fmt.Sprintf("      %s        →   %s", num(x[i], 3), num(y[i], 3)))
		}
		if l.question {
			rows = append(rows, st.highlight.Render("      4        →   ?"))
		}
		return rows
	case 1: // the loss table
		lossOf := func(w float64) []float64 {
			var out []float64
			for i := range x {
				out = append(out, l.run.Model().Loss(engine.Vec{w}, x[i], y[i]))
			}
			return out
		}
		row := func(w float64) string {
			ls := lossOf(w)
			mean := l.run.MSEAt(engine.Vec{w})
			return fmt.Sprintf("  %-6s %-9s %-9s %-9s %s", num(w, 3), num(ls[0], 4), num(ls[1], 4), num(ls[2], 4), num(mean, 4))
		}
		out := []string{st.label.Render(fmt.Sprintf("  %-6s %-9s %-9s %-9s %s", "w", "x=1", "x=2", "x=3", tr(l.lang, "mean")))}
		for w := 0.0; w <= 4; w++ {
			out = append(out, row(w))
		}
		return append(out, "", st.current.Render(row(l.w)+"  ◀ "+tr(l.lang, "your w")))
	case 2, 3: // the loss curve; with the tangent on page 4
		return l.curve(w, h, l.page == 3)
	case 4: // the derivative, line by line
		all := []string{
			"loss = (ŷ − y)² = (x·w − y)²",
			"∂loss/∂w = 2(x·w − y) · ∂(x·w − y)/∂w      " + st.subtle.Render(tr(l.lang, "chain rule")),
			"∂(x·w − y)/∂w = x",
			st.strong.Render("∂loss/∂w = 2x(x·w − y)"),
		}
		return all[:l.reveal]
	case 5: // one update
		v := l.view
		v.run = l.run
		return v.receiptView(l.digits())
	case 6: // training
		out := []string{st.label.Render(fmt.Sprintf("predict (before training) 4 %s", engine.FormatPy(4*1.0)))}
		keep := max(h-3, 1)
		tail := l.lines[max(len(l.lines)-keep, 0):]
		out = append(out, tail...)
		if e := l.train.Epoch(); e > 0 {
			out = append(out, st.current.Render(fmt.Sprintf("%s %d: predict 4 hours %s", tr(l.lang, "after epochs"), e, engine.FormatPy(l.train.Predict(4)))))
		}
		for i := range out {
			out[i] = strings.ReplaceAll(out[i], "\t", "    ")
		}
		return out
	case 7: // learning rates
		ps := l.run.Presets()
		out := []string{st.label.Render(fmt.Sprintf("%s %s", tr(l.lang, "largest stable α"), num(l.run.Analysis().LRMaxStable, 5)))}
		for i, p := range ps {
			line := fmt.Sprintf("  %d  %-12s α = %-8s %s", i+1, p.Name, num(p.LR, 4), p.Watch)
			if l.lang != English {
				line = fmt.Sprintf("  %d  %s  α = %s  ×%s/%s  %s", i+1, tr(l.lang, p.Name), num(p.LR, 4),
					num(p.Factor, 3), tr(l.lang, "epoch"), tr(l.lang, p.Regime.String()))
			}
			if i == l.preset {
				line = st.highlight.Render("▸" + line[1:])
			}
			out = append(out, line)
		}
		// Ten epochs at the chosen α, as w values.
		c := engine.Lecture()
		c.LR = ps[l.preset].LR
		r, _ := engine.New(c)
		var ws []string
		for e := 0; e < 8; e++ {
			r.Advance(r.UpdatesPerEpoch())
			ws = append(ws, num(r.Params()[0], 4))
		}
		return append(out, "", st.label.Render(tr(l.lang, "w after each epoch")+": ")+strings.Join(ws, ", "))
	case 8: // several weights
		v := l.view
		v.run = l.quad
		return v.receiptView(l.digits())
	}
	return nil
}

// digits is how many significant digits receipts get: all of them on wide
// screens, as the interactive view does.
func (l Lesson) digits() int {
	if l.width >= wideW {
		return 0
	}
	return 7
}

// curve draws the mean loss for w from −0.5 to 4.5 with the table's five
// points, the chosen w and, with tangent, its tangent and the way down.
func (l Lesson) curve(w, h int, tangent bool) []string {
	st := l.st
	cols := max(w-12, 2)
	lo, hi := -1.0, 5.0
	_, ys := l.run.LossCurve(engine.Vec{}, 0, lo, hi, cols)
	ymax := 0.0
	for _, y := range ys {
		ymax = math.Max(ymax, y)
	}
	c := newCanvas(plotSpec{ys: ys, height: max(h-5, 3), ymin: 0, ymax: ymax, yLabel: axisLabel,
		xlo: lo, xhi: hi, xLabel: tickLabel, xTicks: 7})
	col := func(v float64) int { return int(math.Round((v - lo) / (hi - lo) * float64(cols-1))) }
	for v := 0.0; v <= 4; v++ {
		if r, ok := c.row(l.run.MSEAt(engine.Vec{v})); ok {
			c.set(col(v), r, "○", &st.trail)
		}
	}
	c.set(col(2), c.rows, "★", &st.optimum)
	lw := l.run.MSEAt(engine.Vec{l.w})
	g := l.run.GradAt(engine.Vec{l.w})[0]
	if tangent {
		dx := (hi - lo) / float64(cols-1)
		for cx := col(l.w) - cols/8; cx <= col(l.w)+cols/8; cx++ {
			if r, ok := c.row(lw + g*(lo+float64(cx)*dx-l.w)); ok {
				c.set(cx, r, "┄", &st.tangent)
			}
		}
	}
	if r, ok := c.row(lw); ok {
		c.set(col(l.w), r, "●", &st.current)
	}
	out := c.render(st.curve, w)
	note := fmt.Sprintf("● w = %s   %s = %s", num(l.w, 3), tr(l.lang, "mean loss"), num(lw, 4))
	if tangent {
		way := tr(l.lang, "downhill is →: w should grow")
		switch {
		case g > 0:
			way = tr(l.lang, "downhill is ←: w should shrink")
		case g == 0:
			way = tr(l.lang, "flat: this is the bottom")
		}
		note += fmt.Sprintf("   ┄ %s = %s: %s", tr(l.lang, "slope"), num(g, 4), way)
	}
	return append([]string{st.current.Render(note)}, out...)
}
