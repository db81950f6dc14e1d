package ui

// Tests of the picture at each teaching moment (issue 14): divergence, the
// step, the slices of several weights, the compare view, the data and the
// model, and the axes. Positions and values are read back from the drawn
// frame — its glyphs and its axis labels — and checked against the
// mathematics of the lecture's data.

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"descent/datasets"
	"descent/engine"
)

// chart is a drawn chart read back from its text: the rows of runes, the
// y axis's column and the plot's rows (0…rows; the x axis line follows).
type chart struct {
	lines   [][]rune
	axisCol int
	rows    int
}

// readChart reads the lines of a chart panel whose first line is its
// title, as lossCurve and fitPanel draw them.
func readChart(t *testing.T, lines []string) chart {
	t.Helper()
	var c chart
	for _, l := range lines[1:] {
		c.lines = append(c.lines, []rune(ansi.Strip(l)))
	}
	c.rows = -1
	for i, l := range c.lines {
		if k := strings.IndexRune(string(l), '└'); k >= 0 {
			c.rows, c.axisCol = i-1, len([]rune(string(l)[:k]))
			break
		}
	}
	if c.rows < 0 {
		t.Fatalf("no x axis in\n%s", strings.Join(lines, "\n"))
	}
	return c
}

// find returns the data column and plot row of every glyph g on the plot.
func (c chart) find(g rune) [][2]int {
	var out [][2]int
	for r := 0; r <= c.rows; r++ {
		for x := c.axisCol + 1; x < len(c.lines[r]); x++ {
			if c.lines[r][x] == g {
				out = append(out, [2]int{x - c.axisCol - 1, r})
			}
		}
	}
	return out
}

// cell is the glyph at data column col, plot row r.
func (c chart) cell(col, r int) rune {
	if x := c.axisCol + 1 + col; r < len(c.lines) && x < len(c.lines[r]) {
		return c.lines[r][x]
	}
	return ' '
}

// parseNum reads a number as descent writes it: a true minus sign, and
// "2e50" for 2e+50 where space is short.
func parseNum(s string) (float64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "−", "-")
	if i := strings.Index(s, "e"); i >= 0 && i+1 < len(s) && s[i+1] != '-' && s[i+1] != '+' {
		s = s[:i+1] + "+" + s[i+1:]
	}
	return strconv.ParseFloat(s, 64)
}

// yLabels returns the y axis's labels: plot row → value.
func (c chart) yLabels(t *testing.T) map[int]float64 {
	t.Helper()
	out := map[int]float64{}
	for r := 0; r <= c.rows; r++ {
		if s := strings.TrimSpace(string(c.lines[r][:c.axisCol])); s != "" {
			v, err := parseNum(s)
			if err != nil {
				t.Fatalf("y label %q on row %d is not a number", s, r)
			}
			out[r] = v
		}
	}
	return out
}

// xTicks returns the x axis's labelled ticks: data column → value, each
// label matched to the ┬ nearest its middle.
func (c chart) xTicks(t *testing.T) map[int]float64 {
	t.Helper()
	axis, labels := c.lines[c.rows+1], c.lines[c.rows+2]
	var ticks []int
	for x := c.axisCol + 1; x < len(axis); x++ {
		if axis[x] == '┬' {
			ticks = append(ticks, x-c.axisCol-1)
		}
	}
	out := map[int]float64{}
	for x := 0; x < len(labels); {
		if labels[x] == ' ' {
			x++
			continue
		}
		end := x
		for end < len(labels) && labels[end] != ' ' {
			end++
		}
		v, err := parseNum(string(labels[x:end]))
		if err != nil {
			t.Fatalf("x label %q is not a number", string(labels[x:end]))
		}
		mid, best := (x+end-1)/2-c.axisCol-1, -1
		for _, tk := range ticks {
			if best < 0 || abs(tk-mid) < abs(best-mid) {
				best = tk
			}
		}
		if best < 0 || abs(best-mid) > 1 {
			t.Fatalf("x label %q has no tick under it", string(labels[x:end]))
		}
		out[best] = v
		x = end
	}
	return out
}

// valueAt reads the x value of data column col off the x axis's labels,
// and the value of one column.
func (c chart) valueAt(t *testing.T, col int) (float64, float64) {
	t.Helper()
	ticks := c.xTicks(t)
	var cs []int
	for k := range ticks {
		cs = append(cs, k)
	}
	if len(cs) < 2 {
		t.Fatalf("fewer than two x labels: %v", ticks)
	}
	c1, c2 := cs[0], cs[1]
	for _, k := range cs {
		c1, c2 = min(c1, k), max(c2, k)
	}
	per := (ticks[c2] - ticks[c1]) / float64(c2-c1)
	return ticks[c1] + float64(col-c1)*per, math.Abs(per)
}

// yAt reads the value of plot row r off the y labels ys, between the
// highest and the lowest, and the value of one row. A label sits on the
// row nearest its value, so a value read this way is good to a row.
func yAt(ys map[int]float64, r int) (float64, float64) {
	r1, r2 := -1, -1
	for k := range ys {
		if r1 < 0 || k < r1 {
			r1 = k
		}
		if r2 < 0 || k > r2 {
			r2 = k
		}
	}
	if r1 == r2 {
		return math.NaN(), math.NaN()
	}
	per := (ys[r2] - ys[r1]) / float64(r2-r1)
	return ys[r1] + float64(r-r1)*per, math.Abs(per)
}

// singleCurve draws the single view's curve panel of m as the frame lays
// it out, and the same chart without any marker.
func singleCurve(m Model) (full, bare []string) {
	b, _ := m.bottom()
	p := m.single.frame(m.c, &m.lab, b).panels[0]
	cv := lossCurve{focus: m.lab.run, runs: []*engine.Run{m.lab.run}, j: m.lab.param, win: m.lab.wins[m.lab.param]}
	full = cv.lines(m.c, p.w, p.h)
	f := cv.frame(p.w, p.h)
	bare = append([]string{""}, newCanvas(f.spec).render(m.c.st.curve, p.w)...)
	return full, bare
}

// TestDivergenceStaysOnTheWall steps three diverging runs one update at a
// time until |w| passes 1e100 (the lecture's data at α = 0.25 and at
// α = 0.255 from w0 = 1.9, and the tens at α = 0.01) and checks, at every
// update, at 80×24 and 120×40, that the current point is on the curve
// drawn by asciigraph (never an arrow at the edge), on the wall of a bowl
// that spans the panel and at least 15 % up it, that the axes' labels
// carry the magnitude (the y labels reach the point's loss, and w read
// off the x labels is the point's w to a column), and that earlier points
// show beside it.
func TestDivergenceStaysOnTheWall(t *testing.T) {
	tens, _ := datasets.Lookup("tens")
	for _, c := range []struct {
		name string
		mut  func(*engine.Config)
	}{
		{"α 0.25", func(c *engine.Config) { c.LR = 0.25 }},
		{"w0 1.9, α 0.255", func(c *engine.Config) { c.LR, c.Init = 0.255, engine.Vec{1.9} }},
		{"tens", func(c *engine.Config) { c.X, c.Y = tens.X, tens.Y }},
	} {
		ms := []Model{newModel(t, 80, 24, c.mut), newModel(t, 120, 40, c.mut)}
		lowest := 1.0
		for u := 1; math.Abs(ms[0].lab.run.Params()[0]) < 1e100; u++ {
			for i := range ms {
				ms[i], _ = send(ms[i], space)
				if u > 60 && u%7 != 0 {
					continue // past the start, every 7th update: each place in an epoch of 3 comes round
				}
				m := ms[i]
				w, mse := m.lab.run.Params()[0], m.lab.run.MSE()
				id := fmt.Sprintf("%s at %d×%d, update %d (w = %g)", c.name, m.c.lay.width, m.c.lay.height, u, w)
				full, bare := singleCurve(m)
				fc, bc := readChart(t, full), readChart(t, bare)
				for _, arrow := range "◀▶▲" {
					if len(fc.find(arrow)) > 0 {
						t.Fatalf("%s: an arrow %c instead of the point\n%s", id, arrow, strings.Join(full, "\n"))
					}
				}
				pts := fc.find('●')
				if len(pts) != 1 {
					t.Fatalf("%s: %d points ●\n%s", id, len(pts), strings.Join(full, "\n"))
				}
				col, row := pts[0][0], pts[0][1]
				if bc.cell(col, row) == ' ' {
					t.Fatalf("%s: ● at column %d, row %d is off the line asciigraph draws\n%s\n%s", id, col, row,
						strings.Join(full, "\n"), strings.Join(bare, "\n"))
				}
				drawn := 0
				for x := 0; x < len(bc.lines[0])-bc.axisCol-2; x++ {
					for r := 0; r <= bc.rows; r++ {
						if bc.cell(x, r) != ' ' {
							drawn++
							break
						}
					}
				}
				if cols := len(bc.lines[0]) - bc.axisCol - 2; drawn < cols*8/10 {
					t.Fatalf("%s: the bowl covers %d of %d columns\n%s", id, drawn, cols, strings.Join(full, "\n"))
				}
				// How far up the axis the point's loss is, the axis read
				// off its labels. Once w has left the window of its start,
				// the window is the divergence's: it holds w and the point
				// before, so the point is at least (0.49/1.15)² of the way
				// up (0.49 is the smallest factor of an update here), less
				// the axis's headroom of a row.
				ys := bc.yLabels(t)
				if len(ys) < 2 {
					t.Fatalf("%s: one y label\n%s", id, strings.Join(full, "\n"))
				}
				axisTop, _ := yAt(ys, 0)
				up := mse / axisTop
				top := math.Inf(-1)
				for _, v := range ys {
					top = math.Max(top, v)
				}
				if left := math.Abs(w-2) > 1.35*math.Abs(m.lab.run.Init()[0]-2); left {
					lowest = math.Min(lowest, up)
					if up < 0.15 {
						t.Fatalf("%s: ● only %.0f%% up the wall\n%s", id, 100*up, strings.Join(full, "\n"))
					}
				}
				if top < 0.5*mse || axisTop > 10*mse {
					t.Fatalf("%s: the highest y label is %g for a loss of %g\n%s", id, top, mse, strings.Join(full, "\n"))
				}
				at, per := bc.valueAt(t, col)
				if math.Abs(at-w) > 1.5*per {
					t.Fatalf("%s: the x labels put ● at %g, w is %g\n%s", id, at, w, strings.Join(full, "\n"))
				}
				if u >= 3 && len(fc.find('○')) == 0 {
					t.Fatalf("%s: no earlier point beside ●\n%s", id, strings.Join(full, "\n"))
				}
			}
		}
		t.Logf("%s: the point is never lower than %.0f%% up the wall", c.name, 100*lowest)
	}
}

// TestDivergenceIsExplainedByTheEpoch checks the line that says why α
// diverges: the epoch's factor as a product over the epoch's updates, with
// the lecture's numbers at α = 0.25: 1 − 2αx² = 0.5, −1 and −3.5 for x =
// 1, 2, 3, whose product is 1.75. At α = 0.5 the third sample's term is
// 1 − 2·0.5·9 = −8, yet the epoch's factor, 0·(−3)·(−8) = 0, converges:
// no such line then. In batch mode the one update's factor is 1 − α·h
// with h = (2/3)(1 + 4 + 9) = 28/3: 1 − 0.25·28/3 = −4/3.
func TestDivergenceIsExplainedByTheEpoch(t *testing.T) {
	why := func(w int, lang Lang, mut func(*engine.Config)) string {
		m := newModel(t, 120, 40, mut)
		m.c.lang = lang
		return ansi.Strip(whyLine(m.c, m.lab.run, w))
	}
	at := func(lr float64) func(*engine.Config) { return func(c *engine.Config) { c.LR = lr } }
	for _, want := range []string{"(1 − 2αx₁²)(1 − 2αx₂²)(1 − 2αx₃²)", "0.5 × (−1) × (−3.5) = 1.75 > 1", "each epoch throws w further out"} {
		if got := why(120, English, at(0.25)); !strings.Contains(got, want) {
			t.Errorf("α 0.25: %q lacks %q", got, want)
		}
	}
	if got := why(80, English, at(0.25)); ansi.StringWidth(got) > 80 || !strings.Contains(got, "1.75 > 1") {
		t.Errorf("α 0.25 at 80 columns: %q", got)
	}
	if got := why(120, English, at(0.5)); got != "" {
		t.Errorf("α 0.5 converges, yet: %q", got)
	}
	batch := func(c *engine.Config) { c.LR, c.Mode = 0.25, engine.Batch }
	if got := why(120, English, batch); !strings.Contains(got, "= 1 − 0.25 × 9.333 = −1.333 < −1") || !strings.Contains(got, "each update") {
		t.Errorf("batch α 0.25: %q", got)
	}
	if got := why(120, Korean, at(0.25)); !strings.Contains(got, "1.75 > 1") || !strings.Contains(got, "에폭마다 w가") {
		t.Errorf("Korean: %q", got)
	}
	// On screen: the status's third line, in place of the hint.
	m := newModel(t, 80, 24, at(0.25))
	m, _ = send(m, space)
	if v := ansi.Strip(m.Render()); !strings.Contains(v, "= 1.75 > 1: each epoch throws w further out") {
		t.Errorf("the single view does not say why:\n%s", v)
	}
}

// TestTangentIsShortAndItsOwn checks the tangent at 80×24, 120×40 and
// 200×60: a segment of the same length at every size, centred on ●, in
// glyphs the curve never uses, rising the way the slope says (the lecture
// at w = 1 has slope (2/3)Σ2x(x − 2x)... = −28/3: down to the right, ╲).
func TestTangentIsShortAndItsOwn(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		m := newModel(t, size[0], size[1], nil)
		full, bare := singleCurve(m)
		fc, bc := readChart(t, full), readChart(t, bare)
		pt := fc.find('●')[0]
		var cells [][2]int
		for _, g := range "┄╱╲┆" {
			if len(bc.find(g)) > 0 {
				t.Fatalf("%v: the curve itself draws %c", size, g)
			}
			cells = append(cells, fc.find(g)...)
		}
		if len(cells) < 4 {
			t.Fatalf("%v: a tangent of %d cells\n%s", size, len(cells), strings.Join(full, "\n"))
		}
		lo, hi := pt[0], pt[0]
		for _, c := range cells {
			lo, hi = min(lo, c[0]), max(hi, c[0])
			if (c[0]-pt[0])*(c[1]-pt[1]) < 0 {
				t.Errorf("%v: the tangent rises to the right at %v; the slope is negative", size, c)
			}
		}
		if hi-lo > 2*int(tangentHalf) || pt[0]-lo > int(tangentHalf) || hi-pt[0] > int(tangentHalf) {
			t.Errorf("%v: the tangent spans columns %d…%d around ● at %d", size, lo, hi, pt[0])
		}
		if !strings.Contains(ansi.Strip(full[0]), "slope −9.333") {
			t.Errorf("%v: legend %q", size, ansi.Strip(full[0]))
		}
	}
}

// TestStepIsAnArrowOnTheAxis checks the next update's move drawn on the w
// axis: from w0 = 1 at α = 0.1 the first sample (x = 1, y = 2) has
// gradient 2·1·(1 − 2) = −2, so w moves to 1 + 0.1·2 = 1.2; the shaft ━
// starts under ● and its head ▶ lies at 1.2 as the x labels read.
func TestStepIsAnArrowOnTheAxis(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := newModel(t, size[0], size[1], func(c *engine.Config) { c.LR = 0.1 })
		full, bare := singleCurve(m)
		fc, bc := readChart(t, full), readChart(t, bare)
		axis := fc.lines[fc.rows+1]
		head := strings.IndexRune(string(axis), '▶')
		if head < 0 {
			t.Fatalf("%v: no ▶ on the axis\n%s", size, strings.Join(full, "\n"))
		}
		head = len([]rune(string(axis)[:head])) - fc.axisCol - 1
		at, per := bc.valueAt(t, head) // the arrow covers some ticks: read them off the bare chart
		if math.Abs(at-1.2) > 1.5*per {
			t.Errorf("%v: ▶ at %g, want 1.2", size, at)
		}
		pt := fc.find('●')[0]
		for x := pt[0]; x < head; x++ {
			if g := axis[fc.axisCol+1+x]; g != '━' {
				t.Errorf("%v: the shaft has %c at column %d", size, g, x)
			}
		}
		if !strings.Contains(ansi.Strip(full[0]), "━▶ next step +0.2") {
			t.Errorf("%v: legend %q", size, ansi.Strip(full[0]))
		}
	}
}

// TestSlicesMarkTheirOwnBottom checks ŷ = x·w + b on the lecture's data at
// w = b = 1: the slice along b (w held at 1) is lowest at b = mean(y − x)
// = 2, the slice along w (b held at 1) at w = Σx(y − 1)/Σx² = 22/14; the
// optimum is w* = 2, b* = 0. Each slice shows its bottom ✕ where its x
// labels read those values, ★ higher up its wall, and a line says why.
func TestSlicesMarkTheirOwnBottom(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := newModel(t, size[0], size[1], func(c *engine.Config) { c.Model, c.Init = engine.ModelWB, engine.Vec{1, 1} })
		b, _ := m.bottom()
		for j, want := range []struct{ bottom, opt float64 }{{22.0 / 14, 2}, {2, 0}} {
			p := m.single.frame(m.c, &m.lab, b).panels[j]
			lines := lossCurve{focus: m.lab.run, runs: []*engine.Run{m.lab.run}, j: j, win: m.lab.wins[j]}.lines(m.c, p.w, p.h)
			c := readChart(t, lines)
			x, star := c.find('✕'), c.find('★')
			if len(x) != 1 || len(star) != 1 {
				t.Fatalf("%v slice %d: %d ✕ and %d ★\n%s", size, j, len(x), len(star), strings.Join(lines, "\n"))
			}
			for _, mk := range []struct {
				at   [2]int
				want float64
			}{{x[0], want.bottom}, {star[0], want.opt}} {
				if v, per := c.valueAt(t, mk.at[0]); math.Abs(v-mk.want) > 1.5*per {
					t.Errorf("%v slice %d: a marker at %g, want %g", size, j, v, mk.want)
				}
			}
			if star[0][1] >= x[0][1] {
				t.Errorf("%v slice %d: ★ (row %d) is not above the slice's bottom ✕ (row %d)", size, j, star[0][1], x[0][1])
			}
		}
		if v := ansi.Strip(m.Render()); !strings.Contains(v, "✕ lowest with the others held as now · ★ lowest with all of them free") {
			t.Errorf("%v: no line saying why ✕ and ★ differ:\n%s", size, v)
		}
	}
}

// TestCompareStopsADivergedRun compares α = 0.01 and 0.25 on the lecture's
// data: the second run diverges (its factor is 1.75 per epoch) and stops
// there, where the view says so, while the first goes on; undo brings the
// first back to it before moving both; autoplay stops it too.
func TestCompareStopsADivergedRun(t *testing.T) {
	m := New(Options{Config: engine.Lecture(), Data: hours(t), Width: 120, Height: 40, Compare: []float64{0.01, 0.25}})
	for range 90 {
		m, _ = send(m, space)
	}
	slow, fast := m.lab.cmp[0], m.lab.cmp[1]
	n := fast.Updates()
	if slow.Updates() != 90 || fast.Status() != engine.Diverged || n >= 90 || math.Abs(fast.Params()[0]) > 1e6 {
		t.Fatalf("after 90 steps: %d and %d updates, the fast run %v at w = %g", slow.Updates(), n, fast.Status(), fast.Params()[0])
	}
	v := ansi.Strip(m.Render())
	for _, want := range []string{fmt.Sprintf("diverged at update %d", n), fmt.Sprintf("diverged at %d", n)} {
		if !strings.Contains(v, want) {
			t.Errorf("the view lacks %q:\n%s", want, v)
		}
	}
	for range 90 - n {
		m, _ = send(m, press('b'))
	}
	if slow.Updates() != n || fast.Updates() != n {
		t.Fatalf("undo back to %d: %d and %d", n, slow.Updates(), fast.Updates())
	}
	m, _ = send(m, press('b'))
	if slow.Updates() != n-1 || fast.Updates() != n-1 || fast.Status() == engine.Diverged {
		t.Fatalf("one more undo: %d and %d, %v", slow.Updates(), fast.Updates(), fast.Status())
	}
	m.lab.play.speed = len(speeds) - 1
	m, _ = send(m, press('p'))
	for i := 0; m.lab.play.playing && i < 5000; i++ {
		m, _ = send(m, tickMsg{id: m.lab.play.tickID})
	}
	if w := fast.Params()[0]; fast.Status() != engine.Diverged || math.Abs(w) > 1e6 || slow.Status() != engine.Converged {
		t.Errorf("after autoplay: the fast run %v at w = %g, the slow one %v", fast.Status(), w, slow.Status())
	}
}

// TestCompareDrawsTheSelectedRunLast compares two runs at the same α:
// their points coincide at every update; the selected run's glyph is the
// one drawn, over the other, and the title names both, the one on top
// last.
func TestCompareDrawsTheSelectedRunLast(t *testing.T) {
	m := New(Options{Config: engine.Lecture(), Data: hours(t), Width: 100, Height: 30, Compare: []float64{0.01, 0.01}})
	m, _ = send(m, space, space)
	glyphs := func(m Model) (int, int, string) {
		v := ansi.Strip(m.Render())
		plot := strings.Join(strings.Split(v, "\n")[2:20], "\n")
		return strings.Count(plot, "●"), strings.Count(plot, "▲"), v
	}
	if a, b, v := glyphs(m); a != 1 || b != 0 || !strings.Contains(v, "▲● at the same point") {
		t.Errorf("run 1 selected: %d ● and %d ▲ on the curve\n%s", a, b, v)
	}
	m, _ = send(m, tab)
	if a, b, v := glyphs(m); a != 0 || b != 1 || !strings.Contains(v, "●▲ at the same point") {
		t.Errorf("run 2 selected: %d ● and %d ▲ on the curve\n%s", a, b, v)
	}
}

// TestCompareOptimizersSaysSo: --compare-optimizers compares optimizers.
func TestCompareOptimizersSaysSo(t *testing.T) {
	opts := []engine.Optimizer{engine.NewOptimizer(engine.GD), engine.NewOptimizer(engine.Adam)}
	for lang, want := range map[Lang]string{English: "comparing 2 optimizers", Korean: "옵티마이저 2개 비교"} {
		m := New(Options{Config: engine.Lecture(), Data: hours(t), Width: 120, Height: 40, CompareOptimizers: opts, Lang: lang})
		if v := ansi.Strip(m.Render()); !strings.Contains(v, want) || strings.Contains(v, "learning rates") {
			t.Errorf("%s: the header does not say %q:\n%s", lang, want, v)
		}
	}
}

// TestFitShowsTheDataAndTheModel presses f: at 80×24 the panel takes the
// curve's place, at 120×40 it joins beside the curve. The lecture's
// points (1, 2), (2, 4), (3, 6) are ◆ where the axes read them; the
// prediction at x = 4 is ◎ at 4·w: 4 at the start (w = 1), near 8 after
// training; the residuals ┆ go once the line passes through the points.
func TestFitShowsTheDataAndTheModel(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := newModel(t, size[0], size[1], nil)
		m, _ = send(m, press('f'))
		v := ansi.Strip(m.Render())
		if !strings.Contains(v, "data and model: ŷ = x·w") || !strings.Contains(v, "◎ ŷ(4) = 4") {
			t.Fatalf("%v: no fit panel\n%s", size, v)
		}
		if wide := size[0] >= wideW; wide != strings.Contains(v, "mean loss vs w") {
			t.Errorf("%v: the curve shown %v, want %v", size, !wide, wide)
		}
		b, _ := m.bottom()
		w, h := size[0], m.single.frame(m.c, &m.lab, b).fit.h
		if size[0] >= wideW {
			w, h = m.c.lay.sideW, 20
		}
		c := readChart(t, fitPanel(m.c, m.lab.run, w, h))
		ys := c.yLabels(t)
		pts := c.find('◆')
		if len(pts) != 3 {
			t.Fatalf("%v: %d points ◆", size, len(pts))
		}
		for _, p := range pts {
			x, per := c.valueAt(t, p[0])
			want := math.Round(x)
			if math.Abs(x-want) > 1.5*per || want < 1 || want > 3 {
				t.Errorf("%v: a point at x = %g", size, x)
			}
			// Its row against the y labels: y = 2x, to a row.
			if at, per := yAt(ys, p[1]); math.Abs(at-2*want) > 1.5*per {
				t.Errorf("%v: the point at x = %g is drawn at y = %g, want %g", size, want, at, 2*want)
			}
		}
		if len(c.find('┆')) == 0 {
			t.Errorf("%v: no residuals at the start", size)
		}
		m.advance(300)
		v = ansi.Strip(m.Render())
		if !strings.Contains(v, "◎ ŷ(4) = 8") {
			t.Errorf("%v: after training the prediction is not 8:\n%s", size, v)
		}
		if c := readChart(t, fitPanel(m.c, m.lab.run, w, h)); len(c.find('┆')) != 0 {
			t.Errorf("%v: residuals left after training", size)
		}
	}
}

// TestFitCostsTheSameForBigData draws the fit panel of 10⁵ points: a
// cloud ░ of at most fitMaxPoints of them, under the line and the
// prediction ◎.
func TestFitCostsTheSameForBigData(t *testing.T) {
	c := engine.Lecture()
	c.X, c.Y = make([]float64, 100_000), make([]float64, 100_000)
	for i := range c.X {
		c.X[i] = float64(i%97) / 10
		c.Y[i] = 2*c.X[i] + float64(i%7-3)/10
	}
	m := New(Options{Config: c, Data: datasets.Dataset{Name: "big", X: c.X, Y: c.Y}, Width: 120, Height: 40})
	m.ready()
	m, _ = send(m, press('f'))
	v := ansi.Strip(m.Render())
	if n := strings.Count(v, "░"); !strings.Contains(v, "░ data") || n < 10 || n > fitMaxPoints || strings.Count(v, "◎") != 2 {
		t.Errorf("big data fit panel:\n%s", v)
	}
}

// TestLossChartTicks checks the loss-versus-update chart's x axis: whole
// updates, each once, in order, with 0 first (at 200×60 after 3 updates it
// read "0 0 0 1 1"); and its log axis: labelled at every size with at
// least two labels, each on the row nearest its value.
func TestLossChartTicks(t *testing.T) {
	for _, updates := range []int{0, 1, 3, 12, 100, 12345} {
		for _, size := range [][2]int{{120, 40}, {200, 60}, {240, 70}} {
			m := newModel(t, size[0], size[1], nil)
			m.advance(updates)
			for _, linear := range []bool{false, true} {
				lines := lossChart(m.c, []*engine.Run{m.lab.run}, linear, m.c.lay.sideW, 8+size[1]/4)
				c := readChart(t, lines)
				ticks := c.xTicks(t)
				prev, cols := -1.0, -1
				for col := 0; col < len(c.lines[0]); col++ {
					v, ok := ticks[col]
					if !ok {
						continue
					}
					if v != math.Round(v) || v <= prev || v > float64(updates) {
						t.Errorf("%d updates at %v: x labels %v", updates, size, ticks)
						break
					}
					prev, cols = v, col
				}
				if prev != 0 && updates == 0 || cols < 0 {
					t.Errorf("%d updates at %v: x labels %v", updates, size, ticks)
				}
				ys := c.yLabels(t)
				if len(ys) < 2 {
					t.Errorf("%d updates at %v (linear %v): y labels %v", updates, size, linear, ys)
				}
			}
		}
	}
}

// TestLogAxisLabels checks logTicks on its own over ranges from a tenth of
// a decade to forty decades and heights from 4 to 60 rows: at least two
// labels, decreasing down the axis, each on the row nearest its value;
// 1, 2 and 5 within a decade when there are rows for them.
func TestLogAxisLabels(t *testing.T) {
	for _, rg := range [][2]float64{{0.6, 0.7}, {0.1, 0.6}, {-0.3, 1.7}, {-1, 1}, {0, 2}, {-5, 3}, {-32, 3}, {-40, 1}} {
		for _, height := range []int{4, 6, 8, 12, 20, 30, 60} {
			spec := plotSpec{height: height, ymin: rg[0], ymax: rg[1]}.normalized()
			ticks := logTicks(spec, 9)
			spec.yLabel = ticks.label
			g := spec.geometry()
			var vals []float64
			for r := 0; r <= g.rows; r++ {
				at := spec.ymax - float64(r)*(spec.ymax-spec.ymin)/float64(g.rows)
				s := strings.TrimSpace(ticks.label(at))
				if s == "" {
					continue
				}
				v, err := parseNum(s)
				if err != nil || v <= 0 {
					t.Fatalf("%v over %d rows: label %q", rg, height, s)
				}
				if d := math.Abs(math.Log10(v) - at); d > (spec.ymax-spec.ymin)/float64(g.rows)/2+1e-9 {
					t.Errorf("%v over %d rows: %q on a row at 10^%.3f, %.2f rows away", rg, height, s, at, d*float64(g.rows)/(spec.ymax-spec.ymin))
				}
				if len(vals) > 0 && v >= vals[len(vals)-1] {
					t.Errorf("%v over %d rows: labels %v then %g", rg, height, vals, v)
				}
				vals = append(vals, v)
			}
			if len(vals) < 2 {
				t.Errorf("%v over %d rows: labels %v", rg, height, vals)
			}
			if rg == [2]float64{0, 2} && height >= 30 && !(contains(vals, 2) && contains(vals, 5) && contains(vals, 20)) {
				t.Errorf("two decades over %d rows: labels %v, want 1-2-5", height, vals)
			}
		}
	}
}

func contains(vs []float64, v float64) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// TestCurveAxisIsRound checks the curve's loss axis at several sizes and
// runs: its labels are the multiples of one step of 1, 2 or 5 times a
// power of ten, at least three of them.
func TestCurveAxisIsRound(t *testing.T) {
	for _, lr := range []float64{0.01, 0.1, 0.25} {
		for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {200, 60}} {
			m := newModel(t, size[0], size[1], func(c *engine.Config) { c.LR = lr })
			m.advance(7)
			_, bare := singleCurve(m)
			ys := readChart(t, bare).yLabels(t)
			var vals []float64
			for _, v := range ys {
				vals = append(vals, v)
			}
			if len(vals) < 3 {
				t.Fatalf("α %g at %v: y labels %v", lr, size, vals)
			}
			step := math.Inf(1)
			for _, a := range vals {
				for _, b := range vals {
					if a != b {
						step = math.Min(step, math.Abs(a-b))
					}
				}
			}
			mant := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9))
			if !(math.Abs(mant-1) < 1e-6 || math.Abs(mant-2) < 1e-6 || math.Abs(mant-5) < 1e-6) {
				t.Errorf("α %g at %v: labels %v are %g apart", lr, size, vals, step)
			}
			for _, v := range vals {
				if q := v / step; math.Abs(q-math.Round(q)) > 1e-6 {
					t.Errorf("α %g at %v: %g is not a multiple of %g", lr, size, v, step)
				}
			}
		}
	}
}

// TestPictureKeepsItsRows checks that neither the curve nor the loss chart
// changes its number of rows as the run goes, the first update included:
// the x axis lines stay where they are.
func TestPictureKeepsItsRows(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		m := newModel(t, size[0], size[1], func(c *engine.Config) { c.LR = 0.1 })
		var want []int
		for u := 0; u < 40; u++ {
			var axes []int
			for y, line := range strings.Split(ansi.Strip(m.Render()), "\n") {
				if strings.Contains(line, "└") {
					axes = append(axes, y)
				}
			}
			if u == 0 {
				want = axes
			} else if fmt.Sprint(axes) != fmt.Sprint(want) {
				t.Fatalf("%v: x axes on lines %v after %d updates, %v at the start", size, axes, u, want)
			}
			m, _ = send(m, space)
		}
	}
}

// TestZoomFollowsW checks when the curve re-zooms: a click inside the
// window starts the run there and keeps the window; a start typed off it
// re-zooms to hold it; stepping a converging run keeps it; an undo after
// a divergence zooms back in.
func TestZoomFollowsW(t *testing.T) {
	m := newModel(t, 100, 30, nil)
	win := m.lab.wins[0]
	x, y := findGlyph(t, m, "★", 0)
	m, _ = send(m, tea.MouseClickMsg{X: x + 5, Y: y - 3, Button: tea.MouseLeft})
	if m.lab.run.Init()[0] == 1 || m.lab.wins[0] != win {
		t.Errorf("a click inside: w0 %v, window %v then %v", m.lab.run.Init()[0], win, m.lab.wins[0])
	}
	for range 20 {
		m, _ = send(m, space)
	}
	if m.lab.wins[0] != win {
		t.Errorf("stepping a converging run moved the window: %v then %v", win, m.lab.wins[0])
	}
	m, _ = send(m, press('w'), tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	m, _ = send(m, append(typeText("10"), enter)...)
	if w := m.lab.wins[0]; !(w.lo <= 10 && w.hi >= 10) {
		t.Errorf("w0 = 10: the window %v does not hold it", w)
	}
	m = newModel(t, 100, 30, func(c *engine.Config) { c.LR = 0.25 })
	win = m.lab.wins[0]
	for range 30 {
		m, _ = send(m, space)
	}
	grown := m.lab.wins[0]
	for range 30 {
		m, _ = send(m, press('b'))
	}
	if !(grown.hi-grown.lo > 10*(win.hi-win.lo)) || m.lab.wins[0] != win {
		t.Errorf("diverge and undo: the window %v, grew to %v, came back to %v", win, grown, m.lab.wins[0])
	}
}

// TestGoldenPicture keeps the frame of each teaching moment at 80×24 and
// 120×40, in English and Korean.
func TestGoldenPicture(t *testing.T) {
	tens, _ := datasets.Lookup("tens")
	lecture := func(mut func(*engine.Config)) engine.Config {
		c := engine.Lecture()
		if mut != nil {
			mut(&c)
		}
		return c
	}
	cases := []struct {
		name  string
		o     Options
		steps int
		keys  []tea.Msg
	}{
		{"diverging", Options{Config: lecture(func(c *engine.Config) { c.LR = 0.25 })}, 12, nil},
		{"diverging-from-1.9", Options{Config: lecture(func(c *engine.Config) { c.LR, c.Init = 0.255, engine.Vec{1.9} })}, 60, nil},
		{"diverging-tens", Options{Config: lecture(func(c *engine.Config) { c.X, c.Y = tens.X, tens.Y }), Data: tens}, 140, nil},
		{"step", Options{Config: lecture(func(c *engine.Config) { c.LR = 0.1 })}, 1, nil},
		{"slices", Options{Config: lecture(func(c *engine.Config) { c.Model, c.Init = engine.ModelWB, engine.Vec{1, 1} })}, 0, nil},
		{"compare", Options{Config: lecture(nil), Compare: []float64{0.001, 0.01, 0.1, 0.25}}, 60, nil},
		{"compare-optimizers", Options{Config: lecture(nil), CompareOptimizers: []engine.Optimizer{
			engine.NewOptimizer(engine.GD), engine.NewOptimizer(engine.Momentum), engine.NewOptimizer(engine.Adam)}}, 12, nil},
		{"fit", Options{Config: lecture(nil)}, 3, []tea.Msg{press('f')}},
		{"fit-quad", Options{Config: lecture(func(c *engine.Config) { c.Model, c.Init = engine.ModelQuad, engine.Vec{1, 1, 1} })}, 30, []tea.Msg{press('f')}},
	}
	for _, lang := range []Lang{English, Korean} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, c := range cases {
				t.Run(fmt.Sprintf("%s-%s-%dx%d", c.name, lang, size[0], size[1]), func(t *testing.T) {
					o := c.o
					o.Width, o.Height, o.Lang = size[0], size[1], lang
					if o.Data.Name == "" {
						o.Data = hours(t)
					}
					m := New(o)
					m, _ = send(m, c.keys...)
					m.advance(c.steps)
					plain := ansi.Strip(m.Render())
					for i, line := range strings.Split(plain, "\n") {
						if w := ansi.StringWidth(line); w > size[0] {
							t.Errorf("line %d is %d columns wide", i+1, w)
						}
					}
					if h := strings.Count(plain, "\n") + 1; h > size[1] {
						t.Errorf("%d lines", h)
					}
					golden.RequireEqual(t, []byte(plain))
				})
			}
		}
	}
}
