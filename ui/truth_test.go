package ui

// Tests of a view that tells the truth, fits 80×24 and speaks Korean
// everywhere (issue 15).

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"descent/datasets"
	"descent/engine"
)

// frameCase is a frame to look at: options, updates to take, keys to
// press.
type frameCase struct {
	name  string
	o     Options
	steps int
	keys  []tea.Msg
}

// frameCases are the situations a teacher and a student meet: the
// lecture, noisy and offset data that cycle, a stalled α, the second
// stable interval, momentum, Adam, a diverging α, several weights, the
// compare view and the sweep, the fit panel and the full help.
func frameCases(t testing.TB) []frameCase {
	lecture := func(mut func(*engine.Config)) engine.Config {
		c := engine.Lecture()
		if mut != nil {
			mut(&c)
		}
		return c
	}
	set := func(name string) (engine.Config, datasets.Dataset) {
		d, _ := datasets.Lookup(name)
		c := engine.Lecture()
		c.X, c.Y = d.X, d.Y
		if m, err := engine.ModelByName(d.Model); err == nil {
			c.Model = m
			c.Init = engine.Vec{1, 1, 1}
		}
		return c, d
	}
	noisy, noisyD := set("noisy")
	offset, offsetD := set("offset")
	offset.Model, offset.Init = engine.ModelW, engine.Vec{1}
	curved, curvedD := set("curved")
	h := hours(t)
	return []frameCase{
		{"lecture", Options{Config: lecture(nil), Data: h}, 3, nil},
		{"noisy", Options{Config: noisy, Data: noisyD}, 300, nil},
		{"offset-w", Options{Config: offset, Data: offsetD}, 300, nil},
		{"stalled", Options{Config: lecture(func(c *engine.Config) { c.LR = 1e-20 }), Data: h}, 3, nil},
		{"second-interval", Options{Config: lecture(func(c *engine.Config) { c.LR = 0.5 }), Data: h}, 2, nil},
		{"momentum", Options{Config: lecture(func(c *engine.Config) { c.Optimizer = engine.NewOptimizer(engine.Momentum) }), Data: h}, 10, nil},
		{"adam", Options{Config: lecture(func(c *engine.Config) { c.Optimizer = engine.NewOptimizer(engine.Adam) }), Data: h}, 10, nil},
		{"diverging", Options{Config: lecture(func(c *engine.Config) { c.LR = 0.25 }), Data: h}, 12, nil},
		{"minibatch-diverging", Options{Config: lecture(func(c *engine.Config) { c.LR, c.Mode, c.Batch = 0.3, engine.MiniBatch, 2 }), Data: h}, 3, nil},
		{"curved", Options{Config: curved, Data: curvedD}, 5, nil},
		{"compare", Options{Config: lecture(nil), Data: h, Compare: []float64{0.001, 0.01, 0.1, 0.25}}, 60, nil},
		{"compare-optimizers", Options{Config: lecture(nil), Data: h, CompareOptimizers: []engine.Optimizer{
			engine.NewOptimizer(engine.GD), engine.NewOptimizer(engine.Momentum), engine.NewOptimizer(engine.Adam)}}, 12, nil},
		{"sweep", Options{Config: lecture(nil), Data: h, Sweep: true}, 0, nil},
		{"fit", Options{Config: lecture(nil), Data: h}, 3, []tea.Msg{press('f')}},
		{"help", Options{Config: lecture(nil), Data: h}, 3, []tea.Msg{press('?')}},
		{"help-quad", Options{Config: curved, Data: curvedD}, 3, []tea.Msg{press('?')}},
		{"help-compare", Options{Config: lecture(nil), Data: h}, 3, []tea.Msg{press('c'), press('?')}},
		{"help-sweep", Options{Config: lecture(nil), Data: h}, 3, []tea.Msg{press('v'), press('?')}},
		{"preset", Options{Config: lecture(nil), Data: h}, 0, []tea.Msg{press('2')}},
		{"typing", Options{Config: lecture(nil), Data: h}, 0, []tea.Msg{press('a'), press('x'), enter}},
	}
}

// sizes are the terminals the frames are looked at in.
var sizes = [][2]int{{80, 24}, {100, 30}, {120, 40}, {200, 60}}

// eachFrame calls f with every case's frame at every size in both
// languages.
func eachFrame(t *testing.T, f func(t *testing.T, name string, size [2]int, lang Lang, m Model, frame string)) {
	for _, c := range frameCases(t) {
		for _, size := range sizes {
			for _, lang := range []Lang{English, Korean} {
				o := c.o
				o.Width, o.Height, o.Lang = size[0], size[1], lang
				m := New(o)
				m.advance(c.steps)
				m, _ = send(m, c.keys...)
				name := fmt.Sprintf("%s %dx%d %s", c.name, size[0], size[1], lang)
				f(t, name, size, lang, m, ansi.Strip(m.Render()))
			}
		}
	}
}

// TestNothingIsCut checks every frame: no line wider than the terminal,
// none cut with an ellipsis, as many lines as the terminal, the play
// state or the run's status in the header, ? and q on the last line.
func TestNothingIsCut(t *testing.T) {
	eachFrame(t, func(t *testing.T, name string, size [2]int, lang Lang, m Model, frame string) {
		lines := strings.Split(frame, "\n")
		if len(lines) != size[1] {
			t.Errorf("%s: %d lines", name, len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("%s: line %d is %d columns wide", name, i+1, w)
			}
			if strings.HasSuffix(strings.TrimRight(l, " "), "…") {
				t.Errorf("%s: line %d is cut: %q", name, i+1, l)
			}
		}
		if !regexp.MustCompile(`[⏸▶✓✗↻∥■]`).MatchString(lines[0]) {
			t.Errorf("%s: no state in the header %q", name, lines[0])
		}
		if last := lines[len(lines)-1]; !m.help.ShowAll && !(strings.Contains(last, "? ") && strings.Contains(last, "q ")) {
			t.Errorf("%s: the help line lacks ? or q: %q", name, last)
		}
	})
}

// allowedWords are the words in Latin letters a Korean frame may show:
// the program's name, the names a user types (datasets, models, optimizers,
// keys), and the mathematics' own symbols (loss, mean as in the receipt's
// formulas, float64).
var allowedWords = map[string]bool{
	"descent": true, "hours": true, "noisy": true, "offset": true, "tens": true, "curved": true,
	"wb": true, "quad": true, "gd": true, "momentum": true, "nesterov": true, "adagrad": true, "rmsprop": true, "adam": true,
	"space": true, "tab": true, "esc": true, "enter": true,
	"loss": true, "mean": true, "xw": true, "float64": true, "NaN": true, "w0": true, "w1": true, "w2": true,
}

// TestKoreanFramesSpeakKorean checks every Korean frame for words in
// Latin letters that are not names or symbols: a string that bypassed
// the catalog.
func TestKoreanFramesSpeakKorean(t *testing.T) {
	word := regexp.MustCompile(`[A-Za-z][A-Za-z0-9]+`)
	eachFrame(t, func(t *testing.T, name string, size [2]int, lang Lang, m Model, frame string) {
		if lang != Korean {
			return
		}
		for _, wd := range word.FindAllString(frame, -1) {
			if !allowedWords[wd] && !regexp.MustCompile(`^e\d+$`).MatchString(wd) {
				t.Errorf("%s: English %q in\n%s", name, wd, frame)
				return
			}
		}
	})
}

// TestLessonPagesFitAndSpeakKorean checks every lesson page, acted on
// once, at every size in both languages: nothing wider than the terminal
// or cut, the terminal's height exactly, and no English word on a Korean
// page but in the lecture program's own printout (page 7), which the
// lesson shows as the program prints it.
func TestLessonPagesFitAndSpeakKorean(t *testing.T) {
	word := regexp.MustCompile(`[A-Za-z][A-Za-z0-9]+`)
	printout := regexp.MustCompile(`^\s*(predict \(before training\)|grad:|progress:)`)
	for _, size := range sizes {
		for _, lang := range []Lang{English, Korean} {
			var m tea.Model = NewLesson(lang, size[0], size[1])
			for p := 1; p <= lessonPages; p++ {
				m, _ = m.Update(space)
				frame := ansi.Strip(m.(Model).Render())
				lines := strings.Split(frame, "\n")
				if len(lines) != size[1] {
					t.Errorf("page %d %v %s: %d lines", p, size, lang, len(lines))
				}
				for i, l := range lines {
					if w := ansi.StringWidth(l); w > size[0] || strings.HasSuffix(strings.TrimRight(l, " "), "…") {
						t.Errorf("page %d %v %s: line %d (%d columns) is cut or too wide: %q", p, size, lang, i+1, w, l)
					}
					if lang != Korean || printout.MatchString(l) {
						continue
					}
					for _, wd := range word.FindAllString(l, -1) {
						if !allowedWords[wd] && wd != "argmin" && wd != "x2" {
							t.Errorf("page %d %v: English %q in %q", p, size, wd, l)
						}
					}
				}
				m, _ = m.Update(right)
			}
		}
	}
}

// TestOneStateInTheHeader checks the header against the engine's status:
// a paused run that has not settled says paused and never "running"; a
// playing one says playing; a settled one says its status, and the status
// lines do not say it again.
func TestOneStateInTheHeader(t *testing.T) {
	for _, lang := range []Lang{English, Korean} {
		words := map[string]string{"paused": tr(lang, "paused · autoplay %d/s"), "running": tr(lang, "running"),
			"converged": tr(lang, "converged"), "playing": tr(lang, "playing %d/s")}
		head := func(m Model) (string, string) {
			lines := strings.Split(ansi.Strip(m.Render()), "\n")
			return lines[0], strings.Join(lines[1:], "\n")
		}
		m := New(Options{Config: engine.Lecture(), Data: hours(t), Width: 80, Height: 24, Lang: lang})
		m, _ = send(m, space)
		h, rest := head(m)
		if !strings.Contains(h, "⏸ "+strings.Split(words["paused"], "%")[0]) || strings.Contains(h+rest, words["running"]) {
			t.Errorf("%s: a paused run's frame:\n%s\n%s", lang, h, rest)
		}
		m, _ = send(m, press('p'))
		if h, _ := head(m); !strings.Contains(h, "▶ "+strings.Split(words["playing"], "%")[0]) {
			t.Errorf("%s: a playing run's header %q", lang, h)
		}
		m, _ = send(m, press('p'))
		m.advance(400)
		h, rest = head(m)
		if !strings.Contains(h, "✓ "+words["converged"]) || strings.Contains(rest, words["converged"]) || strings.Contains(h, "⏸") {
			t.Errorf("%s: a converged run's frame:\n%s\n%s", lang, h, rest)
		}
	}
}

// TestStatusesAreExplained reads the status's last line for each status
// the engine decides, against mathematics:
//   - α = 1e-20 from w = 1: α·g = 1e-20 × (−18) = −1.8e−19 is below half
//     a unit in the last place of 1 (2⁻⁵³ ≈ 1.1e−16): stalled;
//   - offset's data (y = 2x + 1, x = 1…5) with ŷ = x·w per sample at
//     α = 0.01: w* = Σxy/Σx² = 125/55 = 2.2727, and the run cycles about
//     it, each sample pulling w to its own fit (y/x = 3, 2.5, …);
//   - momentum on the lecture's data at α = 0.01: the factor is positive
//     yet the run oscillates, because the dominant eigenvalue is complex;
//   - α = 0.5 converges again: the α line lists the second interval
//     (0.4765, 0.519).
func TestStatusesAreExplained(t *testing.T) {
	offset, _ := datasets.Lookup("offset")
	cases := []struct {
		name  string
		mut   func(c *engine.Config)
		steps int
		want  []string
	}{
		{"stalled", func(c *engine.Config) { c.LR = 1e-20 }, 3, []string{"∥ stalled", "α·g = 1e−20 × (−18) = −1.8e−19", "(1.1e−16)", "rounds back to w in float64"}},
		{"cycling", func(c *engine.Config) { c.X, c.Y = offset.X, offset.Y }, 300, []string{"↻ cycling", "the samples pull w to different places", "w* = 2.2727"}},
		{"momentum", func(c *engine.Config) { c.Optimizer = engine.NewOptimizer(engine.Momentum) }, 10, []string{"↯ oscillating ×" + num(momentumFactor(0.01, 0.9), factorDigits) + "/epoch", "momentum carries w past w*"}},
		{"second interval", func(c *engine.Config) { c.LR = 0.5 }, 2, []string{"(stable < 0.204 or 0.4765–0.519)", "↘ converging"}},
	}
	for _, c := range cases {
		m := newModel(t, 100, 30, c.mut)
		m.advance(c.steps)
		v := strings.Join(strings.Fields(ansi.Strip(m.Render())), " ")
		for _, w := range c.want {
			if !strings.Contains(v, strings.Join(strings.Fields(w), " ")) {
				t.Errorf("%s: the frame lacks %q:\n%s", c.name, w, ansi.Strip(m.Render()))
			}
		}
	}
	// The cycle's span: the next epoch's lowest and highest w, which
	// bracket w* and the run's w now.
	m := newModel(t, 100, 30, func(c *engine.Config) { c.X, c.Y = offset.X, offset.Y })
	m.advance(300)
	lo, hi, ok := m.lab.span(m.lab.run, 0)
	if w := m.lab.run.Params()[0]; !ok || !(lo <= w && w <= hi && lo < 125.0/55 && 125.0/55 < hi) {
		t.Errorf("the cycle's span [%v, %v] does not hold w = %v and w* = %v", lo, hi, w, 125.0/55)
	}
}

// momentumFactor is the size of what one epoch of heavy-ball momentum μ
// at α multiplies the error by on the lecture's data, per sample: the
// spectral radius of M₃M₂M₁, where sample x maps (e, b) to
// ((1 − αh)e − αμb, he + μb) with h = 2x².
func momentumFactor(lr, mu float64) float64 {
	p := [2][2]float64{{1, 0}, {0, 1}}
	for _, x := range []float64{1, 2, 3} {
		h := 2 * x * x
		m := [2][2]float64{{1 - lr*h, -lr * mu}, {h, mu}}
		p = [2][2]float64{
			{m[0][0]*p[0][0] + m[0][1]*p[1][0], m[0][0]*p[0][1] + m[0][1]*p[1][1]},
			{m[1][0]*p[0][0] + m[1][1]*p[1][0], m[1][0]*p[0][1] + m[1][1]*p[1][1]},
		}
	}
	tr, det := p[0][0]+p[1][1], p[0][0]*p[1][1]-p[0][1]*p[1][0]
	disc := tr*tr/4 - det
	if disc < 0 {
		return math.Sqrt(det) // complex pair: |λ|² = det
	}
	return math.Max(math.Abs(tr/2+math.Sqrt(disc)), math.Abs(tr/2-math.Sqrt(disc)))
}

// TestFullHelpListsEveryKey presses ? on each run screen at 80×24 and
// 100×30 in both languages: every key the screen's help names is on the
// frame, with its description.
func TestFullHelpListsEveryKey(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}} {
		for _, lang := range []Lang{English, Korean} {
			for _, open := range [][]tea.Msg{nil, {press('c')}, {press('v')}} {
				for _, model := range []engine.Model{engine.ModelW, engine.ModelQuad} {
					c := engine.Lecture()
					c.Model, c.Init = model, engine.Vec{1, 1, 1}
					m := New(Options{Config: c, Data: hours(t), Width: size[0], Height: size[1], Lang: lang})
					m, _ = send(m, append(open, press('?'))...)
					frame := ansi.Strip(m.Render())
					for _, col := range m.helpKeys().full {
						for _, b := range col {
							if !regexp.MustCompile(regexp.QuoteMeta(b.Help().Key) + ` +` + regexp.QuoteMeta(b.Help().Desc)).MatchString(frame) {
								t.Errorf("%v %s %v %s: ? does not show %q %q:\n%s", size, lang, open, model.Name(), b.Help().Key, b.Help().Desc, frame)
							}
						}
					}
				}
			}
		}
	}
}

// TestOneMinusSign checks that numbers in the view carry the true minus
// sign (−) and never the hyphen (-), but in the lecture program's own
// printout on the lesson's page 7, which prints Python's.
func TestOneMinusSign(t *testing.T) {
	hyphen := regexp.MustCompile(`(^|[\s(=×,])-\d`)
	eachFrame(t, func(t *testing.T, name string, size [2]int, lang Lang, m Model, frame string) {
		if l := hyphen.FindString(frame); l != "" {
			t.Errorf("%s: a hyphen for a minus: %q", name, l)
		}
	})
}

// TestSmallThings checks what point 5 of the issue lists.
func TestSmallThings(t *testing.T) {
	// i in the lesson opens the view; esc (no entry open) comes back to
	// the page, and esc with an entry open only closes the entry.
	var l tea.Model = NewLesson(English, 80, 24)
	for range 7 {
		l, _ = l.Update(right)
	}
	l, _ = openView(l)
	if m := l.(Model); m.screen != screenSingle || !strings.Contains(ansi.Strip(m.Render()), "esc goes back to the lesson") {
		t.Fatalf("i on page 8 did not open the view saying how to come back")
	}
	l, _ = l.Update(press('a'))
	l, _ = l.Update(esc)
	if m := l.(Model); m.screen != screenSingle || m.lab.entry.open() {
		t.Errorf("esc with the entry open: screen %v, entry open %v", m.screen, m.lab.entry.open())
	}
	l, _ = l.Update(esc)
	if m := l.(Model); m.screen != screenLesson || m.lesson.page != 7 {
		t.Errorf("esc: screen %v page %d, want the lesson's page 8", m.screen, m.lesson.page+1)
	}
	// esc in a view not opened from the lesson does nothing.
	m := newModel(t, 80, 24, nil)
	if m, _ = send(m, esc); m.screen != screenSingle {
		t.Error("esc left a view the lesson did not open")
	}

	// Page 6 names the lesson's key, not the view's n.
	l = NewLesson(English, 80, 24)
	for range 5 {
		l, _ = l.Update(right)
	}
	if v := ansi.Strip(l.(Model).Render()); !strings.Contains(v, "press space to take the first one") || strings.Contains(v, "space or n") {
		t.Errorf("page 6 before its update:\n%s", v)
	}

	// l where the loss chart is not drawn, tab with one parameter and A
	// at six runs say why nothing changed.
	m = newModel(t, 80, 24, nil)
	if m, _ = send(m, press('l')); !strings.Contains(m.lab.msg, "shows from 120×36") {
		t.Errorf("l at 80×24: %q", m.lab.msg)
	}
	if m, _ = send(m, tab); !strings.Contains(m.lab.msg, "one parameter") {
		t.Errorf("tab with one parameter: %q", m.lab.msg)
	}
	m = New(Options{Config: engine.Lecture(), Data: hours(t), Width: 80, Height: 24, Compare: []float64{0.001, 0.002, 0.005, 0.01, 0.02, 0.05}})
	if m, _ = send(m, press('A')); len(m.lab.cmp) != 6 || !strings.Contains(m.lab.msg, "at most 6 runs") {
		t.Errorf("A at 6 runs: %d runs, %q", len(m.lab.cmp), m.lab.msg)
	}

	// α 1e400 is out of range; "abc" is not a number.
	m = newModel(t, 80, 24, nil)
	m, _ = send(m, append([]tea.Msg{press('a'), tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}}, append(typeText("1e400"), enter)...)...)
	if !strings.Contains(m.lab.entry.err, "out of the range of float64") {
		t.Errorf("α = 1e400: %q", m.lab.entry.err)
	}
	// A start beyond ±1e150 is worded from the engine's StartError.
	m = newModel(t, 80, 24, nil)
	m, _ = send(m, append([]tea.Msg{press('w'), tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}}, append(typeText("1e200"), enter)...)...)
	if !strings.Contains(m.lab.msg, "a start of w = 1e+200 is out of range") || !strings.Contains(m.lab.msg, "±1e+150") {
		t.Errorf("w0 = 1e200: %q", m.lab.msg)
	}

	// One update is "1 update": a single point (1, 2) per sample at
	// α = 0.5 lands on w* = 2 in one update (1 − 2·0.5·1² = 0).
	one := engine.Lecture()
	one.X, one.Y, one.LR = []float64{1}, []float64{2}, 0.5
	m = New(Options{Config: one, Width: 80, Height: 24})
	m, _ = send(m, press('p'))
	m, _ = send(m, tickMsg{id: m.lab.play.tickID})
	if m.lab.msg != "converged after 1 update; autoplay paused" {
		t.Errorf("after one update: %q", m.lab.msg)
	}

	// The key for slower autoplay is the - one presses.
	if k := m.lab.keys.Slower.Help().Key; k != "-" {
		t.Errorf("slower's key reads %q", k)
	}

	// q empties the last frame, so a terminal that reflows its screens
	// keeps nothing of it on the shell.
	m = newModel(t, 80, 24, nil)
	if m, _ = send(m, press('q')); m.View().Content != "" {
		t.Error("the frame after q is not empty")
	}
}

// TestDeltaAgreesWithTheStep checks the receipt near convergence, where
// w − α·g rounds: Δw shows no more digits than agree with α·g (for plain
// gradient descent Δw = −α·g but for that rounding, at most half a unit in
// the last place of w).
func TestDeltaAgreesWithTheStep(t *testing.T) {
	m := newModel(t, 120, 40, nil)
	for _, n := range []int{1, 200, 600, 900} {
		m.advance(n)
		rec, _ := m.lab.run.Last()
		s := deltaText(m.c, m.lab.run, rec, 0, 0)
		if rec.After[0] == rec.Before[0] {
			// Rounded away: |α·g| is at most half a unit in w's last place.
			if w := rec.Before[0]; !strings.Contains(s, "rounds away") || math.Abs(rec.LR*rec.Grad[0]) > (math.Nextafter(w, 3)-w)/2 {
				t.Errorf("Δw = 0 with α·g = %v: %q", rec.LR*rec.Grad[0], s)
			}
			continue
		}
		v, err := parseNum(strings.TrimPrefix(s, "+"))
		if err != nil {
			t.Fatalf("Δw %q", s)
		}
		step := -rec.LR * rec.Grad[0]
		mant := strings.TrimLeft(strings.Split(strings.TrimLeft(s, "+−"), "e")[0], "0.")
		digits := len(strings.ReplaceAll(mant, ".", ""))
		unit := math.Pow(10, math.Floor(math.Log10(math.Abs(step)))-float64(digits-1))
		if math.Abs(v-step) > unit/2*1.0000001 {
			t.Errorf("after %d more updates: Δw = %s, α·g = %v: they differ in the digits shown", n, s, -step)
		}
	}
}

// TestMiniBatchWhyDefinesItsCurvatures: the lecture's data in mini-batches
// of 2 at α = 0.3 diverge, by (1 − αh₁)(1 − αh₂) with h₁ = (2/2)(1 + 4) = 5
// and h₂ = (2/1)·9 = 18: (−0.5) × (−4.4) = 2.2 > 1; the line says what hᵢ
// is.
func TestMiniBatchWhyDefinesItsCurvatures(t *testing.T) {
	m := newModel(t, 120, 40, func(c *engine.Config) { c.LR, c.Mode, c.Batch = 0.3, engine.MiniBatch, 2 })
	why := ansi.Strip(whyLine(m.c, m.lab.run, 120))
	for _, want := range []string{"(1 − αh₁)(1 − αh₂)", "(−0.5) × (−4.4) = 2.2 > 1", "hᵢ = (2/|B|)·Σx² of batch i"} {
		if !strings.Contains(why, want) {
			t.Errorf("%q lacks %q", why, want)
		}
	}
}

// TestSweepHelpIsTheSweeps: the sweep's one-line help names its own keys.
func TestSweepHelpIsTheSweeps(t *testing.T) {
	m := newModel(t, 80, 24, nil)
	m, _ = send(m, press('v'))
	lines := strings.Split(ansi.Strip(m.Render()), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "[/] updates N") || strings.Contains(last, "space/n") || strings.Contains(last, "play") {
		t.Errorf("the sweep's help: %q", last)
	}
}

// TestCompareReachIsTruthful: on noisy data no α brings the mean loss to
// 1e-6, since the least is 0.13; the table counts updates to within 1e-6
// of the least loss, and says "never" for a run that cycles around it
// further out.
func TestCompareReachIsTruthful(t *testing.T) {
	noisy, _ := datasets.Lookup("noisy")
	c := engine.Lecture()
	c.X, c.Y = noisy.X, noisy.Y
	m := New(Options{Config: c, Data: noisy, Width: 100, Height: 30, Compare: []float64{0.002, 0.01}})
	v := ansi.Strip(m.Render())
	if !strings.Contains(v, "to least+1e−6") || !strings.Contains(v, "never: cycles") || strings.Contains(v, "> 100000") {
		t.Errorf("noisy compare table:\n%s", v)
	}
	if r := m.lab.reach[0]; r.Updates >= 0 || r.Status != engine.Cycling {
		t.Errorf("α = 0.002 on noisy data: %+v", r)
	}
}

// TestGoldenTruth keeps the frames of issue 15 at 80×24 and 120×40 in
// English and Korean: each status explained, the α line in the second
// stable interval, momentum and Adam, a preset's message, the full help
// of each run screen, and the view opened from the lesson.
func TestGoldenTruth(t *testing.T) {
	byName := map[string]frameCase{}
	for _, c := range frameCases(t) {
		byName[c.name] = c
	}
	names := []string{"noisy", "offset-w", "stalled", "second-interval", "momentum", "adam", "minibatch-diverging",
		"curved", "preset", "typing", "help", "help-quad", "help-compare", "help-sweep"}
	for _, lang := range []Lang{English, Korean} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, name := range names {
				c := byName[name]
				t.Run(fmt.Sprintf("%s-%s-%dx%d", name, lang, size[0], size[1]), func(t *testing.T) {
					o := c.o
					o.Width, o.Height, o.Lang = size[0], size[1], lang
					m := New(o)
					m.advance(c.steps)
					m, _ = send(m, c.keys...)
					golden.RequireEqual(t, []byte(ansi.Strip(m.Render())))
				})
			}
			t.Run(fmt.Sprintf("from-the-lesson-%s-%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				var l tea.Model = NewLesson(lang, size[0], size[1])
				for range 7 {
					l, _ = l.Update(right)
				}
				l, _ = l.Update(down)
				l, _ = openView(l)
				golden.RequireEqual(t, []byte(ansi.Strip(l.(Model).Render())))
			})
		}
	}
}

// When autoplay stops at divergence, the message line says so and, under
// it, why: the epoch's factor |(1 − 2αx₁²)(1 − 2αx₂²)(1 − 2αx₃²)| =
// |0.5·(−1)·(−3.5)| = 1.75 > 1 at α = 0.25 on the lecture's data.
func TestDivergenceStopSaysWhy(t *testing.T) {
	m := newModel(t, 100, 30, func(c *engine.Config) { c.LR = 0.25 })
	m, _ = send(m, press('p'))
	for range 2000 {
		if !m.lab.play.playing {
			break
		}
		m, _ = send(m, tickMsg{id: m.lab.play.tickID})
	}
	if m.lab.run.Status() != engine.Diverged {
		t.Fatalf("autoplay at α = 0.25 stopped at %v", m.lab.run.Status())
	}
	frame := ansi.Strip(m.Render())
	if !strings.Contains(frame, "diverged after") || !strings.Contains(frame, "= 1.75 > 1") {
		t.Errorf("the stop does not say why:\n%s", frame)
	}
}
