package engine

import (
	"math"
	"testing"
)

func TestPresets(t *testing.T) {
	for _, mode := range []Mode{Sample, Batch} {
		r := lectureRun(t, func(c *Config) { c.Mode = mode })
		a := r.Analysis()
		p := r.Presets()
		want := []Regime{Converging, Converging, Oscillating, Diverging}
		for i, q := range p {
			if q.Regime != want[i] || q.Kind != PresetKind(i) || q.Flat || q.Edge {
				t.Errorf("%v preset %d %+v, want a %v α", mode, i, q, want[i])
			}
		}
		if !(p[0].LR < p[1].LR && p[1].LR < a.LRMaxStable && p[3].LR > a.LRMaxStable) {
			t.Errorf("%v presets out of order: %v %v %v %v (lr_max %v)", mode, p[0].LR, p[1].LR, p[2].LR, p[3].LR, a.LRMaxStable)
		}
		if math.Abs(p[1].Factor) > 0.02 {
			t.Errorf("%v just right: factor %v, want near 0", mode, p[1].Factor)
		}
	}
	// Full batch: the best α is 1/L = 3/28, where one step lands on w*.
	if p := lectureRun(t, func(c *Config) { c.Mode = Batch }).Presets(); math.Abs(p[1].LR-3.0/28) > 0.002 {
		t.Errorf("batch just right α = %v, want ≈ 3/28", p[1].LR)
	}
	// Per sample: (1 − 18α) = 0 at α = 1/18 makes the epoch factor 0.
	if p := lectureRun(t, nil).Presets(); math.Abs(p[1].LR-1.0/18) > 0.002 {
		t.Errorf("per-sample just right α = %v, want ≈ 1/18", p[1].LR)
	}
}

func TestPresetsWithoutCurvature(t *testing.T) {
	r, _ := New(Config{Setup: Setup{X: []float64{0, 0}, Y: []float64{1, 2}}, Start: Start{LR: 0.01, Init: Vec{1}}})
	for i, p := range r.Presets() {
		if p.Kind != PresetKind(i) || !p.Flat || p.Regime != Converging || p.LR != 0.01 {
			t.Errorf("no curvature: preset %+v, want flat at the run's α", p)
		}
	}
	for _, p := range r.Problem().Presets(Optimizer{}) {
		if !p.Flat || !math.IsNaN(p.LR) {
			t.Errorf("no curvature: the problem's preset %+v, want flat without an α", p)
		}
	}
}

// Heavy ball on a full batch: the eigenvalues of its map solve
// λ² − (1 + μ − αL)λ + μ = 0, a complex pair of modulus √μ for every α
// from (1 − √μ)²/L to (1 + √μ)²/L. The factor is √μ all over that range,
// equal but for rounding: just right is the first α of the scan there,
// whatever rounding makes of the others.
func TestMomentumJustRightIsTheFlatRangesFirst(t *testing.T) {
	const L, mu = 28.0 / 3, 0.9
	r := lectureRun(t, func(c *Config) { c.Mode = Batch; c.Optimizer = NewOptimizer(Momentum) })
	a, p := r.Analysis(), r.Presets()
	step := a.LRMaxStable / 400 // the scan's spacing
	lo := (1 - math.Sqrt(mu)) * (1 - math.Sqrt(mu)) / L
	first := math.Ceil(lo/step) * step
	if math.Abs(p[1].Factor-math.Sqrt(mu)) > 1e-12 || math.Abs(p[1].LR-roundAlpha(first)) > 1e-15 {
		t.Errorf("momentum's just right: α %v, factor %v; want the scan's first α in the flat range, %v, at √μ = %v",
			p[1].LR, p[1].Factor, roundAlpha(first), math.Sqrt(mu))
	}
	if p[2].Kind != PresetOscillating || p[2].Regime != Oscillating || p[3].Regime != Diverging {
		t.Errorf("momentum's presets %+v", p)
	}
}
