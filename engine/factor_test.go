package engine

import (
	"math"
	"testing"
)

// FactorPerUpdate is the geometric mean of an epoch's per-update factors,
// and stays finite where the epoch's product leaves float64.
func TestFactorPerUpdate(t *testing.T) {
	same := func(n int, x float64) Setup {
		xs, ys := make([]float64, n), make([]float64, n)
		for i := range xs {
			xs[i], ys[i] = x, 2*x
		}
		return Setup{X: xs, Y: ys}
	}
	for _, c := range []struct {
		name  string
		setup Setup
		lr    float64
		want  float64
	}{
		// The lecture: (1 − 2α)(1 − 8α)(1 − 18α) per epoch of 3 updates.
		{"lecture", Setup{X: []float64{1, 2, 3}, Y: []float64{2, 4, 6}}, 0.01, math.Cbrt(0.98 * 0.92 * 0.82)},
		// Every update multiplies the error by 1 − 2α·x² = 0.8; 0.8^4000
		// underflows float64 (small-data path), 0.8^5000 too (large-data path).
		{"4000 rows", same(4000, 1), 0.1, 0.8},
		{"5000 rows", same(5000, 1), 0.1, 0.8},
		// 1 − 2·0.011·100 = −1.2: each update throws w 1.2 times further;
		// 1.2^5000 overflows.
		{"5000 rows diverging", same(5000, 10), 0.011, 1.2},
	} {
		p, err := NewProblem(c.setup)
		if err != nil {
			t.Fatal(err)
		}
		got := p.FactorPerUpdate(Optimizer{}, c.lr)
		if math.Abs(got-c.want) > 1e-12*c.want {
			t.Errorf("%s: factor per update %v, want %v", c.name, got, c.want)
		}
		if f, _ := p.Factor(Optimizer{}, c.lr); c.name != "lecture" && math.Abs(f) >= 0x1p-1022 && !math.IsInf(f, 0) {
			t.Errorf("%s: the epoch's factor %v should have left float64's normal range", c.name, f)
		}
	}
	// Several weights on large data: the epoch's spectral radius leaves
	// float64, its mean per update stays on the right side of 1 on either
	// side of the largest stable α.
	xs, ys := make([]float64, 5000), make([]float64, 5000)
	for i := range xs {
		xs[i] = float64(1 + i%3)
		ys[i] = 2*xs[i] + 1
	}
	for _, o := range []Optimizer{{}, NewOptimizer(Momentum)} {
		p, err := NewProblem(Setup{X: xs, Y: ys, Model: ModelWB})
		if err != nil {
			t.Fatal(err)
		}
		edge := p.Analysis(o, 0.01).LRMaxStable
		below, above := p.FactorPerUpdate(o, 0.9*edge), p.FactorPerUpdate(o, 1.1*edge)
		if !(below > 0 && below < 1 && above > 1 && !math.IsInf(above, 0)) {
			t.Errorf("wb %v: factor per update %v at 0.9·α_max and %v at 1.1·α_max", o.Kind, below, above)
		}
	}
	// Adaptive rules have no fixed factor.
	p, _ := NewProblem(Setup{X: []float64{1, 2, 3}, Y: []float64{2, 4, 6}})
	if got := p.FactorPerUpdate(NewOptimizer(Adam), 0.01); !math.IsNaN(got) {
		t.Errorf("adam's factor per update %v, want NaN", got)
	}
}
