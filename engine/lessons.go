package engine

import (
	"fmt"
	"math"
	"slices"
)

// Sweep returns the mean loss after n updates from cfg.Init for each
// learning rate in lrs, everything else as in cfg: a one-dimensional
// phase diagram of α. Losses that overflow come back as +Inf or NaN.
//
// Sweep costs len(lrs) × n updates (a full batch of more than ExactRows
// samples costs O(1), see Run.MSEAt). It is a pure function of its
// arguments, safe to call from any goroutine (see Analyze).
func Sweep(cfg Config, lrs []float64, n int) ([]float64, error) {
	r, err := New(cfg)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(lrs))
	for i, lr := range lrs {
		if err := r.SetLR(lr); err != nil {
			return nil, err
		}
		r.Reset()
		r.Train(n)
		out[i] = r.MSE()
	}
	return out, nil
}

// Presets is Run.Presets for the run New(cfg) would start. It is a pure
// function of cfg, safe to call from any goroutine (see Analyze); when cfg
// came from Run.Config, that run's Presets answer at once afterwards.
func Presets(cfg Config) ([4]Preset, error) {
	r, err := New(cfg)
	if err != nil {
		return [4]Preset{}, err
	}
	return r.Presets(), nil
}

// LogSpace returns n numbers from lo to hi, evenly spaced on a log scale.
func LogSpace(lo, hi float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = lo * math.Pow(hi/lo, float64(i)/float64(max(n-1, 1)))
	}
	return out
}

// SweepRange returns the range of α a sweep should cover: from 1e-4 (or
// lower, when the largest stable α is tiny) to well past the largest
// stable α and the end of the last stable interval.
func (a Analysis) SweepRange() (lo, hi float64) {
	top := a.LRMaxStable
	for _, iv := range a.StableIntervals {
		if !math.IsInf(iv[1], 0) {
			top = math.Max(top, iv[1])
		}
	}
	if math.IsInf(top, 0) || !(top > 0) {
		top = 1
	}
	hi = 1.6 * top
	lo = math.Min(1e-4, hi/100)
	return lo, hi
}

// SweepLRs returns about n log-spaced learning rates over SweepRange, plus
// the middle of every stable interval after the first, which a coarse grid
// can step over (the lecture's loop converges again only for
// 0.4765 < α < 0.5190).
func (a Analysis) SweepLRs(n int) []float64 {
	lo, hi := a.SweepRange()
	lrs := LogSpace(lo, hi, n)
	for _, iv := range a.StableIntervals[min(1, len(a.StableIntervals)):] {
		if mid := math.Sqrt(iv[0] * iv[1]); mid > lo && mid < hi {
			lrs = append(lrs, mid)
		}
	}
	slices.Sort(lrs)
	return lrs
}

// Preset is a learning rate chosen to show the room one behaviour.
type Preset struct {
	Name   string  // "too small", "just right", "oscillating", "diverging"
	LR     float64 // the α
	Factor float64 // its contraction factor (see Analysis.Factor)
	Regime Regime
	Watch  string // one line telling the room what to watch for
}

// Presets derives four learning rates from the run's analysis: too small
// (a hundredth of the largest stable α), just right (the α of the
// smallest contraction factor below the largest stable α), oscillating (a
// converging α whose error changes sign, as slowly as still shows), and
// diverging (just past the largest stable α, outside any stable interval).
//
// The adaptive optimizers have no fixed-α factor to derive presets from:
// for them Presets returns the presets of plain gradient descent on the
// same data, model and mode, whose α are the natural scale to start from.
func (r *Run) Presets() [4]Preset {
	if r.opt.Adaptive() {
		c := r.Config()
		c.Optimizer = Optimizer{}
		if gd, err := New(c); err == nil {
			return gd.Presets()
		}
	}
	f := r.analysis()
	if f.rank == 0 {
		// No curvature: the gradient is zero everywhere and α does nothing.
		var out [4]Preset
		for i, name := range []string{"too small", "just right", "oscillating", "diverging"} {
			out[i] = Preset{Name: name, LR: r.lr, Factor: 0, Regime: Converging,
				Watch: "the loss has no curvature here: every w is a minimiser and α changes nothing"}
		}
		return out
	}
	f.presetsOnce.Do(func() { f.presets = f.computePresets(r.per) })
	return f.presets
}

// computePresets computes Presets for runs of per updates per epoch.
func (f *fixedAnalysis) computePresets(per int) [4]Preset {
	top := f.LRMaxStable
	if math.IsInf(top, 0) {
		top = 1
	}
	unit := "epoch"
	if per == 1 {
		unit = "update"
	}
	factor := func(lr float64) (float64, Regime) {
		rho, _, g := f.factor(lr)
		return rho, g
	}
	mk := func(name string, lr float64) Preset {
		rho, g := factor(lr)
		return Preset{Name: name, LR: lr, Factor: rho, Regime: g}
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
	// there without overshooting.
	for i := 1; i < steps; i++ {
		lr := top * float64(i) / float64(steps)
		if rho, _ := factor(lr); math.Abs(rho) <= bestF+0.01*(1-bestF) {
			best = lr
			break
		}
	}
	small := mk("too small", roundAlpha(top/100))
	small.Watch = fmt.Sprintf("each %s keeps %s%% of the error: w crawls toward w*", unit, percent(small.Factor))
	right := mk("just right", roundAlpha(best))
	if math.Abs(right.Factor) < 0.5 {
		right.Watch = fmt.Sprintf("factor %.2g per %s: w lands near w* almost at once", right.Factor, unit)
	} else {
		right.Watch = fmt.Sprintf("the fastest α there is, and still factor %.4g per %s: a long flat valley", right.Factor, unit)
	}
	var zig Preset
	if osc > 0 {
		zig = mk("oscillating", roundAlpha(osc))
		zig.Watch = fmt.Sprintf("factor %.2g per %s: w overshoots w* and zig-zags in", zig.Factor, unit)
	} else {
		zig = mk("oscillating", roundAlpha(0.95*top))
		zig.Watch = fmt.Sprintf("the slowest direction never zig-zags here; near the edge the steep one does (factor %.4g per %s)", zig.Factor, unit)
	}
	lr := 1.25 * top
	for i := 0; i < 60; i++ {
		if _, g := factor(lr); g == Diverging {
			break
		}
		lr *= 1.1
	}
	div := mk("diverging", roundAlpha(lr))
	div.Watch = fmt.Sprintf("|factor| %.2g > 1: every %s throws w further out", math.Abs(div.Factor), unit)
	return [4]Preset{small, right, zig, div}
}

// percent formats |f| as a percentage with the digits that matter near 100.
func percent(f float64) string {
	p := 100 * math.Abs(f)
	if p > 99 && p < 100 {
		return fmt.Sprintf("%.*f", int(math.Ceil(-math.Log10(100-p))), p)
	}
	return fmt.Sprintf("%.0f", p)
}

// roundAlpha rounds lr to three significant digits, so presets read well.
func roundAlpha(lr float64) float64 {
	if !(lr > 0) || math.IsInf(lr, 0) {
		return lr
	}
	p := math.Pow(10, math.Floor(math.Log10(lr))-2)
	return math.Round(lr/p) * p
}

// Reach is how a run fares against a loss target.
type Reach struct {
	Updates int    // updates from the start until the mean loss is below the target, or -1
	Verdict string // "" when reached; else "diverged", "never" (stuck above the target) or "> N"
}

// UpdatesToReach simulates the run from its start at its current α until
// the mean loss drops below target, for at most limit updates. The run
// itself is not changed.
//
// On more than ExactRows samples the simulation also stops after
// reachWork samples' worth of updates (a full batch counts as one: its
// gradient comes from the moments), so that a mini-batch of a million
// rows answers in a fraction of a second; the verdict "> N" then names
// the updates simulated.
func (r *Run) UpdatesToReach(target float64, limit int) Reach {
	return UpdatesToReach(r.Config(), target, limit)
}

// reachWork bounds UpdatesToReach's work on large data, in samples.
const reachWork = 20_000_000

// UpdatesToReach is Run.UpdatesToReach for the run New(cfg) would start,
// from cfg.Init at cfg.LR. It is a pure function of its arguments, safe to
// call from any goroutine (see Analyze).
func UpdatesToReach(cfg Config, target float64, limit int) Reach {
	s, err := New(cfg)
	if err != nil {
		return Reach{-1, "never"}
	}
	if !s.prob.exact && s.size > 1 && s.size < s.n {
		limit = min(limit, max(reachWork/s.size, 1))
	}
	var rec Receipt
	for u := 0; u <= limit; u++ {
		if s.MSE() < target {
			return Reach{u, ""}
		}
		if u > 0 && s.at.b == 0 {
			switch s.Status() {
			case Diverged:
				return Reach{-1, "diverged"}
			case Converged:
				return Reach{-1, "never"}
			}
		}
		s.advance(&rec)
	}
	return Reach{-1, fmt.Sprintf("> %d", limit)}
}
