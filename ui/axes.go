package ui

import (
	"math"
	"strings"
)

// The ticks of the charts' axes: round values, as on graph paper.

// axisTicks labels a chart's y axis at round values: the row nearest each
// tick reads the tick's value and the other rows stay blank, so the axis
// reads 0, 5, 10 rather than 0.601, 1.2, 1.8. Tick positions are in the
// chart's units (log10 of the value on a log chart).
type axisTicks struct {
	at    []float64
	text  []string
	top   float64 // the top row's value
	half  float64 // half a row, in the chart's units
	width int     // every label is padded to this many columns
}

// newTicks returns ticks for the aligned spec, as yet without any.
func newTicks(spec plotSpec, width int) axisTicks {
	return axisTicks{top: spec.ymax, half: (spec.ymax - spec.ymin) / float64(spec.height) / 2, width: width}
}

// rowOf is the row, counted from the top, nearest to value v; a value
// half-way between two rows belongs to the lower one.
func (t axisTicks) rowOf(v float64) int { return int(math.Floor((t.top-v)/(2*t.half) + 0.5)) }

// label is the formatter asciigraph is given: the text of the tick whose
// row value v is, or blanks.
func (t axisTicks) label(v float64) string {
	if t.half > 0 {
		r := int(math.Round((t.top - v) / (2 * t.half)))
		for i, a := range t.at {
			if t.rowOf(a) == r {
				return padLeft(t.text[i], t.width)
			}
		}
	}
	return strings.Repeat(" ", t.width)
}

// padLeft right-aligns s in width columns.
func padLeft(s string, width int) string {
	if n := len([]rune(s)); n < width {
		return strings.Repeat(" ", width-n) + s
	}
	return s
}

// rowsApart is the least number of rows between two ticks of a log axis.
const rowsApart = 3

// linearTicks returns the ticks of the aligned spec's y axis on a linear
// scale: multiples of 1, 2 or 5 times a power of ten, about three rows
// apart, labelled width columns wide.
func linearTicks(spec plotSpec, width int) axisTicks {
	lo, hi := spec.ymin, spec.ymax
	t := newTicks(spec, width)
	step := nearest125((hi - lo) / float64(max(spec.height/3, 4)))
	if !(step > 0) {
		return t
	}
	for m := math.Ceil(lo/step - 1e-9); m*step <= hi*(1+1e-12)+step*1e-9 && len(t.at) < 200; m++ {
		v := m * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		t.at = append(t.at, v)
		t.text = append(t.text, tickText(v, step, width))
	}
	return t
}

// logTicks returns the ticks of the aligned spec's y axis on a log scale,
// whose values are log10 of the loss: 1, 2 and 5 in each decade when they
// fit rowsApart rows apart, else every decade, or every 2nd, 5th, 10th…;
// within less than a decade, round values of the loss itself. There are
// always at least two, so the axis is labelled at every size.
func logTicks(spec plotSpec, width int) axisTicks {
	lo, hi := spec.ymin, spec.ymax
	t := newTicks(spec, width)
	most := max(spec.height/rowsApart+1, 2)
	in := func(e float64) bool { return e >= lo-t.half && e <= hi+t.half }
	// The candidates from the finest: 1, 2 and 5 in every decade, then
	// every k-th decade.
	var sets [][]float64
	var fine []float64
	for d := math.Floor(lo); d <= math.Ceil(hi) && len(fine) <= 3*most; d++ {
		for _, m := range []float64{1, 2, 5} {
			if e := d + math.Log10(m); in(e) {
				fine = append(fine, e)
			}
		}
	}
	sets = append(sets, fine)
	for _, k := range []float64{1, 2, 5, 10, 20, 50, 100} {
		var set []float64
		for e := math.Ceil((lo-t.half)/k) * k; e <= hi+t.half; e += k {
			set = append(set, e)
		}
		sets = append(sets, set)
	}
	var pick []float64
	for _, set := range sets {
		if len(set) >= 2 {
			pick = set // the coarsest with two so far
			if len(set) <= most {
				break
			}
		}
	}
	if len(pick) >= 2 {
		for _, e := range pick {
			t.at = append(t.at, e)
			t.text = append(t.text, num(math.Pow(10, e), 3))
		}
		return t
	}
	// Less than a decade: round values of the loss, placed on the log axis,
	// as many as fit and at least two.
	a, b := math.Pow(10, lo), math.Pow(10, hi)
	for step := nearest125((b - a) / float64(most)); step > (b-a)*1e-6; step = niceStep(step * 0.4) {
		var at []float64
		for m := math.Ceil(a / step); m*step <= b; m++ {
			at = append(at, m*step)
		}
		if len(at) >= 2 {
			for _, v := range at {
				t.at = append(t.at, math.Log10(v))
				t.text = append(t.text, tickText(v, step, width))
			}
			return t
		}
	}
	return t
}

// step125 rounds s up to 1, 2 or 5 times a power of ten.
func step125(s float64) float64 {
	if !(s > 0) || math.IsInf(s, 0) {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(s)))
	for _, f := range []float64{1, 2, 5, 10} {
		if f*p >= s*(1-1e-9) {
			return f * p
		}
	}
	return 10 * p
}

// nearest125 returns the multiple of 1, 2 or 5 times a power of ten
// nearest to s on a log scale.
func nearest125(s float64) float64 {
	up := step125(s)
	best := up
	for _, c := range []float64{up / 2, up / 2.5, up / 5} { // the 1-2-5 steps below: 10 → 5, 2; 5 → 2.5 (not one), 2
		if m := c / math.Pow(10, math.Floor(math.Log10(c)+1e-9)); math.Abs(m-1) > 1e-9 && math.Abs(m-2) > 1e-9 && math.Abs(m-5) > 1e-9 {
			continue
		}
		if math.Abs(math.Log(c/s)) < math.Abs(math.Log(best/s)) {
			best = c
		}
	}
	return best
}

// tickText writes tick value v, a multiple of step, with the digits that
// tell it from its neighbours and, where it does not fit width columns,
// its exponent without the plus sign ("2e+50" becomes "2e50").
func tickText(v, step float64, width int) string {
	if v == 0 {
		return "0"
	}
	e := math.Floor(math.Log10(step) + 1e-9)
	digits := int(math.Floor(math.Log10(math.Abs(v))+1e-9)-e) + 1
	if m := step / math.Pow(10, e); math.Abs(m-math.Round(m)) > 1e-6 {
		digits++ // a step of 2.5 needs a digit more than its power of ten
	}
	s := num(v, min(max(digits, 1), 15))
	if len([]rune(s)) > width {
		s = strings.Replace(s, "e+", "e", 1)
	}
	return s
}

// roundXTicks returns the x ticks of a chart over lo…hi: every multiple
// of a round step (1, 2, 2.5 or 5 times a power of ten, about one per 14
// columns, at least minStep), at the data column col gives it, labelled by
// text.
func roundXTicks(lo, hi float64, cols int, minStep float64, col func(float64) (int, bool), text func(v, step float64) string) []xTick {
	step := math.Max(niceStep((hi-lo)/float64(max(cols/xTickCols, 2))), minStep)
	var ticks []xTick
	for tries := 0; tries < 3; tries++ {
		if !(step > 0) || isBadF(step) || isBadF(lo) || isBadF(hi) {
			return nil
		}
		ticks = ticks[:0]
		for m := math.Ceil(lo/step - 1e-9); m*step <= hi+step*1e-9 && len(ticks) < cols; m++ {
			v := m * step
			if math.Abs(v) < step*1e-9 {
				v = 0
			}
			if c, ok := col(v); ok {
				ticks = append(ticks, xTick{col: c, label: text(v, step)})
			}
		}
		finer := niceStep(step * 0.4) // the next round step down: 10 → 5, 5 → 2, 2 → 1
		if len(ticks) >= 3 || finer < minStep || len(ticks) >= 2 && cols < 3*xTickCols {
			break
		}
		step = finer
	}
	return ticks
}

// xTickCols is about how many columns apart x ticks are.
const xTickCols = 10

// tickText9 is tickText for labels up to 9 columns wide.
func tickText9(v, step float64) string { return tickText(v, step, 9) }
