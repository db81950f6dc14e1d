package ui

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// plotRows reads asciigraph's text, a chart without an x axis, into rows
// of runes, and returns them with their number.
func plotRows(out string) ([][]rune, int) {
	var rows [][]rune
	for _, line := range strings.Split(out, "\n") {
		rows = append(rows, []rune(line))
	}
	return rows, len(rows)
}

// at returns the rune at column x of row, or a space past its end
// (asciigraph trims trailing spaces).
func at(row []rune, x int) rune {
	if x < len(row) {
		return row[x]
	}
	return ' '
}

// TestChartGeometryIsAsciigraphs pins the arithmetic canvas.go copies from
// asciigraph: for a flat series at value v, asciigraph draws ─ on the row
// chartGeom.row(v) and ┼ at chartGeom.axisCol; every plot row has the axis
// there, and there are chartGeom.rows+1 of them. If asciigraph changes its
// ratio, its rounding (half away from zero, negative values included) or
// where it puts the axis after the labels, this fails, and the markers
// would be drawn off the curve.
func TestChartGeometryIsAsciigraphs(t *testing.T) {
	ranges := [][2]float64{{0, 18.67}, {-3, 7}, {-32, 3}, {1e-6, 2.5e-6}, {100, 100.5}, {-7.5, -2.5}, {0, 1}, {-1e5, 3e7}}
	labels := map[string]func(float64) string{
		"padded":   labelOf(9),
		"narrow":   labelOf(6),
		"unpadded": func(f float64) string { return num(f, 3) }, // widths vary: the axis follows the widest
	}
	const cols = 12
	for _, rg := range ranges {
		for _, height := range []int{1, 2, 3, 7, 12, 25} {
			for name, label := range labels {
				spec := plotSpec{height: height, ymin: rg[0], ymax: rg[1], yLabel: label}
				g := spec.geometry()
				// Values on every row, between rows, where y·ratio is
				// exactly half-way between integers (where the rounding
				// rule decides), and the ends.
				var vs []float64
				for k := -1; k <= 2*height+1; k++ {
					vs = append(vs, rg[0]+float64(k)/2/g.ratio)
				}
				for n := math.Floor(rg[0] * g.ratio); n <= math.Ceil(rg[1]*g.ratio); n++ {
					vs = append(vs, (n+0.5)/g.ratio)
				}
				vs = append(vs, rg[0], rg[1])
				for _, v := range vs {
					if v < rg[0] || v > rg[1] {
						continue
					}
					ys := make([]float64, cols)
					for i := range ys {
						ys[i] = v
					}
					spec.ys = ys
					out, _ := spec.plot()
					rows, axis := plotRows(out)
					id := fmt.Sprintf("range %v, height %d, %s labels, v = %v", rg, height, name, v)
					if axis != g.rows+1 {
						t.Fatalf("%s: %d plot rows, chartGeom says %d\n%s", id, axis, g.rows+1, out)
					}
					for r := 0; r < axis; r++ {
						if a := at(rows[r], g.axisCol); a != '┤' && a != '┼' {
							t.Fatalf("%s: row %d has %q at the axis column %d\n%s", id, r, a, g.axisCol, out)
						}
					}
					r, ok := g.row(v)
					if !ok {
						t.Fatalf("%s: chartGeom puts a value of the range off the chart (row %d)", id, r)
					}
					if a := at(rows[r], g.axisCol); a != '┼' {
						t.Fatalf("%s: no ┼ on row %d, where chartGeom puts v\n%s", id, r, out)
					}
					for x := 0; x < cols-1; x++ {
						if a := at(rows[r], g.axisCol+1+x); a != '─' {
							t.Fatalf("%s: data column %d of row %d is %q, not the line\n%s", id, x, r, a, out)
						}
					}
				}
			}
		}
	}
}

// TestChartRowRounding checks chartGeom.row against values worked out by
// hand: a chart of 0…10 over 10 rows puts 0 on the bottom row (10), 10 on
// the top (0), 4.5 on row 5 (4.5 rounds away from zero, to 5) and 4.49 on
// row 6; on −10…0, −4.5 lands on row 5 and −4.49 on row 4.
func TestChartRowRounding(t *testing.T) {
	pos := plotSpec{height: 10, ymin: 0, ymax: 10, yLabel: labelOf(9)}.geometry()
	neg := plotSpec{height: 10, ymin: -10, ymax: 0, yLabel: labelOf(9)}.geometry()
	for _, c := range []struct {
		g    chartGeom
		v    float64
		want int
	}{{pos, 0, 10}, {pos, 10, 0}, {pos, 4.5, 5}, {pos, 4.49, 6}, {neg, -10, 10}, {neg, 0, 0}, {neg, -4.5, 5}, {neg, -4.49, 4}} {
		if r, ok := c.g.row(c.v); r != c.want || !ok {
			t.Errorf("row(%v) on %v…%v = %d (on chart %v), want %d", c.v, c.g.ymin, c.g.ymin+10, r, ok, c.want)
		}
	}
	if _, ok := pos.row(math.NaN()); ok {
		t.Error("NaN is on the chart")
	}
	if r, ok := pos.row(10.6); ok {
		t.Errorf("10.6 is on a 0…10 chart, at row %d", r)
	}
}

// TestAlignedChartsKeepTheirRows checks normalized: whatever the range, a
// chart of height h has exactly h+1 plot rows, the range it is given is
// inside the one drawn, and normalizing twice changes nothing.
func TestAlignedChartsKeepTheirRows(t *testing.T) {
	for _, rg := range [][2]float64{{0, 18.67}, {-0.33, 1.67}, {0.6, 0.7}, {-32, 3}, {1e-6, 2.5e-6}, {100, 100.5}, {3.8, 4.67}, {0, 5e300}} {
		for height := 2; height <= 60; height++ {
			spec := plotSpec{height: height, ymin: rg[0], ymax: rg[1]}
			n := spec.normalized()
			if g := spec.geometry(); g.rows != height {
				t.Errorf("range %v, height %d: %d rows", rg, height, g.rows)
			}
			if n.ymin > rg[0] || n.ymax < rg[1] {
				t.Errorf("range %v, height %d: drawn over %v…%v", rg, height, n.ymin, n.ymax)
			}
			if again := n.normalized(); again.ymin != n.ymin || again.ymax != n.ymax {
				t.Errorf("range %v, height %d: normalized twice moves it", rg, height)
			}
		}
	}
}

// TestDrawnIsWhereAsciigraphDraws pins canvas.drawn, which puts markers
// on the curve: for series with gaps, steps and flats, the cells
// asciigraph draws in each data column are exactly the rows drawn says.
func TestDrawnIsWhereAsciigraphDraws(t *testing.T) {
	nan := math.NaN()
	for _, ys := range [][]float64{
		{0, 1, 4, 9, 16, 25, 16, 9, 4, 1, 0},
		{5, 5, 5, 2, 8, nan, 3, 3, nan, nan, 7, 1},
		{18.6, 0.1, 18.6, 0.2, 9, 9.1, 9.2, 0, 18.6},
		{nan, 4, 4.4, 4.6, 5, nan},
	} {
		for _, height := range []int{3, 7, 12, 25} {
			spec := plotSpec{ys: ys, height: height, ymin: 0, ymax: 18.6, yLabel: labelOf(9)}
			c := newCanvas(spec)
			for col := 0; col < len(ys); col++ {
				top, bottom, ok := c.drawn(col)
				for r := 0; r <= c.rows; r++ {
					on := ok && r >= top && r <= bottom
					if blank := c.blank(col, r); blank == on {
						t.Fatalf("series %v, height %d: column %d row %d drawn %v, asciigraph drew %q",
							ys, height, col, r, on, c.cells[r][c.axisCol+1+col].glyph)
					}
				}
			}
		}
	}
}
