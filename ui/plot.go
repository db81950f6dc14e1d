package ui

import (
	"math"
	"strings"

	"github.com/guptarohit/asciigraph"
)

// canvas is a chart drawn by asciigraph, held as a grid of cells so that
// markers can be drawn over it with glyphs and styles of their own.
type canvas struct {
	cells   [][]cell
	axisCol int // column of the y axis; data column i is at axisCol+1+i
	rows    int // plot rows are 0…rows; the x axis lines follow
	cols    int
	ymin    float64
	ratio   float64
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

// newCanvas draws spec with asciigraph. Values outside [ymin, ymax] are
// clipped out of the chart (drawn as gaps), and ±Inf and NaN never reach
// asciigraph, which panics on infinities.
func newCanvas(spec plotSpec) *canvas {
	if !(spec.ymax > spec.ymin) || math.IsInf(spec.ymax-spec.ymin, 0) {
		spec.ymin, spec.ymax = 0, 1
	}
	ys := sanitize(spec.ys, spec.ymin, spec.ymax)
	height := max(spec.height, 1)
	label := func(v float64) string {
		if math.Abs(v) < 1e-9*(spec.ymax-spec.ymin) {
			v = 0 // asciigraph's rounding leaves crumbs such as 8.9e-16 where 0 is meant
		}
		return spec.yLabel(v)
	}
	opts := []asciigraph.Option{
		asciigraph.Height(height),
		asciigraph.LowerBound(spec.ymin), asciigraph.UpperBound(spec.ymax),
		asciigraph.YAxisValueFormatter(label),
		asciigraph.Offset(2),
	}
	if spec.xLabel != nil && spec.xhi > spec.xlo {
		opts = append(opts, asciigraph.XAxisRange(spec.xlo, spec.xhi),
			asciigraph.XAxisValueFormatter(spec.xLabel), asciigraph.XAxisTickCount(max(spec.xTicks, 2)))
	}
	out := asciigraph.Plot(ys, opts...)
	c := &canvas{cols: len(ys), ymin: spec.ymin}
	c.ratio = float64(height) / (spec.ymax - spec.ymin)
	c.rows = int(math.Abs(math.Round(spec.ymax*c.ratio) - math.Round(spec.ymin*c.ratio)))
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
	c.axisCol = -1
	for i, cl := range c.cells[0] {
		if cl.glyph == "┤" || cl.glyph == "┼" {
			c.axisCol = i
			break
		}
	}
	return c
}

// row returns the plot row of value y, and whether it is on the chart.
func (c *canvas) row(y float64) (int, bool) {
	if math.IsNaN(y) || math.IsInf(y, 0) {
		return 0, false
	}
	r := c.rows - int(math.Round(y*c.ratio)-math.Round(c.ymin*c.ratio))
	return r, r >= 0 && r <= c.rows
}

// set draws glyph at data column col and plot row r, if both are on the chart.
func (c *canvas) set(col, r int, glyph string, st *painter) {
	x := c.axisCol + 1 + col
	if c.axisCol < 0 || col < 0 || col >= c.cols || r < 0 || r > c.rows || r >= len(c.cells) || x >= len(c.cells[r]) {
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
