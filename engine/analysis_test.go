package engine

import (
	"math"
	"testing"

	"descent/datasets"
)

// powerLambdaMax finds the largest eigenvalue of the mean-loss Hessian
// (2/n)·Σφφᵀ by power iteration, independently of the engine's solver.
func powerLambdaMax(m Model, xs []float64) float64 {
	k := m.NumParams()
	v := Vec{1, 0.7, 0.3}
	lambda := 0.0
	for range 5000 {
		var w Vec
		for _, x := range xs {
			phi := m.Features(x)
			d := 0.0
			for j := 0; j < k; j++ {
				d += phi[j] * v[j]
			}
			for j := 0; j < k; j++ {
				w[j] += 2 * phi[j] * d / float64(len(xs))
			}
		}
		norm := 0.0
		for j := 0; j < k; j++ {
			norm += w[j] * w[j]
		}
		norm = math.Sqrt(norm)
		lambda = norm
		for j := 0; j < k; j++ {
			v[j] = w[j] / norm
		}
	}
	return lambda
}

func TestBatchBoundIsTwoOverLargestCurvatureEverywhere(t *testing.T) {
	for _, d := range datasets.Builtin() {
		name := d.Name
		for _, m := range Models() {
			r, err := New(Config{Setup: Setup{X: d.X, Y: d.Y, Model: m, Mode: Batch}, Start: Start{LR: 1e-4, Init: Vec{1, 1, 1}}})
			if err != nil {
				t.Fatal(err)
			}
			a := r.Analysis()
			want := 2 / powerLambdaMax(m, d.X)
			if math.Abs(a.LRMaxStable-want) > 1e-6*want || len(a.StableIntervals) != 1 {
				t.Errorf("%s/%s batch: lr_max_stable %v, %d intervals; want 2/λmax = %v and one", name, m.Name(), a.LRMaxStable, len(a.StableIntervals), want)
			}
		}
	}
}

func TestMiniBatchBound(t *testing.T) {
	// Batches {1, 2} and {3}: the epoch multiplies the error by
	// (1 − 5α)(1 − 18α) = 1 − 23α + 90α², which reaches 1 at α = 23/90 and
	// never −1 (its minimum is 1 − 529/360 > −1).
	r := lectureRun(t, func(c *Config) { c.Mode = MiniBatch; c.Batch = 2 })
	a := r.Analysis()
	if math.Abs(a.LRMaxStable-23.0/90) > 1e-8 || len(a.StableIntervals) != 1 {
		t.Errorf("mini-batch of 2: lr_max_stable %v (%d intervals), want 23/90", a.LRMaxStable, len(a.StableIntervals))
	}
	if f, _ := r.Factor(0.1); math.Abs(f-(1-0.5)*(1-1.8)) > 1e-12 {
		t.Errorf("mini-batch factor at 0.1 = %v, want (1 − 0.5)(1 − 1.8)", f)
	}
}
