package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"descent/engine"
)

// compareModel is the compare view of the lecture with runs at lrs, w×h,
// after steps updates.
func compareModel(t *testing.T, w, h, steps int, lrs ...float64) Model {
	t.Helper()
	m := New(Options{Config: engine.Lecture(), Data: hours(t), Width: w, Height: h, Compare: lrs})
	m.advance(steps)
	return m
}

// chartParts splits a loss chart's lines, without styles, into its title
// lines and its plot rows (the cells right of the y axis, one string per
// row, the x axis excluded).
func chartParts(lines []string) (title, plot []string) {
	for _, l := range lines {
		l = ansi.Strip(l)
		i := strings.IndexAny(l, "┤┼")
		switch {
		case strings.Contains(l, "└"):
			return title, plot
		case i >= 0:
			plot = append(plot, l[i+len("┤"):])
		case plot == nil:
			title = append(title, l)
		}
	}
	return title, plot
}

// TestCompareChartNamesEveryRun checks the legend of the compare view's
// loss chart at the sizes a teacher projects: every run is named by its
// glyph and its α, however many runs there are, and the chart keeps the
// height it was given.
func TestCompareChartNamesEveryRun(t *testing.T) {
	for _, lrs := range [][]float64{{0.002, 0.05, 0.09, 0.3}, {0.001, 0.002, 0.005, 0.01, 0.02, 0.05}} {
		for _, size := range [][2]int{{120, 40}, {140, 40}, {200, 60}} {
			m := compareModel(t, size[0], size[1], 3, lrs...)
			lines := lossChart(m.c, m.lab.cmp, false, m.c.lay.sideW, 30)
			if len(lines) != 30 {
				t.Errorf("%v %v: the chart takes %d lines, not 30", lrs, size, len(lines))
			}
			title, _ := chartParts(lines)
			all := strings.Join(title, "\n")
			for i, lr := range lrs {
				if want := runGlyphs[i] + " " + num(lr, 3); !strings.Contains(all, want) {
					t.Errorf("%v %v: the legend does not name %q:\n%s", lrs, size, want, all)
				}
			}
			for _, l := range lines {
				if w := ansi.StringWidth(l); w != m.c.lay.sideW {
					t.Errorf("%v %v: a line is %d columns, not %d: %q", lrs, size, w, m.c.lay.sideW, ansi.Strip(l))
				}
			}
		}
	}
}

// TestChartOfOnePointIsAPoint checks the loss chart before any update:
// each run has one loss, at update 0, drawn as one glyph and no line.
func TestChartOfOnePointIsAPoint(t *testing.T) {
	for _, runs := range [][]float64{{0.01}, {0.002, 0.05, 0.09, 0.3}} {
		m := compareModel(t, 120, 40, 0, runs...)
		rs := m.lab.cmp
		if len(runs) == 1 {
			rs = []*engine.Run{m.lab.run}
		}
		_, plot := chartParts(lossChart(m.c, rs, false, m.c.lay.sideW, 30))
		drawn := 0
		for _, row := range plot {
			for _, r := range row {
				if r != ' ' {
					drawn++
					if !strings.ContainsRune(strings.Join(runGlyphs, ""), r) {
						t.Errorf("%v: %q drawn at update 0, not a run's glyph", runs, r)
					}
				}
			}
		}
		if drawn != 1 {
			t.Errorf("%v: %d cells drawn at update 0, want the one point:\n%s", runs, drawn, strings.Join(plot, "\n"))
		}
	}
}

// TestRunsAreToldApartWithoutColour checks that, colours stripped, every
// compared run's glyph is on the loss chart's plot, also where the runs'
// lines end on the same cell: α = 0.05 and 0.0501 both reach the loss
// floor, and 0.0500001 follows 0.05 all the way.
func TestRunsAreToldApartWithoutColour(t *testing.T) {
	for _, c := range []struct {
		steps int
		lrs   []float64
	}{
		{30, []float64{0.002, 0.05, 0.09, 0.3}},
		{60, []float64{0.001, 0.01, 0.1, 0.25}},
		{200, []float64{0.05, 0.0501, 0.09}},
		{20, []float64{0.05, 0.0500001, 0.002}},
		{1, []float64{0.002, 0.05, 0.09, 0.3}},
	} {
		m := compareModel(t, 120, 40, c.steps, c.lrs...)
		_, plot := chartParts(lossChart(m.c, m.lab.cmp, false, m.c.lay.sideW, 30))
		all := strings.Join(plot, "\n")
		for i := range c.lrs {
			if strings.Count(all, runGlyphs[i]) != 1 {
				t.Errorf("%v after %d: %s is on the plot %d times, want once:\n%s", c.lrs, c.steps, runGlyphs[i], strings.Count(all, runGlyphs[i]), all)
			}
		}
	}
}

// TestPanelHeadingsStandApart checks the line of titles where panels
// stand side by side — the curve and the side column, the slices of a
// model with several weights — in both languages: three blank columns at
// least part the titles of two panels, so that they read as two.
func TestPanelHeadingsStandApart(t *testing.T) {
	type situation struct {
		name  string
		mut   func(c *engine.Config)
		steps int
		keys  []string
	}
	for _, s := range []situation{
		{"lecture fit", nil, 3, []string{"f"}},
		{"diverging", func(c *engine.Config) { c.LR = 0.3 }, 10, nil},
		{"diverging early", func(c *engine.Config) { c.LR = 0.3 }, 3, nil},
		{"wb", func(c *engine.Config) { c.Model, c.Init = engine.ModelWB, engine.Vec{1, 1} }, 3, nil},
		{"quad", func(c *engine.Config) { c.Model, c.Init = engine.ModelQuad, engine.Vec{1, 1, 1} }, 3, nil},
		{"compare", nil, 3, []string{"c"}},
	} {
		for _, size := range [][2]int{{80, 24}, {120, 40}, {130, 40}, {160, 45}} {
			for _, lang := range []Lang{English, Korean} {
				c := engine.Lecture()
				if s.mut != nil {
					s.mut(&c)
				}
				m := New(Options{Config: c, Data: hours(t), Width: size[0], Height: size[1], Lang: lang})
				for _, k := range s.keys {
					m, _ = send(m, press(rune(k[0])))
				}
				m.advance(s.steps)
				b, _ := m.bottom()
				var edges []int // the columns where a panel's title line ends
				if m.screen == screenSingle {
					for _, p := range m.single.frame(m.c, &m.lab, b).panels {
						edges = append(edges, p.x+p.w)
					}
				}
				if m.c.lay.wide {
					edges = append(edges, m.c.lay.curveW)
				}
				titles := ansi.Strip(strings.Split(m.Render(), "\n")[1])
				for _, x := range edges {
					right := ansi.Cut(titles, x, size[0])
					if x >= size[0] || strings.TrimSpace(right) == "" {
						continue
					}
					end := ansi.StringWidth(strings.TrimRight(ansi.Cut(titles, 0, x), " "))
					start := x + ansi.StringWidth(right) - ansi.StringWidth(strings.TrimLeft(right, " "))
					if start-end < 3 {
						t.Errorf("%s %v %s: the titles at column %d are %d apart:\n%s", s.name, size, lang, x, start-end, titles)
					}
				}
			}
		}
	}
}
