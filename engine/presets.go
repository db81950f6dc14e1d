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
// digit within its regime (Preset.LR). The size of a factor is that of the
// epoch's, |Factor|, or for an epoch of more than LongEpoch updates that
// of the updates', FactorPerUpdate: a long epoch multiplies the error by
// next to nothing at almost every α, and would make the first α that
// leaves 1 % of it after all those updates the fastest. The regimes are
// Analysis.Regime's, the updates' for a long epoch.
const (
	// PresetTooSmall is derived as a hundredth of the largest stable α: the error
	// shrinks, slowly.
	PresetTooSmall PresetKind = iota
	// PresetJustRight is derived as the smallest α whose factor's size is
	// within 1 % (of the way to 1) of the smallest below the largest
	// stable α: as fast as any α, and no faster than it needs to be.
	PresetJustRight
	// PresetOscillating is derived as the converging α that oscillates
	// (its epoch's error changes sign) with the largest factor's size up
	// to 0.9: as slow a zig-zag as still shows. In a long epoch it is the
	// largest α, of size up to 0.9, at which updates overshoot but none
	// throws the error further out (Preset.Throw is 0): w zig-zags, each
	// update landing nearer to w*. Near the end of the stable interval
	// the updates that do throw it out swing a long epoch's error (and,
	// on noisy data, its cycle) through many orders of magnitude before
	// the epoch brings it back. Only where no such α lies above just
	// right does it fall back to the rule of a short epoch.
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
	// PerUpdate is LR's factor per update (FactorPerUpdate), what one
	// update multiplies the error by on average.
	PerUpdate float64
	// LongEpoch is set when an epoch has more than LongEpoch updates: the
	// preset is derived from PerUpdate and its regime is the updates'
	// (see PresetKind). Overshoot is then the share of an epoch's updates
	// that overshoot at LR (see Analysis.Regime), and Throw the share
	// that throw the error further out (an eigenvalue of the update's map
	// beyond 1 in size: 1 − α·λ < −1 for plain gradient descent), each
	// from 0 to 1; else both are 0.
	LongEpoch        bool
	Overshoot, Throw float64
	Regime           Regime // LR's regime, which is Derived's
	// Edge is set on the oscillating preset when no converging α whose
	// factor's size is at most 0.9 oscillates (the slowest direction never
	// zig-zags; in a long epoch, no α whose updates overshoot goes ×0.9
	// per update or faster): its α is then derived as 0.95 of the largest
	// stable α, where the steepest direction zig-zags.
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
	// size is the size of the factor the presets compare: the epoch's,
	// or the updates' for a long epoch (see PresetKind).
	size := func(lr float64) (float64, Regime) {
		rho, g := factor(lr)
		if f.long {
			return math.Exp2(f.value(lr).log2 / float64(per)), g
		}
		return math.Abs(rho), g
	}
	// A calm α throws no update's error further out (see updateCuts).
	calm := func(lr float64) bool { return !f.long || lr*f.peak <= f.throw }
	// mk rounds the derived α to one significant digit, keeping its
	// regime (and calm, if asked) and staying above the preset before.
	var prev float64
	mk := func(kind PresetKind, derived float64, keepCalm bool) Preset {
		_, want := factor(derived)
		lr := oneDigit(derived, prev, func(lr float64) bool {
			_, g := factor(lr)
			return g == want && (!keepCalm || calm(lr))
		})
		prev = lr
		rho, g := factor(lr)
		q := Preset{Kind: kind, LR: lr, Derived: derived, Factor: rho, Regime: g}
		q.PerUpdate = math.Exp2(f.value(lr).log2 / float64(per))
		if f.long {
			q.LongEpoch = true
			q.Overshoot, q.Throw = f.shares(lr)
		}
		return q
	}
	// Scan the first stable interval once for the best and the zig-zag α.
	best, bestF := top/2, math.Inf(1)
	osc, oscF := 0.0, 0.0
	still := 0.0 // a long epoch's: the largest calm α whose updates overshoot
	steps := min(400, max(scanBudget/max(per*f.rank*f.rank, 1), 20))
	if f.big != nil {
		steps = f.big.gridSteps(f.Optimizer)
	}
	for i := 1; i < steps; i++ {
		lr := top * float64(i) / float64(steps)
		rho, g := size(lr)
		if rho < bestF {
			best, bestF = lr, rho
		}
		if g == Oscillating && rho <= 0.9 && rho > oscF {
			osc, oscF = lr, rho
		}
		if f.long && g == Oscillating && rho <= 0.9 && calm(lr) {
			still = lr
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
		if rho, _ := size(lr); rho <= close {
			best = lr
			break
		}
	}
	small := mk(PresetTooSmall, top/100, false)
	right := mk(PresetJustRight, best, false)
	var zig Preset
	if still > right.LR {
		zig = mk(PresetOscillating, still, true)
	}
	switch {
	case zig.LR > right.LR && calm(zig.LR):
	case osc > 0:
		prev = right.LR
		zig = mk(PresetOscillating, osc, false)
	default:
		prev = right.LR
		zig = mk(PresetOscillating, 0.95*top, false)
		zig.Edge = true
	}
	lr := 1.25 * top
	for i := 0; i < 60; i++ {
		if _, g := factor(lr); g == Diverging {
			break
		}
		lr *= 1.1
	}
	div := mk(PresetDiverging, lr, false)
	return [4]Preset{small, right, zig, div}
}

// oneDigit returns the α with one significant digit (d·10^e, d = 1…9)
// nearest to lr on a log scale that is above after and for which keep
// holds: a preset a room can read, which shows what the derived α shows.
// Values are parsed from their decimal text, so 0.3 is the float64 0.3.
// When none of the candidates within a decade of lr qualifies, it tries
// two significant digits (1.0·10^e to 9.9·10^e), and when none of those
// does either, it returns lr itself.
func oneDigit(lr, after float64, keep func(float64) bool) float64 {
	if !(lr > 0) || math.IsInf(lr, 0) {
		return lr
	}
	e := int(math.Floor(math.Log10(lr)))
	for _, digits := range []int{1, 2} {
		var cands []float64
		for x := e - 1; x <= e+1; x++ {
			for d := 1; d <= 9; d++ {
				if digits == 1 {
					v, _ := strconv.ParseFloat(strconv.Itoa(d)+"e"+strconv.Itoa(x), 64)
					cands = append(cands, v)
					continue
				}
				for t := 0; t <= 9; t++ {
					v, _ := strconv.ParseFloat(strconv.Itoa(d)+"."+strconv.Itoa(t)+"e"+strconv.Itoa(x), 64)
					cands = append(cands, v)
				}
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
	}
	return lr
}
