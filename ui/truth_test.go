package ui

// Tests of a view that tells the truth, fits 80×24 and speaks Korean
// everywhere (issue 15).

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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
