package engine

import "math"

// PresetKind names the behaviour a preset learning rate shows.
type PresetKind int

// The four presets, in the order of the keys 1 to 4.
const (
	// PresetTooSmall is a hundredth of the largest stable α: the error
	// shrinks, slowly.
	PresetTooSmall PresetKind = iota
	// PresetJustRight is the smallest α whose contraction factor is within
	// 1 % (of the way to 1) of the smallest factor below the largest
	// stable α.
	PresetJustRight
	// PresetOscillating is the converging α whose error changes sign with
	// the largest |factor| up to 0.9: as slow a zig-zag as still shows.
	PresetOscillating
	// PresetDiverging is the first α from 1.25 times the largest stable α
	// on (growing by 10 % at a time) whose regime is Diverging.
	PresetDiverging
)

var presetNames = []string{"too small", "just right", "oscillating", "diverging"}

// String returns "too small", "just right", "oscillating" or "diverging".
func (k PresetKind) String() string { return presetNames[k] }

// Preset is a learning rate chosen to show the room one behaviour. It is
// data: the front end words what to watch for.
type Preset struct {
	Kind   PresetKind
	LR     float64 // the α, rounded to three significant digits
	Factor float64 // its contraction factor per epoch (see Analysis.Factor)
	Regime Regime
	// Edge is set on the oscillating preset when no converging α with
	// |factor| ≤ 0.9 zig-zags (the slowest direction never does): its α
	// is then 0.95 of the largest stable α, where the steepest direction
	// zig-zags.
	Edge bool
	// Flat is set on every preset when the loss has no curvature: the
	// gradient is zero everywhere, every point is a minimiser and α
	// changes nothing. The Problem's presets then have LR NaN; a Run's
	// have its own α.
	Flat bool
}

// Presets derives the four presets of update rule o from the problem's
// analysis (see PresetKind), computed once per rule and safe to call from
// any goroutine.
//
// The adaptive optimizers have no fixed-α factor to derive presets from:
// for them Presets returns the presets of plain gradient descent on the
// same problem, whose α are the natural scale to start from.
func (p *Problem) Presets(o Optimizer) [4]Preset {
	if o.Adaptive() {
		o = Optimizer{}
	}
	f := p.analysis(o)
	if f.rank == 0 {
		var out [4]Preset
		for i := range out {
			out[i] = Preset{Kind: PresetKind(i), LR: math.NaN(), Regime: Converging, Flat: true}
		}
		return out
	}
	f.presetsOnce.Do(func() { f.presets = f.computePresets(p.per) })
	return f.presets
}

// Presets is r.Problem().Presets(r.Optimizer()), with the run's own α on
// presets of a loss without curvature.
func (r *Run) Presets() [4]Preset {
	ps := r.prob.Presets(r.opt)
	for i := range ps {
		if ps[i].Flat {
			ps[i].LR = r.lr
		}
	}
	return ps
}

// computePresets computes the presets of a problem of per updates per epoch.
func (f *fixedAnalysis) computePresets(per int) [4]Preset {
	top := f.LRMaxStable
	if math.IsInf(top, 0) {
		top = 1
	}
	factor := func(lr float64) (float64, Regime) {
		rho, _, g := f.factor(lr)
		return rho, g
	}
	mk := func(kind PresetKind, lr float64) Preset {
		rho, g := factor(lr)
		return Preset{Kind: kind, LR: lr, Factor: rho, Regime: g}
	}
	// Scan the first stable interval once for the best and the zig-zag α.
	best, bestF := top/2, math.Inf(1)
	osc, oscF := 0.0, 0.0
	steps := min(400, max(scanBudget/max(per*f.rank*f.rank, 1), 20))
	if f.big != nil {
		steps = f.big.gridSteps(f.Optimizer)
	}
	for i := 1; i < steps; i++ {
		lr := top * float64(i) / float64(steps)
		rho, g := factor(lr)
		if math.Abs(rho) < bestF {
			best, bestF = lr, math.Abs(rho)
		}
		if g == Oscillating && math.Abs(rho) <= 0.9 && math.Abs(rho) > math.Abs(oscF) {
			osc, oscF = lr, rho
		}
	}
	// Of the α whose factor is about as small as the best, the smallest:
	// the lecture's loop has factor 0 at both 1/18 and 1/8, and 1/18 gets
	// there without overshooting; momentum's factor is √μ over a whole
	// range of α, equal there but for rounding, and the range's first α
	// is taken, never the one rounding happens to favour.
	close := bestF + 0.01*(1-bestF) + 1e-9*bestF
	for i := 1; i < steps; i++ {
		lr := top * float64(i) / float64(steps)
		if rho, _ := factor(lr); math.Abs(rho) <= close {
			best = lr
			break
		}
	}
	small := mk(PresetTooSmall, roundAlpha(top/100))
	right := mk(PresetJustRight, roundAlpha(best))
	var zig Preset
	if osc > 0 {
		zig = mk(PresetOscillating, roundAlpha(osc))
	} else {
		zig = mk(PresetOscillating, roundAlpha(0.95*top))
		zig.Edge = true
	}
	lr := 1.25 * top
	for i := 0; i < 60; i++ {
		if _, g := factor(lr); g == Diverging {
			break
		}
		lr *= 1.1
	}
	div := mk(PresetDiverging, roundAlpha(lr))
	return [4]Preset{small, right, zig, div}
}

// roundAlpha rounds lr to three significant digits, so presets read well.
func roundAlpha(lr float64) float64 {
	if !(lr > 0) || math.IsInf(lr, 0) {
		return lr
	}
	p := math.Pow(10, math.Floor(math.Log10(lr))-2)
	return math.Round(lr/p) * p
}
