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
		if !(p[0].LR < p[1].LR && p[1].LR < p[2].LR && p[2].LR < a.LRMaxStable && p[3].LR > a.LRMaxStable) {
			t.Errorf("%v presets out of order: %v %v %v %v (lr_max %v)", mode, p[0].LR, p[1].LR, p[2].LR, p[3].LR, a.LRMaxStable)
		}
	}
	// Full batch: the best α is 1/L = 3/28, where one step lands on w*.
	if p := lectureRun(t, func(c *Config) { c.Mode = Batch }).Presets(); math.Abs(p[1].Derived-3.0/28) > 0.002 {
		t.Errorf("batch just right: derived α = %v, want ≈ 3/28", p[1].Derived)
	}
	// Per sample: (1 − 18α) = 0 at α = 1/18 makes the epoch factor 0.
	if p := lectureRun(t, nil).Presets(); math.Abs(p[1].Derived-1.0/18) > 0.002 {
		t.Errorf("per-sample just right: derived α = %v, want ≈ 1/18", p[1].Derived)
	}
}

// TestPresetsARoomCanRead checks the lecture's presets against the
// epoch's factor written out by hand. Per sample it is
// f(α) = (1 − 2α)(1 − 8α)(1 − 18α): too small is 0.204/100 = 0.00204 →
// 0.002; just right is derived near 1/18 = 0.0556, where f = 0, and 0.06
// would oscillate (1 − 18·0.06 < 0), so 0.05, f = 0.9·0.6·0.1 = 0.054;
// oscillating is derived where f is most negative, at 0.0887
// (f = −0.1425), and 0.09 is nearer than 0.1 and oscillates too
// (f = 0.82·0.28·(−0.62) = −0.1424); diverging is derived from
// 1.25·0.204 = 0.255, where 0.3 diverges (f = 0.4·(−1.4)·(−4.4) = 2.464)
// and 0.2 does not. In full batch the factor is 1 − α·28/3: 0.002; 0.1
// (derived ≥ 0.99·3/28 = 0.106, f = 0.0667); 0.2 (derived 1.9·3/28 =
// 0.2036, f = −0.867); 0.3 (f = −1.8).
func TestPresetsARoomCanRead(t *testing.T) {
	f := map[Mode]func(float64) float64{
		Sample: func(a float64) float64 { return (1 - 2*a) * (1 - 8*a) * (1 - 18*a) },
		Batch:  func(a float64) float64 { return 1 - a*28/3 },
	}
	want := map[Mode][4]float64{Sample: {0.002, 0.05, 0.09, 0.3}, Batch: {0.002, 0.1, 0.2, 0.3}}
	for _, mode := range []Mode{Sample, Batch} {
		p := lectureRun(t, func(c *Config) { c.Mode = mode }).Presets()
		for i, q := range p {
			if q.LR != want[mode][i] {
				t.Errorf("%v preset %d (%v): α %v, want %v", mode, i, q.Kind, q.LR, want[mode][i])
			}
			if got := f[mode](q.LR); math.Abs(got-q.Factor) > 1e-12 {
				t.Errorf("%v preset %d: factor %v, by hand %v", mode, i, q.Factor, got)
			}
			// One significant digit, the nearest one to the derived α
			// (on a log scale) with the same regime.
			m := q.LR / math.Pow(10, math.Floor(math.Log10(q.LR)+1e-12))
			if math.Abs(m-math.Round(m)) > 1e-9 {
				t.Errorf("%v preset %d: α %v has more than one significant digit", mode, i, q.LR)
			}
			_, derived := factorOf1D(f[mode], q.Derived)
			for _, d := range []float64{1, 2, 3, 4, 5, 6, 7, 8, 9} {
				for _, e := range []float64{-4, -3, -2, -1, 0} {
					c := d * math.Pow(10, e)
					if _, g := factorOf1D(f[mode], c); g == derived && math.Abs(math.Log(c/q.Derived)) < math.Abs(math.Log(q.LR/q.Derived))-1e-9 && (i == 0 || c > p[i-1].LR) {
						t.Errorf("%v preset %d: %v is nearer to the derived %v than %v, with the same regime", mode, i, c, q.Derived, q.LR)
					}
				}
			}
		}
	}
}

// factorOf1D classifies a one-dimensional factor f(α) as the engine does.
func factorOf1D(f func(float64) float64, a float64) (float64, Regime) {
	v := f(a)
	switch {
	case math.Abs(v) >= 1:
		return v, Diverging
	case v < 0:
		return v, Oscillating
	}
	return v, Converging
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
	if math.Abs(p[1].Derived-first) > 1e-15 || math.Abs(p[1].Factor-math.Sqrt(mu)) > 1e-12 || p[1].Regime != Oscillating {
		t.Errorf("momentum's just right: derived α %v, factor %v at %v; want the scan's first α in the flat range, %v, at √μ = %v",
			p[1].Derived, p[1].Factor, p[1].LR, first, math.Sqrt(mu))
	}
	if p[2].Kind != PresetOscillating || p[2].Regime != Oscillating || p[3].Regime != Diverging {
		t.Errorf("momentum's presets %+v", p)
	}
}
