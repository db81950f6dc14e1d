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
	xlo, xhi   float64
	xLabel     func(float64) string
	xTicks     int
}

// normalized returns spec with the range and height asciigraph is given:
// an empty or infinite range becomes 0…1, a height below one becomes one.
func (spec plotSpec) normalized() plotSpec {
	if !(spec.ymax > spec.ymin) || math.IsInf(spec.ymax-spec.ymin, 0) {
		spec.ymin, spec.ymax = 0, 1
	}
	spec.height = max(spec.height, 1)
	return spec
}

// label is the y-axis formatter asciigraph is given for spec.
func (spec plotSpec) label() func(float64) string {
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
// the number of data columns.
func (spec plotSpec) plot() (string, int) {
	spec = spec.normalized()
	ys := sanitize(spec.ys, spec.ymin, spec.ymax)
	opts := []asciigraph.Option{
		asciigraph.Height(spec.height),
		asciigraph.LowerBound(spec.ymin), asciigraph.UpperBound(spec.ymax),
		asciigraph.YAxisValueFormatter(spec.label()),
		asciigraph.Offset(asciigraphOffset),
	}
	if spec.xLabel != nil && spec.xhi > spec.xlo {
		opts = append(opts, asciigraph.XAxisRange(spec.xlo, spec.xhi),
			asciigraph.XAxisValueFormatter(spec.xLabel), asciigraph.XAxisTickCount(max(spec.xTicks, 2)))
	}
	return asciigraph.Plot(ys, opts...), len(ys)
}

// newCanvas draws spec with asciigraph and reads the chart back into cells
// where chartGeom says asciigraph put them.
func newCanvas(spec plotSpec) *canvas { return spec.draw(spec.geometry()) }

// draw is newCanvas for a spec whose geometry g is known: charts that
// differ only in their values share it.
func (spec plotSpec) draw(g chartGeom) *canvas {
	out, cols := spec.plot()
	c := &canvas{chartGeom: g, cols: cols}
	width := 0
	for _, line := range strings.Split(out, "\n") {
		var row []cell
		for _, r := range line {
			row = append(row, cell{glyph: string(r)})
		}
		width = max(width, len(row))
		c.cells = append(c.cells, row)
	}
	for i := range c.cells {
		for len(c.cells[i]) < width {
			c.cells[i] = append(c.cells[i], cell{glyph: " "})
		}
	}
	return c
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
	x := c.axisCol + 1 + col
	if r >= 0 && r < len(c.cells) && x >= 0 && x < len(c.cells[r]) && c.cells[r][x].glyph == " " {
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
