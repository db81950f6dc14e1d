package ui

import (
	"math"
	"math/cmplx"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"descent/engine"
)

// The status's last line explains, when nothing else is to be said, why
// the run does what it does: why its α diverges (the epoch's factor
// multiplied out), why it stalled (α·g rounds away against w), why it
// cycles (each sample pulls w its own way) and why it oscillates with a
// positive factor (the error turns as it shrinks).

// explain returns the line that explains run r's state in at most w
// columns (it may wrap to two), or "" when nothing needs explaining.
func (l *lab) explain(c common, r *engine.Run, w int) string {
	if why := whyLine(c, r, w); why != "" {
		return why
	}
	j := min(l.param, r.Model().NumParams()-1)
	switch r.Status() {
	case engine.Stalled:
		return stallLine(c, r, j, w)
	case engine.Cycling:
		return l.cycleLine(c, r, j, w)
	}
	if a := r.Analysis(); a.Regime == engine.Oscillating && math.Abs(imag(a.Dominant)) > 1e-12*cmplx.Abs(a.Dominant) {
		return swingLine(c, r, a, w)
	}
	return ""
}

// subscripts are the digits written below the line: x₁, x₂, …
var subscripts = []string{"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"}

// maxTerms is the most factors of an epoch the why line writes out.
const maxTerms = 4

// whyLine says why a diverging α diverges, in at most w columns: the
// epoch's factor written as the product of its updates' factors, each
// 1 − α·h for the curvature h of that update's loss, and that its size
// is above 1. A single sample's term says nothing (at α = 0.5 the
// lecture's third sample gives 1 − 2αx² = −8, yet the epoch converges),
// so the line always multiplies out the whole epoch. It is empty unless
// r's α diverges.
func whyLine(c common, r *engine.Run, w int) string {
	a := r.Analysis()
	if a.Regime != engine.Diverging {
		return ""
	}
	f := a.Factor
	name := r.Model().Params()[0]
	unit := perUnit(c, r)
	verdict := " > 1"
	clause := c.trf("each %s throws %s further out", unit, name)
	if f < 0 || math.Signbit(f) {
		verdict = " < −1"
		clause = c.trf("each %s throws %s further out, across %s*", unit, name, name)
	}
	factor := epochFactor(r, f, 4) + verdict + ": " + clause
	var variants []string
	terms, count := r.EpochTerms(r.LR(), maxTerms)
	_, perSample := r.NextSample()
	define := ""
	if !perSample {
		define = "; " + c.tr("hᵢ = (2/|B|)·Σx² of batch i")
	}
	switch {
	case count == 0: // several weights or momentum: the map's largest stretch
		variants = []string{c.trf("an epoch stretches the error by %s", epochFactor(r, f, 4)) + verdict + ": " +
			c.trf("each %s throws the weights further out", unit)}
	case count == 1: // one update per epoch: 1 − α·h, h the curvature
		h := a.Curvatures[0]
		variants = []string{
			"1 − α·(2/n)Σx² = 1 − " + num(r.LR(), 4) + " × " + num(h, 4) + " = " + factor,
			"1 − α·(2/n)Σx² = " + factor,
			c.tr("factor") + " " + factor,
		}
	case count <= maxTerms:
		var sym, vals []string
		for i, t := range terms {
			s := "(1 − 2α" + r.Model().Feature(0) + subscripts[i+1] + "²)"
			if !perSample {
				s = "(1 − αh" + subscripts[i+1] + ")"
			}
			sym, vals = append(sym, s), append(vals, paren(t, 3))
		}
		product := strings.Join(sym, "")
		values := strings.Join(vals, " × ")
		variants = []string{
			product + " = " + values + " = " + factor + define,
			product + " = " + factor + define,
			c.tr("epoch factor") + " " + values + " = " + factor,
		}
	default:
		each := "(1 − 2αxᵢ²)"
		if !perSample {
			each = "(1 − αhᵢ)"
		}
		variants = []string{c.trf("the product of %s over the %d updates of an epoch = %s", each, count, factor) + define}
	}
	variants = append(variants, c.tr("epoch factor")+" "+factor)
	return c.st.bad.Render(fitProse(w, variants...))
}

// fitProse returns the first of variants that fits one line of w columns,
// else the first that fits two, else the last.
func fitProse(w int, variants ...string) string {
	for _, lines := range []int{1, 2} {
		for _, v := range variants {
			if ansi.StringWidth(v) <= lines*w {
				return v
			}
		}
	}
	return variants[len(variants)-1]
}

// epochFactor writes the factor f of an epoch of r with digits
// significant digits, or more where fewer would write a size off 1 as 1
// (numOff1); where it is beyond float64 (0 or ±∞ for an epoch of
// many updates), as the mean factor per update to the power of the
// updates, "1.0213^1000000", or as a bound.
func epochFactor(r *engine.Run, f float64, digits int) string {
	if !beyondFloat(r, f) {
		return numOff1(f, digits)
	}
	sign := ""
	if math.Signbit(f) {
		sign = "−"
	}
	if g := r.FactorPerUpdate(r.LR()); g > 0 && !math.IsInf(g, 0) {
		return sign + numOff1(g, digits+1) + "^" + strconv.Itoa(r.UpdatesPerEpoch())
	}
	if f == 0 {
		return sign + "<1e−308"
	}
	return sign + ">1e308"
}

// stallLine says why run r stalled, parameter j at its value: the step
// α·g it would take is less than half a unit in the last place of that
// value, so w − α·g rounds back to w in float64.
func stallLine(c common, r *engine.Run, j, w int) string {
	name := r.Model().Params()[j]
	p := r.Params()[j]
	half := (math.Nextafter(math.Abs(p), math.Inf(1)) - math.Abs(p)) / 2
	st := c.st.warn
	if r.Optimizer().Kind != engine.GD {
		return st.Render(c.trf("∥ stalled: α times every step the rule can take is under half a unit in the last place of each weight: they no longer move in float64"))
	}
	g := r.GradAt(r.Params())[j]
	if rec, ok := r.Last(); ok {
		g = rec.Grad[j]
	}
	return fitFormulas(st, w,
		c.trf("∥ stalled: α·g = %s × %s = %s, under half a unit in the last place of %s = %s (%s): %s − α·g rounds back to %s in float64",
			num(r.LR(), 3), paren(g, 4), num(r.LR()*g, 3), name, num(p, 6), num(half, 2), name, name),
		c.trf("∥ stalled: α·g = %s is under half a unit in the last place of %s (%s): %s no longer moves in float64",
			num(r.LR()*g, 3), name, num(half, 2), name),
		c.trf("∥ stalled: α·g no longer moves %s in float64", name))
}

// cycleSpan caches the range a cycling run's parameter goes through in an
// epoch, which takes an epoch's simulation to find.
type cycleSpan struct {
	r       *engine.Run
	updates int
	lr      float64
	j       int
	lo, hi  float64
	ok      bool
}

// maxCycleSpan is the longest epoch whose span the cycle line measures.
const maxCycleSpan = engine.ExactRows

// span returns the lowest and highest value of parameter j of run r over
// its next epoch, when an epoch is short enough to simulate per frame.
func (l *lab) span(r *engine.Run, j int) (lo, hi float64, ok bool) {
	s := &l.cycle
	if s.r != r || s.updates != r.Updates() || s.lr != r.LR() || s.j != j {
		*s = cycleSpan{r: r, updates: r.Updates(), lr: r.LR(), j: j}
		if per := r.UpdatesPerEpoch(); per <= maxCycleSpan {
			s.lo, s.hi, s.ok = r.Params()[j], r.Params()[j], true
			for _, q := range r.Preview(per) {
				s.lo, s.hi = math.Min(s.lo, q[j]), math.Max(s.hi, q[j])
			}
		}
	}
	return s.lo, s.hi, s.ok
}

// cycleLine says why run r cycles: each sample (or mini-batch) pulls the
// weights toward its own fit, so an epoch goes round a cycle and comes
// back, around and never onto the optimum that fits all the samples at
// once.
func (l *lab) cycleLine(c common, r *engine.Run, j, w int) string {
	name := r.Model().Params()[j]
	a := r.Analysis()
	opt := optimumText(a, j, optimumDigits)
	st := c.st.warn
	lo, hi, ok := l.span(r, j)
	if !ok {
		return st.Render(c.trf("↻ each sample pulls %s its own way: the run goes round a cycle about %s* = %s and never settles on it", name, name, opt))
	}
	in := "[" + num(lo, 4) + ", " + num(hi, 4) + "]"
	return fitFormulas(st, w,
		c.trf("↻ the samples pull %s to different places: each epoch %s goes round %s and comes back; %s* = %s, the best for all samples at once, is never reached", name, name, in, name, opt),
		c.trf("↻ each sample pulls %s its own way: every epoch %s goes round %s; %s* = %s is never reached", name, name, in, name, opt),
		c.trf("↻ %s cycles through %s; %s* = %s", name, in, name, opt))
}

// swingLine says why a run oscillates whose factor is positive: the
// epoch's map has a complex eigenvalue of the largest modulus, so the
// error turns as it shrinks — momentum carries w past w* and back.
func swingLine(c common, r *engine.Run, a engine.Analysis, w int) string {
	name := r.Model().Params()[0]
	deg := math.Abs(cmplx.Phase(a.Dominant)) * 180 / math.Pi
	every := num(360/deg, 2) + " " + c.tr("epochs")
	unit := c.tr("epoch")
	if r.UpdatesPerEpoch() == 1 {
		every, unit = num(360/deg, 2)+" "+c.tr("updates"), c.tr("update")
	}
	size := numOff1(cmplx.Abs(a.Dominant), factorDigits)
	st := c.st.warn
	if k := r.Optimizer().Kind; k == engine.Momentum || k == engine.Nesterov {
		return fitFormulas(st, w,
			c.trf("↯ momentum carries %s past %s* and back: each %s the error shrinks to ×%s of its size as it turns %s°, a swing every %s", name, name, unit, size, num(deg, 2), every),
			c.trf("↯ momentum carries %s past %s*: ×%s per %s in size, a swing every %s", name, name, size, unit, every))
	}
	return st.Render(c.trf("↯ the error turns as it shrinks: ×%s per %s in size, a swing every %s", size, unit, every))
}
