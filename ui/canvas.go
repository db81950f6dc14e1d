package ui

// This file is descent's only coupling to asciigraph's output. asciigraph
// draws a chart as text; descent reads that text back into a grid of cells
// to draw its markers over it, and so it has to know where asciigraph puts
// things: which row a value lands on (asciigraph's ratio and rounding), how
// many plot rows there are, and which column holds the y axis (the widest y
// label plus one). chartGeom works those out with asciigraph's own
// arithmetic; canvas_test.go fails if asciigraph ever draws elsewhere.

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/guptarohit/asciigraph"
)

// asciigraphOffset is the Offset option every chart is drawn with: the
// columns asciigraph reserves left of the data, the axis being the last.
const asciigraphOffset = 2

// plotSpec describes one chart.
type plotSpec struct {
	ys         []float64 // one value per column
	height     int       // plot rows − 1
	ymin, ymax float64
	yLabel     func(float64) string // fixed-width y labels
	xTicks     []xTick              // the x axis's ticks, drawn by descent, not asciigraph
}

// xTick is a tick of a chart's x axis: a ┬ on the axis line at data
// column col, with its label centred under it.
type xTick struct {
	col   int
	label string
}

// normalized returns spec with the range and height asciigraph is given:
// a constant c ≠ 0 gets the range c/2…3c/2 (|c| for negative c alike), any
// other empty or infinite range becomes 0…1, a height below one becomes one,
// and the range is widened by less than a row so that both its ends fall
// on rows. asciigraph rounds each end to a row on its own, so a chart
// whose range moves would otherwise gain or lose a row from one frame to
// the next; aligned, it has exactly height+1 rows.
func (spec plotSpec) normalized() plotSpec {
	switch {
	case spec.ymax == spec.ymin && !math.IsInf(spec.ymin, 0) && spec.ymin != 0:
		// A constant: a range around it, so that it is drawn where it is.
		d := math.Abs(spec.ymin) / 2
		spec.ymin, spec.ymax = spec.ymin-d, spec.ymax+d
	case !(spec.ymax > spec.ymin) || math.IsInf(spec.ymax-spec.ymin, 0):
		spec.ymin, spec.ymax = 0, 1
	}
	spec.height = max(spec.height, 1)
	if spec.height > 1 && !spec.aligned() {
		ratio := float64(spec.height-1) / (spec.ymax - spec.ymin)
		if k := math.Floor(spec.ymin * ratio); math.Abs(k) < 1e12 && ratio > 0 && !math.IsInf(ratio, 0) {
			lo, hi := k/ratio, (k+float64(spec.height))/ratio
			if lo <= spec.ymin && hi >= spec.ymax && hi > lo && !math.IsInf(hi-lo, 0) {
				spec.ymin, spec.ymax = lo, hi
			}
		}
	}
	return spec
}

// aligned reports whether both ends of spec's range fall on rows.
func (spec plotSpec) aligned() bool {
	f := spec.ymin * float64(spec.height) / (spec.ymax - spec.ymin)
	return math.Abs(f-math.Round(f)) < 1e-6
}

// label is the y-axis formatter asciigraph is given for spec; without
// yLabel the axis has no labels.
func (spec plotSpec) label() func(float64) string {
	if spec.yLabel == nil {
		return func(float64) string { return "" }
	}
	return func(v float64) string {
		if math.Abs(v) < 1e-9*(spec.ymax-spec.ymin) {
			v = 0 // asciigraph's rounding leaves crumbs such as 8.9e-16 where 0 is meant
		}
		return spec.yLabel(v)
	}
}

// chartGeom is where asciigraph puts the cells of a chart.
type chartGeom struct {
	ymin    float64
	ratio   float64 // rows per unit of y
	rows    int     // plot rows are 0…rows, top to bottom; the x axis lines follow
	axisCol int     // the y axis's column; data column i is at axisCol+1+i
}

// geometry works out where asciigraph will draw spec, by asciigraph's own
// arithmetic: PlotMany's ratio, its rounding of y·ratio, and its y labels,
// each padded to the widest plus one, left of the axis glyph.
func (spec plotSpec) geometry() chartGeom {
	spec = spec.normalized()
	interval := math.Abs(spec.ymax - spec.ymin)
	g := chartGeom{ymin: spec.ymin, ratio: float64(spec.height) / interval}
	min2, max2 := agRound(spec.ymin*g.ratio), agRound(spec.ymax*g.ratio)
	g.rows = int(math.Abs(float64(int(max2) - int(min2))))
	label, widest := spec.label(), 0
	for y := int(min2); y < int(max2)+1; y++ {
		magnitude := float64(y)
		if g.rows > 0 && interval > 0 {
			magnitude = spec.ymax - float64(y-int(min2))*interval/float64(g.rows)
		}
		widest = max(widest, utf8.RuneCountInString(label(magnitude)))
	}
	g.axisCol = widest + 1
	return g
}

// agRound rounds half away from zero, as asciigraph's round does.
func agRound(f float64) float64 {
	if math.IsNaN(f) {
		return f
	}
	return math.Round(f)
}

// row returns the plot row of value y, and whether it is on the chart.
func (g chartGeom) row(y float64) (int, bool) {
	if math.IsNaN(y) || math.IsInf(y, 0) {
		return 0, false
	}
	r := g.rows - int(agRound(y*g.ratio)-agRound(g.ymin*g.ratio))
	return r, r >= 0 && r <= g.rows
}

// canvas is a chart drawn by asciigraph, held as a grid of cells so that
// markers can be drawn over it with glyphs and styles of their own.
type canvas struct {
	chartGeom
	cells [][]cell
	cols  int
	ys    []float64 // the values drawn, one per data column (NaN: a gap)
}

type cell struct {
	glyph string
	style *painter // nil: the chart's own style
}

// sanitize returns a copy of ys in which values that are not finite or lie
// outside [lo, hi] become NaN, which asciigraph draws as a gap. It never
// returns an empty slice.
func sanitize(ys []float64, lo, hi float64) []float64 {
	out := make([]float64, max(len(ys), 1))
	out[0] = math.NaN()
	for i, y := range ys {
		if math.IsNaN(y) || math.IsInf(y, 0) || y < lo || y > hi {
			y = math.NaN()
		}
		out[i] = y
	}
	return out
}

// plot draws spec with asciigraph. Values outside [ymin, ymax] are
// clipped out of the chart (drawn as gaps), and ±Inf and NaN never reach
// asciigraph, which panics on infinities. It returns asciigraph's text and
// the values it drew.
func (spec plotSpec) plot() (string, []float64) {
	spec = spec.normalized()
	ys := sanitize(spec.ys, spec.ymin, spec.ymax)
	return asciigraph.Plot(ys,
		asciigraph.Height(spec.height),
		asciigraph.LowerBound(spec.ymin), asciigraph.UpperBound(spec.ymax),
		asciigraph.YAxisValueFormatter(spec.label()),
		asciigraph.Offset(asciigraphOffset),
	), ys
}

// newCanvas draws spec with asciigraph and reads the chart back into cells
// where chartGeom says asciigraph put them, then draws the x axis under it.
func newCanvas(spec plotSpec) *canvas { return spec.draw(spec.geometry()) }

// draw is newCanvas for a spec whose geometry g is known: charts that
// differ only in their values share it.
func (spec plotSpec) draw(g chartGeom) *canvas {
	out, ys := spec.plot()
	c := &canvas{chartGeom: g, cols: len(ys), ys: ys}
	width := g.axisCol + 1 + c.cols
	for _, line := range strings.Split(out, "\n") {
		row := make([]cell, 0, width)
		for i, r := range line {
			row = append(row, cell{glyph: line[i : i+utf8.RuneLen(r)]}) // a slice of out: no copy
		}
		c.cells = append(c.cells, row)
	}
	c.cells = append(c.cells, c.xAxis(spec.xTicks)...)
	for _, row := range c.cells {
		width = max(width, len(row))
	}
	for i := range c.cells {
		for len(c.cells[i]) < width {
			c.cells[i] = append(c.cells[i], cell{glyph: " "})
		}
	}
	return c
}

// xAxis returns the x axis's two lines: └──┬── with a ┬ at each tick, and
// the ticks' labels centred under them, each dropped that would touch the
// one before.
func (c *canvas) xAxis(ticks []xTick) [][]cell {
	line := make([]cell, c.axisCol+1+c.cols)
	for i := range line {
		line[i] = cell{glyph: " "}
	}
	line[c.axisCol].glyph = "└"
	for x := 0; x < c.cols; x++ {
		line[c.axisCol+1+x].glyph = "─"
	}
	var labels []cell
	end := -1 // the last column a label used
	for _, t := range ticks {
		if t.col < 0 || t.col >= c.cols {
			continue
		}
		line[c.axisCol+1+t.col].glyph = "┬"
		rs := []rune(t.label)
		start := max(c.axisCol+1+t.col-len(rs)/2, 0)
		if start <= end+1 && end >= 0 {
			continue
		}
		for len(labels) < start+len(rs) {
			labels = append(labels, cell{glyph: " "})
		}
		for i, r := range rs {
			labels[start+i] = cell{glyph: string(r)}
		}
		end = start + len(rs) - 1
	}
	return [][]cell{line, labels}
}

// drawn returns the rows asciigraph draws the line on in data column col,
// from top to bottom, and false where it draws nothing. Column col joins
// the value of col to the value of col+1: a vertical run between their
// rows, or, beside a gap, the one row of the value that is there.
func (c *canvas) drawn(col int) (top, bottom int, ok bool) {
	if col < 0 || col+1 >= len(c.ys) {
		return 0, 0, false
	}
	r0, ok0 := c.row(c.ys[col])
	r1, ok1 := c.row(c.ys[col+1])
	switch {
	case ok0 && ok1:
		return min(r0, r1), max(r0, r1), true
	case ok0:
		return r0, r0, true
	case ok1:
		return r1, r1, true
	}
	return 0, 0, false
}

// onCurve returns the row of value y in data column col, moved onto the
// line asciigraph draws there when y's own row is beside it: a marker
// placed there sits on the curve, not a row above or below it.
func (c *canvas) onCurve(col int, y float64) (int, bool) {
	r, ok := c.row(y)
	if !ok {
		return r, false
	}
	if top, bottom, drawn := c.drawn(col); drawn {
		r = min(max(r, top), bottom)
	}
	return r, true
}

// axisRow is the row of the x axis's line (└──┬──), right under the plot.
func (c *canvas) axisRow() int { return c.rows + 1 }

// setAxis draws glyph on the x axis's line at data column col.
func (c *canvas) setAxis(col int, glyph string, st *painter) {
	x, r := c.axisCol+1+col, c.axisRow()
	if col < 0 || col >= c.cols || r >= len(c.cells) || x >= len(c.cells[r]) {
		return
	}
	c.cells[r][x] = cell{glyph: glyph, style: st}
}

// blank reports whether data column col of plot row r holds nothing yet.
func (c *canvas) blank(col, r int) bool {
	x := c.axisCol + 1 + col
	return col >= 0 && col < c.cols && r >= 0 && r <= c.rows && r < len(c.cells) && x < len(c.cells[r]) && c.cells[r][x].glyph == " "
}

// set draws glyph at data column col and plot row r, if both are on the chart.
func (c *canvas) set(col, r int, glyph string, st *painter) {
	x := c.axisCol + 1 + col
	if col < 0 || col >= c.cols || r < 0 || r > c.rows || r >= len(c.cells) || x >= len(c.cells[r]) {
		return
	}
	c.cells[r][x] = cell{glyph: glyph, style: st}
}

// setIfBlank draws glyph only where the chart has nothing yet.
func (c *canvas) setIfBlank(col, r int, glyph string, st *painter) {
	if c.blank(col, r) {
		c.set(col, r, glyph, st)
	}
}

// render joins the cells into lines of exactly width columns, styling runs
// of cells alike. Every cell is one column wide.
func (c *canvas) render(base painter, width int) []string {
	lines := make([]string, len(c.cells))
	for i, row := range c.cells {
		pad := width - len(row)
		if pad < 0 {
			row, pad = row[:width], 0
		}
		var b strings.Builder
		for j := 0; j < len(row); {
			k, st := j, row[j].style
			var run strings.Builder
			for ; k < len(row) && row[k].style == st; k++ {
				run.WriteString(row[k].glyph)
			}
			if st == nil {
				b.WriteString(base.Render(run.String()))
			} else {
				b.WriteString(st.Render(run.String()))
			}
			j = k
		}
		b.WriteString(strings.Repeat(" ", pad))
		lines[i] = b.String()
	}
	return lines
}

// overlay copies the drawn cells of o's plot rows, a chart with the same
// size and bounds, onto c in style st.
func (c *canvas) overlay(o *canvas, st *painter) {
	for r := 0; r <= c.rows && r <= o.rows && r < len(c.cells) && r < len(o.cells); r++ {
		for x := c.axisCol + 1; x < len(c.cells[r]) && x < len(o.cells[r]); x++ {
			if g := o.cells[r][x].glyph; g != " " {
				c.cells[r][x] = cell{glyph: g, style: st}
			}
		}
	}
}

// styleDrawn gives every drawn data cell of c's plot rows style st.
func (c *canvas) styleDrawn(st *painter) {
	for r := 0; r <= c.rows && r < len(c.cells); r++ {
		for x := c.axisCol + 1; x < len(c.cells[r]); x++ {
			if c.cells[r][x].glyph != " " {
				c.cells[r][x].style = st
			}
		}
	}
}
