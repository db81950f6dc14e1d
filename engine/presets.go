package engine

import (
	"math"
	"sort"
	"strconv"
)

// PresetKind names the behaviour a preset learning rate shows.
type PresetKind int

// The four presets, in the order of the keys 1 to 4. Each is derived from
// the analysis as below (Preset.Derived), then rounded to one significant
// digit within its regime (Preset.LR).
const (
	// PresetTooSmall is derived as a hundredth of the largest stable α: the error
	// shrinks, slowly.
	PresetTooSmall PresetKind = iota
	// PresetJustRight is derived as the smallest α whose contraction factor is within
	// 1 % (of the way to 1) of the smallest factor below the largest
	// stable α.
	PresetJustRight
	// PresetOscillating is derived as the converging α whose error changes sign with
	// the largest |factor| up to 0.9: as slow a zig-zag as still shows.
	PresetOscillating
	// PresetDiverging is derived as the first α from 1.25 times the largest stable α
	// on (growing by 10 % at a time) whose regime is Diverging.
	PresetDiverging
)

var presetNames = []string{"too small", "just right", "oscillating", "diverging"}

// String returns "too small", "just right", "oscillating" or "diverging".
func (k PresetKind) String() string { return presetNames[k] }

// Preset is a learning rate chosen to show the room one behaviour. It is
// data: the front end words what to watch for.
type Preset struct {
	Kind PresetKind
	// LR is the α a room reads: one significant digit (0.002, 0.05), the
	// nearest such α to Derived whose regime is Derived's, and above the
	// presets before it.
	LR float64
	// Derived is the α the rule of Kind derives from the analysis, before
	// rounding.
	Derived float64
	Factor  float64 // LR's contraction factor per epoch (see Analysis.Factor)
	Regime  Regime  // LR's regime, which is Derived's
	// Edge is set on the oscillating preset when no converging α with
	// |factor| ≤ 0.9 zig-zags (the slowest direction never does): its α
	// is then derived as 0.95 of the largest stable α, where the steepest
	// direction zig-zags.
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
	// mk rounds the derived α to one significant digit, keeping its
	// regime and staying above the preset before.
	var prev float64
	mk := func(kind PresetKind, derived float64) Preset {
		_, want := factor(derived)
		lr := oneDigit(derived, prev, func(lr float64) bool { _, g := factor(lr); return g == want })
		prev = lr
		rho, g := factor(lr)
		return Preset{Kind: kind, LR: lr, Derived: derived, Factor: rho, Regime: g}
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
	small := mk(PresetTooSmall, top/100)
	right := mk(PresetJustRight, best)
	var zig Preset
	if osc > 0 {
		zig = mk(PresetOscillating, osc)
	} else {
		zig = mk(PresetOscillating, 0.95*top)
		zig.Edge = true
	}
	lr := 1.25 * top
	for i := 0; i < 60; i++ {
		if _, g := factor(lr); g == Diverging {
			break
		}
		lr *= 1.1
	}
	div := mk(PresetDiverging, lr)
	return [4]Preset{small, right, zig, div}
}

// oneDigit returns the α with one significant digit (d·10^e, d = 1…9)
// nearest to lr on a log scale that is above after and for which keep
// holds: a preset a room can read, which shows what the derived α shows.
// Values are parsed from their decimal text, so 0.3 is the float64 0.3.
// When none of the candidates within a decade of lr qualifies, it returns
// lr itself.
func oneDigit(lr, after float64, keep func(float64) bool) float64 {
	if !(lr > 0) || math.IsInf(lr, 0) {
		return lr
	}
	e := int(math.Floor(math.Log10(lr)))
	var cands []float64
	for x := e - 1; x <= e+1; x++ {
		for d := 1; d <= 9; d++ {
			v, _ := strconv.ParseFloat(strconv.Itoa(d)+"e"+strconv.Itoa(x), 64)
			cands = append(cands, v)
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		return math.Abs(math.Log(cands[i]/lr)) < math.Abs(math.Log(cands[j]/lr))
	})
	for _, v := range cands {
		if v > after && keep(v) {
			return v
		}
	}
	return lr
}
